using System.Globalization;
using System.Numerics;

namespace ModelGen.Constraints;

/// <summary>
/// A matrix each of whose rows is a simplex (Stan's <c>array[K] simplex[V]</c>, a hidden Markov model's transition and
/// emission rows): stored row-major in rows × columns values, from rows × (columns − 1) unconstrained reals, row r's
/// values from u[r·(columns − 1) …] by <see cref="Simplex"/>'s stick-breaking. log |J| is the sum of the rows' (the map
/// is block-diagonal), and every pass is <see cref="Simplex"/>'s, row by row: nothing of the transform is written twice.
/// </summary>
public static class SimplexRows
{
    /// <summary>Unconstrained values of a <paramref name="rows"/> × <paramref name="columns"/> matrix of simplex rows.</summary>
    public static int FreeSize(int rows, int columns) => rows * Simplex.FreeSize(columns);

    /// <summary>Writes x = f(u), row-major with <paramref name="columns"/> values a row, and returns log |J|.</summary>
    public static T Constrain<T>(ReadOnlySpan<T> u, Span<T> x, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Rows(u.Length, x.Length, columns);
        int free = Simplex.FreeSize(columns);
        T logJacobian = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            logJacobian += Simplex.Constrain(u.Slice(r * free, free), x.Slice(r * columns, columns));
        }

        return logJacobian;
    }

    /// <summary>Adds to <paramref name="uBar"/> the gradient of Σ x̄·x(u) + log |J(u)|: <see cref="Simplex.Reverse{T}"/> row by row.</summary>
    public static void Reverse<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> x, ReadOnlySpan<T> xBar, Span<T> uBar, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Rows(u.Length, x.Length, columns);
        Shapes.Check(xBar.Length, x.Length, nameof(xBar));
        Shapes.Check(uBar.Length, u.Length, nameof(uBar));
        int free = Simplex.FreeSize(columns);
        for (int r = 0; r < rows; r++)
        {
            Simplex.Reverse(u.Slice(r * free, free), x.Slice(r * columns, columns), xBar.Slice(r * columns, columns), uBar.Slice(r * free, free));
        }
    }

    /// <summary>u = f⁻¹(x); each row must be a simplex (<see cref="Simplex.Unconstrain{T}"/>), named "<paramref name="name"/>[r]".</summary>
    /// <exception cref="ArgumentException">A row is not a simplex; the message names the row and the element.</exception>
    public static void Unconstrain<T>(ReadOnlySpan<T> x, Span<T> u, int columns, string name = "x")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Rows(u.Length, x.Length, columns);
        int free = Simplex.FreeSize(columns);
        for (int r = 0; r < rows; r++)
        {
            Simplex.Unconstrain<T>(x.Slice(r * columns, columns), u.Slice(r * free, free), string.Create(CultureInfo.InvariantCulture, $"{name}[{r}]"));
        }
    }

    /// <summary>The rows of a matrix of <paramref name="constrained"/> values in rows of <paramref name="columns"/>, its θ the right length.</summary>
    private static int Rows(int unconstrained, int constrained, int columns)
    {
        if (columns < 1 || constrained % columns != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{nameof(SimplexRows)}: {constrained} values are not whole rows of {columns} (a simplex has at least one element)."));
        }

        int rows = constrained / columns;
        Shapes.Check(unconstrained, constrained, FreeSize(rows, columns), nameof(SimplexRows));
        return rows;
    }
}
