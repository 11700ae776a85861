using Microsoft.Extensions.DependencyInjection;
using ModelGen.Inference;
using ModelGen.Sampling;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace ModelGen.Orleans.Tests;

/// <summary>An in-process cluster of three silos that fit <see cref="LineModel"/> fleets, each silo two fits at a time.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<Silo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>
    /// Fits a <see cref="LineModel"/> fleet and, once the store shows five of its fits past their first checkpoint (most
    /// of the six fit threads busy, so some on every silo), kills a secondary silo (the primary holds the test
    /// membership table); returns every result. The fits must be long enough that five hold a checkpoint at once.
    /// </summary>
    public async Task<List<FitResult>> FitKillingASilo(string fleet, string[] keys, FleetFitOptions options)
    {
        var driver = new FitFleet<LineModel>(Cluster.Client) { PollWait = TimeSpan.FromMilliseconds(500) };
        using var done = new CancellationTokenSource();
        Task kill = Task.Run(async () =>
        {
            while (SharedMemoryStorage.RunningFor(fleet) < 5)
            {
                await Task.Delay(50, done.Token);
            }

            await Cluster.KillSiloAsync(Cluster.SecondarySilos[0]);
        });
        var results = new List<FitResult>();
        await foreach (FitResult result in driver.FitAsync(fleet, keys, options))
        {
            results.Add(result);
        }

        await done.CancelAsync();
        await kill; // throws when the fleet ended before the kill: the test then proves nothing
        return results;
    }

    /// <summary>The first iteration each fit's progress reported, one entry per start of a fit on any silo: 100 (the first ELBO estimate) for a fresh start, past the checkpoint for a resumed one.</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<int> FirstReports { get; } = new();

    /// <summary>NUTS runs that began from a checkpoint in their grain's state (a run resumed after its silo died).</summary>
    public static int NutsResumes => _nutsResumes;

    private static int _nutsResumes;

    private static NutsFit<double> Sample(LineModel model, NutsOptions options, CancellationToken cancel)
    {
        if (options.Checkpoint?.Store?.Read() is not null)
        {
            Interlocked.Increment(ref _nutsResumes);
        }

        return model.Nuts(options, cancel);
    }

    private static AdviFit<double> Fit(LineModel model, AdviOptions options, CancellationToken cancel)
    {
        var first = new FirstReport(options.Progress);
        return model.Fit(options with { Progress = first }, cancel);
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

    private sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddGrainStorage(FleetStorage.Name, (services, _) => new SharedMemoryStorage(services.GetRequiredService<Serializer>()));
            siloBuilder.AddFleetModel<TableLineModel, double>(TableLineModel.FromTable, (m, o, c) => m.Fit(o, c));
            siloBuilder.AddFleetModel<LineModel, double>(LineModel.Bind, Fit, o => (o.MaxConcurrentFits, o.ResumeEvery) = (2, TimeSpan.FromSeconds(2)), Sample);

            // Reminders in a table every silo shares, ticking every 2 s, so a fit whose silo died resumes with no driver.
            siloBuilder.AddReminders();
            siloBuilder.Services.AddSingleton<IReminderTable, SharedReminderTable>();
            siloBuilder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }
}
