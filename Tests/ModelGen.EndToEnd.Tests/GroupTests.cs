using ModelGen.Batches;
using ModelGen.Data;
using ModelGen.Draws;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.EndToEnd.Tests.Support;
using ModelGen.Inference;
using ModelGen.Random;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// Group-indexed parameters, named per-row columns and parameter terms in the likelihood: the generated densities
/// against the log joints written out by hand, the data checks of the group and column values, and fits of eight
/// schools (centred and non-centred) and a varying-intercepts radon model that recover the effects that made
/// simulated data.
/// </summary>
public sealed class GroupTests(ITestOutputHelper output)
{
    private const double HalfLogTwoPi = 0.918938533204672741780329736406;

    public static TheoryData<string> Cases() => new(ModelCase.GroupNames);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Density_is_the_log_joint_written_out(string name)
    {
        ModelCase model = ModelCase.Create(name);
        var rng = new Rng(31);
        for (int point = 0; point < 5; point++)
        {
            double[] theta = Enumerable.Range(0, model.Dimension).Select(_ => rng.NextNormal()).ToArray();
            double expected = LogJoint(name, theta, model.X, model.Y);
            double actual = model.LogDensity(theta);

            // The same sums in another order: a few ulp of the magnitude per term, over at most ~100 terms.
            Assert.Equal(expected, actual, 1e-11 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void Bad_group_indices_and_scales_are_reported_with_the_element_row_and_column()
    {
        (double[,] x, double[] y) = ModelCase.GroupData("EightSchools");
        foreach (double bad in new[] { 8, -1, 2.5 })
        {
            double[,] wrong = (double[,])x.Clone();
            wrong[5, 0] = bad;
            var e = Assert.Throws<ModelDataException>(() => new EightSchools(wrong, y));
            Assert.Equal("School", e.Element);
            Assert.Equal(5, e.Row);
            Assert.Equal(0, e.Column);
            Assert.Contains("a group index is a whole number from 0 to 7", e.Message);

            // Prediction checks its rows the same way, before any draw is read.
            var fitted = new EightSchools(x, y);
            var p = Assert.Throws<ModelDataException>(() => fitted.Predict(wrong, fitted.SamplePrior(2, 1)));
            Assert.Equal("School", p.Element);
        }

        // A non-finite value is the input's error before it is any group's.
        double[,] missing = (double[,])x.Clone();
        missing[5, 0] = double.NaN;
        var n = Assert.Throws<ModelDataException>(() => new EightSchools(missing, y));
        Assert.Equal(("X", 5, 0), (n.Element, n.Row, n.Column));

        double[,] zeroScale = (double[,])x.Clone();
        zeroScale[3, 1] = 0;
        var s = Assert.Throws<ModelDataException>(() => new EightSchools(zeroScale, y));
        Assert.Equal(("StdErr", 3, 1), (s.Element, s.Row, s.Column));

        // Per-row trials: whole numbers, and never fewer than the successes.
        (double[,] tx, double[] ty) = ModelCase.GroupData("VaryingTrials");
        double[,] fractional = (double[,])tx.Clone();
        fractional[4, 1] = 2.5;
        var f = Assert.Throws<ModelDataException>(() => new VaryingTrials(fractional, ty));
        Assert.Equal(("N", 4, 1), (f.Element, f.Row, f.Column));
        int row = Array.FindIndex(ty, v => v > 0);
        double[,] fewer = (double[,])tx.Clone();
        fewer[row, 1] = ty[row] - 1;
        var t = Assert.Throws<ModelDataException>(() => new VaryingTrials(fewer, ty));
        Assert.Equal(("Y", row), (t.Element, t.Row));
        Assert.Contains("more than its", t.Message);

        // A minibatch is checked as it arrives; the row is the data set's.
        double[,] radonX = ModelCase.GroupData("Radon").X;
        double[] radonY = ModelCase.GroupData("Radon").Y;
        radonX[20, 1] = 12;
        var batch = Assert.Throws<ModelDataException>(() => new Radon().Fit(InMemoryBatches<double>.Sequential(radonX, radonY, 10), new AdviOptions { Iterations = 5, Seed = 1 }));
        Assert.Equal("County", batch.Element);
        Assert.Contains("row 20", batch.Message);
    }

    [Fact]
    public void Simulated_observations_use_each_rows_sigma_and_trials()
    {
        // One draw repeated K times: row r's simulated estimates are θ[school] + σᵣ·z, so (y − θ)/σᵣ has sd 1 in every
        // row; its sample sd is within 4/√(2K) of 1 (37 rows: a chance failure below 37 · 6.3·10⁻⁵).
        const int k = 4000;
        (double[,] x, double[] y) = ModelCase.GroupData("EightSchools");
        var model = new EightSchools(x, y);
        double[] draw = new double[EightSchools.ParameterCount];
        for (int j = 0; j < draw.Length; j++)
        {
            draw[j] = j;
        }

        var draws = new Draws<double>(EightSchools.Layout, Enumerable.Range(0, k).SelectMany(_ => draw).ToArray(), k);
        double[,] simulated = model.SamplePredictive(x, draws, k, seed: 3);
        for (int r = 0; r < y.Length; r++)
        {
            double theta = draw[model.Theta.Block.Offset + (int)x[r, 0]];
            double sd = Math.Sqrt(Enumerable.Range(0, k).Sum(i => Math.Pow((simulated[i, r] - theta) / x[r, 1], 2)) / k);
            Assert.True(Math.Abs(sd - 1) < 4 / Math.Sqrt(2.0 * k), $"row {r}: sd of (y − θ)/σ is {sd}");
        }

        // Binomial draws never exceed the row's trials, and reach them where σ(z) is 1 to double precision (z = 30).
        (double[,] tx, double[] ty) = ModelCase.GroupData("VaryingTrials");
        var binomial = new VaryingTrials(tx, ty);
        double[,] counts = binomial.SamplePredictive(tx, new Draws<double>(VaryingTrials.Layout, [0, 30], 1), 1, seed: 4);
        for (int r = 0; r < ty.Length; r++)
        {
            Assert.Equal(tx[r, 1], counts[0, r]);
        }
    }

    [Fact]
    public void Layers_see_only_the_columns_no_group_reads()
    {
        // Radon's X is [floor, county]: its one layer has one input, and the layout names the county intercepts.
        Assert.Equal(1, new Radon().Floor.Inputs);
        Assert.Equal(12, Radon.Layout["A"].Length);
        Assert.Equal(new ModelGen.Group("County", "X", 1, 12), new Radon().County);
        Assert.Equal(new ModelGen.Column("StdErr", "X", 1), new EightSchools().StdErr);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Eight_schools_recovers_the_school_effects_that_made_the_data(bool nonCentred)
    {
        // Eight schools with 30 rows each (the model allows several estimates per school), σ = 2 per row, effects
        // drawn around μ = 4 with τ = 3. Each θⱼ's posterior sd is then about 1/√(30/4 + 1/9) = 0.36, and by
        // Bernstein–von Mises its posterior mean is within a few of those of the value that made the data.
        double[] theta = new double[8];
        var rng = new Rng(101);
        for (int j = 0; j < 8; j++)
        {
            theta[j] = 4 + (3 * rng.NextNormal());
        }

        const int perSchool = 30;
        var x = new double[8 * perSchool, 2];
        var y = new double[8 * perSchool];
        for (int r = 0; r < y.Length; r++)
        {
            x[r, 0] = r % 8;
            x[r, 1] = 2;
            y[r] = theta[r % 8] + (2 * rng.NextNormal());
        }

        var options = new AdviOptions { Iterations = 30_000, Seed = 5 };
        Draws<double> draws;
        ParameterBlock block;
        if (nonCentred)
        {
            var model = new EightSchoolsNonCentred(x, y);
            draws = model.Fit(options).Sample(4000, seed: 6);
            block = model.Theta.Block;
        }
        else
        {
            var model = new EightSchools(x, y);
            draws = model.Fit(options).Sample(4000, seed: 6);
            block = model.Theta.Block;
        }

        CheckRecovered("θ", draws, block, theta, j => 1 / Math.Sqrt((perSchool / 4.0) + (1 / 9.0)));
    }

    [Fact]
    public void Radon_varying_intercepts_recover_the_county_intercepts_and_the_floor_effect()
    {
        // Twelve counties with 6 to 50 homes, a basement (floor 0) or not (floor 1); log radon = a[county] − 0.7·floor
        // + N(0, 0.6²), the county intercepts around 1.5 with spread 0.5 (Gelman and Hill's model, simulated).
        const double slope = -0.7;
        const double sigmaY = 0.6;
        const double sigmaA = 0.5;
        var rng = new Rng(202);
        double[] a = Enumerable.Range(0, 12).Select(_ => 1.5 + (sigmaA * rng.NextNormal())).ToArray();
        int[] homes = Enumerable.Range(0, 12).Select(j => 6 + (4 * j)).ToArray();
        int rows = homes.Sum();
        var x = new double[rows, 2];
        var y = new double[rows];
        int row = 0;
        for (int j = 0; j < 12; j++)
        {
            for (int h = 0; h < homes[j]; h++, row++)
            {
                x[row, 0] = rng.NextDouble() < 0.3 ? 1 : 0;
                x[row, 1] = j;
                y[row] = a[j] + (slope * x[row, 0]) + (sigmaY * rng.NextNormal());
            }
        }

        var model = new Radon(x, y);
        Draws<double> draws = model.Fit(new AdviOptions { Iterations = 30_000, Seed = 7 }).Sample(4000, seed: 8);

        // A county's intercept given the hyperparameters has sd 1/√(n/σ_y² + 1/σ_a²); the slope is shared by all rows.
        CheckRecovered("a", draws, model.A.Block, a, j => 1 / Math.Sqrt((homes[j] / (sigmaY * sigmaY)) + (1 / (sigmaA * sigmaA))));
        double floors = Enumerable.Range(0, rows).Sum(r => x[r, 0]);
        CheckRecovered("b", draws, model.Floor.Weights, [slope], _ => sigmaY / Math.Sqrt(floors * (rows - floors) / rows));
    }

    /// <summary>
    /// Each element's posterior mean within 4 sds of the value that made the data, the sd being the larger of the
    /// draws' and the exact conditional one (mean-field ADVI may understate it); then that the check can fail: moved
    /// one group along, the same tolerance rejects some element.
    /// </summary>
    private void CheckRecovered(string name, Draws<double> draws, ParameterBlock block, double[] truth, Func<int, double> exactSd)
    {
        double[] means = new double[truth.Length];
        double[] tolerances = new double[truth.Length];
        for (int j = 0; j < truth.Length; j++)
        {
            int index = block.Offset + j;
            double mean = Enumerable.Range(0, draws.Count).Average(k => draws[k, index]);
            double sd = Math.Sqrt(Enumerable.Range(0, draws.Count).Sum(k => Math.Pow(draws[k, index] - mean, 2)) / (draws.Count - 1));
            means[j] = mean;
            tolerances[j] = 4 * Math.Max(sd, exactSd(j));
            output.WriteLine($"{name}[{j}]: posterior mean {mean:F3} (sd {sd:F3}, exact ≈ {exactSd(j):F3}) vs {truth[j]:F3}");
            Assert.True(Math.Abs(mean - truth[j]) < tolerances[j], $"{name}[{j}]: posterior mean {mean} vs generating {truth[j]}, tolerance {tolerances[j]}");
        }

        if (truth.Length > 1)
        {
            bool shiftedPasses = Enumerable.Range(0, truth.Length).All(j => Math.Abs(means[j] - truth[(j + 1) % truth.Length]) < tolerances[j]);
            Assert.False(shiftedPasses, $"{name}: the tolerance would accept the effects of the neighbouring groups");
        }
    }

    /// <summary>The log joint of each group model at unconstrained θ, written from its declaration (layout: standalone parameters, then layers).</summary>
    private static double LogJoint(string name, double[] t, double[,] x, double[] y)
    {
        double logp = 0;
        switch (name)
        {
            case "EightSchools" or "EightSchoolsNonCentred":
            {
                // θ = [Mu, log Tau, Theta (8) or z (8)].
                double mu = t[0];
                double tau = Math.Exp(t[1]);
                logp += LogNormal(mu, 0, 5) + LogHalfCauchy(tau, 5) + t[1];
                double[] effects = new double[8];
                for (int j = 0; j < 8; j++)
                {
                    if (name == "EightSchools")
                    {
                        effects[j] = t[2 + j];
                        logp += LogNormal(effects[j], mu, tau);
                    }
                    else
                    {
                        effects[j] = mu + (tau * t[2 + j]);
                        logp += LogNormal(t[2 + j], 0, 1);
                    }
                }

                for (int r = 0; r < y.Length; r++)
                {
                    logp += LogNormal(y[r], effects[(int)x[r, 0]], x[r, 1]);
                }

                return logp;
            }

            case "Radon":
            {
                // θ = [MuA, log SigmaA, A (12), log SigmaY, Floor.Weights (1)].
                double muA = t[0];
                double sigmaA = Math.Exp(t[1]);
                double sigmaY = Math.Exp(t[14]);
                double b = t[15];
                logp += LogNormal(muA, 0, 10) + LogHalfNormal(sigmaA, 5) + t[1] + LogHalfNormal(sigmaY, 5) + t[14] + LogNormal(b, 0, 10);
                for (int j = 0; j < 12; j++)
                {
                    logp += LogNormal(t[2 + j], muA, sigmaA);
                }

                for (int r = 0; r < y.Length; r++)
                {
                    logp += LogNormal(y[r], t[2 + (int)x[r, 1]] + (b * x[r, 0]), sigmaY);
                }

                return logp;
            }

            case "GroupPoisson":
            {
                // θ = [SiteEffect (5), Hidden.Weights (2×3), LogRate.Weights (3)]; the layer reads columns 0 and 1.
                for (int j = 0; j < 5; j++)
                {
                    logp += LogNormal(t[j], 0, 0.5);
                }

                for (int i = 5; i < 14; i++)
                {
                    logp += LogNormal(t[i], 0, 1);
                }

                for (int r = 0; r < y.Length; r++)
                {
                    double eta = t[(int)x[r, 2]];
                    for (int u = 0; u < 3; u++)
                    {
                        eta += t[11 + u] * Math.Tanh((x[r, 0] * t[5 + u]) + (x[r, 1] * t[8 + u]));
                    }

                    logp += (y[r] * eta) - Math.Exp(eta) - LogFactorial((int)y[r]);
                }

                return logp;
            }

            case "BetaBernoulli":
            {
                // θ = [logit P]; Beta(2, 3) = 12 p (1 − p)², and the Jacobian p (1 − p).
                double p = 1 / (1 + Math.Exp(-t[0]));
                logp += Math.Log(12) + Math.Log(p) + (2 * Math.Log(1 - p)) + Math.Log(p) + Math.Log(1 - p);
                foreach (double outcome in y)
                {
                    logp += outcome == 1 ? Math.Log(p) : Math.Log(1 - p);
                }

                return logp;
            }

            case "VaryingTrials":
            {
                // θ = [Logit.Weights (1), Logit.Bias (1)]; row r has n = X[r, 1] trials.
                logp += LogNormal(t[0], 0, 1) + LogNormal(t[1], 0, 1);
                for (int r = 0; r < y.Length; r++)
                {
                    double z = (t[0] * x[r, 0]) + t[1];
                    int n = (int)x[r, 1];
                    double logChoose = LogFactorial(n) - LogFactorial((int)y[r]) - LogFactorial(n - (int)y[r]);
                    logp += logChoose + (y[r] * z) - (n * (Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)))));
                }

                return logp;
            }

            default:
            {
                // GroupLogits: θ = [Base, ArmLogit (4)].
                logp += LogNormal(t[0], 0, 1.5);
                for (int j = 0; j < 4; j++)
                {
                    logp += LogNormal(t[1 + j], 0, 1);
                }

                for (int r = 0; r < y.Length; r++)
                {
                    double z = t[0] + t[1 + (int)x[r, 0]];
                    logp += (y[r] * z) - (Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))));
                }

                return logp;
            }
        }
    }

    private static double LogNormal(double x, double mu, double sigma) =>
        (-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)) - Math.Log(sigma) - HalfLogTwoPi;

    private static double LogHalfNormal(double x, double sigma) => Math.Log(2) + LogNormal(x, 0, sigma);

    private static double LogHalfCauchy(double x, double scale) => Math.Log(2 / (Math.PI * scale)) - Math.Log(1 + ((x / scale) * (x / scale)));

    private static double LogFactorial(int n) => Enumerable.Range(2, Math.Max(0, n - 1)).Sum(k => Math.Log(k));
}
