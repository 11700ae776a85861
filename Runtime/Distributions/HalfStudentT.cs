using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The half Student's t distribution HalfStudentT(ν, σ): |StudentT(ν, 0, σ)|, on x ≥ 0.</summary>
public static class HalfStudentT
{
    /// <summary>x ranges over [0, ∞).</summary>
    public const Support Domain = Support.Positive;

    /// <summary>
    /// log HalfStudentT(x | ν, σ) = log 2 + log StudentT(x | ν, 0, σ) for x ≥ 0, −∞ for x &lt; 0.
    /// ν and σ must be &gt; 0 (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T nu, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x < T.Zero ? T.NegativeInfinity : Numerics.Constant<T>(Numerics.LogTwo) + StudentT.LogDensity(x, nu, T.Zero, sigma);

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T)"/>, adding the partial derivatives of
    /// <see cref="StudentT.LogDensity{T}(T, T, T, T, ref T, ref T, ref T, ref T)"/> at μ = 0 for x, ν and σ to the refs;
    /// for x &lt; 0 it returns −∞ and leaves the refs unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T nu, T sigma, ref T dx, ref T dnu, ref T dsigma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x < T.Zero)
        {
            return T.NegativeInfinity;
        }

        T dmu = T.Zero;
        return Numerics.Constant<T>(Numerics.LogTwo) + StudentT.LogDensity(x, nu, T.Zero, sigma, ref dx, ref dnu, ref dmu, ref dsigma);
    }
}
