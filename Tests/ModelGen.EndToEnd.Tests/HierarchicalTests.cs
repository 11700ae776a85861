using ModelGen.EndToEnd.Tests.Models;
using ModelGen.EndToEnd.Tests.Support;
using ModelGen.Random;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// The generated density of the hierarchical models against the log joint written out by hand from the model's
/// definition: transforms, their log-Jacobians, every prior in closed form, and the likelihood by a plain forward pass.
/// </summary>
public sealed class HierarchicalTests
{
    private const double HalfLogTwoPi = 0.918938533204672741780329736406;

    [Fact]
    public void HierarchicalNet_density_is_the_log_joint_written_out()
    {
        ModelCase model = ModelCase.Create("HierarchicalNet");
        var rng = new Rng(21);
        for (int point = 0; point < 5; point++)
        {
            double[] theta = Enumerable.Range(0, model.Dimension).Select(_ => rng.NextNormal()).ToArray();
            double expected = HierarchicalNetLogJoint(theta, model.X, model.Y);
            double actual = model.LogDensity(theta);

            // The same sums in another order: a few ulp of the magnitude per term, over ~80 terms.
            Assert.Equal(expected, actual, 1e-11 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void HierarchicalNet_constrain_gives_the_values_the_density_uses()
    {
        var rng = new Rng(22);
        double[] theta = Enumerable.Range(0, HierarchicalNet.ParameterCount).Select(_ => rng.NextNormal()).ToArray();
        var values = new double[theta.Length];
        ((global::ModelGen.Inference.IModel<double>)new HierarchicalNet()).Constrain(theta, values);

        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(Math.Exp(theta[i]), values[i], 1e-15 * values[i]);
        }

        Assert.Equal(Math.Exp(theta[6]), values[6], 1e-15 * values[6]);
        Assert.Equal(theta[7], values[7]);
        double tau = Math.Exp(theta[8]);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(theta[7] + (tau * theta[9 + i]), values[9 + i], 1e-14);
        }

        Assert.Equal(theta[12..21], values[12..21]);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Math.Exp(theta[6]) * theta[21 + i], values[21 + i], 1e-14);
        }

        Assert.Equal("exp", HierarchicalNet.Layout["HiddenScales"].Transform);
        Assert.Equal("non-centred(Mu, Tau)", HierarchicalNet.Layout["BiasMeans"].Transform);
        Assert.Equal("non-centred(0, OutputScale)", HierarchicalNet.Layout["Output.Weights"].Transform);
    }

    /// <summary>
    /// θ = [log ScaleBase (3), log HiddenScales (3), log OutputScale, Mu, log Tau, z of BiasMeans (3), Hidden.Weights (2×3),
    /// Hidden.Bias (3), z of Output.Weights (3)].
    /// </summary>
    private static double HierarchicalNetLogJoint(double[] theta, double[,] x, double[] y)
    {
        double[] scaleBase = theta[0..3].Select(Math.Exp).ToArray();
        double[] hiddenScales = theta[3..6].Select(Math.Exp).ToArray();
        double outputScale = Math.Exp(theta[6]);
        double mu = theta[7];
        double tau = Math.Exp(theta[8]);
        double[] biasMeans = theta[9..12].Select(z => mu + (tau * z)).ToArray();
        double[] w1 = theta[12..18];
        double[] b1 = theta[18..21];
        double[] w2 = theta[21..24].Select(z => outputScale * z).ToArray();

        double logp = 0;

        // Positive parameters: prior of the value plus log dx/du = u.
        for (int i = 0; i < 3; i++)
        {
            logp += LogHalfNormal(scaleBase[i], 1) + theta[i];
            logp += LogHalfNormal(hiddenScales[i], scaleBase[i]) + theta[3 + i];
        }

        logp += Math.Log(2) - Math.Log(Math.PI * 1) - Math.Log(1 + (outputScale * outputScale)) + theta[6];
        logp += LogNormal(mu, 0, 2);
        logp += LogHalfNormal(tau, 1) + theta[8];

        // Non-centred blocks: z ~ N(0, 1), no Jacobian (the map is in the prior, not the density).
        for (int i = 0; i < 3; i++)
        {
            logp += LogNormal(theta[9 + i], 0, 1) + LogNormal(theta[21 + i], 0, 1);
        }

        // Hidden weights: column c has scale HiddenScales[c]; biases centre on BiasMeans[c].
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                logp += LogNormal(w1[(r * 3) + c], 0, hiddenScales[c]);
            }
        }

        for (int c = 0; c < 3; c++)
        {
            logp += LogNormal(b1[c], biasMeans[c], 0.5);
        }

        for (int row = 0; row < y.Length; row++)
        {
            double z = 0;
            for (int c = 0; c < 3; c++)
            {
                z += w2[c] * Math.Tanh((x[row, 0] * w1[c]) + (x[row, 1] * w1[3 + c]) + b1[c]);
            }

            logp += (y[row] * z) - (Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))));
        }

        return logp;
    }

    private static double LogNormal(double x, double mu, double sigma) =>
        (-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)) - Math.Log(sigma) - HalfLogTwoPi;

    private static double LogHalfNormal(double x, double sigma) => Math.Log(2) + LogNormal(x, 0, sigma);
}

