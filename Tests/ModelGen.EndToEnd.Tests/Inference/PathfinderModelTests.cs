using ModelGen.EndToEnd.Tests.Models;
using ModelGen.EndToEnd.Tests.Sampling;
using ModelGen.Inference;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>
/// Pathfinder through a generated model's <c>Pathfinder</c> method, on the conjugate models whose posterior is exact
/// (written out here), and NUTS started from its draws.
/// </summary>
public sealed class PathfinderModelTests
{
    [Fact]
    public void Orthogonal_regression_draws_match_the_closed_form_posterior()
    {
        const int rows = 16;
        (double[,] x, double[] y) = OrthogonalRegressionModel.Simulate(seed: 21);
        var model = new OrthogonalRegressionModel(x, y);
        PathfinderFit<double> fit = model.Pathfinder(new PathfinderOptions { Seed = 7 });

        // XᵀX = 16 I: each coefficient's posterior is N((xᵀy/σ²)/λ, 1/λ) with λ = 16/σ² + 1/τ².
        const double noiseVariance = OrthogonalRegressionModel.Noise * OrthogonalRegressionModel.Noise;
        double precision = (rows / noiseVariance) + (1 / (OrthogonalRegressionModel.PriorSd * OrthogonalRegressionModel.PriorSd));
        double sd = 1 / Math.Sqrt(precision);
        for (int c = 0; c < 4; c++)
        {
            double xty = 0;
            for (int r = 0; r < rows; r++)
            {
                xty += x[r, c] * y[r];
            }

            double mean = xty / noiseVariance / precision;
            double[] draws = Enumerable.Range(0, fit.Draws.Count).Select(d => fit.Draws[d, model.Line.Weights.Offset + c]).ToArray();
            double drawMean = draws.Average();
            double drawSd = Math.Sqrt(draws.Sum(v => (v - drawMean) * (v - drawMean)) / (draws.Length - 1));

            // 1,000 resampled draws with weights near 1: 5 standard errors on the mean, 10 % on the sd.
            Assert.True(Math.Abs(drawMean - mean) <= 5 * sd / Math.Sqrt(draws.Length), $"coefficient {c}: mean {drawMean:0.0000}, exact {mean:0.0000} (sd {sd:0.0000})");
            Assert.InRange(drawSd / sd, 0.9, 1.1);
        }

        // The posterior is Gaussian and n = 4 ≤ 2m, so the dense L-BFGS estimate can be the exact covariance: then every
        // importance ratio is the same (no tail for k̂) and the message says so.
        Assert.True(fit.ParetoK.K < 0.5 || fit.ExactWeights, fit.Message);
        Assert.True(fit.GradientEvaluations < 300, fit.Message);
        Assert.Equal(fit.Draws.Count, fit.LogDensity.Length);

        // lp__ is the model's log density at the draw, as a user would compute it.
        Assert.Equal(model.LogDensity(fit.Unconstrained(0)), fit.LogDensity[0], 12);
    }

    [Fact]
    public void Nuts_started_from_pathfinder_begins_at_its_draws_and_matches_the_posterior()
    {
        (double[,] x, double[] y) = OrthogonalRegressionModel.Simulate(seed: 22);
        var model = new OrthogonalRegressionModel(x, y);
        PathfinderFit<double> start = model.Pathfinder(new PathfinderOptions { Seed = 1 });
        NutsOptions options = new NutsOptions { Seed = 9 }.StartFrom(start);
        Assert.Equal(4, options.InitialPoints!.Count);
        Assert.Equal(start.Unconstrained(0).ToArray(), options.InitialPoints[0]);
        Assert.NotEqual(options.InitialPoints[0], options.InitialPoints[1]);
        Assert.All(options.InitialInverseMetric!.Value.ToArray(), v => Assert.InRange(v, 0.05, 0.4));

        NutsFit<double> fit = model.Nuts(options);
        const double noiseVariance = OrthogonalRegressionModel.Noise * OrthogonalRegressionModel.Noise;
        double precision = (16 / noiseVariance) + (1 / (OrthogonalRegressionModel.PriorSd * OrthogonalRegressionModel.PriorSd));
        var failures = new List<string>();
        for (int c = 0; c < 4; c++)
        {
            double xty = 0;
            for (int r = 0; r < 16; r++)
            {
                xty += x[r, c] * y[r];
            }

            ExactCheck.Normal($"Line.Weights[{c}]", fit.ChainsOf(model.Line.Weights.Offset + c), xty / noiseVariance / precision, 1 / Math.Sqrt(precision), 4, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
