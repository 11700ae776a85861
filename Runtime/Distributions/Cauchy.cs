using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The Cauchy distribution Cauchy(α, β): location α, scale β.</summary>
public static class Cauchy
{
    /// <summary>x ranges over the real line.</summary>
    public const Support Domain = Support.Real;

    /// <summary>
    /// log Cauchy(x | α, β) = −log π − log β − log(1 + z²), z = (x − α)/β. β must be &gt; 0 (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T z = (x - alpha) / beta;
        return -Numerics.Constant<T>(Numerics.LogPi) - T.Log(beta) - Numerics.Log1PSquareOver(z, T.One);
    }

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T)"/>, adding its partial derivatives to the refs:
    /// ∂/∂x = −2z/(β(1 + z²)), ∂/∂α = −∂/∂x, ∂/∂β = (z² − 1)/(β(1 + z²)), finite for every finite x
    /// (z/(1 + z²) is formed as 1/(z + 1/z), so z² never overflows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T alpha, T beta, ref T dx, ref T dalpha, ref T dbeta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T z = (x - alpha) / beta;
        T r = Numerics.ZOverNuPlusZSquared(z, T.One);
        T g = (r + r) / beta;
        dx -= g;
        dalpha += g;
        dbeta += ((T.CreateChecked(2) * z * r) - T.One) / beta;
        return LogDensity(x, alpha, beta);
    }
}
