using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ModelGen.Data;
using ModelGen.Inference;
using ModelGen.Sampling;
using ModelGen.Simd;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace ModelGen.Orleans.Tests;

/// <summary>An in-process cluster of three silos holding shards of <see cref="ShardNetwork"/>.</summary>
public sealed class ShardClusterFixture : TestClusterFixture<ShardClusterFixture.Silo>
{
    /// <summary>What each silo hosts: the sharded models.</summary>
    public sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddShardedModel<ShardNetwork, float>((dataSet, rows) => ShardData.Slice(dataSet, rows.Start, rows.End), (x, y) => new ShardNetwork(x, y))
                .AddShardedModel<LineModel, double>((_, rows) => ShardRegressionData.BindLine(rows.Start, rows.End))
                .AddShardedModel<ShardGroups, double>((_, rows) => ShardRegressionData.BindGroups(rows.Start, rows.End))
                .AddShardedModel<ShardCounts, double>((_, rows) => ShardCountData.Bind(rows.Start, rows.End))
                .AddShardedModel<ShardSchools, double>((_, rows) => ShardLayerlessData.BindSchools(rows.Start, rows.End))
                .AddShardedModel<ShardCoin, double>(ShardParquet.Bind);
    }
}

/// <summary>
/// Sharded full-batch ADVI on the three-silo cluster: for 1, 2, 3 and 5 shards the fit is the single-machine fit bit for
/// bit (means, sds, ELBO trace); a shard with a NaN fails the fit naming the shard and the row.
/// </summary>
public sealed partial class ShardedFitTests(ShardClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ShardClusterFixture>
{
    private static readonly AdviOptions Options = new() { Iterations = 300, Seed = 23, ElboEvery = 50, ParetoKDraws = 0 };

    private static readonly Lazy<AdviFit<float>> Solo = new(() => ShardData.Bind("moons", 0, ShardData.Rows).Fit(Options));

    private static readonly Lazy<AdviFit<double>> SoloLine = new(() => ShardRegressionData.BindLine(0, ShardData.Rows).Fit(Options));

    private static readonly Lazy<AdviFit<double>> SoloGroups = new(() => ShardRegressionData.BindGroups(0, ShardData.Rows).Fit(Options));

    private static readonly Lazy<AdviFit<double>> SoloCounts = new(() => ShardCountData.Bind(0, ShardData.Rows).Fit(Options));

    /// <summary>The sharded fit is the single-machine fit: iterations, stop reason, μ, ρ and the ELBO trace, bit for bit.</summary>
    internal static void AssertSame<T>(AdviFit<T> solo, AdviFit<T> sharded)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.Equal(solo.Iterations, sharded.Iterations);
        Assert.Equal(solo.StopReason, sharded.StopReason);
        Assert.Equal(solo.Mean.ToArray(), sharded.Mean.ToArray());
        Assert.Equal(solo.Rho.ToArray(), sharded.Rho.ToArray());
        Assert.Equal(solo.Elbo.Select(p => (p.Iteration, p.Value)), sharded.Elbo.Select(p => (p.Iteration, p.Value)));
        Assert.True(solo.Elbo.Count >= 5, $"{solo.Elbo.Count} ELBO estimates");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_sharded_fit_is_the_single_machine_fit_bit_for_bit(int shards)
    {
        var fit = new ShardedFit<ShardNetwork, float>(fixture.Cluster.Client, new ShardNetwork()) { SimdWidth = ShardData.Width };
        ShardedFitResult<float> result = await fit.FitAsync("moons", ShardLayout.Even(ShardData.Rows, shards), Options);
        AssertSame(Solo.Value, result.Fit);
        Report(result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_sharded_fit_of_a_learned_sigma_regression_is_the_single_machine_fit_bit_for_bit(int shards)
    {
        var fit = new ShardedFit<LineModel, double>(fixture.Cluster.Client, new LineModel()) { SimdWidth = ShardData.Width };
        ShardedFitResult<double> result = await fit.FitAsync("line", ShardLayout.Even(ShardData.Rows, shards), Options);
        AssertSame(SoloLine.Value, result.Fit);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_sharded_fit_of_a_varying_intercepts_model_is_the_single_machine_fit_bit_for_bit(int shards)
    {
        var fit = new ShardedFit<ShardGroups, double>(fixture.Cluster.Client, new ShardGroups()) { SimdWidth = ShardData.Width };
        ShardedFitResult<double> result = await fit.FitAsync("groups", ShardLayout.Even(ShardData.Rows, shards), Options);
        AssertSame(SoloGroups.Value, result.Fit);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_sharded_fit_of_a_learned_dispersion_count_model_is_the_single_machine_fit_bit_for_bit(int shards)
    {
        var fit = new ShardedFit<ShardCounts, double>(fixture.Cluster.Client, new ShardCounts()) { SimdWidth = ShardData.Width };
        ShardedFitResult<double> result = await fit.FitAsync("counts", ShardLayout.Even(ShardData.Rows, shards), Options);
        AssertSame(SoloCounts.Value, result.Fit);
    }

    [Fact]
    public async Task A_sharded_fit_stopped_mid_run_resumes_from_its_checkpoint_to_the_uninterrupted_fit_bit_for_bit()
    {
        // The coordinator checkpoints every 100 steps; the first write stops it (as a coordinator that died there).
        using var stop = new CancellationTokenSource();
        var store = new MemoryStore { OnWrite = stop.Cancel };
        AdviOptions options = Options with { Checkpoint = new CheckpointOptions(store, every: 100) };
        var fit = new ShardedFit<ShardCounts, double>(fixture.Cluster.Client, new ShardCounts()) { SimdWidth = ShardData.Width };
        ShardedFitResult<double> stopped = await fit.FitAsync("counts", ShardLayout.Even(ShardData.Rows, 3), options, stop.Token);
        Assert.Equal(StopReason.Cancelled, stopped.Fit.StopReason);
        Assert.True(stopped.Fit.Iterations < Options.Iterations, $"stopped after {stopped.Fit.Iterations} steps");

        // A new coordinator, in another layout, resumes at step 100 and ends where the single-machine fit does.
        store.OnWrite = null;
        ShardedFitResult<double> resumed = await fit.FitAsync("counts", ShardLayout.Even(ShardData.Rows, 2), options);
        Assert.True(store.Resumed, "the second fit did not read the checkpoint");
        AssertSame(SoloCounts.Value, resumed.Fit);
    }

    /// <summary>Two chains (run side by side, each evaluation a round trip to every shard), short: the comparison is of bits, not of the posterior.</summary>
    private static readonly NutsOptions NutsRun = new() { Chains = 2, Warmup = 150, Draws = 100, Seed = 41 };

    private static readonly Lazy<NutsFit<double>> SoloLineNuts = new(() => ShardRegressionData.BindLine(0, ShardData.Rows).Nuts(NutsRun));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_sharded_NUTS_run_of_a_learned_sigma_regression_is_the_single_machine_run_bit_for_bit(int shards)
    {
        var fit = new ShardedFit<LineModel, double>(fixture.Cluster.Client, new LineModel()) { SimdWidth = ShardData.Width };
        ShardedSampleResult<double> result = await fit.SampleAsync("line", ShardLayout.Even(ShardData.Rows, shards), NutsRun);
        NutsFit<double> solo = SoloLineNuts.Value;
        Assert.Equal((solo.Chains, solo.DrawsPerChain), (result.Fit.Chains, result.Fit.DrawsPerChain));
        Assert.Equal(solo.Draws.Values.ToArray(), result.Fit.Draws.Values.ToArray());
        Assert.Equal(solo.Statistics.LogDensity, result.Fit.Statistics.LogDensity);
        Assert.Equal(solo.Statistics.StepSize, result.Fit.Statistics.StepSize);
        Assert.Equal(solo.Statistics.Leapfrogs, result.Fit.Statistics.Leapfrogs);
        Assert.Equal(solo.WarmupLeapfrogs, result.Fit.WarmupLeapfrogs);
        Assert.Equal(solo.InverseMetric(1).ToArray(), result.Fit.InverseMetric(1).ToArray());

        // Every leapfrog of both chains (and each start's evaluation) went to the shards.
        Assert.True(result.Evaluations >= solo.Leapfrogs + solo.WarmupLeapfrogs, $"{result.Evaluations} evaluations for {solo.Leapfrogs + solo.WarmupLeapfrogs} leapfrogs");
    }

    [Fact]
    public async Task A_sharded_NUTS_run_stopped_mid_run_resumes_from_its_checkpoint_to_the_uninterrupted_run_bit_for_bit()
    {
        // Each chain checkpoints every 100 of its iterations; the first write stops the run (cancelling throws).
        using var stop = new CancellationTokenSource();
        var store = new MemoryStore { OnWrite = stop.Cancel };
        NutsOptions options = NutsRun with { Checkpoint = new CheckpointOptions(store, every: 100) };
        var fit = new ShardedFit<LineModel, double>(fixture.Cluster.Client, new LineModel()) { SimdWidth = ShardData.Width };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fit.SampleAsync("line", ShardLayout.Even(ShardData.Rows, 3), options, stop.Token));

        // A new coordinator, in another layout, resumes each chain where it was saved and ends as one machine's run.
        store.OnWrite = null;
        ShardedSampleResult<double> resumed = await fit.SampleAsync("line", ShardLayout.Even(ShardData.Rows, 2), options);
        Assert.True(store.Resumed, "the second run did not read the checkpoint");
        NutsAssert.Same(SoloLineNuts.Value, resumed.Fit);
    }

    private static readonly Lazy<NutsFit<double>> SoloCountsNuts = new(() => ShardCountData.Bind(0, ShardData.Rows).Nuts(NutsRun));

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public async Task A_sharded_NUTS_run_of_a_learned_dispersion_count_model_is_the_single_machine_run_bit_for_bit(int shards)
    {
        var fit = new ShardedFit<ShardCounts, double>(fixture.Cluster.Client, new ShardCounts()) { SimdWidth = ShardData.Width };
        ShardedSampleResult<double> result = await fit.SampleAsync("counts", ShardLayout.Even(ShardData.Rows, shards), NutsRun);
        NutsAssert.Same(SoloCountsNuts.Value, result.Fit);
    }

    /// <summary>Three chains, each on a grain of its own (chain c on silo c mod 3), each its own coordinator over the shards.</summary>
    private static readonly FleetFitOptions ChainRun = new() { Method = FitMethod.Nuts, Chains = 3, Warmup = 150, Draws = 100, Seed = 43 };

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_sharded_NUTS_run_with_its_chains_on_different_silos_is_the_single_machine_run_bit_for_bit(int shards)
    {
        var fit = new ShardedFit<LineModel, double>(fixture.Cluster.Client, new LineModel()) { SimdWidth = ShardData.Width };
        ChainedNutsResult<double> result = await fit.SampleChainsAsync("line", ShardLayout.Even(ShardData.Rows, shards), ChainRun);
        NutsAssert.Same(ShardRegressionData.BindLine(0, ShardData.Rows).Nuts(ChainRun.ToNutsOptions()), result.Fit);

        Assert.True(result.Silos.Distinct().Count() > 1, $"every chain ran on {result.Silos[0]}");
        output.WriteLine($"{shards} shard(s): chains ran on {string.Join(", ", result.Silos)}");
    }

    [Fact]
    public async Task A_shard_with_a_NaN_fails_the_fit_naming_the_shard_and_the_row()
    {
        ShardRows[] layout = ShardLayout.Even(ShardData.Rows, 3);
        ShardRows bad = Assert.Single(layout, s => s.Start <= ShardData.BadRow && ShardData.BadRow < s.End);
        string inner = Assert.Throws<ModelDataException>(() => ShardData.Bind(ShardData.Bad, bad.Start, bad.End)).Message;
        var fit = new ShardedFit<ShardNetwork, float>(fixture.Cluster.Client, new ShardNetwork()) { SimdWidth = ShardData.Width };
        ModelDataException e = await Assert.ThrowsAsync<ModelDataException>(() => fit.FitAsync(ShardData.Bad, layout, Options));
        Assert.Equal($"The shard 1 (rows 8192–16383): row 13000 of the data set (row {ShardData.BadRow - bad.Start} of the shard): {inner}", e.Message);
        Assert.Equal((ShardData.BadRow, 0, "X"), (e.Row, e.Column, e.Element));
    }

    [Fact]
    public async Task A_layout_off_the_chunk_boundaries_is_refused_naming_the_shard()
    {
        var fit = new ShardedFit<ShardNetwork, float>(fixture.Cluster.Client, new ShardNetwork());
        ShardRows[] layout = [new(0, 0, 5000), new(1, 5000, ShardData.Rows)];
        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => fit.FitAsync("moons", layout, Options));
        Assert.StartsWith("The shard layout's shard 0 (rows 0–4999) holds 5000 rows, not a whole number of chunks of 4096", e.Message);
    }

    /// <summary>Where a step's time goes: the round trip to the shards against the shards' own work and one machine's gradient.</summary>
    private void Report(ShardedFitResult<float> result)
    {
        var whole = ShardData.Bind("moons", 0, ShardData.Rows);
        float[] theta = ChunkedDensityTests.Theta(seed: 7);
        var gradient = new float[ShardNetwork.ParameterCount];
        whole.LogDensityGradient(theta, gradient);
        const int Repeats = 200;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < Repeats; i++)
        {
            whole.LogDensityGradient(theta, gradient);
        }

        double alone = Stopwatch.GetElapsedTime(start).TotalMicroseconds / Repeats;
        double trip = result.RoundTrips.TotalMicroseconds / result.Evaluations;
        double slowest = result.SlowestShards.TotalMicroseconds / result.Evaluations;
        double sum = result.Summing.TotalMicroseconds / result.Evaluations;
        output.WriteLine(FormattableString.Invariant($"{result.Shards} shard(s), {result.Evaluations} evaluations: round trip {trip:F0} µs per evaluation (slowest shard's own work {slowest:F0} µs, so {trip - slowest:F0} µs of calls), coordinator's sums {sum:F1} µs; one machine's value and gradient of all {ShardData.Rows} rows {alone:F0} µs"));
    }
}

/// <summary>A checkpoint store in memory that says whether a fit resumed from it, and can act on each write.</summary>
internal sealed class MemoryStore : ICheckpointStore
{
    private byte[]? _bytes;

    /// <summary>Called after each write (a test stops its fit there).</summary>
    public Action? OnWrite { get; set; }

    /// <summary>Whether a read found a checkpoint.</summary>
    public bool Resumed { get; private set; }

    public string Name => "memory";

    public byte[]? Read()
    {
        Resumed |= _bytes is not null;
        return _bytes;
    }

    public void Write(ReadOnlySpan<byte> checkpoint)
    {
        _bytes = checkpoint.ToArray();
        OnWrite?.Invoke();
    }
}
