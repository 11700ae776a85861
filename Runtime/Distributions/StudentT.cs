using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>Student's t distribution StudentT(ν, μ, σ): ν degrees of freedom, location μ, scale σ.</summary>
public static class StudentT
{
    /// <summary>x ranges over the real line.</summary>
    public const Support Domain = Support.Real;

    /// <summary>
    /// log StudentT(x | ν, μ, σ) = log Γ((ν + 1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν + 1)/2 · log(1 + z²/ν),
    /// z = (x − μ)/σ. The Γ ratio is evaluated without cancellation, so ν = 10¹⁵ still gives the normal density.
    /// ν and σ must be &gt; 0 (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T nu, T mu, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T z = (x - mu) / sigma;
        T half = T.CreateChecked(0.5);
        double n = double.CreateChecked(nu);
        T constant = T.CreateChecked(SpecialFunctions.LogGammaDifference(0.5 * n, 0.5) - (0.5 * (Math.Log(n) + Numerics.LogPi)));
        return constant - T.Log(sigma) - (half * (nu + T.One) * Numerics.Log1PSquareOver(z, nu));
    }

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T, T)"/>, adding its partial derivatives to the refs, with w = z²/(ν + z²):
    /// ∂/∂x = −(ν + 1)·z/(σ(ν + z²)), ∂/∂μ = −∂/∂x, ∂/∂σ = ((ν + 1)·w − 1)/σ,
    /// ∂/∂ν = ½[ψ((ν + 1)/2) − ψ(ν/2) − 1/ν − log(1 + z²/ν) + (ν + 1)·w/ν].
    /// Value and derivatives are finite for every finite x: z/(ν + z²) is formed as 1/(z + ν/z), so z² never overflows.
    /// The ψ difference is formed without cancellation, so ∂/∂ν, of order 1/ν², keeps its digits up to ν ≈ 10⁶.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T nu, T mu, T sigma, ref T dx, ref T dnu, ref T dmu, ref T dsigma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T z = (x - mu) / sigma;
        T r = Numerics.ZOverNuPlusZSquared(z, nu);
        T w = z * r; // z²/(ν + z²)
        T nuPlusOne = nu + T.One;
        T g = nuPlusOne * r / sigma;
        dx -= g;
        dmu += g;
        dsigma += ((nuPlusOne * w) - T.One) / sigma;
        T digammas = T.CreateChecked(SpecialFunctions.DigammaDifference(0.5 * double.CreateChecked(nu), 0.5));
        dnu += T.CreateChecked(0.5) * (digammas - (T.One / nu) - Numerics.Log1PSquareOver(z, nu) + (nuPlusOne * w / nu));
        return LogDensity(x, nu, mu, sigma);
    }
}
