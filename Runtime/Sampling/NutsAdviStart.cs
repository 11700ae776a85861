using System.Numerics;
using ModelGen.Inference;

namespace ModelGen.Sampling;

/// <summary>Starting NUTS from an ADVI fit.</summary>
public static class NutsAdviStart
{
    /// <summary>
    /// Returns <paramref name="options"/> with each chain started at its own draw from <paramref name="fit"/>'s
    /// approximation (unconstrained), and the warm-up's metric started at the approximation's variances instead of
    /// the identity. The warm-up still runs and adapts both; it just starts where the posterior is.
    /// </summary>
    /// <param name="options">The options to extend; its <see cref="NutsOptions.Seed"/> (or 0) seeds the starting draws.</param>
    /// <param name="fit">An ADVI fit of the same model.</param>
    public static NutsOptions StartFrom<T>(this NutsOptions options, AdviFit<T> fit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fit);
        int d = fit.Mean.Length;
        T[] draws = fit.SampleUnconstrained(options.Chains, seed: (options.Seed ?? 0) ^ 0x4E555453UL);
        var points = new double[options.Chains][];
        for (int c = 0; c < options.Chains; c++)
        {
            points[c] = new double[d];
            for (int i = 0; i < d; i++)
            {
                points[c][i] = double.CreateChecked(draws[(c * d) + i]);
            }
        }

        T[] sd = fit.StandardDeviation();
        var metric = new double[d];
        for (int i = 0; i < d; i++)
        {
            double s = double.CreateChecked(sd[i]);
            metric[i] = s * s;
        }

        return options with { InitialPoints = points, InitialInverseMetric = metric };
    }
}
