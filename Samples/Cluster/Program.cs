using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelGen.Inference;
using ModelGen.Orleans;
using ModelGen.Samples.Cluster;
using ModelGen.Samples.Moons;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

// A fleet of per-key regressions (FleetRegression: known truth per key) on an Orleans cluster.
//   silo   --connection CS [--silo-port 11111] [--gateway-port 30000]   a silo process: clustering and grain state in PostgreSQL
//   client --connection CS [--fits N] [--fleet NAME] [--iterations N] [--nuts] [--verify] [--submit]
//                                                                        submits the fleet, prints progress and the truth's coverage;
//                                                                        --verify also fits every key here and compares bit for bit;
//                                                                        --submit only submits (SubmitAsync) and exits: the silos'
//                                                                        reminders carry the fits, a later client collects them
//   local  [--connection CS] [--fits N] [--nuts] [--json-state]          one silo in this process (PostgreSQL, or memory without
//                                                                        --connection), then the same fits in Parallel.ForEach: fits per second;
//                                                                        the memory storage serializes grain state with Orleans' binary
//                                                                        serializer, or with the silo's default (JSON) with --json-state
// --nuts samples each key with NUTS (4 chains of 500 warm-up and 250 kept iterations) rather than fitting it with ADVI.
//   sharded [--connection CS] [--rows N] [--shards K] [--iterations N] [--verify]
//                                                                        the seed network on N make_moons rows in K shards (shard
//                                                                        grains on the cluster, or on one silo in this process without
//                                                                        --connection): the round trip per evaluation against the shards'
//                                                                        own work; --verify fits the same rows here and compares bit for bit
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string mode = args.Length > 0 ? args[0] : "local";
string? connection = null;
int fits = 1_000;
string fleetName = "sample";
bool verify = false;
bool nuts = false;
bool submitOnly = false;
bool jsonState = false;
int siloPort = 11_111;
int gatewayPort = 30_000;
int iterations = 2_000;
int rows = 200_000;
int shards = 3;
for (int i = 1; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--connection": connection = Value(); break;
        case "--fits": fits = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--fleet": fleetName = Value(); break;
        case "--verify": verify = true; break;
        case "--nuts": nuts = true; break;
        case "--submit": submitOnly = true; break;
        case "--json-state": jsonState = true; break;
        case "--iterations": iterations = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--silo-port": siloPort = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--gateway-port": gatewayPort = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--rows": rows = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--shards": shards = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --connection CS, --fits N, --fleet NAME, --iterations N, --nuts, --verify, --submit, --json-state, --silo-port N, --gateway-port N, --rows N, --shards K.");
    }
}

DbProviderFactories.RegisterFactory(Postgres.Invariant, NpgsqlFactory.Instance);
FleetFitOptions options = nuts
    ? new FleetFitOptions { Method = FitMethod.Nuts, Seed = 7, Chains = 4, Warmup = 500, Draws = 250, CheckpointEvery = 250 }
    : new FleetFitOptions { Iterations = iterations, Seed = 7, Draws = 1_000 };
