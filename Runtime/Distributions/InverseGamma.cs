using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The inverse gamma distribution InverseGamma(α, β) with shape α and scale β, on x &gt; 0.</summary>
public static class InverseGamma
{
    /// <summary>x ranges over (0, ∞).</summary>
    public const Support Domain = Support.Positive;

    /// <summary>
    /// log InverseGamma(x | α, β) = α log β − log Γ(α) − (α + 1) log x − β/x for x &gt; 0, −∞ for x ≤ 0.
    /// α and β must be &gt; 0 (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x <= T.Zero
            ? T.NegativeInfinity
            : (alpha * T.Log(beta)) - SpecialFunctions.LogGamma(alpha) - ((alpha + T.One) * T.Log(x)) - (beta / x);

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T)"/>, adding its partial derivatives to the refs:
    /// ∂/∂x = (β/x − (α + 1))/x, ∂/∂α = log β − ψ(α) − log x, ∂/∂β = α/β − 1/x.
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
        dx += ((beta / x) - (alpha + T.One)) / x;
        dalpha += logBeta - SpecialFunctions.Digamma(alpha) - logX;
        dbeta += (alpha / beta) - (T.One / x);
        return (alpha * logBeta) - logGamma - ((alpha + T.One) * logX) - (beta / x);
    }
}
