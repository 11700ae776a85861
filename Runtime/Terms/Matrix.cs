namespace ModelGen;

/// <summary>
/// A read-only view of a matrix stored row-major: how a model reads a <c>Matrix</c> data element or parameter
/// (docs/terms.md). It holds no memory of its own.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct Matrix<T>
{
    private readonly ReadOnlySpan<T> _values;

    /// <summary>Views <paramref name="values"/> as <paramref name="rows"/> × <paramref name="columns"/>, row-major.</summary>
    /// <exception cref="ArgumentException">The span does not hold rows × columns values.</exception>
    public Matrix(ReadOnlySpan<T> values, int rows, int columns)
    {
        MatrixShape.Check(values.Length, rows, columns, nameof(values));
        _values = values;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>The values, row-major.</summary>
    public ReadOnlySpan<T> Values => _values;

    /// <summary>The value at <paramref name="row"/>, <paramref name="column"/> (0-based).</summary>
    public T this[int row, int column]
    {
        get
        {
            return _values[MatrixShape.At(row, column, Rows, Columns)];
        }
    }

    /// <summary>Row <paramref name="row"/> (0-based).</summary>
    public ReadOnlySpan<T> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return _values.Slice(row * Columns, Columns);
    }
}

/// <summary>The checks <see cref="Matrix{T}"/> and <see cref="LocalMatrix{T}"/> share: a shape, and an element's place in it.</summary>
internal static class MatrixShape
{
    /// <summary>Throws unless <paramref name="length"/> values (the argument <paramref name="name"/>) make a <paramref name="rows"/> × <paramref name="columns"/> matrix.</summary>
    public static void Check(int length, int rows, int columns, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (length != rows * columns)
        {
            throw new ArgumentException($"A {rows} × {columns} matrix has {rows * columns} values; the span has {length}.", name);
        }
    }

    /// <summary>The row-major place of [<paramref name="row"/>, <paramref name="column"/>], which must be inside the matrix.</summary>
    public static int At(int row, int column, int rows, int columns)
    {
        if ((uint)row >= (uint)rows || (uint)column >= (uint)columns)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"[{row}, {column}] is outside a {rows} × {columns} matrix.");
        }

        return (row * columns) + column;
    }
}
