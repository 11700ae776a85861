using System.Numerics;
using ModelGen.Sampling;
using Xunit;

namespace ModelGen.Tests.Shared;

/// <summary>One comparison of two NUTS runs, linked into the test projects that need it (end-to-end checkpoints, Orleans chains).</summary>
internal static class NutsAssert
{
    /// <summary>The runs are the same bits: draws, every sampler statistic, step sizes, warm-up leapfrogs and adapted metrics.</summary>
    public static void Same<T>(NutsFit<T> expected, NutsFit<T> actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal((expected.Chains, expected.DrawsPerChain, expected.Warmup, expected.Seed), (actual.Chains, actual.DrawsPerChain, actual.Warmup, actual.Seed));
        Assert.Equal(expected.Draws.Values.ToArray(), actual.Draws.Values.ToArray());
        Assert.Equal(expected.Statistics.LogDensity, actual.Statistics.LogDensity);
        Assert.Equal(expected.Statistics.AcceptStat, actual.Statistics.AcceptStat);
        Assert.Equal(expected.Statistics.StepSize, actual.Statistics.StepSize);
        Assert.Equal(expected.Statistics.TreeDepth, actual.Statistics.TreeDepth);
        Assert.Equal(expected.Statistics.Leapfrogs, actual.Statistics.Leapfrogs);
        Assert.Equal(expected.Statistics.Divergent, actual.Statistics.Divergent);
        Assert.Equal(expected.Statistics.Energy, actual.Statistics.Energy);
        Assert.Equal(expected.StepSizes.ToArray(), actual.StepSizes.ToArray());
        Assert.Equal(expected.WarmupLeapfrogs, actual.WarmupLeapfrogs);
        for (int c = 0; c < expected.Chains; c++)
        {
            Assert.Equal(expected.InverseMetric(c).ToArray(), actual.InverseMetric(c).ToArray());
        }
    }
}
