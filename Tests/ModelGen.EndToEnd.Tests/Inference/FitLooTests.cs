using ModelGen.Diagnostics;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>
/// <c>fit.Loo(model)</c> and <c>fit.Waic(model)</c> on each kind of fit of the orthogonal regression (16 rows, known
/// noise sd 2): the same numbers as Loo on a pointwise matrix the test writes from the draws in closed form,
/// log N(yᵢ | xᵢ·w, 2²), through the path each kind of draws needs (r_eff from the chains for NUTS, the approximate
/// posterior's correction for ADVI and a single Pathfinder path, r_eff = 1 for resampled Pathfinder draws).
/// </summary>
public class FitLooTests
{
    private static readonly (double[,] X, double[] Y) Data = OrthogonalRegressionModel.Simulate(3);

    [Fact]
    public void Nuts_loo_and_waic_are_those_of_the_closed_form_matrix_with_r_eff_from_the_chains()
    {
        var model = new OrthogonalRegressionModel(Data.X, Data.Y);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Chains = 2, Warmup = 200, Draws = 150, Seed = 4 });
        LogLikelihoodMatrix expected = ClosedForm(fit.Draws, fit.Chains);

        AssertSame(Loo.Compute(expected), fit.Loo(model));
        Assert.Equal(Loo.Waic(expected).Elpd.Value, fit.Waic(model).Elpd.Value, 1e-9);
        Assert.False(fit.Loo(model).IsApproximatePosterior);
    }

    [Fact]
    public void Leave_one_group_out_is_loo_of_the_groups_summed_log_likelihoods()
    {
        // 16 rows in 4 groups of consecutive rows (row i in group i / 4), summed here from the closed form.
        var model = new OrthogonalRegressionModel(Data.X, Data.Y);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Chains = 2, Warmup = 200, Draws = 150, Seed = 4 });
        LogLikelihoodMatrix rows = ClosedForm(fit.Draws, fit.Chains);
        var sums = new double[fit.Draws.Count * 4];
        for (int s = 0; s < fit.Draws.Count; s++)
        {
            for (int i = 0; i < rows.Observations; i++)
            {
                sums[(s * 4) + (i / 4)] += rows[s, i];
            }
        }

        var groups = new LooGroups([.. Enumerable.Range(0, Data.Y.Length).Select(i => i / 4)], 4, "quarter");
        AssertSame(Loo.Compute(new LogLikelihoodMatrix(sums, fit.Draws.Count, 4, fit.Chains)), fit.Loo(model, groups));
        Assert.Equal(4, fit.Waic(model, groups).Observations);
    }

    [Fact]
    public void Pathfinder_loo_corrects_a_single_path_and_takes_resampled_draws_as_the_posterior()
    {
        var model = new OrthogonalRegressionModel(Data.X, Data.Y);
        PathfinderFit<double> single = model.Pathfinder(new PathfinderOptions { Paths = 1, DrawsPerPath = 300, Seed = 5 });
        Assert.False(single.Resampled);
        AssertSame(Loo.ApproximatePosterior(ClosedForm(single.Draws, 1), single.LogDensity, single.LogApproximation), single.Loo(model));

        PathfinderFit<double> resampled = model.Pathfinder(new PathfinderOptions { Paths = 2, DrawsPerPath = 200, Draws = 300, Seed = 5 });
        Assert.True(resampled.Resampled);
        LogLikelihoodMatrix expected = ClosedForm(resampled.Draws, 1);
        AssertSame(Loo.Compute(expected, Enumerable.Repeat(1.0, expected.Observations).ToArray()), resampled.Loo(model));
    }

    [Fact]
    public void Advi_loo_is_the_approximate_posterior_correction_on_draws_of_the_approximation()
    {
        var model = new OrthogonalRegressionModel(Data.X, Data.Y);
        AdviFit<double> fit = model.Fit(new AdviOptions { Seed = 6 });
        const int draws = 400;
        double[] unconstrained = fit.SampleUnconstrained(draws, seed: 9);
        int d = OrthogonalRegressionModel.ParameterCount;
        var logP = new double[draws];
        var logG = new double[draws];
        for (int s = 0; s < draws; s++)
        {
            logP[s] = model.LogDensity(unconstrained.AsSpan(s * d, d));
            logG[s] = fit.LogApproximation(unconstrained.AsSpan(s * d, d));
        }

        // The weights are unconstrained (identity transform): the draws' values are θ itself.
        LogLikelihoodMatrix expected = ClosedForm(new Draws.Draws<double>(OrthogonalRegressionModel.Layout, unconstrained, draws), 1);
        LooResult loo = fit.Loo(model, draws, seed: 9);
        AssertSame(Loo.ApproximatePosterior(expected, logP, logG), loo);
        Assert.True(loo.IsApproximatePosterior);
        Assert.Contains("Posterior approximation correction used.", loo.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Advi_csv_carries_log_lik_columns_that_give_the_fits_loo()
    {
        var model = new OrthogonalRegressionModel(Data.X, Data.Y);
        AdviFit<double> fit = model.Fit(new AdviOptions { Seed = 6 });
        const int draws = 300;
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Draws.Draws<double> written = Export.StanCsv.Write(text, fit, model, draws, seed: 9);
        Export.StanCsvTable csv = Export.StanCsv.Read(new StringReader(text.ToString()));

        // loo's extract_log_lik reads log_lik.1 … log_lik.N; each value is the closed form at its row's draw.
        int n = Data.Y.Length;
        Assert.Equal([.. Enumerable.Range(1, n).Select(i => $"log_lik.{i}")], csv.Columns.Skip(csv.Columns.Count - n));
        LogLikelihoodMatrix expected = ClosedForm(written, 1);
        var values = new double[draws * n];
        for (int i = 0; i < n; i++)
        {
            double[] column = csv.Column($"log_lik.{i + 1}");
            for (int s = 0; s < draws; s++)
            {
                Assert.Equal(expected[s, i], column[s], 1e-12);
                values[(s * n) + i] = column[s];
            }
        }

        // With log_p__ and log_g__, the columns give what fit.Loo gives on the same draws (loo_approximate_posterior).
        LooResult fromCsv = Loo.ApproximatePosterior(new LogLikelihoodMatrix(values, draws, n), csv.Column("log_p__"), csv.Column("log_g__"));
        AssertSame(fit.Loo(model, draws, seed: 9), fromCsv);
    }

    /// <summary>log N(yᵢ | Σ_c x[i, c]·w_c, 2²) for each draw and row, written out.</summary>
    private static LogLikelihoodMatrix ClosedForm(Draws.Draws<double> draws, int chains)
    {
        int n = Data.Y.Length;
        var values = new double[draws.Count * n];
        for (int s = 0; s < draws.Count; s++)
        {
            ReadOnlySpan<double> w = draws[s];
            for (int i = 0; i < n; i++)
            {
                double mu = 0;
                for (int c = 0; c < w.Length; c++)
                {
                    mu += Data.X[i, c] * w[c];
                }

                double z = (Data.Y[i] - mu) / OrthogonalRegressionModel.Noise;
                values[(s * n) + i] = (-0.5 * z * z) - Math.Log(OrthogonalRegressionModel.Noise) - (0.5 * Math.Log(2 * Math.PI));
            }
        }

        return new LogLikelihoodMatrix(values, draws.Count, n, chains);
    }

    private static void AssertSame(LooResult expected, LooResult actual)
    {
        Assert.Equal(expected.Elpd.Value, actual.Elpd.Value, 1e-9);
        Assert.Equal(expected.Elpd.StandardError, actual.Elpd.StandardError, 1e-9);
        Assert.Equal(expected.EffectiveParameters.Value, actual.EffectiveParameters.Value, 1e-9);
        Assert.Equal(expected.ParetoK.Count, actual.ParetoK.Count);
        for (int i = 0; i < expected.ParetoK.Count; i++)
        {
            Assert.Equal(expected.ParetoK[i].K, actual.ParetoK[i].K, 1e-9);
        }
    }
}
