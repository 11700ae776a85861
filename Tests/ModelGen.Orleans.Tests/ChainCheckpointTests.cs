using ModelGen.Data;
using ModelGen.Sampling;
using Orleans.Runtime;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// A NUTS chain's checkpoints on its own grain (<see cref="NutsChains{TModel, T}"/>): a chain whose silo is killed mid-run
/// resumes from its last checkpoint on another silo and the run is the single-machine run bit for bit; a chain that
/// fails names its chain and key, and the chains that finished keep their draws for the next call. Its own three-silo
/// cluster, since a silo dies.
/// </summary>
public sealed class ChainCheckpointTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    /// <summary>
    /// Three chains (one per silo) of 350 iterations, a checkpoint every 10: the fixture paces each checkpoint write
    /// (40 ms), so a chain takes about 1.4 s and is found mid-run after its first write.
    /// </summary>
    private static readonly FleetFitOptions Options = new() { Method = FitMethod.Nuts, Chains = 3, Warmup = 200, Draws = 150, Seed = 41, CheckpointEvery = 10 };

    [Fact]
    public async Task A_chain_whose_silo_dies_resumes_from_its_checkpoint_on_another_silo_and_every_draw_is_the_single_machine_runs()
    {
        const string Key = "k9040";
        var chains = new NutsChains<LineModel, double>(fixture.Cluster.Client, new LineModel()) { PollWait = TimeSpan.FromSeconds(1) };
        Task<ChainedNutsResult<double>> sampling = chains.SampleAsync(Key, Options);
        string killed = await KillASiloWithAChainMidRun(Key, sampling);

        ChainedNutsResult<double> result = await sampling.WaitAsync(TimeSpan.FromMinutes(4));
        NutsAssert.Same(LineModel.Bind(Key).Nuts(Options.ToNutsOptions()), result.Fit);
        Assert.DoesNotContain(killed, result.Silos);
        Assert.Contains(true, result.Resumed);

        // The merged run's chain states are deleted.
        Assert.Equal(0, SharedMemoryStorage.StatesFor(Key));
    }

    [Fact]
    public async Task A_chain_that_fails_names_its_chain_and_key_and_the_chains_that_finished_keep_their_draws()
    {
        string key = LineModel.FlakyPrefix + "9031";
        var chains = new NutsChains<LineModel, double>(fixture.Cluster.Client, new LineModel());
        ModelDataException e = await Assert.ThrowsAsync<ModelDataException>(() => chains.SampleAsync(key, Options));
        int failed = Enumerable.Range(0, Options.Chains).Single(c => e.Message == $"Key '{key}', chain {c}: The data source of key '{key}' failed its first read.");

        // The other chains finished and stored their finished checkpoints. Their grains deactivated (as on a silo's
        // loss), the next call activates them again: they give their draws from those checkpoints, and only the failed chain samples.
        Assert.Equal(Options.Chains - 1, SharedMemoryStorage.StatesFor(key));
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        ChainedNutsResult<double> result = await chains.SampleAsync(key, Options);
        NutsAssert.Same(LineModel.Bind(key).Nuts(Options.ToNutsOptions()), result.Fit);
        Assert.Equal(Enumerable.Range(0, Options.Chains).Select(c => c != failed), result.Resumed);
        Assert.Equal(0, SharedMemoryStorage.StatesFor(key));
    }

    /// <summary>
    /// Kills the secondary silo (the primary holds the test membership table) that holds a chain grain of
    /// <paramref name="key"/> with a checkpoint stored and the run unfinished; returns the silo's identity.
    /// </summary>
    private async Task<string> KillASiloWithAChainMidRun(string key, Task sampling)
    {
        IManagementGrain management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Assert.False(sampling.IsCompleted, $"the run of key '{key}' finished before a silo could be killed with a chain on it");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"no chain of key '{key}' stored a checkpoint on a secondary silo in {clock.Elapsed}");
            DetailedGrainStatistic[] placed = await management.GetDetailedGrainStatistics();
            foreach (DetailedGrainStatistic grain in placed.Where(g => g.GrainId.ToString().Contains(key, StringComparison.Ordinal) && SharedMemoryStorage.StatesFor(g.GrainId.ToString()) > 0))
            {
                if (fixture.Cluster.SecondarySilos.FirstOrDefault(s => s.SiloAddress.Equals(grain.SiloAddress)) is { } silo)
                {
                    await fixture.Cluster.KillSiloAsync(silo);
                    return silo.SiloAddress.ToString();
                }
            }

            await Task.Delay(20);
        }
    }
}
