using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>
/// The scalar functions generated kernels call by name (the generator's IR primitives that are not operators or BCL
/// math): each is the distributions' own routine, so a kernel and <c>LogDensity</c> compute the same thing the same way.
/// </summary>
public static class KernelMath
{
    /// <summary>log(1 + x), accurate for tiny x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log1P<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Numerics.Log1P(x);

    /// <summary>log(1 + z²/ν), finite for every finite z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log1PSquareOver<T>(T z, T nu)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Numerics.Log1PSquareOver(z, nu);

    /// <summary>z/(ν + z²), without overflow: the slope of <see cref="Log1PSquareOver{T}(T, T)"/> in z is twice it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ZOverNuPlusZSquared<T>(T z, T nu)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Numerics.ZOverNuPlusZSquared(z, nu);

    /// <summary>log(1 + eˣ), without overflow (the mean-field scale map's softplus).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Softplus<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Inference.MeanField.Sigma(x);

    /// <summary>1/(1 + e⁻ˣ), without overflow (the slope of <see cref="Softplus{T}(T)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Inference.MeanField.SigmaDerivative(x);

    /// <summary>log(eᵃ + eᵇ), without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogSumExp<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.Max(a, b) + Numerics.Log1P(T.Exp(-T.Abs(a - b)));

    /// <summary>
    /// x = lower + (upper − lower)·σ(u) given <paramref name="e"/> = e^−|u| (the interval transform's value, which its
    /// log-Jacobian shares e with): formed from the nearer bound, upper − (upper − lower)·σ(−|u|) for u ≥ 0 and
    /// lower + (upper − lower)·σ(−|u|) below, so it keeps its digits near either end; where it still rounds onto a bound
    /// it is moved one representable step inside, so x stays strictly within (lower, upper) whenever a number lies
    /// between them. Its slope dx/du = (upper − lower)·σ(u)·σ(−u) = (upper − lower)·e/(1 + e)².
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Interval<T>(T u, T e, T lower, T upper)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T width = upper - lower;
        T near = e / (T.One + e); // σ(−|u|), the share of the width between x and the nearer bound
        if (u >= T.Zero)
        {
            T x = upper - (width * near);
            return x < upper ? x : T.Max(T.BitDecrement(upper), lower);
        }
        else
        {
            T x = lower + (width * near);
            return x > lower ? x : T.Min(T.BitIncrement(lower), upper);
        }
    }

    /// <summary>
    /// The Student t's normaliser log Γ((ν + 1)/2) − log Γ(ν/2) − ½ log(νπ), the Γ ratio without cancellation (as
    /// <see cref="StudentT.LogDensity{T}(T, T, T, T)"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T StudentTLogNormaliser<T>(T nu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double n = double.CreateChecked(nu);
        return T.CreateChecked(SpecialFunctions.LogGammaDifference(0.5 * n, 0.5) - (0.5 * (Math.Log(n) + Numerics.LogPi)));
    }

    /// <summary>d/dν of <see cref="StudentTLogNormaliser{T}(T)"/>: ½[ψ((ν + 1)/2) − ψ(ν/2) − 1/ν], the ψ difference without cancellation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T StudentTLogNormaliserSlope<T>(T nu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double n = double.CreateChecked(nu);
        return T.CreateChecked(0.5 * (SpecialFunctions.DigammaDifference(0.5 * n, 0.5) - (1 / n)));
    }
}
