using ModelGen.Draws;
using ModelGen.Prediction;

namespace ModelGen.Runtime.Tests.Prediction;

/// <summary>
/// The categorical predictive's summaries on hand-made probabilities, and the runtime's drivers over a hand-written
/// predictor whose class probabilities are known exactly.
/// </summary>
public class CategoricalPredictiveTests
{
    // Three rows, three classes: row 0 favours class 2, row 1 class 0, row 2 ties classes 1 and 2.
    private static readonly CategoricalPredictive s_three = new(
        new double[,] { { 0.1, 0.2, 0.7 }, { 0.5, 0.3, 0.2 }, { 0.2, 0.4, 0.4 } },
        new double[,] { { 0.01, 0.02, 0.03 }, { 0.04, 0.05, 0.06 }, { 0.07, 0.08, 0.09 } },
        10);

    [Fact]
    public void PredictedClass_is_the_highest_mean_and_the_lowest_class_on_a_tie()
    {
        Assert.Equal([2, 0, 1], s_three.PredictedClasses());
        Assert.Equal(3, s_three.Rows);
        Assert.Equal(3, s_three.Classes);
    }

    [Fact]
    public void Accuracy_confusion_and_true_class_probability_count_each_row_once()
    {
        double[] labels = [2, 1, 1];
        Assert.Equal(2.0 / 3, s_three.Accuracy<double>(labels), 1e-15);
        int[,] confusion = s_three.ConfusionMatrix<double>(labels);
        Assert.Equal(new int[,] { { 0, 0, 0 }, { 1, 1, 0 }, { 0, 0, 1 } }, confusion);
        (double[] mean, double[] sd) = s_three.TrueClassProbability<double>(labels);
        Assert.Equal([0.7, 0.3, 0.4], mean);
        Assert.Equal([0.03, 0.05, 0.08], sd);
    }

    [Theory]
    [InlineData(3.0, "Label 3 at row 1")]
    [InlineData(-1.0, "Label -1 at row 1")]
    [InlineData(0.5, "Label 0.5 at row 1")]
    [InlineData(double.NaN, "Label NaN at row 1")]
    public void A_label_that_is_not_a_class_is_refused_with_its_row(double bad, string expected)
    {
        double[] labels = [0, bad, 1];
        var e = Assert.Throws<ArgumentException>(() => s_three.Accuracy<double>(labels));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("labels", e.ParamName);
    }

    [Fact]
    public void Labels_must_be_one_per_row()
    {
        var e = Assert.Throws<ArgumentException>(() => s_three.ConfusionMatrix<double>([0, 1]));
        Assert.Contains("Expected 3 labels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SummarizeClasses_gives_the_mean_and_sd_over_draws_per_row_and_class()
    {
        // θ has one value a per draw; row r's probabilities are (a, 2a, 1 − 3a)·(something fixed per row) — see Fake.
        double[] values = [0.05, 0.10, 0.20, 0.25];
        var draws = new Draws<double>(Fake.Info, values, values.Length);
        CategoricalPredictive p = Predictive.SummarizeClasses<Fake, double>(new Fake(rows: 21), draws);
        Assert.Equal(21, p.Rows);
        Assert.Equal(3, p.Classes);
        for (int r = 0; r < 21; r++)
        {
            double[][] perDraw = [.. values.Select(a => Fake.Probabilities(a, r))];
            for (int k = 0; k < 3; k++)
            {
                double mean = perDraw.Average(q => q[k]);
                double sd = Math.Sqrt(perDraw.Sum(q => Math.Pow(q[k] - mean, 2)) / (values.Length - 1));
                Assert.Equal(mean, p.Mean[r, k], 1e-15);
                Assert.Equal(sd, p.StandardDeviation[r, k], 1e-15);
            }

            Assert.Equal(1, p.Mean[r, 0] + p.Mean[r, 1] + p.Mean[r, 2], 1e-15);
        }
    }

    [Fact]
    public void SampleClasses_draws_each_class_at_its_probability()
    {
        const int Samples = 20_000;
        var draws = new Draws<double>(Fake.Info, [.. Enumerable.Repeat(0.1, Samples)], Samples);
        double[,] labels = Predictive.SampleClasses<Fake, double>(new Fake(rows: 3), draws, Samples, seed: 17);
        for (int r = 0; r < 3; r++)
        {
            double[] q = Fake.Probabilities(0.1, r);
            for (int k = 0; k < 3; k++)
            {
                int count = Enumerable.Range(0, Samples).Count(s => labels[s, r] == k);
                double sd = Math.Sqrt(Samples * q[k] * (1 - q[k]));

                // 9 binomial counts within 4.5 sd: a false alarm on a correct build below 1e-4 by Bonferroni.
                Assert.True(Math.Abs(count - (Samples * q[k])) <= 4.5 * sd, $"row {r}, class {k}: {count}, expected {Samples * q[k]:F0} ± {sd:F0}");
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Predictive.SampleClasses<Fake, double>(new Fake(rows: 3), draws, Samples + 1, seed: 1));
    }

    /// <summary>A predictor with one parameter a: row r's probabilities are (a, 2a, 1 − 3a) rotated by r places.</summary>
    private readonly struct Fake(int rows) : ICategoricalPredictor<double>
    {
        public static readonly ModelInfo Info = new("Fake", "double", [new ParameterBlock("A", 0, new EquatableShape(), "Uniform(0, 0.3)")]);

        public int Rows => rows;

        public int Stride => ((rows + 15) / 16) * 16;

        public int Classes => 3;

        public static double[] Probabilities(double a, int row)
        {
            double[] p = [a, 2 * a, 1 - (3 * a)];
            return [.. Enumerable.Range(0, 3).Select(k => p[(k + row) % 3])];
        }

        public void Forward(ReadOnlySpan<double> theta, int rowBegin, int rowEnd, Span<double> output)
        {
            for (int r = rowBegin; r < rowEnd; r++)
            {
                double[] p = Probabilities(theta[0], r);
                for (int k = 0; k < 3; k++)
                {
                    output[(k * Stride) + r] = p[k];
                }
            }
        }
    }
}
