using ModelGen.Inference;
using ModelGen.Optimizers;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>AdviOptions.InitialMean and InitialScale: honoured exactly, and refused clearly when malformed.</summary>
public sealed class InitialValuesTests
{
    private static readonly Regression Target = new(rows: 40, designCorrelation: 0.5, beta: [1.5, -0.8, 0.3], sigma: 1.0, tau: 3.0, seed: 4);

    [Theory]
    [InlineData(VariationalFamily.MeanField)]
    [InlineData(VariationalFamily.FullRank)]
    public void Zero_iterations_leave_mu_at_the_given_values(VariationalFamily family)
    {
        double[] start = [0.25, -7.5, 3e-3];
        FunctionDensity density = Target.Density();
        AdviFit<double> fit = Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Family = family, Iterations = 0, Seed = 1, InitialMean = start });
        Assert.Equal(0, fit.Iterations);
        Assert.Equal(start, fit.Mean.ToArray());
    }

    /// <summary>
    /// One plain gradient step (Sgd, rate η, one draw) from the given μ moves μ to μ + η·∇μ ELBO, and ∇μ at one draw
    /// is ∇ log p(μ + σ ⊙ ε): the step starts from the given values, not from a random start. The distance moved is
    /// bounded by η times the gradient's size along the draw, far below the distance to a random N(0, 1) start.
    /// </summary>
    [Fact]
    public void The_fit_starts_from_the_given_values()
    {
        double[] start = [20, -20, 20];
        FunctionDensity density = Target.Density();
        AdviFit<double> fit = Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Iterations = 1, Seed = 1, InitialMean = start, Optimizer = new Sgd(1e-6) });
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(fit.Mean[i] - start[i]) < 0.1, $"μ{i} = {fit.Mean[i]}, started at {start[i]}");
        }
    }

    [Fact]
    public void A_wrong_length_is_an_argument_error_naming_both_lengths()
    {
        FunctionDensity density = Target.Density();
        var error = Assert.Throws<ArgumentException>(() => Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Iterations = 10, InitialMean = new double[] { 1, 2 } }));
        Assert.Contains("InitialMean has 2 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 unconstrained parameters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_value_is_an_argument_error_naming_its_index(double bad)
    {
        FunctionDensity density = Target.Density();
        var error = Assert.Throws<ArgumentException>(() => Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Iterations = 10, InitialMean = new double[] { 1, bad, 3 } }));
        Assert.Equal("InitialMean", error.ParamName);
        Assert.Contains("InitialMean[1]", error.Message, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData(VariationalFamily.MeanField, AdviSchedule.Standardized)]
    [InlineData(VariationalFamily.MeanField, AdviSchedule.Legacy)]
    [InlineData(VariationalFamily.FullRank, AdviSchedule.Standardized)]
    [InlineData(VariationalFamily.FullRank, AdviSchedule.Legacy)]
    public void A_given_approximation_is_where_the_fit_starts(VariationalFamily family, AdviSchedule schedule)
    {
        // One plain gradient step of 1e-20 cannot move μ or σ measurably: the result is the start, in either
        // schedule's coordinates (the default's μ = m + s ⊙ a, σ = s ⊙ eᵇ at a = b = 0; the legacy's σ = softplus(ρ)).
        double[] mean = [0.25, -7.5, 3e-3], scale = [0.5, 2e-3, 40];
        FunctionDensity density = Target.Density();
        AdviFit<double> fit = Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Family = family, Schedule = schedule, Iterations = 1, Seed = 1, InitialMean = mean, InitialScale = scale, Optimizer = new Sgd(1e-20), ParetoKDraws = 0 });
        double[] sd = fit.StandardDeviation();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(mean[i], fit.Mean[i], 1e-9);
            Assert.True(Math.Abs((sd[i] / scale[i]) - 1) < 1e-9, $"σ{i} = {sd[i]}, given {scale[i]} ({family}, {schedule})");
        }

        if (schedule == AdviSchedule.Standardized)
        {
            Assert.Contains("Started at the approximation given in AdviOptions.InitialMean and InitialScale", fit.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_fit_continued_from_its_own_result_starts_at_its_optimum_without_a_search()
    {
        // The default fit's mean and sds, given back as the start, are already the optimum: the continued fit skips the MAP
        // search and curvature (fewer gradients than the first fit's start alone) and ends where the first one did, to the
        // first fit's own precision (its means are known to 0.025 posterior sds: allow 0.15 sds between the two).
        FunctionDensity density = Target.Density();
        var model = new FlatModel("Regression", 3);
        AdviFit<double> first = Advi.Fit<FunctionDensity, double>(ref density, model, new AdviOptions { Seed = 3 });
        double[] mean = [.. first.Mean.ToArray()], sd = first.StandardDeviation();
        AdviFit<double> continued = Advi.Fit<FunctionDensity, double>(ref density, model, new AdviOptions { Seed = 4, InitialMean = mean, InitialScale = sd });
        Assert.Contains("Started at the approximation given", continued.Message, StringComparison.Ordinal);
        double[] sd2 = continued.StandardDeviation();
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(continued.Mean[i] - mean[i]) < 0.15 * sd[i], $"μ{i}: {continued.Mean[i]} against {mean[i]} (sd {sd[i]})");
            Assert.True(Math.Abs((sd2[i] / sd[i]) - 1) < 0.1, $"σ{i}: {sd2[i]} against {sd[i]}");
        }
    }

    [Fact]
    public void A_scale_without_a_mean_or_of_another_length_is_an_argument_error()
    {
        FunctionDensity density = Target.Density();
        var alone = Assert.Throws<ArgumentException>(() => Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Iterations = 10, InitialScale = new double[] { 1, 1, 1 } }));
        Assert.Equal("InitialScale", alone.ParamName);
        Assert.Contains("needs AdviOptions.InitialMean", alone.Message, StringComparison.Ordinal);
        var shorter = Assert.Throws<ArgumentException>(() => Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Iterations = 10, InitialMean = new double[] { 1, 2, 3 }, InitialScale = new double[] { 1, 1 } }));
        Assert.Contains("InitialScale has 2 values", shorter.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_scale_that_is_not_positive_and_finite_is_an_argument_error_naming_its_index(double bad)
    {
        FunctionDensity density = Target.Density();
        var error = Assert.Throws<ArgumentException>(() => Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Iterations = 10, InitialMean = new double[] { 1, 2, 3 }, InitialScale = new double[] { 1, 1, bad } }));
        Assert.Equal("InitialScale", error.ParamName);
        Assert.Contains("InitialScale[2]", error.Message, StringComparison.Ordinal);
    }
}