/// <summary>Around the fit: prior draws in dependency order, and the inverse transforms for user-given values.</summary>
public sealed class PriorAndInitialValueTests
{
    [Fact]
    public void SamplePrior_draws_hyperparameters_first_with_the_priors_moments()
    {
        const int N = 20_000;
        var model = new HierarchicalNet();
        Draws.Draws<double> draws = model.SamplePrior(N, seed: 5);

        // Each comparison within 5 standard errors of the exact moment: with 5 checks the chance of a false failure is ~3e-6.
        double[] scaleBase = Enumerable.Range(0, N).Select(d => draws[d, 0]).ToArray();
        double halfNormalMean = Math.Sqrt(2 / Math.PI);
        Assert.Equal(halfNormalMean, scaleBase.Average(), 5 * Math.Sqrt(1 - (2 / Math.PI)) / Math.Sqrt(N));

        // BiasMeans ~ N(Mu, Tau) with Mu ~ N(0, 2), Tau ~ HalfNormal(1): marginally mean 0, variance 4 + E[Tau²] = 5.
        // Drawn before Mu and Tau it would use zeros and have variance 0; its layout comes after them either way.
        double[] biasMean = Enumerable.Range(0, N).Select(d => draws[d, 9]).ToArray();
        double variance = biasMean.Select(v => v * v).Average();
        Assert.Equal(0, biasMean.Average(), 5 * Math.Sqrt(5.0 / N));

        // Var of the sample variance ≈ (E[x⁴] − 25)/N; E[x⁴] of this scale mixture = 3·E[(4 + Tau²)²] = 3·(16 + 8 + 3) = 81.
        Assert.Equal(5, variance, 5 * Math.Sqrt((81 - 25.0) / N));

        // Output weights ~ N(0, OutputScale) with OutputScale ~ HalfCauchy(1): heavy-tailed, median |w| = median of |z|·s.
        Assert.All(Enumerable.Range(0, N), d => Assert.True(draws[d, 6] > 0));

        // The prior predictive: simulated observations from the prior draws are 0/1.
        double[,] y = model.SamplePredictive(new double[4, 2], draws, samples: 10, seed: 6);
        Assert.All(y.Cast<double>(), v => Assert.True(v is 0 or 1));
    }

    [Fact]
    public void Unconstrain_inverts_Constrain_and_names_a_value_outside_its_support()
    {
        var model = new HierarchicalNet();
        var rng = new Random.Rng(9);
        double[] theta = Enumerable.Range(0, HierarchicalNet.ParameterCount).Select(_ => rng.NextNormal()).ToArray();
        var values = new double[theta.Length];
        ((global::ModelGen.Inference.IModel<double>)model).Constrain(theta, values);
        var back = new double[theta.Length];
        model.Unconstrain(values, back);
        for (int i = 0; i < theta.Length; i++)
        {
            Assert.Equal(theta[i], back[i], 1e-12 * Math.Max(1, Math.Abs(theta[i])));
        }

        values[4] = -0.5;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.Unconstrain(values, back));
        Assert.Contains("'HiddenScales' element 1 (θ[4]) is -0.5", error.Message, StringComparison.Ordinal);
        Assert.Contains("greater than 0", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The generated Map() on a model whose posterior mode is known in closed form.</summary>
public sealed class GeneratedMapTests
{
    [Fact]
    public void Map_finds_the_mode_of_a_linear_regression_in_closed_form()
    {
        ModelCase model = ModelCase.Create("LinearRegression");
        var regression = new LinearRegression(model.X, model.Y);
        global::ModelGen.Inference.MapResult<double> map = regression.Map(new global::ModelGen.Inference.MapOptions { Seed = 3 });

        // Mode = (XᵀX/σ² + I/τ²)⁻¹ Xᵀy/σ² with X = [x₁ x₂ 1], σ = 0.7, τ = 3 (the prior on weights and bias).
        double[,] a = new double[3, 3];
        double[] b = new double[3];
        for (int r = 0; r < model.Y.Length; r++)
        {
            double[] row = [model.X[r, 0], model.X[r, 1], 1];
            for (int i = 0; i < 3; i++)
            {
                b[i] += row[i] * model.Y[r] / 0.49;
                for (int j = 0; j < 3; j++)
                {
                    a[i, j] += row[i] * row[j] / 0.49;
                }
            }
        }

        for (int i = 0; i < 3; i++)
        {
            a[i, i] += 1 / 9.0;
        }

        double[] mode = Inference.LinearAlgebra.Solve(a, b);
        Assert.True(map.Converged, map.Message);
        for (int i = 0; i < 3; i++)
        {
            // L-BFGS stops on Stan's relative tolerances (objective change 1e4·ε relative), which leaves the point ~1e-5
            // from the exact mode here; 1e-4 is a thousandth of the posterior sd (0.7/√37 ≈ 0.12), immaterial for a point estimate.
            Assert.Equal(mode[i], map.Point[i], 1e-4);
        }
    }
}
