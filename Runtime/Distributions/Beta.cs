using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The beta distribution Beta(α, β), on 0 &lt; x &lt; 1.</summary>
public static class Beta
{
    /// <summary>x ranges over (0, 1).</summary>
    public const Support Domain = Support.UnitInterval;

    /// <summary>
    /// log Beta(x | α, β) = (α − 1) log x + (β − 1) log(1 − x) − log B(α, β) for 0 &lt; x &lt; 1, −∞ elsewhere.
    /// log(1 − x) is log1p(−x), exact-argument near both ends. α and β must be &gt; 0 (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x <= T.Zero || x >= T.One
            ? T.NegativeInfinity
            : ((alpha - T.One) * T.Log(x)) + ((beta - T.One) * Numerics.Log1P(-x)) - SpecialFunctions.LogBeta(alpha, beta);

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T)"/>, adding its partial derivatives to the refs:
    /// ∂/∂x = (α − 1)/x − (β − 1)/(1 − x), ∂/∂α = log x − ψ(α) + ψ(α + β), ∂/∂β = log(1 − x) − ψ(β) + ψ(α + β).
    /// Outside (0, 1) it returns −∞ and leaves the refs unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T alpha, T beta, ref T dx, ref T dalpha, ref T dbeta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x <= T.Zero || x >= T.One)
        {
            return T.NegativeInfinity;
        }

        T logX = T.Log(x);
        T log1MinusX = Numerics.Log1P(-x);
        T digammaSum = SpecialFunctions.Digamma(alpha + beta);
        dx += ((alpha - T.One) / x) - ((beta - T.One) / (T.One - x));
        dalpha += logX - SpecialFunctions.Digamma(alpha) + digammaSum;
        dbeta += log1MinusX - SpecialFunctions.Digamma(beta) + digammaSum;
        return ((alpha - T.One) * logX) + ((beta - T.One) * log1MinusX) - SpecialFunctions.LogBeta(alpha, beta);
    }
}
