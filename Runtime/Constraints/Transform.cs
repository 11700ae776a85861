using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using ModelGen.Distributions;

namespace ModelGen.Constraints;

/// <summary>
/// The constraint transforms x = f(u) from an unconstrained u ∈ ℝ to a constrained parameter x, each returning x,
/// dx/du, the log Jacobian log |dx/du| that the model's log density adds, and ∂ log |dx/du|/∂u for the gradient;
/// and their inverses, which map user-given initial values back to u.
/// <para>
/// All forward transforms return a number, never NaN, for every finite u. Where x itself is not representable
/// (eᵘ overflows above u ≈ 709.78 in double, 88.72 in float; it underflows to 0 below about −745) x and dx/du
/// saturate to ∞ or 0 while the log Jacobian, computed from u directly, stays exact.
/// </para>
/// </summary>
public static class Transform
{
    /// <summary>x = eᵘ onto (0, ∞); dx/du = eᵘ, log J = u, ∂ log J/∂u = 1.</summary>
    /// <returns>eᵘ; +∞ when it overflows (log J stays u).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T u, out T dxdu, out T logJacobian, out T dLogJacobianDu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T x = T.Exp(u);
        dxdu = x;
        logJacobian = u;
        dLogJacobianDu = T.One;
        return x;
    }

    /// <summary>
    /// x = softplus(u) = log(1 + eᵘ) onto (0, ∞), evaluated as max(u, 0) + log1p(e^−|u|);
    /// dx/du = σ(u), log J = log σ(u) = −softplus(−u), ∂ log J/∂u = σ(−u).
    /// </summary>
    /// <returns>softplus(u), which underflows to 0 below u ≈ −745.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Softplus<T>(T u, out T dxdu, out T logJacobian, out T dLogJacobianDu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T e = T.Exp(-T.Abs(u));
        T log1PE = Numerics.Log1P(e);
        T small = e / (T.One + e);      // σ(−|u|)
        T large = T.One / (T.One + e);  // σ(|u|)
        bool positive = u >= T.Zero;
        dxdu = positive ? large : small;
        dLogJacobianDu = positive ? small : large;
        logJacobian = -(T.Max(-u, T.Zero) + log1PE);
        return T.Max(u, T.Zero) + log1PE;
    }

    /// <summary>x = lower + eᵘ onto (lower, ∞); dx/du = eᵘ, log J = u, ∂ log J/∂u = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Lower<T>(T u, T lower, out T dxdu, out T logJacobian, out T dLogJacobianDu)
        where T : unmanaged, IFloatingPointIeee754<T>
        => lower + Exp(u, out dxdu, out logJacobian, out dLogJacobianDu);

    /// <summary>x = upper − eᵘ onto (−∞, upper); dx/du = −eᵘ, log J = log |dx/du| = u, ∂ log J/∂u = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Upper<T>(T u, T upper, out T dxdu, out T logJacobian, out T dLogJacobianDu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T e = Exp(u, out dxdu, out logJacobian, out dLogJacobianDu);
        dxdu = -dxdu;
        return upper - e;
    }

    /// <summary>
    /// x = lower + (upper − lower)·σ(u) onto (lower, upper); dx/du = (upper − lower)·σ(u)·σ(−u),
    /// log J = log(upper − lower) + log σ(u) + log σ(−u) = log(upper − lower) − |u| − 2 log1p(e^−|u|),
    /// ∂ log J/∂u = 1 − 2σ(u) = −tanh(u/2).
    /// <para>
    /// x is formed from the nearer bound (upper − (upper − lower)·σ(−u) for u ≥ 0), so it keeps its digits near
    /// either end; where it still rounds onto a bound it is moved one representable step inside, so x stays strictly
    /// within (lower, upper) whenever a number lies between them. log J is exact for every finite u.
    /// Requires lower &lt; upper with upper − lower finite (not validated); unbounded sides use
    /// <see cref="Lower{T}(T, T, out T, out T, out T)"/> or <see cref="Upper{T}(T, T, out T, out T, out T)"/>.
    /// </para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Interval<T>(T u, T lower, T upper, out T dxdu, out T logJacobian, out T dLogJacobianDu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T width = upper - lower;
        T e = T.Exp(-T.Abs(u));
        T onePlusE = T.One + e;
        T near = e / onePlusE; // σ(−|u|), the share of the width between x and the nearer bound
        dxdu = width * (near / onePlusE);
        logJacobian = T.Log(width) - T.Abs(u) - (T.CreateChecked(2) * Numerics.Log1P(e));
        dLogJacobianDu = -T.Tanh(u * T.CreateChecked(0.5));
        return KernelMath.Interval(u, e, lower, upper);
    }

    /// <summary>u = log x, the inverse of <see cref="Exp{T}(T, out T, out T, out T)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not in (0, ∞).</exception>
    public static T ExpInverse<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireAbove(x, T.Zero);
        return T.Log(x);
    }

    /// <summary>
    /// u = log(eˣ − 1) = x + log(−expm1(−x)), the inverse of <see cref="Softplus{T}(T, out T, out T, out T)"/>,
    /// in a form that neither overflows for large x nor cancels for small x.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not in (0, ∞).</exception>
    public static T SoftplusInverse<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireAbove(x, T.Zero);
        return x + T.Log(-Numerics.ExpM1(-x));
    }

    /// <summary>u = log(x − lower), the inverse of <see cref="Lower{T}(T, T, out T, out T, out T)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not in (lower, ∞).</exception>
    public static T LowerInverse<T>(T x, T lower)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireAbove(x, lower);
        return T.Log(x - lower);
    }

    /// <summary>u = log(upper − x), the inverse of <see cref="Upper{T}(T, T, out T, out T, out T)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not in (−∞, upper).</exception>
    public static T UpperInverse<T>(T x, T upper)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireBelow(x, upper);
        return T.Log(upper - x);
    }

    /// <summary>
    /// u = logit((x − lower)/(upper − lower)) = log(x − lower) − log(upper − x), the inverse of
    /// <see cref="Interval{T}(T, T, T, out T, out T, out T)"/>; the two differences keep their digits near either bound.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not in (lower, upper).</exception>
    public static T IntervalInverse<T>(T x, T lower, T upper)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireAbove(x, lower);
        RequireBelow(x, upper);
        return T.Log(x - lower) - T.Log(upper - x);
    }

    /// <summary>Throws unless lower &lt; x &lt; ∞ (NaN fails too).</summary>
    private static void RequireAbove<T>(T x, T lower)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x > lower) || T.IsPositiveInfinity(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, string.Create(CultureInfo.InvariantCulture, $"The value {x} must be finite and greater than the lower bound {lower}."));
        }
    }

    /// <summary>Throws unless −∞ &lt; x &lt; upper (NaN fails too).</summary>
    private static void RequireBelow<T>(T x, T upper)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x < upper) || T.IsNegativeInfinity(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, string.Create(CultureInfo.InvariantCulture, $"The value {x} must be finite and less than the upper bound {upper}."));
        }
    }
}
