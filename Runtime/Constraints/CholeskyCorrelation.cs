using System.Globalization;
using System.Numerics;
using ModelGen.Distributions;

namespace ModelGen.Constraints;

/// <summary>
/// Stan's <c>cholesky_factor_corr[K]</c>: K(K − 1)/2 unconstrained reals onto the Cholesky factor L of a K × K
/// correlation matrix (lower-triangular, positive diagonal, each row of unit length; stored row-major in K² values).
/// As Stan's reference manual: z = tanh(u) are canonical partial correlations, taken row by row; L₀₀ = 1 and for
/// row i ≥ 1, L_{i0} = z_{i0}, L_{ij} = z_{ij}·√(1 − Σ_{j'&lt;j} L_{ij'}²) for 0 &lt; j &lt; i, L_{ii} = √(1 − Σ_{j&lt;i} L_{ij}²).
/// log |J| (of u ↦ the entries below the diagonal) = Σ log(1 − z²) + Σ_{i, 0&lt;j&lt;i} ½ log(1 − Σ_{j'&lt;j} L_{ij'}²).
/// </summary>
public static class CholeskyCorrelation
{
    /// <summary>Unconstrained values of a K × K factor: K(K − 1)/2.</summary>
    public static int FreeSize(int side) => side * (side - 1) / 2;

    /// <summary>
    /// Writes L = f(u) (row-major, K² values) and returns log |J|. Since 1 − Σ_{j'&lt;j} L_{ij'}² = Π_{j'&lt;j} (1 − z_{ij'}²),
    /// the rest of each row is carried as its logarithm, a sum of log(1 − tanh² u) computed from u: log |J| and L stay
    /// exact where the partial correlations round to ±1.
    /// </summary>
    public static T Constrain<T>(ReadOnlySpan<T> u, Span<T> l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int side = Shapes.Side(l.Length, nameof(CholeskyCorrelation));
        Shapes.Check(u.Length, l.Length, FreeSize(side), nameof(CholeskyCorrelation));
        l.Clear();
        if (side == 0)
        {
            return T.Zero;
        }

        T half = T.CreateTruncating(0.5);
        T logJacobian = T.Zero;
        l[0] = T.One;
        int p = 0;
        for (int i = 1; i < side; i++)
        {
            T logRest = T.Zero;   // log(1 − Σ_{j'<j} L_ij'²)
            for (int j = 0; j < i; j++, p++)
            {
                T oneMinusZSquared = LogOneMinusTanhSquared(u[p]);
                l[(i * side) + j] = T.Tanh(u[p]) * T.Exp(half * logRest);
                logJacobian += oneMinusZSquared + (half * logRest);
                logRest += oneMinusZSquared;
            }

            l[(i * side) + i] = T.Exp(half * logRest);
        }

        return logJacobian;
    }

    /// <summary>
    /// Adds to <paramref name="uBar"/> the gradient with respect to u of Σ L̄·L(u) + log |J(u)|. With R_j = √Π_{j'&lt;j}
    /// (1 − z_{j'}²), L_{ij} = z_j R_j and L_{ii} = R_i, so ∂L_{ij}/∂u_j = (1 − z_j²) R_j and ∂L_{ik}/∂u_j = −z_j L_{ik}
    /// for every k &gt; j in the row (the diagonal included); log(1 − z_j²) enters log |J| 1 + (i − 1 − j)/2 times.
    /// </summary>
    public static void Reverse<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> l, ReadOnlySpan<T> lBar, Span<T> uBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int side = Shapes.Side(l.Length, nameof(CholeskyCorrelation));
        Shapes.Check(u.Length, l.Length, FreeSize(side), nameof(CholeskyCorrelation));
        Shapes.Check(lBar.Length, l.Length, nameof(lBar));
        Shapes.Check(uBar.Length, u.Length, nameof(uBar));
        T half = T.CreateTruncating(0.5), two = T.CreateTruncating(2);
        for (int i = 1; i < side; i++)
        {
            int row = i * side, first = i * (i - 1) / 2;
            T logRestAfter = T.Zero;
            for (int j = 0; j < i; j++)
            {
                logRestAfter += LogOneMinusTanhSquared(u[first + j]);
            }

            T suffix = lBar[row + i] * l[row + i];   // Σ_{k>j} L̄_ik L_ik
            for (int j = i - 1; j >= 0; j--)
            {
                T z = T.Tanh(u[first + j]);
                T oneMinusZSquared = LogOneMinusTanhSquared(u[first + j]);
                T logRest = logRestAfter - oneMinusZSquared;
                T rest = j == 0 ? T.One : T.Exp(half * logRest);
                T times = T.One + (half * T.CreateTruncating(i - 1 - j));
                uBar[first + j] += (lBar[row + j] * T.Exp(oneMinusZSquared) * rest) - (z * suffix) - (two * z * times);
                suffix += lBar[row + j] * l[row + j];
                logRestAfter = logRest;
            }
        }
    }

    /// <summary>
    /// u = f⁻¹(L); L must be lower-triangular with a positive diagonal and rows of unit length within 1e-8 (1e-4 in
    /// float), so that it is the Cholesky factor of a correlation matrix.
    /// </summary>
    /// <exception cref="ArgumentException">An entry or a row breaks that; the message names it.</exception>
    public static void Unconstrain<T>(ReadOnlySpan<T> l, Span<T> u, string name = "L")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int side = Shapes.Side(l.Length, nameof(CholeskyCorrelation));
        Shapes.Check(u.Length, l.Length, FreeSize(side), nameof(CholeskyCorrelation));
        T tolerance = T.CreateTruncating(typeof(T) == typeof(float) ? 1e-4 : 1e-8);
        Shapes.CheckCholeskyFactor(l, side, name);
        int p = 0;
        for (int i = 0; i < side; i++)
        {
            // The rest of the row, Π_{j'<j} (1 − z_j'²), as the forward pass forms it (1 − Σ L² would cancel).
            T squares = T.Zero, rest = T.One;
            for (int j = 0; j < i; j++)
            {
                T v = l[(i * side) + j];
                T z = v / T.Sqrt(rest);
                if (!(T.Abs(z) < T.One))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{i}, {j}] = {v} leaves no room for the diagonal: row {i} of a correlation matrix's factor has length 1."), name);
                }

                u[p++] = (Numerics.Log1P(z) - Numerics.Log1P(-z)) / T.CreateTruncating(2);   // atanh
                rest *= (T.One - z) * (T.One + z);
                squares += v * v;
            }

            T diagonal = l[(i * side) + i];
            squares += diagonal * diagonal;
            if (T.Abs(squares - T.One) > tolerance)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {i} of {name} has squared length {squares}, not 1 (within {tolerance}): it is not the Cholesky factor of a correlation matrix."), name);
            }
        }
    }

    /// <summary>log(1 − tanh² u) = log sech² u = 2(log 2 − |u| − log1p(e^{−2|u|})), exact for large |u|.</summary>
    private static T LogOneMinusTanhSquared<T>(T u)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.Abs(u);
        T two = T.CreateTruncating(2);
        return two * (T.CreateTruncating(0.6931471805599453) - a - Numerics.Log1P(T.Exp(-two * a)));
    }
}
