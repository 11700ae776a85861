namespace ModelGen.Orleans.Tests;

/// <summary>Reminders: a fleet submitted and left alone (no driver polling) completes though a silo dies mid-fleet.</summary>
public sealed class ReminderTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Fits_whose_silo_died_resume_from_their_reminders_with_no_driver()
    {
        FleetFitOptions options = new() { Iterations = 40_000, Seed = 3, CheckpointEvery = 1_000, Draws = 100, ParetoKDraws = 0 };
        string[] keys = [.. Enumerable.Range(300, 12).Select(i => $"k{i}")];
        const string Fleet = "reminded";
        var fleet = new FitFleet<LineModel>(fixture.Cluster.Client);
        await fleet.SubmitAsync(Fleet, keys, options);
        Assert.Equal(keys.Length, SharedReminderTable.CountFor(Fleet));

        // Kill a secondary silo with a fit running on it, early in its course (before its 20th checkpoint of 40).
        await fixture.KillASiloMidFitAsync(Fleet, keys.Length, early: 20);

        // Nothing calls the grains: every fit completes through its reminder, which then is dropped.
        await Until(() => SharedMemoryStorage.FinishedFor(Fleet) == keys.Length, TimeSpan.FromMinutes(3));
        await Until(() => SharedReminderTable.CountFor(Fleet) == 0, TimeSpan.FromSeconds(30));

        var results = new List<FitResult>();
        await foreach (FitResult result in fleet.FitAsync(Fleet, keys, options))
        {
            results.Add(result);
        }

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Contains(results, r => r.Restarts > 0);

        // At least one of them was started again by its reminder's tick (no driver called it): the count travels in the result.
        Assert.Contains(results, r => r.ReminderStarts > 0);
        foreach (FitResult result in results)
        {
            Assert.Equal(LineModel.Bind(result.Key).Fit(options.ToAdviOptions()).Mean.ToArray(), result.Mean);
        }
    }

    private static async Task Until(Func<bool> condition, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"not reached in {limit}");
            await Task.Delay(100);
        }
    }
}
