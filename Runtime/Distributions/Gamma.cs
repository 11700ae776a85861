using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The gamma distribution Gamma(α, β) with shape α and rate β, on x &gt; 0.</summary>
public static class Gamma
{
    /// <summary>x ranges over (0, ∞).</summary>
    public const Support Domain = Support.Positive;

    /// <summary>
    /// log Gamma(x | α, β) = α log β − log Γ(α) + (α − 1) log x − βx for x &gt; 0, −∞ for x ≤ 0 (the support is
    /// taken as open, so the density at 0 is never +∞ or NaN). α and β must be &gt; 0 (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x <= T.Zero
            ? T.NegativeInfinity
            : (alpha * T.Log(beta)) - SpecialFunctions.LogGamma(alpha) + ((alpha - T.One) * T.Log(x)) - (beta * x);

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T)"/>, adding its partial derivatives to the refs:
    /// ∂/∂x = (α − 1)/x − β, ∂/∂α = log β − ψ(α) + log x, ∂/∂β = α/β − x.
    /// For x ≤ 0 it returns −∞ and leaves the refs unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T alpha, T beta, ref T dx, ref T dalpha, ref T dbeta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x <= T.Zero)
        {
            return T.NegativeInfinity;
        }

        T logX = T.Log(x);
        T logBeta = T.Log(beta);
        T logGamma = SpecialFunctions.LogGamma(alpha);
        dx += ((alpha - T.One) / x) - beta;
        dalpha += logBeta - SpecialFunctions.Digamma(alpha) + logX;
        dbeta += (alpha / beta) - x;
        return (alpha * logBeta) - logGamma + ((alpha - T.One) * logX) - (beta * x);
    }
}
