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

    /// <summary>log(1 + eˣ) for the terms' library, the runtime's stable softplus.</summary>
    public static T Log1pExp<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => KernelMath.Softplus(x);
}