string[] keys = [.. Enumerable.Range(0, fits).Select(i => $"k{i}")];
switch (mode)
{
    case "silo":
        {
            string cs = connection ?? throw new ArgumentException("silo needs --connection (a PostgreSQL connection string).");
            HostApplicationBuilder builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.UseOrleans(silo =>
            {
                Postgres.Silo(silo, cs);
                silo.ConfigureEndpoints(siloPort, gatewayPort);
            });
            using IHost host = builder.Build();
            await host.StartAsync();
            Console.WriteLine($"silo: up on ports {siloPort} (silo) and {gatewayPort} (gateway), process {Environment.ProcessId}");
            await host.WaitForShutdownAsync();
            return 0;
        }

    case "client":
        {
            string cs = connection ?? throw new ArgumentException("client needs --connection (a PostgreSQL connection string).");
            HostApplicationBuilder builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(Postgres.Cluster);
                client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Postgres.Invariant, cs));
            });
            using IHost host = builder.Build();
            await host.StartAsync();
            var stopwatch = Stopwatch.StartNew();
            if (submitOnly)
            {
                await new FitFleet<FleetRegression>(host.Services.GetRequiredService<IClusterClient>()).SubmitAsync(fleetName, keys, options);
                Console.WriteLine($"submitted: {keys.Length} fits in {stopwatch.Elapsed.TotalSeconds:F1} s, each recorded in its grain's state with its reminder");
                await host.StopAsync();
                return 0;
            }

            List<FitResult> results = await RunFleet(host.Services.GetRequiredService<IClusterClient>(), fleetName, keys, options);
            Console.WriteLine($"fleet: {results.Count} fits in {stopwatch.Elapsed.TotalSeconds:F1} s ({results.Count / stopwatch.Elapsed.TotalSeconds:F1} fits/s), {results.Sum(r => r.Restarts)} restarts from a checkpoint");
            Console.WriteLine($"reminders: {results.Count(r => r.ReminderStarts > 0)} fits resumed by their reminder (no driver calling them), {results.Sum(r => r.ReminderStarts)} such starts");
            int failures = Report(results);

            // Each key's result exactly once: the fleet yields a key once, whichever silos its fit ran on.
            int distinct = results.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count();
            Console.WriteLine($"keys: {results.Count} results for {distinct} distinct keys of {keys.Length} submitted");
            failures += results.Count == keys.Length && distinct == keys.Length ? 0 : 1;
            if (verify)
            {
                failures += Verify(results, options);
            }

            await host.StopAsync();
            return failures == 0 ? 0 : 1;
        }

    case "local":
        {
            HostApplicationBuilder builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.UseOrleans(silo =>
            {
                if (connection is null)
                {
                    silo.UseLocalhostClustering();
                    // Orleans' binary serializer for the states: the default (JSON) writes every number of a result as text.
                    silo.AddMemoryGrainStorage(FleetStorage.Name, o => o.Configure<IServiceProvider>((storage, services) =>
                        storage.GrainStorageSerializer = jsonState ? storage.GrainStorageSerializer : new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>())));
                    silo.AddFleetModel<FleetRegression, double>(FleetRegression.Bind, (model, o, cancel) => model.Fit(o, cancel), nuts: (model, o, cancel) => model.Nuts(o, cancel));
                }
                else
                {
                    Postgres.Silo(silo, connection);
                    silo.ConfigureEndpoints(siloPort, gatewayPort);
                }
            });
            using IHost host = builder.Build();
            await host.StartAsync();
            Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores; storage: {(connection is null ? $"memory, {(jsonState ? "JSON" : "binary")} state" : "PostgreSQL")}");

            // Warm both paths (JIT) on a few keys first, so neither pays it in the timing.
            string[] warm = [.. Enumerable.Range(fits, 8).Select(i => $"k{i}")];
            await RunFleet(host.Services.GetRequiredService<IClusterClient>(), fleetName + "-warm", warm, options);
            Parallel.ForEach(warm, key => Solo(key, options));

            // Wall time, and the process's CPU time (on a machine shared with other work, the steadier of the two).
            using var process = Process.GetCurrentProcess();
            TimeSpan cpu = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            List<FitResult> results = await RunFleet(host.Services.GetRequiredService<IClusterClient>(), fleetName + "-" + DateTime.UtcNow.Ticks, keys, options);
            double fleetSeconds = stopwatch.Elapsed.TotalSeconds;
            process.Refresh();
            double fleetCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
            int failures = Report(results);

            cpu = process.TotalProcessorTime;
            stopwatch.Restart();
            var plain = new FitResult[keys.Length];
            // As many at once as the silo runs (FleetSiloOptions.MaxConcurrentFits' default): the same concurrency on both sides.
            Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => plain[i] = Solo(keys[i], options));
            double plainSeconds = stopwatch.Elapsed.TotalSeconds;
            process.Refresh();
            double plainCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
            var byKey = results.ToDictionary(r => r.Key, StringComparer.Ordinal);
            int differ = plain.Count(p => !byKey[p.Key].Mean.SequenceEqual(p.Mean) || !byKey[p.Key].Draws.SequenceEqual(p.Draws));
            Console.WriteLine($"fleet on one silo:  {keys.Length} fits in {fleetSeconds:F2} s, {keys.Length / fleetSeconds:F1} fits/s; {fleetCpu:F2} CPU s, {1000 * fleetCpu / keys.Length:F1} CPU ms per fit");
            Console.WriteLine($"Parallel.ForEach:   {keys.Length} fits in {plainSeconds:F2} s, {keys.Length / plainSeconds:F1} fits/s; {plainCpu:F2} CPU s, {1000 * plainCpu / keys.Length:F1} CPU ms per fit");
            Console.WriteLine($"engine overhead:    {100 * ((fleetSeconds / plainSeconds) - 1):F1} % of the wall time, {100 * ((fleetCpu / plainCpu) - 1):F1} % of the CPU time; {differ} of {keys.Length} results differ from the plain fits' (bits)");
            await host.StopAsync();
            return failures + differ == 0 ? 0 : 1;
        }

    case "sharded":
        {
            HostApplicationBuilder builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            if (connection is null)
            {
                builder.UseOrleans(silo =>
                {
                    silo.UseLocalhostClustering();
                    silo.AddShardedModel<MoonsNetwork, float>(MoonsShards.Bind);
                });
            }
            else
            {
                builder.UseOrleansClient(client =>
                {
                    client.Configure<ClusterOptions>(Postgres.Cluster);
                    client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Postgres.Invariant, connection));
                });
            }

            using IHost host = builder.Build();
            await host.StartAsync();
            string dataSet = MoonsShards.Name(rows);
            AdviOptions advi = new() { Iterations = iterations, Seed = 7 };
            var fit = new ShardedFit<MoonsNetwork, float>(host.Services.GetRequiredService<IClusterClient>(), new MoonsNetwork()) { SimdWidth = MoonsShards.Width };
            var stopwatch = Stopwatch.StartNew();
            ShardedFitResult<float> result = await fit.FitAsync(dataSet, ShardLayout.Even(rows, shards), advi);
            double seconds = stopwatch.Elapsed.TotalSeconds;
            double trip = result.RoundTrips.TotalMicroseconds / result.Evaluations;
            double work = result.SlowestShards.TotalMicroseconds / result.Evaluations;
            Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores; {(connection is null ? "one silo in this process" : "the PostgreSQL cluster's silos")}");
            Console.WriteLine($"sharded fit: {rows:N0} rows in {shards} shards, {result.Fit.Iterations} iterations, {result.Evaluations} evaluations in {seconds:F1} s; ELBO {result.Fit.Elbo[^1].Value:F1}; {result.Fit.StopReason}");
            Console.WriteLine($"per evaluation: round trip {trip:F0} µs, of which the slowest shard's own work {work:F0} µs ({trip - work:F0} µs of calls); the coordinator's sums {result.Summing.TotalMicroseconds / result.Evaluations:F1} µs");
            int failures = 0;
            if (verify)
            {
                MoonsNetwork whole = MoonsShards.Whole(dataSet);
                var theta = new float[MoonsNetwork.ParameterCount];
                var gradient = new float[MoonsNetwork.ParameterCount];
                whole.LogDensityGradient(theta, gradient);
                stopwatch.Restart();
                for (int i = 0; i < 100; i++)
                {
                    whole.LogDensityGradient(theta, gradient);
                }

                Console.WriteLine($"one machine: the value and gradient of all {rows:N0} rows take {stopwatch.Elapsed.TotalMicroseconds / 100:F0} µs");
                AdviFit<float> solo = whole.Fit(advi);
                bool same = solo.Mean.SequenceEqual(result.Fit.Mean) && solo.Rho.SequenceEqual(result.Fit.Rho)
                    && solo.Elbo.Select(p => p.Value).SequenceEqual(result.Fit.Elbo.Select(p => p.Value));
                Console.WriteLine($"verify: the sharded fit {(same ? "equals" : "DIFFERS FROM")} the single-machine fit bit for bit (means, sds, ELBO trace)");
                failures += same ? 0 : 1;
            }

            await host.StopAsync();
            return failures;
        }

    default:
        Console.Error.WriteLine($"Unknown mode '{mode}': silo, client, local or sharded.");
        return 2;
}

