using Microsoft.Extensions.DependencyInjection;
using ModelGen.Inference;
using ModelGen.Sampling;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace ModelGen.Orleans.Tests;

/// <summary>An in-process cluster of three silos that fit <see cref="LineModel"/> fleets, each silo two fits at a time.</summary>
public sealed class ClusterFixture : TestClusterFixture<ClusterFixture.Silo>
{
    /// <summary>
    /// Fits a <see cref="LineModel"/> fleet, kills a silo mid-fit (<see cref="KillASiloMidFitAsync"/>) and returns every
    /// result. The fits must write more than twice <paramref name="early"/> checkpoints each.
    /// </summary>
    public async Task<List<FitResult>> FitKillingASilo(string fleet, string[] keys, FleetFitOptions options, int early)
    {
        var driver = new FitFleet<LineModel>(Cluster.Client) { PollWait = TimeSpan.FromMilliseconds(500) };
        Task kill = KillASiloMidFitAsync(fleet, keys.Length, early);
        var results = new List<FitResult>();
        await foreach (FitResult result in driver.FitAsync(fleet, keys, options))
        {
            results.Add(result);
        }

        await kill; // throws when the fleet ended before the kill: the test then proves nothing
        return results;
    }

    /// <summary>
    /// Kills the secondary silo (the primary holds the test membership table) on which a fit of <paramref name="fleet"/>
    /// is running early in its course: past its first checkpoint and before its <paramref name="early"/>-th, as the store
    /// shows, on the silo the management grain places its grain on. Waiting for such a fit rather than for a count of
    /// running fits holds however fast the fits run and however the grains were placed; a fit early in its course
    /// cannot finish in the moment the kill takes, so it restarts on another silo.
    /// </summary>
    public async Task KillASiloMidFitAsync(string fleet, int fits, int early)
    {
        IManagementGrain management = Cluster.Client.GetGrain<IManagementGrain>(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            string[] running = [.. SharedMemoryStorage.CheckpointsFor(fleet).Where(p => p.Value < early).Select(p => p.Key)];
            if (running.Length > 0)
            {
                DetailedGrainStatistic[] placed = await management.GetDetailedGrainStatistics();
                foreach (SiloHandle silo in Cluster.SecondarySilos)
                {
                    if (placed.Any(g => g.SiloAddress.Equals(silo.SiloAddress) && running.Contains(g.GrainId.ToString(), StringComparer.Ordinal)))
                    {
                        await Cluster.KillSiloAsync(silo);
                        return;
                    }
                }
            }

            Assert.True(SharedMemoryStorage.FinishedFor(fleet) < fits, $"fleet '{fleet}' finished before a silo could be killed with a fit running on it");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"no fit of fleet '{fleet}' ran on a secondary silo in {clock.Elapsed}");
            await Task.Delay(20);
        }
    }

    /// <summary>The first iteration each fit's progress reported, one entry per start of a fit on any silo: 100 (the first ELBO estimate) for a fresh start, past the checkpoint for a resumed one.</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<int> FirstReports { get; } = new();

    /// <summary>NUTS runs that began from a checkpoint in their grain's state (a run resumed after its silo died).</summary>
    public static int NutsResumes => _nutsResumes;

    private static int _nutsResumes;

    /// <summary>
    /// How long each checkpoint write of a fit in this cluster waits. The test fits take a tenth of a second or less on a
    /// quiet machine, too short to find one mid-course on a given silo; paced by their checkpoints (a few dozen each),
    /// they take a second or two, whatever the machine. Pacing changes no value: the writes are where they were.
    /// </summary>
    private static readonly TimeSpan CheckpointPace = TimeSpan.FromMilliseconds(40);

    private static NutsFit<double> Sample(LineModel model, NutsOptions options, CancellationToken cancel)
    {
        if (options.Checkpoint?.Store?.Read() is not null)
        {
            Interlocked.Increment(ref _nutsResumes);
        }

        return model.Nuts(options with { Checkpoint = Paced(options.Checkpoint) }, cancel);
    }

    private static AdviFit<double> Fit(LineModel model, AdviOptions options, CancellationToken cancel)
    {
        var first = new FirstReport(options.Progress);
        return model.Fit(options with { Progress = first, Checkpoint = Paced(options.Checkpoint) }, cancel);
    }

    private static CheckpointOptions? Paced(CheckpointOptions? checkpoint) =>
        checkpoint?.Store is { } store ? checkpoint with { Store = new PacedStore(store) } : checkpoint;

    /// <summary>The grain's checkpoint store, each write after <see cref="CheckpointPace"/>.</summary>
    private sealed class PacedStore(ICheckpointStore inner) : ICheckpointStore
    {
        public string Name => inner.Name;

        public byte[]? Read() => inner.Read();

        public void Write(ReadOnlySpan<byte> checkpoint)
        {
            Thread.Sleep(CheckpointPace);
            inner.Write(checkpoint);
        }
    }

    private sealed class FirstReport(IProgress<AdviProgress>? inner) : IProgress<AdviProgress>
    {
        private bool _seen;

        public void Report(AdviProgress value)
        {
            if (!_seen)
            {
                _seen = true;
                FirstReports.Enqueue(value.Iteration);
            }

            inner?.Report(value);
        }
    }

    /// <summary>What each silo hosts: the fleet models, a shared grain store and a shared reminder table.</summary>
    public sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddGrainStorage(FleetStorage.Name, (services, _) => new SharedMemoryStorage(services.GetRequiredService<Serializer>()));
            siloBuilder.AddFleetModel<TableLineModel, double>(TableLineModel.FromTable, (m, o, c) => m.Fit(o, c));
            siloBuilder.AddFleetModel<ParquetLineModel, double>(ParquetLineModel.FromFile, (m, o, c) => m.Fit(o, c));
            siloBuilder.AddFleetModel<LineModel, double>(LineModel.Bind, Fit, o => (o.MaxConcurrentFits, o.ResumeEvery) = (2, TimeSpan.FromSeconds(2)), Sample);

            // Reminders in a table every silo shares, ticking every 2 s, so a fit whose silo died resumes with no driver.
            siloBuilder.AddReminders();
            siloBuilder.Services.AddSingleton<IReminderTable, SharedReminderTable>();
            siloBuilder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }
}
