using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Simd;
using static ModelGen.EndToEnd.Tests.Declarations.TermTests;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// Per-row loops in SIMD (docs/terms.md, "Vectorising a per-row loop"): sample 4's mixture, a loop reading two data
/// vectors and Y[0], a loop starting at 1 (LoopOverData), sample 7's inner sum over k (FlatRegressionTerm), inner sums
/// non-linear in β reading k and Y[n] (InnerSumRows), and loops that must stay scalar (a lagged read, |·|), each
/// against the methods run as written and central differences at every width, with row counts around every register
/// width (1, W − 1, W, W + 1 for W = 2, 4, 8, 16 lanes, and 1000) so full and partial registers are both covered; the
/// float mixture and regression against the double ones; no allocation per gradient.
/// </summary>
public sealed class TermRowTests
{
    /// <summary>1, W − 1, W and W + 1 for every lane count of double and float registers (2, 4, 8, 16), and 1000.</summary>
    private static readonly int[] RowCounts = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 1000];

    /// <summary>Rows that look like a two-component mixture: deterministic, spread over (−3, 3).</summary>
    private static double[] Rows(int count, int seed)
    {
        var random = new System.Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => ((i % 2 == 0 ? -1.0 : 1.0) * 1.5) + (random.NextDouble() * 2) - 1)];
    }

    /// <summary>A design matrix of <paramref name="count"/> rows: a column of ones, then columns spread over (−1, 1).</summary>
    private static double[,] Design(int count, int columns)
    {
        var random = new System.Random(count + 7);
        var x = new double[count, columns];
        for (int n = 0; n < count; n++)
        {
            x[n, 0] = 1;
            for (int k = 1; k < columns; k++)
            {
                x[n, k] = (random.NextDouble() * 2) - 1;
            }
        }

        return x;
    }

    private static IEnumerable<(string Name, Generated Model, Func<double[], double> AsWritten)> Models(int count)
    {
        double[] y = Rows(count, count), x = Rows(count, count + 1);
        var mixture = new MixtureTerm(y: y);
        yield return ($"MixtureTerm, {count} rows", Of(mixture, w => mixture.SimdWidth = w, mixture.LogDensity, mixture.Gradient), t => mixture.EvaluateAsWritten(t));
        var two = new TwoColumnRows(x: x, y: y);
        yield return ($"TwoColumnRows, {count} rows", Of(two, w => two.SimdWidth = w, two.LogDensity, two.Gradient), t => two.EvaluateAsWritten(t));
        var fromOne = new LoopOverData(y: [0.4, .. y]);
        yield return ($"LoopOverData, {count} rows after the first", Of(fromOne, w => fromOne.SimdWidth = w, fromOne.LogDensity, fromOne.Gradient), t => fromOne.EvaluateAsWritten(t));
        var lagged = new LaggedRows(y: [0.4, .. y]);
        yield return ($"LaggedRows (scalar), {count} rows", Of(lagged, w => lagged.SimdWidth = w, lagged.LogDensity, lagged.Gradient), t => lagged.EvaluateAsWritten(t));
        double[,] design = Design(count, 3);
        var regression = new FlatRegressionTerm(k: 3, x: design, y: y);
        yield return ($"FlatRegressionTerm (inner sum), {count} rows", Of(regression, w => regression.SimdWidth = w, regression.LogDensity, regression.Gradient), t => regression.EvaluateAsWritten(t));
        var inner = new InnerSumRows(k: 3, x: design, y: y);
        yield return ($"InnerSumRows, {count} rows", Of(inner, w => inner.SimdWidth = w, inner.LogDensity, inner.Gradient), t => inner.EvaluateAsWritten(t));
        var absolute = new AbsoluteRows(y: y);
        yield return ($"AbsoluteRows (scalar), {count} rows", Of(absolute, w => absolute.SimdWidth = w, absolute.LogDensity, absolute.Gradient), t => absolute.EvaluateAsWritten(t));
    }

    [Fact]
    public void Each_row_kernel_equals_the_term_run_as_written_at_every_width_and_row_count() =>
        EachAsWrittenAgrees(RowCounts.SelectMany(Models), 300);

    [Fact]
    public void Each_row_kernel_s_gradient_matches_central_differences_at_every_width_and_row_count() =>
        EachGradientMatches(RowCounts.Where(c => c < 1000).SelectMany(Models), 400);

    [Fact]
    public void The_float_mixture_agrees_with_the_double_one_at_every_width()
    {
        foreach (int count in new[] { 1, 3, 5, 9, 17, 1000 })
        {
            double[] y = Rows(count, count);
            var single = new MixtureTermF(y: [.. y.Select(v => (float)v)]);
            var reference = new MixtureTerm(y: [.. y.Select(v => (double)(float)v)]);
            FloatAgrees(single.ParameterCount, reference.LogDensityGradient, t => single.EvaluateAsWritten(t), w => single.SimdWidth = w, single.LogDensityGradient, 500 + count);
        }
    }

    [Fact]
    public void The_float_regression_agrees_with_the_double_one_at_every_width()
    {
        foreach (int count in new[] { 1, 3, 5, 9, 17, 1000 })
        {
            double[] y = Rows(count, count);
            double[,] design = Design(count, 3);
            var x = new float[count, 3];
            var wide = new double[count, 3];
            for (int n = 0; n < count; n++)
            {
                for (int k = 0; k < 3; k++)
                {
                    x[n, k] = (float)design[n, k];
                    wide[n, k] = x[n, k];
                }
            }

            var single = new FlatRegressionTermF(k: 3, x: x, y: [.. y.Select(v => (float)v)]);
            var reference = new FlatRegressionTerm(k: 3, x: wide, y: [.. y.Select(v => (double)(float)v)]);
            FloatAgrees(single.ParameterCount, reference.LogDensityGradient, t => single.EvaluateAsWritten(t), w => single.SimdWidth = w, single.LogDensityGradient, 700 + count);
        }
    }

    [Fact]
    public void The_row_path_equals_the_scalar_path_of_the_same_terms_at_every_width()
    {
        // [ScalarRows] keeps the same loops scalar (the benchmarks' baseline): both must give one log p and gradient.
        foreach (int count in new[] { 1, 7, 17, 1000 })
        {
            double[] y = Rows(count, count);
            double[,] design = Design(count, 3);
            var mixture = new MixtureTerm(y: y);
            var mixtureScalar = new MixtureTermScalar(y: y);
            var regression = new FlatRegressionTerm(k: 3, x: design, y: y);
            var regressionScalar = new FlatRegressionTermScalar(k: 3, x: design, y: y);
            foreach (SimdWidth width in Widths)
            {
                mixture.SimdWidth = width;
                regression.SimdWidth = width;
                Same($"mixture, {count} rows, {width}", mixture.LogDensityGradient, mixtureScalar.LogDensityGradient, mixture.ParameterCount);
                Same($"regression, {count} rows, {width}", regression.LogDensityGradient, regressionScalar.LogDensityGradient, regression.ParameterCount);
            }
        }
    }

    private delegate double Gradient(ReadOnlySpan<double> theta, Span<double> gradient);

    /// <summary>
    /// Value and gradient of two paths at three points: the same terms summed in another order (lanes, then lanes'
    /// sums; fused multiply-adds), so they differ by rounding alone, at most ~N·ε·max |row term| ≈ 1000 · 1.1e-16 · 10 ≈
    /// 1e-12 here: 1e-10 relative (absolute below 1) leaves a hundredfold margin and still catches any wrong term.
    /// </summary>
    private static void Same(string name, Gradient rows, Gradient scalar, int n)
    {
        var random = new System.Random(name.Length);
        for (int point = 0; point < 3; point++)
        {
            double[] theta = [.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1)];
            double[] a = new double[n], b = new double[n];
            double va = rows(theta, a), vb = scalar(theta, b);
            Assert.True(Math.Abs(va - vb) <= 1e-10 * Math.Max(1, Math.Abs(vb)), $"{name}: log p {va} and {vb}");
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(a[i] - b[i]) <= 1e-10 * Math.Max(1, Math.Abs(b[i])), $"{name}, θ[{i}]: {a[i]} and {b[i]}");
            }
        }
    }

    [Fact]
    public void A_gradient_of_a_row_term_allocates_nothing_at_any_width()
    {
        foreach (SimdWidth width in Widths)
        {
            var models = Models(1000).Concat(Models(5)).Select(m => m.Model).ToList();
            foreach (Generated model in models)
            {
                model.SetWidth(width);
            }

            NoneAllocates(models);
        }
    }
}
