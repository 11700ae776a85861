using System.Numerics;

namespace ModelGen.Distributions;

/// <summary>
/// The Dirichlet distribution Dirichlet(α) on the simplex (x_k &gt; 0, Σ x = 1), a prior for a
/// <see cref="Constraints.Simplex"/> parameter: the density is of (x₀ … x_{K−2}), the coordinates the stick-breaking
/// transform's log-Jacobian is of, as in Stan.
/// </summary>
public static class Dirichlet
{
    /// <summary>
    /// log Dirichlet(x | α) = Σ_k (α_k − 1) log x_k + log Γ(Σ α) − Σ_k log Γ(α_k); −∞ when an x_k ≤ 0. x is taken to
    /// sum to 1 (a simplex parameter's values do); α_k &gt; 0 (not validated).
    /// </summary>
    public static T LogDensity<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(x.Length, alpha.Length);
        T sum = T.Zero, alphaSum = T.Zero;
        for (int k = 0; k < x.Length; k++)
        {
            if (!(x[k] > T.Zero))
            {
                return T.NegativeInfinity;
            }

            sum += ((alpha[k] - T.One) * T.Log(x[k])) - SpecialFunctions.LogGamma(alpha[k]);
            alphaSum += alpha[k];
        }

        return sum + SpecialFunctions.LogGamma(alphaSum);
    }

    /// <summary>
    /// <see cref="LogDensity{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>, adding its partial derivatives:
    /// ∂/∂x_k = (α_k − 1)/x_k, ∂/∂α_k = log x_k + ψ(Σ α) − ψ(α_k). Outside the support it returns −∞ and adds nothing.
    /// </summary>
    public static T LogDensity<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> alpha, Span<T> dx, Span<T> dalpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T value = LogDensity(x, alpha);
        if (T.IsNegativeInfinity(value))
        {
            return value;
        }

        CheckLengths(dx.Length, x.Length);
        CheckLengths(dalpha.Length, x.Length);
        T alphaSum = T.Zero;
        for (int k = 0; k < alpha.Length; k++)
        {
            alphaSum += alpha[k];
        }

        T digammaSum = SpecialFunctions.Digamma(alphaSum);
        for (int k = 0; k < x.Length; k++)
        {
            dx[k] += (alpha[k] - T.One) / x[k];
            dalpha[k] += T.Log(x[k]) + digammaSum - SpecialFunctions.Digamma(alpha[k]);
        }

        return value;
    }

    private static void CheckLengths(int length, int expected)
    {
        if (length != expected)
        {
            throw new ArgumentException($"Dirichlet: {length} values where the concentration has {expected}.");
        }
    }
}