static async Task<List<FitResult>> RunFleet(IClusterClient client, string fleetName, string[] keys, FleetFitOptions options)
{
    var fleet = new FitFleet<FleetRegression>(client) ;
    var results = new List<FitResult>(keys.Length);
    int shown = 0;
    var progress = new Lines(p =>
    {
        // One line per tenth of the fleet.
        if (p.Completed * 10 / p.Total > shown)
        {
            shown = p.Completed * 10 / p.Total;
            Console.WriteLine($"progress: {p.Completed}/{p.Total} fits ({p.Failed} failed), {p.Steps:N0} steps, {p.Elapsed.TotalSeconds:F1} s");
        }
    });
    await foreach (FitResult result in fleet.FitAsync(fleetName, keys, options, progress))
    {
        results.Add(result);
    }

    return results;
}

// Each key's 90 % intervals (5 %–95 %) against the values that made its data.
static int Report(List<FitResult> results)
{
    int failed = results.Count(r => !r.Succeeded);
    foreach (FitResult bad in results.Where(r => !r.Succeeded).Take(5))
    {
        Console.WriteLine($"failed: {bad.Key}: {bad.Error}");
    }

    int inside = 0;
    int total = 0;
    foreach (FitResult r in results.Where(r => r.Succeeded))
    {
        double[] truth = FleetRegression.Truth(r.Key);
        for (int i = 0; i < truth.Length; i++, total++)
        {
            inside += r.Summaries[i].Q5 <= truth[i] && truth[i] <= r.Summaries[i].Q95 ? 1 : 0;
        }
    }

    Console.WriteLine($"truth: {inside} of {total} true values inside their 90 % interval ({100.0 * inside / Math.Max(1, total):F1} %; about 90 % expected), {failed} fits failed");
    return failed;
}

