using System.Numerics;
using ModelGen.Distributions;

namespace ModelGen.Terms;

/// <summary>
/// Reductions of log-density terms: log-sum-exp over a span (HMM forward pass, marginalised change points,
/// mixtures of many components) and the two-component mixture, each with its gradient. Stable at any magnitude: the
/// largest value is taken out first.
/// </summary>
public static class Reductions
{
    /// <summary>log Σ e^{v_k}; −∞ for an empty span or when every v_k is −∞; +∞ if one is +∞.</summary>
    public static T LogSumExp<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = T.NegativeInfinity;
        foreach (T v in values)
        {
            max = T.Max(max, v);
        }

        if (!T.IsFinite(max))
        {
            return max;
        }

        T sum = T.Zero;
        foreach (T v in values)
        {
            sum += T.Exp(v - max);
        }

        return max + T.Log(sum);
    }

    /// <summary>
    /// The reverse pass of <see cref="LogSumExp{T}"/>: adds ȳ·softmax(v)_k = ȳ·e^{v_k − y} to
    /// <paramref name="valuesBar"/>, given the forward result y.
    /// </summary>
    public static void LogSumExpReverse<T>(ReadOnlySpan<T> values, T result, T resultBar, Span<T> valuesBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LinearAlgebra.SameShape(valuesBar.Length, values.Length, nameof(valuesBar));
        if (!T.IsFinite(result))
        {
            return;
        }

        for (int k = 0; k < values.Length; k++)
        {
            valuesBar[k] += resultBar * T.Exp(values[k] - result);
        }
    }

    /// <summary>
    /// log(θ e^a + (1 − θ) e^b), Stan's <c>log_mix</c>, with its partial derivatives added to the refs:
    /// ∂/∂θ = (e^a − e^b)/m, ∂/∂a = θ e^a/m, ∂/∂b = (1 − θ) e^b/m where m is the mixture, all formed relative to
    /// max(a, b). θ in [0, 1] (not validated).
    /// </summary>
    public static T LogMix<T>(T theta, T a, T b, ref T dtheta, ref T da, ref T db)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = T.Max(a, b);
        if (!T.IsFinite(max))
        {
            return max;
        }

        T ea = T.Exp(a - max), eb = T.Exp(b - max);
        T mix = (theta * ea) + ((T.One - theta) * eb);
        dtheta += (ea - eb) / mix;
        da += theta * ea / mix;
        db += (T.One - theta) * eb / mix;
        return max + T.Log(mix);
    }

    /// <summary>Value only of <see cref="LogMix{T}(T, T, T, ref T, ref T, ref T)"/>.</summary>
    public static T LogMix<T>(T theta, T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T dtheta = T.Zero, da = T.Zero, db = T.Zero;
        return LogMix(theta, a, b, ref dtheta, ref da, ref db);
    }

    /// <summary>log(1 + eˣ) for the terms' library, the runtime's stable softplus.</summary>
    public static T Log1pExp<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => KernelMath.Softplus(x);
}
