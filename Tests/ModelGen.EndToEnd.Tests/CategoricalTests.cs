using ModelGen.Batches;
using ModelGen.Data;
using ModelGen.Draws;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.EndToEnd.Tests.Support;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Random;
using ModelGen.Simd;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// The categorical likelihood: the generated log density against the log joint written out here (softmax by hand),
/// its stability at huge logits, the label checks, the K-valued predictive and sampled labels, and fits on simulated
/// classes whose Bayes-optimal accuracy is known.
/// </summary>
public sealed class CategoricalTests(ITestOutputHelper output)
{
    private const double HalfLogTwoPi = 0.918938533204672741780329736406;

    public static TheoryData<string> Cases() => new(ModelCase.CategoricalNames);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Density_is_the_log_joint_written_out(string name)
    {
        ModelCase model = ModelCase.Create(name);
        var rng = new Rng(41);
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            model.SetWidth(width);
            for (int point = 0; point < 4; point++)
            {
                double[] theta = Enumerable.Range(0, model.Dimension).Select(_ => rng.NextNormal()).ToArray();
                double expected = LogJoint(name, theta, model.X, model.Y, stable: false);
                double actual = model.LogDensity(theta);

                // The same terms in another order, and the vector exp/log a few ulp off libm: ~1e-14 of the total.
                Assert.True(
                    Math.Abs(expected - actual) <= 1e-11 * Math.Max(1, Math.Abs(expected)),
                    $"{name} at {width}, point {point}: generated {actual:R}, written out {expected:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Huge_logits_give_a_finite_density_and_gradient(string name)
    {
        // θ of size ~300 makes logits of several hundred to thousands: e^z overflows a double past 709, so a
        // log-sum-exp without the largest logit subtracted would give ∞ − ∞ = NaN here.
        ModelCase model = ModelCase.Create(name);
        var rng = new Rng(42);
        double[] theta = Enumerable.Range(0, model.Dimension).Select(_ => 300 * rng.NextNormal()).ToArray();
        Assert.True(double.IsPositiveInfinity(Enumerable.Range(0, model.Y.Length).Max(r => Math.Exp(Math.Abs(Logits(name, theta, model.X, r).Max())))), "the test point must overflow a naive softmax");
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector256 })
        {
            model.SetWidth(width);
            var gradient = new double[model.Dimension];
            double actual = model.LogDensityGradient(theta, gradient);
            double expected = LogJoint(name, theta, model.X, model.Y, stable: true);
            Assert.True(Math.Abs(expected - actual) <= 1e-11 * Math.Abs(expected), $"{name} at {width}: generated {actual:R}, written out {expected:R}");
            Assert.All(gradient, g => Assert.True(double.IsFinite(g), $"{name} at {width}: gradient {g}"));
        }
    }

    [Theory]
    [InlineData(-1.0, "-1")]
    [InlineData(3.0, "3")]
    [InlineData(1.5, "1.5")]
    [InlineData(double.NaN, "NaN")]
    public void A_value_that_is_not_a_class_label_is_refused_with_its_row(double bad, string shown)
    {
        var x = new double[5, 2];
        double[] y = [0, 1, 2, bad, 1];
        var e = Assert.Throws<ModelDataException>(() => new CategoricalNet(x, y));
        Assert.Contains("'Y'", e.Message, StringComparison.Ordinal);
        Assert.Contains("row 3", e.Message, StringComparison.Ordinal);
        Assert.Contains(shown, e.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 2", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Row);
    }

    [Fact]
    public void A_batch_with_a_bad_label_is_refused_with_its_row_in_the_whole_data()
    {
        (double[,] x, double[] y) = ModelCase.Classes(seed: 26, classes: 3);
        y[21] = 3;
        var e = Assert.Throws<ModelDataException>(() => new CategoricalNet().Fit(InMemoryBatches<double>.Sequential(x, y, 8), new AdviOptions { Iterations = 100, Seed = 1 }));
        Assert.Contains("row 21", e.Message, StringComparison.Ordinal);
        Assert.Contains("row 5 of the batch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_gives_per_class_means_and_sds_of_the_softmax_that_sum_to_one()
    {
        (double[,] x, double[] y) = ModelCase.Classes(seed: 27, classes: 3);
        var rng = new Rng(43);
        const int Count = 50;
        double[] values = Enumerable.Range(0, Count * CategoricalNet.ParameterCount).Select(_ => rng.NextNormal()).ToArray();
        var draws = new Draws<double>(CategoricalNet.Layout, values, Count);
        var model = new CategoricalNet();
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector512 })
        {
            model.SimdWidth = width;
            CategoricalPredictive predictive = model.Predict(x, draws);
            Assert.Equal(ModelCase.Rows, predictive.Rows);
            Assert.Equal(3, predictive.Classes);
            Assert.Equal(Count, predictive.Draws);
            for (int r = 0; r < ModelCase.Rows; r++)
            {
                var p = new double[Count, 3];
                for (int d = 0; d < Count; d++)
                {
                    double[] softmax = Softmax(Logits("CategoricalNet", values.AsSpan(d * CategoricalNet.ParameterCount, CategoricalNet.ParameterCount).ToArray(), x, r));
                    for (int k = 0; k < 3; k++)
                    {
                        p[d, k] = softmax[k];
                    }
                }

                double total = 0;
                for (int k = 0; k < 3; k++)
                {
                    double mean = Enumerable.Range(0, Count).Average(d => p[d, k]);
                    double sd = Math.Sqrt(Enumerable.Range(0, Count).Sum(d => Math.Pow(p[d, k] - mean, 2)) / (Count - 1));
                    Assert.Equal(mean, predictive.Mean[r, k], 1e-12);
                    Assert.Equal(sd, predictive.StandardDeviation[r, k], 1e-12);
                    total += predictive.Mean[r, k];
                }

                Assert.Equal(1, total, 1e-12);
            }

            // The summaries a user reads: the confusion matrix's rows count each label, its diagonal is the accuracy.
            int[,] confusion = predictive.ConfusionMatrix<double>(y);
            int diagonal = 0;
            for (int k = 0; k < 3; k++)
            {
                diagonal += confusion[k, k];
                Assert.Equal(y.Count(v => v == k), Enumerable.Range(0, 3).Sum(j => confusion[k, j]));
            }

            Assert.Equal((double)diagonal / ModelCase.Rows, predictive.Accuracy<double>(y), 1e-15);
            Assert.Equal(predictive.PredictedClasses().Count((c) => c == 0), Enumerable.Range(0, 3).Sum(k => confusion[k, 0]));
        }
    }

    [Fact]
    public void Sampled_labels_follow_each_rows_class_probabilities()
    {
        (double[,] x, _) = ModelCase.Classes(seed: 28, classes: 4);
        var rng = new Rng(44);
        double[] theta = Enumerable.Range(0, SoftmaxRegression.ParameterCount).Select(_ => rng.NextNormal()).ToArray();
        const int Samples = 4000;
        double[] values = Enumerable.Range(0, Samples).SelectMany(_ => theta).ToArray();
        var draws = new Draws<double>(SoftmaxRegression.Layout, values, Samples);
        double[,] labels = new SoftmaxRegression().SamplePredictive(x, draws, Samples, seed: 5);
        Assert.Equal(Samples, labels.GetLength(0));
        for (int r = 0; r < ModelCase.Rows; r++)
        {
            double[] p = Softmax(Logits("SoftmaxRegression", theta, x, r));
            var counts = new int[4];
            for (int s = 0; s < Samples; s++)
            {
                double label = labels[s, r];
                Assert.True(label is 0 or 1 or 2 or 3, $"row {r}, sample {s}: label {label}");
                counts[(int)label]++;
            }

            for (int k = 0; k < 4; k++)
            {
                // A binomial count: 5 standard deviations keeps the 148 comparisons' family-wise false alarm rate below 1e-4.
                double sd = Math.Sqrt(Samples * p[k] * (1 - p[k]));
                Assert.True(Math.Abs(counts[k] - (Samples * p[k])) <= (5 * sd) + 1, $"row {r}, class {k}: {counts[k]} of {Samples}, expected {Samples * p[k]:F1} ± {sd:F1}");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_fit_on_three_gaussian_blobs_reaches_the_bayes_accuracy(bool minibatch)
    {
        Blobs train = Blobs.Draw(600, seed: 51);
        Blobs test = Blobs.Draw(3000, seed: 52);
        var options = new AdviOptions { Iterations = 20_000, Seed = 3 };
        AdviFit<float> fit = minibatch
            ? new SoftmaxRegressionFloat().Fit(InMemoryBatches<float>.WithReplacement(train.X, train.Y, 50, seed: 3), options)
            : new SoftmaxRegressionFloat(train.X, train.Y).Fit(options);
        CategoricalPredictive predictive = new SoftmaxRegressionFloat().Predict(test.X, fit.Sample(2000));

        // Every row's class probabilities sum to 1.
        for (int r = 0; r < predictive.Rows; r++)
        {
            Assert.Equal(1, predictive.Mean[r, 0] + predictive.Mean[r, 1] + predictive.Mean[r, 2], 1e-5);
        }

        // The Bayes classifier of three equal-weight isotropic Gaussians is the nearest centre. The model (linear logits,
        // the family the Bayes rule lies in) and it are compared on the same test rows: the accuracy difference is
        // (rows only the model gets right − rows only Bayes gets right) / n, whose standard error is at most √D / n for D
        // rows where they disagree. A well-specified 9-parameter softmax regression fitted on 600 rows has an expected
        // excess error of order p / n ≈ 1.5 %; the test allows that, plus 3 standard errors, and no more in either direction.
        int[] predicted = predictive.PredictedClasses();
        int modelHits = 0, bayesHits = 0, disagreements = 0;
        for (int r = 0; r < test.Y.Length; r++)
        {
            int bayes = Blobs.Nearest(test.X[r, 0], test.X[r, 1]);
            modelHits += predicted[r] == (int)test.Y[r] ? 1 : 0;
            bayesHits += bayes == (int)test.Y[r] ? 1 : 0;
            disagreements += bayes != predicted[r] ? 1 : 0;
        }

        double n = test.Y.Length;
        double accuracy = modelHits / n;
        double bayesAccuracy = bayesHits / n;
        double slack = 3 * Math.Sqrt(disagreements) / n;
        (double[] trueMean, double[] trueSd) = predictive.TrueClassProbability<float>(test.Y);
        output.WriteLine($"{(minibatch ? "minibatch" : "full batch")}: accuracy {accuracy:P2}, Bayes rule {bayesAccuracy:P2} on the same rows (rate {Blobs.BayesAccuracy:P2}), {disagreements} disagreements; mean P(true class) {trueMean.Average():F3} ± {trueSd.Average():F3}");
        Assert.True(accuracy >= bayesAccuracy - 0.015 - slack, $"accuracy {accuracy:P2} is below the Bayes rule's {bayesAccuracy:P2} by more than 1.5 % + {slack:P2}");
        Assert.True(accuracy <= bayesAccuracy + slack, $"accuracy {accuracy:P2} beats the Bayes rule's {bayesAccuracy:P2} by more than {slack:P2}");
        Assert.Equal(predictive.Accuracy<float>(test.Y), accuracy, 1e-15);
    }

    /// <summary>Three unit-variance Gaussian blobs centred on an equilateral triangle of circumradius 2, equal weights.</summary>
    private sealed record Blobs(float[,] X, float[] Y)
    {
        public static readonly (double X, double Y)[] Centres = [(0, 2), (-Math.Sqrt(3), -1), (Math.Sqrt(3), -1)];

        /// <summary>
        /// P(correct) of the nearest-centre rule: by symmetry that of class 0, whose region is the 120° wedge around its
        /// centre's direction. Integrated here on a fine polar grid of the standard normal around the centre, independently
        /// of any sample (the wedge boundary is the two lines through the origin at ±60° from the vertical).
        /// </summary>
        public static readonly double BayesAccuracy = WedgeProbability();

        public static Blobs Draw(int rows, ulong seed)
        {
            var rng = new Rng(seed);
            var x = new float[rows, 2];
            var y = new float[rows];
            for (int r = 0; r < rows; r++)
            {
                int k = rng.NextInt(3);
                x[r, 0] = (float)(Centres[k].X + rng.NextNormal());
                x[r, 1] = (float)(Centres[k].Y + rng.NextNormal());
                y[r] = k;
            }

            return new Blobs(x, y);
        }

        public static int Nearest(double x, double y)
        {
            int best = 0;
            double bestDistance = double.MaxValue;
            for (int k = 0; k < 3; k++)
            {
                double d = Math.Pow(x - Centres[k].X, 2) + Math.Pow(y - Centres[k].Y, 2);
                if (d < bestDistance)
                {
                    best = k;
                    bestDistance = d;
                }
            }

            return best;
        }

        private static double WedgeProbability()
        {
            // Midpoint rule in polar coordinates (ρ, φ) around centre 0; the density of the offset is e^(−ρ²/2)/(2π).
            const int RadialSteps = 1500, AngularSteps = 1440;
            const double RadialMax = 9;
            double total = 0;
            for (int i = 0; i < RadialSteps; i++)
            {
                double rho = (i + 0.5) * RadialMax / RadialSteps;
                double weight = rho * Math.Exp(-0.5 * rho * rho) / (2 * Math.PI) * (RadialMax / RadialSteps) * (2 * Math.PI / AngularSteps);
                for (int j = 0; j < AngularSteps; j++)
                {
                    double phi = (j + 0.5) * 2 * Math.PI / AngularSteps;
                    total += Nearest(rho * Math.Cos(phi), 2 + (rho * Math.Sin(phi))) == 0 ? weight : 0;
                }
            }

            return total;
        }
    }

    /// <summary>log p(θ) + Σ_r log softmax(z_r)[y_r], every prior Normal(0, σ), the log-sum-exp naive or with the max subtracted.</summary>
    private static double LogJoint(string name, double[] t, double[,] x, double[] y, bool stable)
    {
        double sigma = name == "SoftmaxRegression" ? 2 : 1;
        double total = t.Sum(v => (-0.5 * Math.Pow(v / sigma, 2)) - Math.Log(sigma) - HalfLogTwoPi);
        for (int r = 0; r < y.Length; r++)
        {
            double[] z = Logits(name, t, x, r);
            double shift = stable ? z.Max() : 0;
            total += z[(int)y[r]] - (shift + Math.Log(z.Sum(v => Math.Exp(v - shift))));
        }

        return total;
    }

    /// <summary>
    /// Row r's logits. CategoricalNet: θ = hidden W 2×3, b 3, logits W 3×3, b 3, z = tanh(x·W + b)·V + c.
    /// SoftmaxRegression: θ = W 2×4, b 4, z = x·W + b. Weights are row-major, [input, unit].
    /// </summary>
    private static double[] Logits(string name, double[] t, double[,] x, int r)
    {
        if (name == "SoftmaxRegression")
        {
            return Enumerable.Range(0, 4).Select(k => (x[r, 0] * t[k]) + (x[r, 1] * t[4 + k]) + t[8 + k]).ToArray();
        }

        double[] h = Enumerable.Range(0, 3).Select(j => Math.Tanh((x[r, 0] * t[j]) + (x[r, 1] * t[3 + j]) + t[6 + j])).ToArray();
        return Enumerable.Range(0, 3).Select(k => (h[0] * t[9 + k]) + (h[1] * t[12 + k]) + (h[2] * t[15 + k]) + t[18 + k]).ToArray();
    }

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        double[] e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
