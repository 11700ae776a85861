using ModelGen.Sampling;

namespace ModelGen.Runtime.Tests.Sampling;

/// <summary>The warm-up schedule and dual averaging, against Stan's documented behaviour.</summary>
public sealed class AdaptationTests
{
    [Theory]
    // Stan's defaults for 1,000 warm-up iterations: buffer 75, windows 25, 50, 100, 200, 500 (the last stretched), buffer 50.
    [InlineData(1000, new[] { 99, 149, 249, 449, 949 })]
    // Exactly 75 + 25 + 50: one window, 75 … 99.
    [InlineData(150, new[] { 99 })]
    // 140 are too few: Stan's 15 % / 75 % / 10 % fallback (buffers 21 and 14), one window from 21 to 125.
    [InlineData(140, new[] { 125 })]
    // Fewer than 20: no metric at all.
    [InlineData(19, new int[0])]
    public void Metric_windows_end_where_stans_do(int warmup, int[] expected)
    {
        var adaptation = new MetricAdaptation(1, warmup, 75, 50, 25);
        var metric = new double[1];
        var ends = new List<int>();
        for (int i = 0; i < warmup; i++)
        {
            if (adaptation.Learn(metric, [i % 7]))
            {
                ends.Add(i);
            }
        }

        Assert.Equal(expected, ends);
    }

    [Fact]
    public void Metric_is_the_regularised_window_variance()
    {
        // The first window of the default schedule holds iterations 75 … 99: 25 draws.
        var adaptation = new MetricAdaptation(2, 1000, 75, 50, 25);
        var metric = new double[2];
        var window = new List<double>();
        for (int i = 0; i < 100; i++)
        {
            double v = Math.Sin(i);
            if (i >= 75)
            {
                window.Add(v);
            }

            adaptation.Learn(metric, [v, 3 * v]);
        }

        double mean = window.Average();
        double variance = window.Sum(v => (v - mean) * (v - mean)) / (window.Count - 1);
        double n = window.Count;
        Assert.Equal((n / (n + 5) * variance) + (1e-3 * 5 / (n + 5)), metric[0], 14);
        Assert.Equal((n / (n + 5) * 9 * variance) + (1e-3 * 5 / (n + 5)), metric[1], 13);
    }

    [Fact]
    public void Dual_averaging_holds_still_at_the_target_and_moves_against_a_shortfall()
    {
        // At acceptance = δ the shortfall average stays 0, so x = μ every step and ε = exp(μ).
        var steady = new StepSizeAdaptation(0.8, 0.05, 0.75, 10);
        steady.SetMu(Math.Log(10 * 0.1));
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(1.0, steady.Learn(0.8), 12);
        }

        Assert.Equal(1.0, steady.Final, 12);

        // Accepting too little shrinks ε; too much grows it.
        var low = new StepSizeAdaptation(0.8, 0.05, 0.75, 10);
        low.SetMu(0);
        var high = new StepSizeAdaptation(0.8, 0.05, 0.75, 10);
        high.SetMu(0);
        Assert.True(low.Learn(0.2) < 1);
        Assert.True(high.Learn(1.0) > 1);

        // The first step by hand: η = 1/11, H̄ = (0.8 − 0.2)/11, x = −√1/0.05 · H̄.
        Assert.Equal(Math.Exp(-(0.6 / 11) / 0.05), new StepSizeAdaptation(0.8, 0.05, 0.75, 10).Learn(0.2), 14);
    }
}
