using System.Numerics;
using ModelGen.Inference;

namespace ModelGen.Sampling;

/// <summary>Starting NUTS from an ADVI fit or from Pathfinder's draws.</summary>
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

    /// <summary>
    /// Returns <paramref name="options"/> with each chain started at its own Pathfinder draw (unconstrained, spread over the
    /// draws, which after importance resampling are near the posterior's typical set: Stan's recommended initialisation),
    /// and the warm-up's metric started at the draws' variances. The warm-up still runs in full and adapts both: Stan
    /// does not shorten it either; a good start lets a shorter <see cref="NutsOptions.Warmup"/> reach the same answer,
    /// which the caller chooses (docs/pathfinder.md has measurements).
    /// </summary>
    /// <param name="options">The options to extend.</param>
    /// <param name="fit">A Pathfinder run on the same model.</param>
    public static NutsOptions StartFrom<T>(this NutsOptions options, PathfinderFit<T> fit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fit);
        int d = fit.Draws.Dimension;
        int count = fit.Draws.Count;
        var mean = new double[d];
        var metric = new double[d];
        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<double> draw = fit.Unconstrained(k);
            for (int i = 0; i < d; i++)
            {
                mean[i] += draw[i] / count;
            }
        }

        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<double> draw = fit.Unconstrained(k);
            for (int i = 0; i < d; i++)
            {
                double e = draw[i] - mean[i];
                metric[i] += e * e / Math.Max(count - 1, 1);
            }
        }

        for (int i = 0; i < d; i++)
        {
            // A coordinate the resampling collapsed to one value has no variance to offer: the identity's 1, as without a start.
            if (!(metric[i] > 0) || !double.IsFinite(metric[i]))
            {
                metric[i] = 1;
            }
        }

        return options with { InitialPoints = fit.InitialPoints(options.Chains), InitialInverseMetric = metric };
    }
}
