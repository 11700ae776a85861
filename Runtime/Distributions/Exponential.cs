using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The exponential distribution Exponential(λ) with rate λ, on x ≥ 0.</summary>
public static class Exponential
{
    /// <summary>x ranges over [0, ∞).</summary>
    public const Support Domain = Support.Positive;

    /// <summary>log Exponential(x | λ) = log λ − λx for x ≥ 0, −∞ for x &lt; 0. λ must be &gt; 0 (not validated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T lambda)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x < T.Zero ? T.NegativeInfinity : T.Log(lambda) - (lambda * x);

    /// <summary>
    /// <see cref="LogDensity{T}(T, T)"/>, adding ∂/∂x = −λ and ∂/∂λ = 1/λ − x to the refs;
    /// for x &lt; 0 it returns −∞ and leaves the refs unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T lambda, ref T dx, ref T dlambda)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x < T.Zero)
        {
            return T.NegativeInfinity;
        }

        dx -= lambda;
        dlambda += (T.One / lambda) - x;
        return T.Log(lambda) - (lambda * x);
    }
}
