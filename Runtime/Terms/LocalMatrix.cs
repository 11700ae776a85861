using System.Numerics;

namespace ModelGen;

/// <summary>
/// A matrix a [Term] computes (docs/terms.md, "What a term may contain"): row-major, writable element by element
/// (<c>k[n, n] += s;</c>) and passed whole to the linear algebra of <see cref="Terms.Math"/>. Run as written it lives in an
/// array <see cref="Local.Matrix(int, int)"/> allocates; the generated kernel keeps each in scratch sized when the data
/// are bound instead, and allocates nothing.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct LocalMatrix<T>
{
    private readonly Span<T> _values;

    /// <summary>Views <paramref name="values"/> as <paramref name="rows"/> × <paramref name="columns"/>, row-major.</summary>
    /// <exception cref="ArgumentException">The span does not hold rows × columns values.</exception>
    public LocalMatrix(Span<T> values, int rows, int columns)
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
    public Span<T> Values => _values;

    /// <summary>The value at <paramref name="row"/>, <paramref name="column"/> (0-based), by reference: it can be written.</summary>
    public ref T this[int row, int column]
    {
        get => ref _values[MatrixShape.At(row, column, Rows, Columns)];
    }

    /// <summary>Row <paramref name="row"/> (0-based), writable: its <see cref="Columns"/> values.</summary>
    public Span<T> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return _values.Slice(row * Columns, Columns);
    }

    /// <summary>The same values as a read-only <see cref="Matrix{T}"/>.</summary>
    public static implicit operator Matrix<T>(LocalMatrix<T> m) => new(m._values, m.Rows, m.Columns);
}

/// <summary>Local matrices of a [Term] run as written: <c>var k = Local.Matrix(X.Length, X.Length);</c> (zeros).</summary>
public static class Local
{
    /// <summary>A <paramref name="rows"/> × <paramref name="columns"/> matrix of zeros in a <c>Model&lt;double&gt;</c>.</summary>
    public static LocalMatrix<double> Matrix(int rows, int columns) => Matrix<double>(rows, columns);

    /// <summary>A <paramref name="rows"/> × <paramref name="columns"/> matrix of zeros of <typeparamref name="T"/> (<c>Local.Matrix&lt;float&gt;(n, n)</c> in a <c>Model&lt;float&gt;</c>).</summary>
    public static LocalMatrix<T> Matrix<T>(int rows, int columns)
        where T : unmanaged, INumberBase<T> => new(new T[rows * columns], rows, columns);
}
