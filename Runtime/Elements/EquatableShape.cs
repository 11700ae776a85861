namespace ModelGen;

/// <summary>A shape with value equality (dimensions row-major).</summary>
public sealed class EquatableShape : IEquatable<EquatableShape>
{
    private readonly int[] _dimensions;

    /// <summary>Creates a shape from its dimensions, each at least 1.</summary>
    public EquatableShape(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        foreach (int d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(d, 1, nameof(dimensions));
        }

        _dimensions = (int[])dimensions.Clone();
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dimensions.Length;

    /// <summary>Dimension <paramref name="index"/>.</summary>
    public int this[int index] => _dimensions[index];

    /// <summary>Product of the dimensions.</summary>
    public int Size
    {
        get
        {
            int size = 1;
            foreach (int d in _dimensions)
            {
                size *= d;
            }

            return size;
        }
    }

    /// <inheritdoc/>
    public bool Equals(EquatableShape? other) => other is not null && _dimensions.AsSpan().SequenceEqual(other._dimensions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as EquatableShape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in _dimensions)
        {
            hash.Add(d);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => "(" + string.Join(", ", _dimensions) + ")";
}
