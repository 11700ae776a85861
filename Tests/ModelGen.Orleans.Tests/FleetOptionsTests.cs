using ModelGen.Inference;
using ModelGen.Sampling;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// What a fleet's result carries and the options it takes beyond the first subset: the saved posterior file, a
/// convergence rule, starting values; each against the solo run with the runtime's own options written out here.
/// </summary>
public sealed class FleetOptionsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly FleetFitOptions Options = new() { Iterations = 1_500, Seed = 17, CheckpointEvery = 500, Draws = 100, ParetoKDraws = 0 };

    [Fact]
    public async Task An_advi_result_carries_the_saved_posterior_which_loads_and_samples_as_the_fleet_fit()
    {
        Dictionary<string, FitResult> results = await Fit("posterior", ["k540", "k541"], Options);
        foreach (FitResult result in results.Values)
        {
            Assert.True(result.Succeeded, result.Error);
            string path = Path.Combine(Path.GetTempPath(), $"modelgen-test-{Guid.NewGuid():N}.fit");
            try
            {
                File.WriteAllBytes(path, result.Posterior);
                AdviFit<double> loaded = AdviFit<double>.Load(path, LineModel.Bind(result.Key));
                Assert.Equal(result.Mean, loaded.Mean.ToArray());
                Assert.Equal(result.Rho, loaded.Rho.ToArray());
                Assert.Equal(result.Iterations, loaded.Iterations);
                Assert.Equal(result.Elbo, loaded.Elbo.Select(p => p.Value));
                Assert.Equal(result.Draws, loaded.Sample(Options.Draws, Options.Seed).Values.ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public async Task A_convergence_rule_stops_each_fit_as_the_solo_fit_with_that_rule()
    {
        FleetFitOptions options = Options with { Iterations = null, MaxIterations = 20_000, Convergence = FleetConvergence.RelativeElboChange, ConvergenceTolerance = 0.002 };
        Dictionary<string, FitResult> results = await Fit("converged", ["k550", "k551"], options);
        foreach (FitResult result in results.Values)
        {
            Assert.True(result.Succeeded, result.Error);
            AdviOptions solo = new()
            {
                Seed = 17, MaxIterations = 20_000, ElboInBackground = false, ParetoKDraws = 0,
                Convergence = new RelativeElboChange(Tolerance: 0.002),
            };
            AdviFit<double> fit = LineModel.Bind(result.Key).Fit(solo);
            Assert.Equal(nameof(StopReason.Converged), result.StopReason);
            Assert.Equal(fit.Iterations, result.Iterations);
            Assert.True(result.Iterations < 20_000);
            Assert.Equal(fit.Mean.ToArray(), result.Mean);
            Assert.Equal(fit.Rho.ToArray(), result.Rho);
        }

        // A tolerance without its rule is refused before anything is submitted.
        var bad = Assert.Throws<ArgumentException>(() => (Options with { ConvergenceTolerance = 0.01 }).Validate());
        Assert.StartsWith("FleetFitOptions.ConvergenceTolerance is set without Convergence", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_values_start_every_fit_there_and_a_wrong_count_fails_each_key_naming_it()
    {
        double[] start = [0.1, 0.4, -0.3];
        FleetFitOptions advi = Options with { InitialValues = new FleetValues(start) };
        Dictionary<string, FitResult> results = await Fit("started", ["k560", "k561"], advi);
        foreach (FitResult result in results.Values)
        {
            AdviOptions solo = new() { Iterations = 1_500, Seed = 17, ElboInBackground = false, ParetoKDraws = 0, InitialMean = start };
            Assert.Equal(LineModel.Bind(result.Key).Fit(solo).Mean.ToArray(), result.Mean);
            Assert.NotEqual(LineModel.Bind(result.Key).Fit(Options.ToAdviOptions()).Mean.ToArray(), result.Mean);
        }

        // The same values in another array are the same options: the fleet submitted again is the same fleet.
        Dictionary<string, FitResult> again = await Fit("started", ["k560", "k561"], Options with { InitialValues = new FleetValues([.. start]) });
        Assert.Equal(results["k560"].Mean, again["k560"].Mean);

        FleetFitOptions nuts = new() { Method = FitMethod.Nuts, Chains = 2, Warmup = 100, Draws = 50, Seed = 17, CheckpointEvery = 1_000, InitialValues = new FleetValues(start) };
        FitResult sampled = (await Fit("started-nuts", ["k562"], nuts))["k562"];
        NutsOptions soloNuts = new() { Chains = 2, Warmup = 100, Draws = 50, Seed = 17, MaxDegreeOfParallelism = 1, InitialPoints = [start] };
        Assert.Equal(LineModel.Bind("k562").Nuts(soloNuts).Draws.Values.ToArray(), sampled.Draws);

        // Two values for a model of three unconstrained coordinates: each key fails alone with the runtime's message.
        FitResult wrong = (await Fit("started-wrong", ["k563"], Options with { InitialValues = new FleetValues([0.1, 0.2]) }))["k563"];
        Assert.Equal(typeof(ArgumentException).FullName, wrong.ErrorType);
        Assert.Contains("InitialMean has 2 values", wrong.Error, StringComparison.Ordinal);

        // Not finite, or with a warm start: refused before anything is submitted.
        Assert.Throws<ArgumentException>(() => (Options with { InitialValues = new FleetValues([0.1, double.NaN, 0]) }).Validate());
        Assert.Throws<ArgumentException>(() => (advi with { WarmStartFrom = "posterior" }).Validate());
    }

    private Task<Dictionary<string, FitResult>> Fit(string fleet, string[] keys, FleetFitOptions options) =>
        FleetRun.Collect(fixture.Cluster.Client, fleet, keys, options);
}
