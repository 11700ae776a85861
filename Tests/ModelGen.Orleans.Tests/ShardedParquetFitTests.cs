using ModelGen.Data;
using ModelGen.Inference;

namespace ModelGen.Orleans.Tests;

/// <summary>Sharded ADVI whose shards read their rows from Parquet (<see cref="ShardParquet"/>), on the same three-silo cluster.</summary>
public sealed partial class ShardedFitTests
{
    private static readonly Lazy<AdviFit<double>> SoloCoin = new(() => ShardLayerlessData.BindCoin(0, ShardData.Rows).Fit(Options));

    [Theory]
    [InlineData("coin", 1)]
    [InlineData("coin", 3)]
    [InlineData("coin", 5)]
    [InlineData("coin-per-shard", ShardParquet.PerShardCount)]
    public async Task A_sharded_fit_from_Parquet_is_the_single_machine_fit_bit_for_bit(string dataSet, int shards)
    {
        ShardParquet.Ensure();
        var fit = new ShardedFit<ShardCoin, double>(fixture.Cluster.Client, new ShardCoin()) { SimdWidth = ShardData.Width };
        ShardedFitResult<double> result = await fit.FitAsync(dataSet, ShardLayout.Even(ShardData.Rows, shards), Options);
        AssertSame(SoloCoin.Value, result.Fit);
    }

    [Fact]
    public async Task A_Parquet_shard_with_a_NaN_fails_the_fit_naming_the_shard_the_file_and_the_row()
    {
        ShardParquet.Ensure();
        ShardRows[] layout = ShardLayout.Even(ShardData.Rows, 3);
        ShardRows bad = Assert.Single(layout, s => s.Start <= ShardData.BadRow && ShardData.BadRow < s.End);
        string inner = Assert.Throws<ModelDataException>(() => ShardParquet.Bind("coin-bad", bad)).Message;
        var fit = new ShardedFit<ShardCoin, double>(fixture.Cluster.Client, new ShardCoin()) { SimdWidth = ShardData.Width };
        ModelDataException e = await Assert.ThrowsAsync<ModelDataException>(() => fit.FitAsync("coin-bad", layout, Options));
        Assert.Equal($"The shard 1 (rows 8192–16383): row 13000 of the data set (row {ShardData.BadRow - bad.Start} of the shard): {inner}", e.Message);
        Assert.Contains($"Parquet file '{Path.Combine(ShardParquet.Folder, "coin-bad.parquet")}', row 13000: ", e.Message);
        Assert.Equal((ShardData.BadRow, 0, "X"), (e.Row, e.Column, e.Element));
    }
}
