using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Sampling;

/// <summary>
/// Neal's funnel, declared in the attribute language: the centred form makes NUTS diverge and the sampler says so; the
/// non-centred form does not, and its draws match the exact marginals.
/// </summary>
public sealed class FunnelTests
{
    private static readonly double[,] X = { { 0 } };
    private static readonly double[] Y = [0];

    [Fact]
    public void Centred_funnel_diverges_and_says_so()
    {
        NutsFit<double> fit = new CentredFunnel(X, Y).Nuts(new NutsOptions { Seed = 1 });
        Assert.True(fit.Divergences > 0, "the centred funnel gave no divergent transition");
        Assert.Contains(fit.Warnings(), w => w.Contains("divergent", StringComparison.Ordinal));
        Assert.Equal(fit.Divergences, fit.Statistics.Divergent.Count(d => d));
    }

    [Fact]
    public void Non_centred_funnel_does_not_diverge_and_matches_the_exact_marginals()
    {
        var model = new NonCentredFunnel(X, Y);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 1 });
        Assert.Equal(0, fit.Divergences);
        Assert.DoesNotContain(fit.Warnings(), w => w.Contains("divergent", StringComparison.Ordinal));

        // The input is 0, so the data touch no parameter: log σ ~ N(0, 1.5) and each output weight ~ N(0, 1) exactly.
        // 10 quantities × 5 comparisons: Bonferroni at a family-wise 1 % gives Φ⁻¹(1 − 0.005/50) = 3.72, so 4 MCSE.
        double[][] scale = fit.ChainsOf(model.Scale.Block.Offset);
        double[][] logScale = [.. scale.Select(c => c.Select(v => Math.Log(v)).ToArray())];
        var failures = new List<string>();
        ExactCheck.Normal("log Scale", logScale, 0, 1.5, 4, failures);
        for (int i = 0; i < 9; i++)
        {
            ExactCheck.Normal($"Line.Weights[{i}]", fit.ChainsOf(model.Line.Weights.Offset + i), 0, 1, 4, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
