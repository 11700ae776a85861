using ModelGen.Data;
using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// Shards read from Parquet (<see cref="ModelGen.Sources.ParquetShards{T}"/>) on one machine: each shard's rows, from one
/// file by row range or from a file of its own, are the data set's rows; a file of the wrong size and rows the model
/// refuses are errors naming the file and the row.
/// </summary>
public sealed class ParquetShardTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Each_shard_of_one_file_reads_its_rows_of_the_data_set(int count)
    {
        ShardParquet.Ensure();
        foreach (ShardRows shard in ShardLayout.Even(ShardData.Rows, count))
        {
            (double[,] x, double[] y) = ShardParquet.OneFile.Read("coin", shard.Index, shard.Start, shard.End);
            (double[,] ex, double[] ey) = ShardLayerlessData.Coin(shard.Start, shard.End);
            Assert.Equal(ex, x);
            Assert.Equal(ey, y);
        }
    }

    [Fact]
    public void Each_shard_reads_a_file_of_its_own_whole()
    {
        ShardParquet.Ensure();
        foreach (ShardRows shard in ShardLayout.Even(ShardData.Rows, ShardParquet.PerShardCount))
        {
            (double[,] x, double[] y) = ShardParquet.PerShard.Read("coin-per-shard", shard.Index, shard.Start, shard.End);
            Assert.Equal(ShardLayerlessData.Coin(shard.Start, shard.End).Y, y);
            Assert.Equal(shard.Count, x.GetLength(0));
        }
    }

    [Fact]
    public void A_shard_file_of_another_size_than_its_shard_is_refused_naming_the_file()
    {
        ShardParquet.Ensure();
        ShardRows first = ShardLayout.Even(ShardData.Rows, 3)[0];
        string path = Path.Combine(ShardParquet.Folder, "coin-per-shard-0.parquet");
        ArgumentException e = Assert.Throws<ArgumentException>(() => ShardParquet.PerShard.Read("coin-per-shard", 0, first.Start, first.End));
        Assert.Equal($"Parquet file '{path}' of data set 'coin-per-shard' holds 12288 rows; its shard 0 holds rows 0–8191 (8192 rows). (Parameter 'end')", e.Message);
        FileNotFoundException missing = Assert.Throws<FileNotFoundException>(() => ShardParquet.PerShard.Read("coin-per-shard", 7, 0, 10));
        Assert.Equal($"Shard 7 of data set 'coin-per-shard' has no Parquet file at '{Path.Combine(ShardParquet.Folder, "coin-per-shard-7.parquet")}'.", missing.Message);
        ArgumentException past = Assert.Throws<ArgumentException>(() => ShardParquet.OneFile.Read("coin", 5, ShardData.Rows - 10, ShardData.Rows + 1));
        Assert.StartsWith($"Parquet file '{Path.Combine(ShardParquet.Folder, "coin.parquet")}' has {ShardData.Rows} rows; rows {ShardData.Rows - 10}–{ShardData.Rows} were asked for.", past.Message);
    }

    [Fact]
    public void Rows_the_model_refuses_name_the_file_and_its_row()
    {
        ShardParquet.Ensure();
        ShardRows shard = Assert.Single(ShardLayout.Even(ShardData.Rows, 3), s => s.Start <= ShardData.BadRow && ShardData.BadRow < s.End);
        (double[,] x, double[] y) = ShardParquet.OneFile.Read("coin-bad", shard.Index, shard.Start, shard.End);
        string inner = Assert.Throws<ModelDataException>(() => new ShardCoin(x, y)).Message;
        ModelDataException e = Assert.Throws<ModelDataException>(() => ShardParquet.Bind("coin-bad", shard));
        Assert.Equal($"Parquet file '{Path.Combine(ShardParquet.Folder, "coin-bad.parquet")}', row {ShardData.BadRow}: {inner}", e.Message);
        Assert.Equal(("X", ShardData.BadRow - shard.Start, 0), (e.Element, e.Row, e.Column));
    }

    [Fact]
    public void A_model_bound_to_a_shard_from_the_file_is_the_model_bound_to_its_rows_in_memory()
    {
        ShardParquet.Ensure();
        ShardRows shard = ShardLayout.Even(ShardData.Rows, 3)[1];
        ShardCoin read = ShardParquet.Bind("coin", shard);
        ShardCoin held = ShardLayerlessData.BindCoin(shard.Start, shard.End);
        Assert.Equal(held.LogDensity(ShardLayerlessData.CoinTheta), read.LogDensity(ShardLayerlessData.CoinTheta));
        Assert.Equal(ShardData.Width, read.SimdWidth);
    }
}
