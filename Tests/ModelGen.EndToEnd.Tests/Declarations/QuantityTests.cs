using System.Globalization;
using ModelGen.Draws;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Export;
using ModelGen.Sampling;
using ModelGen.Simd;
using static ModelGen.EndToEnd.Tests.Declarations.TermTests;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// Transformed parameters and generated quantities (docs/terms.md, "Transformed parameters and generated
/// quantities") on sample 6, the change point: its marginal density (a running log-sum-exp carried across the outer
/// loop) against the method as written and the density and its gradient written out here; the transformed Lp of
/// each draw against log p written out here; the generated S's frequencies against softmax(Lp); the same seed giving
/// the same columns and another seed other ones; CmdStan CSV's column names as Stan writes them, and the columns read
/// back from the file equal to the draws.
/// </summary>
public sealed class QuantityTests
{
    private static readonly int[] Counts = [2, 1, 4, 4, 3, 5, 1, 2, 0, 1, 1, 0, 2, 1];

    private static ChangePointTerm Model() => new(d: Counts);

    /// <summary>lp[s] = −log T + Σₜ log Poisson(D[t] | t &lt; s ? e : l), with log k! summed as Σ log j (no LGamma).</summary>
    private static double[] LpWrittenOut(double e, double l)
    {
        int n = Counts.Length;
        var lp = new double[n];
        for (int s = 0; s < n; s++)
        {
            lp[s] = -Math.Log(n);
            for (int t = 0; t < n; t++)
            {
                double rate = t < s ? e : l;
                double logFactorial = 0;
                for (int j = 2; j <= Counts[t]; j++)
                {
                    logFactorial += Math.Log(j);
                }

                lp[s] += (Counts[t] * Math.Log(rate)) - rate - logFactorial;
            }
        }

        return lp;
    }

    private static double LogSumExp(double[] x)
    {
        double max = x.Max();
        return max + Math.Log(x.Sum(v => Math.Exp(v - max)));
    }

    /// <summary>Draws of (E, L) laid out as the model's, without a fit.</summary>
    private static Draws<double> DrawsAt(ChangePointTerm model, params (double E, double L)[] points) =>
        new(model.Layout, [.. points.SelectMany(p => new[] { p.E, p.L })], points.Length);

