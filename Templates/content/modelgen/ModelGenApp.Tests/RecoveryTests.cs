using ModelGen.Sampling;
using Xunit;

namespace ModelGenApp.Tests;

/// <summary>The fit recovers the values that made the data: the check to keep when you change the model.</summary>
public class RecoveryTests
{
    [Fact]
    public void Nuts_recovers_the_truth_of_simulated_data()
    {
        (double[,] x, double[] y) = Truth.Simulate(rows: 200, seed: 2);
        var model = new Regression(x, y);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 3, Chains = 2, Warmup = 500, Draws = 500 });

        Assert.Equal(0, fit.Divergences);
        double[] truth = Truth.Of(model);
        IReadOnlyList<NutsSummary> summary = fit.Summarize();
        Assert.Equal(truth.Length, summary.Count);
        for (int i = 0; i < summary.Count; i++)
        {
            NutsSummary s = summary[i];
            Assert.True(s.Rhat < 1.05, $"{s.Name}: R-hat {s.Rhat:F3}, the chains have not mixed");
            // Within four posterior sds of the truth: a miss this large has odds below 1 in 10,000 for a sound fit.
            Assert.True(Math.Abs(s.Mean - truth[i]) < 4 * s.StandardDeviation, $"{s.Name}: posterior mean {s.Mean:F3} ± {s.StandardDeviation:F3}, truth {truth[i]:F3}");
        }
    }
}
