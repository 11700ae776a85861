namespace ModelGen;

/// <summary>Describes an input element of a generated model: the type of a <c>[Input]</c> property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Features">Columns per row.</param>
public sealed record Input(string Name, int Features);

/// <summary>Describes a group index of a generated model: the type of a <c>[Group]</c> property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Input">The input holding the index.</param>
/// <param name="Column">The column of that input, 0-based.</param>
/// <param name="Levels">How many groups; each row's index is from 0 to Levels − 1.</param>
public sealed record Group(string Name, string Input, int Column, int Levels);

/// <summary>Describes a named per-row data value of a generated model: the type of a <c>[Column]</c> property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Input">The input holding the value.</param>
/// <param name="Index">The column of that input, 0-based.</param>
public sealed record Column(string Name, string Input, int Index);

/// <summary>Describes the observed element of a generated model: the type of the likelihood's property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Likelihood">The distribution of each observation, e.g. "Bernoulli(logits = Output)".</param>
public sealed record Observed(string Name, string Likelihood);

/// <summary>
/// A contiguous block of the flat parameter vector: one array-valued parameter of the model.
/// Draws are stored draws × parameters; a block's values for one draw are
/// <c>draw[Offset .. Offset + Length]</c>, row-major over <see cref="Shape"/>.
/// </summary>
/// <param name="Name">Qualified name such as "Hidden1.Weights".</param>
/// <param name="Offset">Index of the first element in the flat parameter vector.</param>
/// <param name="Shape">Dimensions, row-major (inputs × units for weights).</param>
/// <param name="Prior">The prior, e.g. "Normal(0, 1)".</param>
public sealed record ParameterBlock(string Name, int Offset, EquatableShape Shape, string Prior)
{
    /// <summary>
    /// How the fit's unconstrained values map to this block's values: "identity", "exp" (positive), "softplus",
    /// "logit(lower, upper)" (an interval) or "non-centred(mu, sigma)". Draws hold the constrained values.
    /// </summary>
    public string Transform { get; init; } = "identity";

    /// <summary>Number of scalars in the block.</summary>
    public int Length => Shape.Size;

    /// <summary>The name of element <paramref name="index"/> in Stan's style, e.g. "Hidden1.Weights[1,3]" (1-based).</summary>
    public string ElementName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        if (Shape.Rank == 0)
        {
            return Name;
        }

        Span<int> at = stackalloc int[Shape.Rank];
        int rest = index;
        for (int d = Shape.Rank - 1; d >= 0; d--)
        {
            at[d] = rest % Shape[d];
            rest /= Shape[d];
        }

        var text = new System.Text.StringBuilder(Name).Append('[');
        for (int d = 0; d < at.Length; d++)
        {
            text.Append(d == 0 ? string.Empty : ",").Append(at[d] + 1);
        }

        return text.Append(']').ToString();
    }
}

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

/// <summary>Describes a parameter element of a generated model: the type of a property carrying only a prior.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Block">Where its values sit in the flat parameter vector, with its shape and prior.</param>
public sealed record Parameter(string Name, ParameterBlock Block);

/// <summary>Describes a dense layer of a generated model: the type of a <c>[Dense]</c> property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Input">The element it reads.</param>
/// <param name="Inputs">Input width.</param>
/// <param name="Units">Output units.</param>
/// <param name="Activation">The activation.</param>
/// <param name="Weights">The weight block, inputs × units.</param>
/// <param name="Bias">The bias block, or null when the layer has none.</param>
public sealed record Layer(string Name, string Input, int Inputs, int Units, Activation Activation, ParameterBlock Weights, ParameterBlock? Bias);

/// <summary>Everything a generated model declares, for tools that work on any model: draws, summaries, export.</summary>
/// <param name="Name">The model's type name.</param>
/// <param name="ElementType">"float" or "double".</param>
/// <param name="Parameters">Every parameter block in layout order; offsets are contiguous from 0.</param>
public sealed record ModelInfo(string Name, string ElementType, IReadOnlyList<ParameterBlock> Parameters)
{
    /// <summary>Length of the flat parameter vector.</summary>
    public int Dimension => Parameters.Count == 0 ? 0 : Parameters[^1].Offset + Parameters[^1].Length;

    /// <summary>The block named <paramref name="name"/>, e.g. "Hidden1.Weights".</summary>
    /// <exception cref="KeyNotFoundException">No block has that name; the message lists the ones that exist.</exception>
    public ParameterBlock this[string name]
    {
        get
        {
            foreach (ParameterBlock block in Parameters)
            {
                if (block.Name == name)
                {
                    return block;
                }
            }

            throw new KeyNotFoundException($"Model '{Name}' has no parameter block '{name}'; it has: {string.Join(", ", Parameters.Select(p => p.Name))}.");
        }
    }

    /// <summary>The name of every scalar in the flat vector, Stan-style ("Hidden1.Weights[1,2]").</summary>
    public IEnumerable<string> ScalarNames()
    {
        foreach (ParameterBlock block in Parameters)
        {
            for (int i = 0; i < block.Length; i++)
            {
                yield return block.ElementName(i);
            }
        }
    }
}
