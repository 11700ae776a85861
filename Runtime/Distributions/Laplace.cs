using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The Laplace (double exponential) distribution Laplace(μ, b): location μ, scale b.</summary>
public static class Laplace
{
    /// <summary>x ranges over the real line.</summary>
    public const Support Domain = Support.Real;

    /// <summary>log Laplace(x | μ, b) = −log 2b − |x − μ|/b. b must be &gt; 0 (not validated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T mu, T b)
        where T : unmanaged, IFloatingPointIeee754<T>
        => -Numerics.Constant<T>(Numerics.LogTwo) - T.Log(b) - (T.Abs(x - mu) / b);

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T)"/>, adding its partial derivatives to the refs:
    /// ∂/∂x = −sign(x − μ)/b, ∂/∂μ = sign(x − μ)/b, ∂/∂b = (|x − μ|/b − 1)/b. At the kink x = μ the x and μ
    /// derivatives are the subgradient 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T mu, T b, ref T dx, ref T dmu, ref T db)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T d = x - mu;
        T s = d > T.Zero ? T.One / b : d < T.Zero ? -T.One / b : T.Zero;
        dx -= s;
        dmu += s;
        db += ((T.Abs(d) / b) - T.One) / b;
        return LogDensity(x, mu, b);
    }
}
