namespace ModelGen.Orleans.Tests;

/// <summary>
/// A fit grain whose state write is refused (a stale ETag after a duplicate activation wrote first) or fails (storage
/// down) finishes, or fails with the storage's error, in bounded time: it never refits and fails again forever while
/// the driver polls it (the hang once seen in CI's cluster step, .ci/cluster.sh).
/// </summary>
public sealed class StorageFaultTests(FaultyStorageFixture fixture) : IClassFixture<FaultyStorageFixture>
{
    /// <summary>
    /// Long enough that the grain persists checkpoints while the fit runs: the grain writes only the latest of those
    /// waiting, and none once the fit is done, so a fit of a few milliseconds on a loaded machine may persist none.
    /// </summary>
    private static readonly FleetFitOptions Options = new() { Iterations = 60_000, Seed = 5, CheckpointEvery = 250, Draws = 100, ParetoKDraws = 0 };

    /// <summary>Far more than the fleets below take (a few seconds); a grain that spins never ends.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// <c>dup-result</c>: the result write is refused after the same result was stored (as by a duplicate activation):
    /// the stored result is kept. <c>dup-checkpoint</c>: the first checkpoint write is refused the same way mid-fit: the fit goes
    /// on over the fresh state. Either way each key gets its solo fit.
    /// </summary>
    [Theory]
    [InlineData("dup-result", 0)]
    [InlineData("dup-checkpoint", 10)]
    public async Task A_write_refused_for_a_stale_ETag_after_a_duplicate_wrote_still_gives_each_key_its_solo_fit(string fleetName, int first)
    {
        string[] keys = [.. Enumerable.Range(first, 4).Select(i => $"k{i}")];
        List<FitResult> results = await Fleet(fleetName, keys);
        Assert.Equal(keys.Length, FaultyStorage.FaultsFor(fleetName));
        Assert.Equal(keys.Order(StringComparer.Ordinal), results.Select(r => r.Key).Order(StringComparer.Ordinal));
        foreach (FitResult result in results)
        {
            Assert.True(result.Succeeded, result.Error);
            Assert.Equal(LineModel.Bind(result.Key).Fit(Options.ToAdviOptions()).Mean.ToArray(), result.Mean);
        }
    }

    [Fact]
    public async Task A_storage_that_fails_every_write_fails_each_fit_with_its_error_after_a_few_tries()
    {
        string[] keys = [.. Enumerable.Range(20, 3).Select(i => $"k{i}")];
        List<FitResult> results = await Fleet("down", keys);
        Assert.Equal(keys.Order(StringComparer.Ordinal), results.Select(r => r.Key).Order(StringComparer.Ordinal));
        foreach (FitResult result in results)
        {
            Assert.False(result.Succeeded);
            Assert.Contains(FaultyStorage.DownMessage, result.Error, StringComparison.Ordinal);
            Assert.Contains($"'{result.Key}'", result.Error, StringComparison.Ordinal);
            Assert.Equal(typeof(InvalidOperationException).FullName, result.ErrorType);
        }

        // A few tries per fit, backed off: not one per poll.
        int faults = FaultyStorage.FaultsFor("down");
        Assert.InRange(faults, keys.Length, keys.Length * 8);
    }

    private async Task<List<FitResult>> Fleet(string name, string[] keys)
    {
        var fleet = new FitFleet<LineModel>(fixture.Cluster.Client) { PollWait = TimeSpan.FromMilliseconds(500) };
        using var limit = new CancellationTokenSource(Limit);
        var results = new List<FitResult>();
        await foreach (FitResult result in fleet.FitAsync(name, keys, Options, cancellationToken: limit.Token))
        {
            results.Add(result);
        }

        return results;
    }
}
