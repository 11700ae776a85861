using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Samples.Moons;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests;

/// <summary>Stopping rules: the default stops a converged fit early and says why; a cap is reported as a cap.</summary>
public sealed class ConvergenceTests(ITestOutputHelper output)
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    private static LinearRegression Regression()
    {
        var rng = new Random.Rng(5);
        var x = new double[200, 2];
        var y = new double[200];
        for (int r = 0; r < 200; r++)
        {
            x[r, 0] = rng.NextNormal();
            x[r, 1] = rng.NextNormal();
            y[r] = (1.5 * x[r, 0]) - (0.8 * x[r, 1]) + 0.3 + (0.7 * rng.NextNormal());
        }

        return new LinearRegression(x, y);
    }

    [Fact]
    public void Default_fit_stops_when_converged_and_says_why()
    {
        // No iteration count: the averaged-iterates rule (docs/advi-defaults.md) from the MAP start, with a 50,000 cap.
        AdviFit<double> fit = Regression().Fit(new AdviOptions { Seed = 1 });
        output.WriteLine($"{fit.StopReason} after {fit.Iterations}: {fit.Message}");
        Assert.Equal(StopReason.Converged, fit.StopReason);
        Assert.True(fit.Converged);
        Assert.True(fit.Iterations < 50_000, $"{fit.Iterations} iterations");
        Assert.Contains("averaged-iterates rule", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stans_rule_stops_a_fit_early_and_says_why()
    {
        // The legacy schedule: Stan's rule (relative ELBO change < 0.01, mean or median over the window) with a 10,000 cap.
        AdviFit<double> fit = Regression().Fit(AdviOptions.Legacy with { Seed = 1 });
        output.WriteLine($"{fit.StopReason} after {fit.Iterations}: {fit.Message}");
        Assert.True(fit.Iterations < 10_000, $"{fit.Iterations} iterations");
        Assert.Contains("relative ELBO change", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_count_runs_exactly_that_many()
    {
        AdviFit<double> fit = Regression().Fit(new AdviOptions { Seed = 1, Iterations = 3_000 });
        Assert.Equal(StopReason.IterationLimit, fit.StopReason);
        Assert.Equal(3_000, fit.Iterations);
    }

    [Fact]
    public void A_run_that_cannot_meet_its_rule_hits_the_cap_and_says_so()
    {
        // One-draw ELBO estimates of the seed network fluctuate by far more than 1e-9 relative: the rule can never hold.
        var options = new AdviOptions { Seed = 2, MaxIterations = 2_000, ElboSamples = 1, Convergence = new RelativeElboChange(1e-9) };
        AdviFit<float> fit = new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(options);
        Assert.Equal(StopReason.IterationLimit, fit.StopReason);
        Assert.Equal(2_000, fit.Iterations);
        Assert.Contains("cap of 2000", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PyMC_parameter_rule_stops_the_fit()
    {
        // Adam at rate 0.01 keeps moving each parameter by about its step; relative changes settle near 1 %, so 5 % is reachable.
        AdviFit<double> fit = Regression().Fit(new AdviOptions { Seed = 3, MaxIterations = 20_000, Convergence = new ParameterChange(0.05) });
        output.WriteLine($"{fit.StopReason} after {fit.Iterations}: {fit.Message}");
        Assert.Equal(StopReason.Converged, fit.StopReason);
        Assert.Contains("relative parameter change", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_is_reported_at_each_elbo_estimate()
    {
        var seen = new List<AdviProgress>();
        var progress = new Recorder(seen);
        Regression().Fit(new AdviOptions { Seed = 1, Iterations = 1_000, ElboEvery = 100, Progress = progress });
        Assert.Equal(Enumerable.Range(1, 10).Select(k => k * 100), seen.Select(p => p.Iteration));
        Assert.All(seen, p => Assert.Equal(1_000, p.MaxIterations));
        Assert.True(seen[^1].IterationsPerSecond > 0);
    }

    [Fact]
    public void Bad_convergence_options_name_the_option()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Regression().Fit(new AdviOptions { Convergence = new RelativeElboChange(-1) }));
        Assert.Equal("Tolerance", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Regression().Fit(new AdviOptions { MaxIterations = 0 }));
        Assert.Equal("MaxIterations", e.ParamName);
    }

    // Synchronous, unlike Progress<T>, which posts to the thread pool.
    private sealed class Recorder(List<AdviProgress> seen) : IProgress<AdviProgress>
    {
        public void Report(AdviProgress value) => seen.Add(value);
    }
}
