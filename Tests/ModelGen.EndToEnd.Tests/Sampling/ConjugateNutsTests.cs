using System.Numerics;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Sampling;

/// <summary>
/// NUTS on generated models with exact posteriors: the conjugate Normal mean and orthogonal regression of
/// ExactPosteriorTests, and a learned noise scale (exp transform and its Jacobian) whose posterior is exact by
/// one-dimensional quadrature.
/// </summary>
public sealed class ConjugateNutsTests
{
    [Fact]
    public void Normal_mean_matches_the_conjugate_posterior()
    {
        const int rows = 16;
        var rng = new Rng(11);
        var x = new double[rows, 1];
        var y = new double[rows];
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = 1;
            y[r] = 2 + (NormalMeanModel.Noise * rng.NextNormal());
            sum += y[r];
        }

        double precision = (1 / (NormalMeanModel.PriorSd * NormalMeanModel.PriorSd)) + (rows / (NormalMeanModel.Noise * NormalMeanModel.Noise));
        double mean = ((NormalMeanModel.PriorMean / (NormalMeanModel.PriorSd * NormalMeanModel.PriorSd)) + (sum / (NormalMeanModel.Noise * NormalMeanModel.Noise))) / precision;
        var model = new NormalMeanModel(x, y);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 2 });

        // One quantity, 5 comparisons: 4 MCSE.
        var failures = new List<string>();
        ExactCheck.Normal("Mean", fit.ChainsOf(model.Mean.Weights.Offset), mean, 1 / Math.Sqrt(precision), 4, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(0, fit.Divergences);
    }

    [Fact]
    public void Started_from_advi_the_chains_begin_at_its_draws_and_still_match_the_posterior()
    {
        var x = new double[16, 1];
        var y = new double[16];
        var rng = new Rng(12);
        double sum = 0;
        for (int r = 0; r < 16; r++)
        {
            x[r, 0] = 1;
            y[r] = 2 + (NormalMeanModel.Noise * rng.NextNormal());
            sum += y[r];
        }

        var model = new NormalMeanModel(x, y);
        AdviFit<double> advi = model.Fit(new AdviOptions { Seed = 1 });
        NutsOptions options = new NutsOptions { Seed = 6 }.StartFrom(advi);
        Assert.Equal(4, options.InitialPoints!.Count);
        Assert.NotEqual(options.InitialPoints[0][0], options.InitialPoints[1][0]);
        double sd = advi.StandardDeviation()[0];
        Assert.Equal(sd * sd, options.InitialInverseMetric!.Value.Span[0], 12);

        NutsFit<double> fit = model.Nuts(options);
        double precision = (1 / (NormalMeanModel.PriorSd * NormalMeanModel.PriorSd)) + (16 / (NormalMeanModel.Noise * NormalMeanModel.Noise));
        double mean = ((NormalMeanModel.PriorMean / (NormalMeanModel.PriorSd * NormalMeanModel.PriorSd)) + (sum / (NormalMeanModel.Noise * NormalMeanModel.Noise))) / precision;
        var failures = new List<string>();
        ExactCheck.Normal("Mean", fit.ChainsOf(model.Mean.Weights.Offset), mean, 1 / Math.Sqrt(precision), 4, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Orthogonal_regression_matches_the_closed_form()
    {
        const int rows = 16;
        const int columns = 4;
        (double[,] x, double[] y) = OrthogonalRegressionModel.Simulate(seed: 21);

        const double noiseVariance = OrthogonalRegressionModel.Noise * OrthogonalRegressionModel.Noise;
        var model = new OrthogonalRegressionModel(x, y);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 3 });

        // 4 quantities × 5 comparisons: Bonferroni at a family-wise 1 % gives 3.48, so 4 MCSE.
        var failures = new List<string>();
        for (int c = 0; c < columns; c++)
        {
            double xty = 0;
            for (int r = 0; r < rows; r++)
            {
                xty += x[r, c] * y[r];
            }

            double precision = (rows / noiseVariance) + (1 / (OrthogonalRegressionModel.PriorSd * OrthogonalRegressionModel.PriorSd));
            ExactCheck.Normal($"Line.Weights[{c}]", fit.ChainsOf(model.Line.Weights.Offset + c), xty / noiseVariance / precision, 1 / Math.Sqrt(precision), 4, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(0, fit.Divergences);
    }

    [Fact]
    public void Learned_noise_scale_matches_quadrature()
    {
        // NoiseRegressionModel with every input 0: y ~ N(b, σ) with b ~ N(0, 10²), σ ~ Exponential(1); the three
        // weights see no data and keep their N(0, 10²) prior. Integrating b out analytically,
        // p(σ | y) ∝ e^{−σ} σ^{−(n−1)} exp(−S/(2σ²)) N(ȳ | 0, τ² + σ²/n), with S = Σ(yᵢ − ȳ)²; b | σ, y is normal with
        // precision n/σ² + 1/τ² and mean (nȳ/σ²)/precision. Both marginals follow by quadrature on a fine σ grid.
        const int rows = 12;
        const double tau = 10;
        var rng = new Rng(41);
        var x = new double[rows, 3];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            y[r] = 0.7 + (0.8 * rng.NextNormal());
        }

        double ybar = y.Average();
        double s = y.Sum(v => (v - ybar) * (v - ybar));
        const int grid = 400_000;
        const double top = 12;
        double h = top / grid;
        var logDensity = new double[grid];
        for (int i = 0; i < grid; i++)
        {
            double sigma = (i + 0.5) * h;
            double v = (tau * tau) + (sigma * sigma / rows);
            logDensity[i] = -sigma - ((rows - 1) * Math.Log(sigma)) - (s / (2 * sigma * sigma)) - (0.5 * Math.Log(v)) - (ybar * ybar / (2 * v));
        }

        double max = logDensity.Max();
        double[] weight = [.. logDensity.Select(l => Math.Exp(l - max))];
        double total = weight.Sum();
        double sigmaMean = 0, sigmaSecond = 0, bMean = 0, bSecond = 0;
        for (int i = 0; i < grid; i++)
        {
            double sigma = (i + 0.5) * h;
            double w = weight[i] / total;
            double precision = (rows / (sigma * sigma)) + (1 / (tau * tau));
            double m = rows * ybar / (sigma * sigma) / precision;
            sigmaMean += w * sigma;
            sigmaSecond += w * sigma * sigma;
            bMean += w * m;
            bSecond += w * ((m * m) + (1 / precision));
        }

        var quantiles = new (double Q, double Density)[3];
        double[] probabilities = [0.05, 0.5, 0.95];
        double cumulative = 0;
        for (int i = 0, q = 0; i < grid && q < 3; i++)
        {
            cumulative += weight[i] / total;
            if (cumulative >= probabilities[q])
            {
                quantiles[q++] = (((i + 1) * h) - ((cumulative - probabilities[q - 1]) / (weight[i] / total) * h), weight[i] / total / h);
            }
        }

        var model = new NoiseRegressionModel(x, y);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 4 });

        // 2 quantities, 5 + 2 comparisons: 4 MCSE.
        var failures = new List<string>();
        ExactCheck.Marginal("Sigma", fit.ChainsOf(model.Sigma.Block.Offset), sigmaMean, Math.Sqrt(sigmaSecond - (sigmaMean * sigmaMean)), quantiles, 4, failures);
        double[][] bias = fit.ChainsOf(model.Line.Bias!.Offset);
        double[] all = [.. bias.SelectMany(c => c)];
        double mcse = Diagnostics.Convergence.McseMean(bias);
        if (Math.Abs(all.Average() - bMean) > 4 * mcse)
        {
            failures.Add($"bias mean {all.Average():0.0000} vs exact {bMean:0.0000} (MCSE {mcse:0.0000})");
        }

        double sd = Math.Sqrt(all.Sum(v => (v - all.Average()) * (v - all.Average())) / (all.Length - 1));
        double mcseSd = Diagnostics.Convergence.McseSd(bias);
        double exactSd = Math.Sqrt(bSecond - (bMean * bMean));
        if (Math.Abs(sd - exactSd) > 4 * mcseSd)
        {
            failures.Add($"bias sd {sd:0.0000} vs exact {exactSd:0.0000} (MCSE {mcseSd:0.0000})");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(0, fit.Divergences);
    }
}
