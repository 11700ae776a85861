namespace ModelGen.Plots.Tests;

/// <summary>The numbers behind the pictures, against closed forms.</summary>
public sealed class ComputationTests
{
    [Fact]
    public void KernelDensityIsTheMeanOfGaussianKernels()
    {
        // Two points 0 and 2, bandwidth 1, at x = 0: (φ(0) + φ(2)) / 2.
        (double[] x, double[] d) = Kde.Estimate([0, 2], 0, 1, 2, bandwidth: 1);
        Assert.Equal(0, x[0]);
        Assert.Equal((1 + Math.Exp(-2)) / (2 * Math.Sqrt(2 * Math.PI)), d[0], 12);

        // Reflected at a bound 0: the point 1 and its mirror −1 both reach x = 0, so no mass is lost at the bound.
        (_, double[] reflected) = Kde.Estimate([1], 0, 1, 2, lowerBound: 0, bandwidth: 1);
        Assert.Equal(2 * Math.Exp(-0.5) / Math.Sqrt(2 * Math.PI), reflected[0], 12);
    }

    [Fact]
    public void BandwidthIsSilvermansRule()
    {
        // 1 … 100: sd √(100·101/12) ≈ 29.0 is below IQR/1.34 = 49.5/1.34 ≈ 36.9, so h = 0.9 · sd · 100^(−1/5).
        double[] values = [.. Enumerable.Range(1, 100).Select(i => (double)i)];
        Assert.Equal(0.9 * Math.Sqrt(100 * 101 / 12.0) * Math.Pow(100, -0.2), Kde.Bandwidth(values), 10);

        // A heavy tail: 99 values in [0, 1) and one at 10⁶; the IQR, not the sd, sets the width.
        double[] heavy = [.. Enumerable.Range(0, 99).Select(i => i / 99.0).Append(1e6)];
        Assert.True(Kde.Bandwidth(heavy) < 1, $"bandwidth {Kde.Bandwidth(heavy)}");
    }

    [Fact]
    public void AutocorrelationOfAnAlternatingChain()
    {
        // ±1 alternating, n = 100, mean 0: ρ(k) = (−1)^k (n − k) / n.
        double[] chain = [.. Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? 1.0 : -1.0)];
        double[] rho = FitPlots.Autocorrelation(chain, 3);
        Assert.Equal([1, -0.99, 0.98, -0.97], rho.Select(r => Math.Round(r, 12)));
    }

    [Fact]
    public void RanksAreCountedOverEveryChain()
    {
        // Chain 1 holds the ten smallest values, chain 2 the ten largest: all of chain 1's ranks in the lower bin.
        double[][] chains = [[.. Enumerable.Range(0, 10).Select(i => (double)i)], [.. Enumerable.Range(10, 10).Select(i => (double)i)]];
        int[][] counts = FitPlots.RankCounts(chains, 2);
        Assert.Equal([10, 0], counts[0]);
        Assert.Equal([0, 10], counts[1]);

        // Interleaved chains: every bin of 4 ranks holds 2 of each.
        double[][] mixed = [[0, 2, 4, 6, 8, 10, 12, 14], [1, 3, 5, 7, 9, 11, 13, 15]];
        int[][] even = FitPlots.RankCounts(mixed, 4);
        Assert.All(even, c => Assert.Equal([2, 2, 2, 2], c));
    }

    [Fact]
    public void CalibrationBinsByPredictedProbability()
    {
        // Ten bins: 0.05 and 0.08 in bin 0, 0.55 in bin 5, 1.0 in the last bin (9), labels counted per bin.
        (int[] counts, int[] ones, double[] sums) = FitPlots.CalibrationBins([0, 1, 1, 1], [0.05, 0.08, 0.55, 1.0], 10);
        Assert.Equal([2, 0, 0, 0, 0, 1, 0, 0, 0, 1], counts);
        Assert.Equal([1, 0, 0, 0, 0, 1, 0, 0, 0, 1], ones);
        Assert.Equal(0.13, sums[0], 12);
    }
}