    [Fact]
    public void The_marginal_term_equals_the_method_as_written_at_every_width()
    {
        ChangePointTerm model = Model();
        var failures = new List<string>();
        AsWrittenAgrees("ChangePointTerm", Of(model, w => model.SimdWidth = w, model.LogDensity, model.Gradient), t => model.EvaluateAsWritten(t), 140, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_marginal_term_s_gradient_is_the_closed_form_at_every_width()
    {
        // ∂/∂θ_e = Σₛ wₛ Σ_{t<s} (D[t] − e) + 1 − ½e and ∂/∂θ_l = Σₛ wₛ Σ_{t≥s} (D[t] − l) + 1 − ½l, w = softmax(lp), at
        // θ = (log e, log l). Central differences are no check at θ = ±6: log p's third derivative there is ~10⁷.
        ChangePointTerm model = Model();
        var failures = new List<string>();
        foreach ((double u, double v) in new[] { (0.9, 0.2), (-0.4, 0.7), (6.0, 6.0), (-6.0, -6.0), (6.0, -6.0) })
        {
            double e = Math.Exp(u), l = Math.Exp(v);
            double[] lp = LpWrittenOut(e, l);
            double norm = LogSumExp(lp);
            double early = 1 - (0.5 * e), late = 1 - (0.5 * l);
            for (int s = 0; s < Counts.Length; s++)
            {
                double w = Math.Exp(lp[s] - norm);
                early += w * Enumerable.Range(0, s).Sum(t => Counts[t] - e);
                late += w * Enumerable.Range(s, Counts.Length - s).Sum(t => Counts[t] - l);
            }

            foreach (SimdWidth width in Widths)
            {
                model.SimdWidth = width;
                double[] gradient = new double[2];
                model.Gradient([u, v], gradient);
                if (!(Math.Abs(gradient[0] - early) <= 1e-9 * Math.Max(1, Math.Abs(early)) && Math.Abs(gradient[1] - late) <= 1e-9 * Math.Max(1, Math.Abs(late))))
                {
                    failures.Add($"{width} at θ = ({u}, {v}): ({gradient[0]:R}, {gradient[1]:R}) vs ({early:R}, {late:R})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_marginal_density_is_the_log_sum_exp_of_lp_written_out()
    {
        // θ = (log e, log l): the exponential priors, their log-Jacobians θ, and log Σₛ exp(lp[s]).
        ChangePointTerm model = Model();
        foreach (SimdWidth width in Widths)
        {
            model.SimdWidth = width;
            foreach ((double e, double l) in new[] { (2.5, 1.2), (0.3, 4.0), (1.0, 1.0) })
            {
                double expected = Math.Log(0.5) - (0.5 * e) + Math.Log(e) + Math.Log(0.5) - (0.5 * l) + Math.Log(l) + LogSumExp(LpWrittenOut(e, l));
                double actual = model.LogDensity([Math.Log(e), Math.Log(l)]);
                Assert.True(Math.Abs(actual - expected) <= 1e-11 * Math.Abs(expected), $"{width} at e = {e}, l = {l}: {actual:R} vs {expected:R}");
            }
        }
    }

    [Fact]
    public void Each_draw_s_Lp_columns_are_log_p_written_out_and_S_is_one_based()
    {
        ChangePointTerm model = Model();
        Draws<double> draws = DrawsAt(model, (2.5, 1.2), (0.3, 4.0), (1.0, 1.0)).Generate(model, seed: 5);
        Assert.Equal(["E", "L", "Lp", "S"], draws.Info.Parameters.Select(p => p.Name));
        ParameterBlock lp = draws.Info["Lp"], s = draws.Info["S"];
        Assert.Equal(Counts.Length, lp.Length);
        for (int d = 0; d < draws.Count; d++)
        {
            double[] expected = LpWrittenOut(draws[d, 0], draws[d, 1]);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(draws[d, lp.Offset + i] - expected[i]) <= 1e-12 * Math.Abs(expected[i]), $"draw {d}, Lp[{i + 1}]: {draws[d, lp.Offset + i]:R} vs {expected[i]:R}");
            }

            double change = draws[d, s.Offset];
            Assert.True(change == Math.Floor(change) && change >= 1 && change <= Counts.Length, $"draw {d}: S = {change}");
        }
    }

    [Fact]
    public void S_s_frequencies_follow_softmax_of_Lp()
    {
        // One point repeated 20,000 times: each s's frequency within 4.5 binomial sds of exp(lp[s] − log Σ exp lp).
        ChangePointTerm model = Model();
        const int n = 20_000;
        Draws<double> draws = DrawsAt(model, [.. Enumerable.Repeat((2.2, 0.9), n)]).Generate(model, seed: 11);
        double[] lp = LpWrittenOut(2.2, 0.9);
        double norm = LogSumExp(lp);
        int s = draws.Info["S"].Offset;
        for (int k = 1; k <= Counts.Length; k++)
        {
            double p = Math.Exp(lp[k - 1] - norm);
            int hits = Enumerable.Range(0, n).Count(d => draws[d, s] == k);
            double sd = Math.Sqrt(n * p * (1 - p));
            Assert.True(Math.Abs(hits - (n * p)) <= (4.5 * sd) + 1, $"s = {k}: {hits} of {n}, expected {n * p:F1} ± {sd:F1}");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_columns_and_another_seed_other_ones()
    {
        ChangePointTerm model = Model();
        Draws<double> draws = DrawsAt(model, [.. Enumerable.Range(0, 200).Select(i => (1.0 + (0.01 * i), 1.5 - (0.002 * i)))]);
        double[] first = draws.Generate(model, seed: 3).Values.ToArray();
        double[] again = draws.Generate(Model(), seed: 3).Values.ToArray();
        double[] other = draws.Generate(model, seed: 4).Values.ToArray();
        Assert.Equal(first, again);
        int s = draws.Generate(model, seed: 3).Info["S"].Offset, width = s + 1;
        Assert.Contains(Enumerable.Range(0, draws.Count), d => first[(d * width) + s] != other[(d * width) + s]);

        // The transformed columns do not depend on the seed; only the generated ones do.
        Assert.Equal(first.Where((_, i) => i % width < s), other.Where((_, i) => i % width < s));
    }

    [Fact]
    public void Draws_of_another_layout_and_reads_outside_a_draw_are_named_errors()
    {
        ChangePointTerm model = Model();
        Draws<double> generated = DrawsAt(model, (1.0, 1.0)).Generate(model, seed: 1);
        ArgumentException twice = Assert.Throws<ArgumentException>(() => generated.Generate(model, seed: 1));
        Assert.Contains("ChangePointTerm", twice.Message, StringComparison.Ordinal);
        InvalidOperationException outside = Assert.Throws<InvalidOperationException>(() => model.Lp.Length);
        Assert.Contains("'Lp' is a transformed parameter", outside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CmdStan_CSV_names_the_columns_as_Stan_and_reads_back_equal()
    {
        ChangePointTerm model = Model();
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 9, Chains = 1, Warmup = 200, Draws = 100 }).Generate(model, seed: 10);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        NutsCsv.Write(text, fit, chain: 0);

        // Stan's order and spelling: sampler columns, parameters, transformed parameters (vector elements name.i,
        // 1-based), generated quantities.
        string[] expected =
        [
            "lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__", "E", "L",
            .. Enumerable.Range(1, Counts.Length).Select(i => "Lp." + i.ToString(CultureInfo.InvariantCulture)), "S",
        ];
        StanCsvTable table = StanCsv.Read(new StringReader(text.ToString()));
        Assert.Equal(expected, table.Columns);
        Assert.Equal(fit.Draws.Count, table.RowCount);
        for (int d = 0; d < fit.Draws.Count; d++)
        {
            for (int c = 0; c < fit.Draws.Dimension; c++)
            {
                Assert.Equal(fit.Draws[d, c], table.Row(d)[7 + c]);
            }
        }
    }
}
