namespace ModelGen.Orleans.Tests;

/// <summary>Cancelling a fleet's fits and clearing a finished fleet's state, on the three-silo cluster.</summary>
public sealed class CancelTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    /// <summary>Long fits (paced by the fixture's checkpoint writes: 40 ms each, 200 of them), so they are running when cancelled.</summary>
    private static readonly FleetFitOptions Long = new() { Iterations = 200_000, Seed = 19, CheckpointEvery = 1_000, Draws = 50, ParetoKDraws = 0 };

    private static readonly FleetFitOptions Short = new() { Iterations = 1_000, Seed = 19, CheckpointEvery = 500, Draws = 50, ParetoKDraws = 0 };

    [Fact]
    public async Task Cancelling_fit_async_stops_every_running_fit_and_records_it_cancelled()
    {
        const string Fleet = "cancel-fleet";
        string[] keys = [.. Enumerable.Range(600, 8).Select(i => $"k{i}")];
        using var cancel = new CancellationTokenSource();
        Task<Dictionary<string, FitResult>> run = FleetRun.Collect(fixture.Cluster.Client, Fleet, keys, Long, cancel.Token);

        // Cancel once some fit has written a checkpoint (it is running), long before any can finish.
        await Until(() => SharedMemoryStorage.CheckpointsFor(Fleet).Count > 0, TimeSpan.FromMinutes(1));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // Every fit's state says cancelled, with the steps it had run; its reminder is gone, and nothing resumes it.
        IReadOnlyList<FitResult> results = await new FitFleet<LineModel>(fixture.Cluster.Client).CancelAsync(Fleet, keys);
        Assert.Equal(keys.Order(StringComparer.Ordinal), results.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(results, r =>
        {
            Assert.True(r.Cancelled);
            Assert.False(r.Succeeded);
            Assert.Equal("Cancelled", r.StopReason);
            Assert.Equal(typeof(OperationCanceledException).FullName, r.ErrorType);
            Assert.Equal($"The fit of key '{r.Key}' was cancelled after {r.Iterations} of 200000 steps.", r.Error);
            Assert.True(r.Iterations < 200_000);
        });
        Assert.Equal(keys.Length, SharedMemoryStorage.FinishedFor(Fleet));
        Assert.Equal(0, SharedReminderTable.CountFor(Fleet));
        await Task.Delay(TimeSpan.FromSeconds(3)); // past a reminder period: no fit came back
        Assert.Empty(SharedMemoryStorage.CheckpointsFor(Fleet));

        // The same fleet again returns the cancelled results from the grains' state; the cluster fits other fleets as before.
        Dictionary<string, FitResult> again = await FleetRun.Collect(fixture.Cluster.Client, Fleet, keys, Long);
        Assert.All(again.Values, r => Assert.True(r.Cancelled));
        FitResult after = (await FleetRun.Collect(fixture.Cluster.Client, "cancel-after", ["k610"], Short))["k610"];
        Assert.Equal(LineModel.Bind("k610").Fit(Short.ToAdviOptions()).Mean.ToArray(), after.Mean);
    }

    [Fact]
    public async Task Clearing_a_finished_fleet_deletes_its_state_and_an_unfinished_one_is_refused_until_cancelled()
    {
        string[] keys = ["k620", "k621", "k622"];
        await FleetRun.Collect(fixture.Cluster.Client, "clearable", keys, Short);
        Assert.Equal(keys.Length, SharedMemoryStorage.StatesFor("clearable"));

        var fleet = new FitFleet<LineModel>(fixture.Cluster.Client);
        Assert.Equal(keys.Length, await fleet.ClearAsync("clearable", keys));
        Assert.Equal(0, SharedMemoryStorage.StatesFor("clearable"));
        Assert.Equal(0, await fleet.ClearAsync("clearable", keys));

        // The name is free: other options under it are no longer refused, and give their solo fits.
        FleetFitOptions other = Short with { Seed = 23 };
        Dictionary<string, FitResult> refit = await FleetRun.Collect(fixture.Cluster.Client, "clearable", keys, other);
        Assert.All(refit.Values, r => Assert.Equal(LineModel.Bind(r.Key).Fit(other.ToAdviOptions()).Mean.ToArray(), r.Mean));

        // Unfinished fits are refused, naming the key; once cancelled they clear.
        await fleet.SubmitAsync("clear-running", ["k623"], Long);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => fleet.ClearAsync("clear-running", ["k623"]));
        Assert.Equal("The fit of key 'k623' has not finished; cancel it before clearing its state.", refused.Message);
        Assert.True(Assert.Single(await fleet.CancelAsync("clear-running", ["k623"])).Cancelled);
        Assert.Equal(1, await fleet.ClearAsync("clear-running", ["k623"]));
        Assert.Equal(0, SharedMemoryStorage.StatesFor("clear-running"));
        Assert.Equal(0, SharedReminderTable.CountFor("clear-running"));
    }

    private static async Task Until(Func<bool> condition, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"not reached in {limit}");
            await Task.Delay(20);
        }
    }
}
