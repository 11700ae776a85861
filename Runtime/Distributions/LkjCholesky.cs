using System.Numerics;

namespace ModelGen.Distributions;

/// <summary>
/// The LKJ distribution on correlation matrices (Lewandowski, Kurowicka and Joe 2009), p(Ω | η) ∝ det(Ω)^{η−1},
/// written for the Cholesky factor L of Ω as Stan's <c>lkj_corr_cholesky</c>: the density of L includes the Jacobian
/// of L ↦ Ω, so log p(L | η) = Σ_{i=1}^{K−1} (K − i − 1 + 2η − 2) log L_ii − log c_K(η) (0-based i; L₀₀ = 1). The
/// normalising constant is the paper's
/// log c_K(η) = Σ_{k=1}^{K−1} [(2η − 2 + K − k)(K − k) log 2 + (K − k) log B(η + (K − k − 1)/2, η + (K − k − 1)/2)].
/// L is row-major in K² values, the layout of <see cref="Constraints.CholeskyCorrelation"/>.
/// </summary>
public static class LkjCholesky
{
    /// <summary>log p(L | η); −∞ when a diagonal entry is not positive. η &gt; 0 (not validated).</summary>
    public static T LogDensity<T>(ReadOnlySpan<T> l, T eta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int side = Side(l.Length);
        T sum = -LogNormalizer(side, eta);
        for (int i = 1; i < side; i++)
        {
            T diagonal = l[(i * side) + i];
            if (!(diagonal > T.Zero))
            {
                return T.NegativeInfinity;
            }

            sum += Exponent(side, i, eta) * T.Log(diagonal);
        }

        return sum;
    }

    /// <summary>
    /// <see cref="LogDensity{T}(ReadOnlySpan{T}, T)"/>, adding ∂/∂L_ii = (K − i − 3 + 2η)/L_ii to <paramref name="dl"/>
    /// (every other entry's derivative is 0) and ∂/∂η = 2 Σ log L_ii − ∂ log c_K/∂η to <paramref name="deta"/>.
    /// </summary>
    public static T LogDensity<T>(ReadOnlySpan<T> l, T eta, Span<T> dl, ref T deta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T value = LogDensity(l, eta);
        if (T.IsNegativeInfinity(value))
        {
            return value;
        }

        int side = Side(l.Length);
        if (dl.Length != l.Length)
        {
            throw new ArgumentException($"LkjCholesky: the gradient has {dl.Length} values where L has {l.Length}.", nameof(dl));
        }

        T two = T.CreateTruncating(2), logTwo = T.CreateTruncating(0.6931471805599453);
        T dEta = T.Zero;
        for (int i = 1; i < side; i++)
        {
            T diagonal = l[(i * side) + i];
            dl[(i * side) + i] += Exponent(side, i, eta) / diagonal;
            dEta += two * T.Log(diagonal);
        }

        for (int k = 1; k < side; k++)
        {
            T m = T.CreateTruncating(side - k);
            T a = eta + (T.CreateTruncating(side - k - 1) / two);
            dEta -= m * ((two * logTwo) + (two * SpecialFunctions.Digamma(a)) - (two * SpecialFunctions.Digamma(two * a)));
        }

        deta += dEta;
        return value;
    }

    /// <summary>log c_K(η), the integral of det(Ω)^{η−1} over K × K correlation matrices.</summary>
    public static T LogNormalizer<T>(int side, T eta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T two = T.CreateTruncating(2), logTwo = T.CreateTruncating(0.6931471805599453);
        T sum = T.Zero;
        for (int k = 1; k < side; k++)
        {
            T m = T.CreateTruncating(side - k);
            T a = eta + (T.CreateTruncating(side - k - 1) / two);
            sum += ((two * eta) - two + m) * m * logTwo + (m * SpecialFunctions.LogBeta(a, a));
        }

        return sum;
    }

    /// <summary>The power of L_ii: K − i − 1 from the Jacobian of L ↦ Ω, 2η − 2 from det(Ω)^{η−1}.</summary>
    private static T Exponent<T>(int side, int i, T eta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateTruncating(side - i - 1) + (T.CreateTruncating(2) * eta) - T.CreateTruncating(2);

    private static int Side(int length)
    {
        int side = (int)Math.Round(Math.Sqrt(length));
        if (side * side != length || side == 0)
        {
            throw new ArgumentException($"LkjCholesky: a K × K factor (K ≥ 1) is stored row-major in K² values; {length} is not such a square.");
        }

        return side;
    }
}
