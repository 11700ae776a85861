using ModelGen.Batches;
using ModelGen.Inference;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// Minibatch ADVI over the shards of the three-silo cluster: each step's batch is drawn over the data set's rows as one
/// machine draws it, each row taken from the shard that holds it, and the fit is the single-machine minibatch fit of the
/// same rows, order, seed and batch size, bit for bit.
/// </summary>
public sealed class ShardedMinibatchTests(ShardClusterFixture fixture) : IClassFixture<ShardClusterFixture>
{
    private const int Batch = 256;

    private static readonly AdviOptions Options = new() { Iterations = 400, Seed = 17, ElboEvery = 50, ParetoKDraws = 0 };

    private static readonly Lazy<(float[,] X, float[] Y)> Moons = new(() => ShardData.Slice("moons", 0, ShardData.Rows));

    /// <summary>The batches' rows are drawn with replacement (the seed notebook's minibatches) or as shuffled epochs.</summary>
    private static BatchOrder Order(bool epochs) =>
        epochs ? BatchOrder.Epochs(ShardData.Rows, Batch, seed: 5) : BatchOrder.WithReplacement(ShardData.Rows, Batch, seed: 5);

    private static InMemoryBatches<float> Solo(bool epochs) => epochs
        ? InMemoryBatches<float>.Epochs(Moons.Value.X, Moons.Value.Y, Batch, seed: 5)
        : InMemoryBatches<float>.WithReplacement(Moons.Value.X, Moons.Value.Y, Batch, seed: 5);

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(5, false)]
    [InlineData(3, true)]
    public async Task A_sharded_minibatch_fit_is_the_single_machine_minibatch_fit_bit_for_bit(int shards, bool epochs)
    {
        var model = new ShardNetwork { SimdWidth = ShardData.Width };
        AdviFit<float> solo = model.Fit(Solo(epochs), Options);

        var fit = new ShardedFit<ShardNetwork, float>(fixture.Cluster.Client, new ShardNetwork()) { SimdWidth = ShardData.Width };
        ShardedFitResult<float> result = await fit.FitBatchesAsync("moons", ShardLayout.Even(ShardData.Rows, shards), Order(epochs), (batches, options, cancel) => model.Fit(batches, options, cancel), Options);

        ShardedFitTests.AssertSame(solo, result.Fit);

        // Every step took its batch from the shards (the start's pooled batches too).
        Assert.True(result.Evaluations >= solo.Iterations, $"{result.Evaluations} batches for {solo.Iterations} steps");
    }

    [Fact]
    public async Task A_minibatch_fit_over_shards_that_keep_no_rows_is_refused_naming_the_registration()
    {
        var model = new LineModel { SimdWidth = ShardData.Width };
        var fit = new ShardedFit<LineModel, double>(fixture.Cluster.Client, new LineModel()) { SimdWidth = ShardData.Width };
        InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => fit.FitBatchesAsync("line", ShardLayout.Even(ShardData.Rows, 2), BatchOrder.WithReplacement(ShardData.Rows, Batch, 5), (batches, options, cancel) => model.Fit(batches, options, cancel), Options));
        Assert.Equal($"The shards of model '{typeof(LineModel).FullName}' keep no rows for minibatches: register it on every silo with AddShardedModel(rows, bind), which keeps them.", e.Message);
    }

    [Fact]
    public async Task A_batch_order_over_other_rows_than_the_shards_hold_is_refused()
    {
        var model = new ShardNetwork();
        var fit = new ShardedFit<ShardNetwork, float>(fixture.Cluster.Client, new ShardNetwork());
        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => fit.FitBatchesAsync("moons", ShardLayout.Even(ShardData.Rows, 2), BatchOrder.WithReplacement(1000, Batch, 5), (batches, options, cancel) => model.Fit(batches, options, cancel), Options));
        Assert.StartsWith($"The batch order draws from 1000 rows; the shards hold {ShardData.Rows}", e.Message);
    }
}
