using ModelGen.Data;
using ModelGen.Sampling;

namespace ModelGen.Orleans.Tests;

/// <summary>NUTS fleets on a three-silo in-process cluster: each key's draws are its solo run's, bit for bit, even when a silo dies mid-fleet.</summary>
public sealed class NutsFleetTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly FleetFitOptions Options = new() { Method = FitMethod.Nuts, Chains = 2, Warmup = 300, Draws = 200, Seed = 5, CheckpointEvery = 100 };

    [Fact]
    public async Task A_nuts_fleet_gives_each_key_its_solo_draws_and_a_bad_key_fails_alone_with_its_message()
    {
        string[] keys = [.. Enumerable.Range(0, 6).Select(i => $"k{i}"), LineModel.BadKey];
        var fleet = new FitFleet<LineModel>(fixture.Cluster.Client) { PollWait = TimeSpan.FromMilliseconds(500) };
        var results = new List<FitResult>();
        await foreach (FitResult result in fleet.FitAsync("nuts", keys, Options))
        {
            results.Add(result);
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), results.Select(r => r.Key).Order(StringComparer.Ordinal));
        FitResult bad = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(LineModel.BadKey, bad.Key);
        Assert.Equal(Assert.Throws<ModelDataException>(() => LineModel.Bind(LineModel.BadKey)).Message, bad.Error);
        foreach (FitResult result in results.Where(r => r.Succeeded))
        {
            AssertSolo(result, Options);
        }
    }

    [Fact]
    public async Task A_silo_killed_mid_nuts_fleet_loses_no_run_and_changes_no_draw()
    {
        // Long enough runs that the silo dies with some running on it; a save every 500 iterations of a chain.
        FleetFitOptions options = Options with { Warmup = 4_000, Draws = 4_000, CheckpointEvery = 500 };
        string[] keys = [.. Enumerable.Range(200, 12).Select(i => $"k{i}")];
        List<FitResult> results = await fixture.FitKillingASilo("nuts-killed", keys, options, early: 16);
        Assert.Equal(keys.Order(StringComparer.Ordinal), results.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));

        // Some run was restarted on another silo, and began from the checkpoint its grain's state held.
        Assert.Contains(results, r => r.Restarts > 0);
        Assert.True(ClusterFixture.NutsResumes > 0);
        foreach (FitResult result in results)
        {
            AssertSolo(result, options);
        }
    }

    /// <summary>The fleet's draws for a key equal the same run alone here, bit for bit: draws, step sizes, divergences, summaries.</summary>
    private static void AssertSolo(FitResult result, FleetFitOptions options)
    {
        NutsFit<double> solo = LineModel.Bind(result.Key).Nuts(options.ToNutsOptions());
        Assert.Equal(FitMethod.Nuts, result.Method);
        Assert.Equal(options.Chains * (options.Warmup + options.Draws), result.Iterations);
        Assert.Equal(solo.Draws.Values.ToArray(), result.Draws);
        Assert.Equal(solo.StepSizes.ToArray(), result.StepSizes);
        Assert.Equal(solo.Divergences, result.Divergences);
        Assert.Equal(solo.Summarize().Select(s => (s.Name, s.Mean, s.Rhat)), result.Summaries.Select(s => (s.Name, s.Mean, s.Rhat!.Value)));
        Assert.Equal(["Sigma", "Line.Weights[1,1]", "Line.Bias[1,1]"], result.Columns);
    }
}