// One key's fit here, alone, described as the fleet describes it.
static FitResult Solo(string key, FleetFitOptions options) => options.Method == FitMethod.Nuts
    ? FleetModel<FleetRegression, double>.Describe(key, FleetRegression.Bind(key).Nuts(options.ToNutsOptions()))
    : FleetModel<FleetRegression, double>.Describe(key, FleetRegression.Bind(key).Fit(options.ToAdviOptions()), options);

// Every key fitted again here, alone: the fleet's result must be the same bits.
static int Verify(List<FitResult> results, FleetFitOptions options)
{
    int differ = 0;
    foreach (FitResult r in results)
    {
        FitResult solo = Solo(r.Key, options);
        if (!solo.Mean.SequenceEqual(r.Mean) || !solo.Rho.SequenceEqual(r.Rho) || !solo.Draws.SequenceEqual(r.Draws))
        {
            differ++;
            Console.WriteLine($"differs: {r.Key}");
        }
    }

    Console.WriteLine($"verify: {results.Count - differ} of {results.Count} results equal their solo fit bit for bit");
    return differ;
}

/// <summary>Progress written as it comes, in order (<see cref="Progress{T}"/> would post each report to the thread pool).</summary>
internal sealed class Lines(Action<FleetProgress> write) : IProgress<FleetProgress>
{
    public void Report(FleetProgress value) => write(value);
}

/// <summary>Clustering, grain state and reminders in PostgreSQL through Orleans' ADO.NET providers (tables from Samples/Cluster/Sql).</summary>
internal static class Postgres
{
    public const string Invariant = "Npgsql";

    /// <summary>
    /// How often an unfinished fit's reminder wakes its grain (<see cref="FleetSiloOptions.ResumeEvery"/>): a fit whose
    /// silo died resumes on a live silo within about this long once the cluster has declared the silo dead, with no
    /// driver. Short for the sample (CI waits for it); Orleans' floor is lowered to match.
    /// </summary>
    public static readonly TimeSpan ResumeEvery = TimeSpan.FromSeconds(15);

    public static void Cluster(ClusterOptions o) => (o.ClusterId, o.ServiceId) = ("modelgen", "modelgen-fleet");

    public static void Silo(ISiloBuilder silo, string connection)
    {
        silo.Configure<ClusterOptions>(Cluster);
        silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connection));
        // DeleteStateOnClear: FitFleet.ClearAsync deletes a fit's row (Orleans' default keeps it with an empty payload).
        silo.AddAdoNetGrainStorage(FleetStorage.Name, o => (o.Invariant, o.ConnectionString, o.DeleteStateOnClear) = (Invariant, connection, true));
        silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (Invariant, connection));
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = ResumeEvery);
        silo.AddFleetModel<FleetRegression, double>(
            FleetRegression.Bind,
            (model, options, cancel) => model.Fit(options, cancel),
            o => o.ResumeEvery = ResumeEvery,
            nuts: (model, options, cancel) => model.Nuts(options, cancel));
        silo.AddShardedModel<MoonsNetwork, float>(MoonsShards.Bind);
    }
}
