using ModelGen.Sources;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// <see cref="ShardCoin"/>'s rows in Parquet files, the cluster's data source for it: data set "coin" is one file split
/// by row ranges, "coin-per-shard" a file per shard of <see cref="ShardLayout.Even"/> in <see cref="PerShardCount"/>
/// shards, "coin-bad" one file whose row <see cref="ShardData.BadRow"/> has a NaN input. Row groups of 1,000 rows, so
/// shards on 4,096-row chunk boundaries start and end inside row groups. Written once per test process.
/// </summary>
public static class ShardParquet
{
    /// <summary>The shards the per-shard files are written for.</summary>
    public const int PerShardCount = 2;

    private static readonly Lazy<bool> Written = new(Write);

    /// <summary>The folder the files are in.</summary>
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), $"modelgen-shard-parquet-{Environment.ProcessId}");

    /// <summary>One file per data set.</summary>
    public static ParquetShards<double> OneFile { get; } = ParquetShards<double>.OneFile(set => Path.Combine(Folder, set + ".parquet"), ["x"], "y");

    /// <summary>A file per shard.</summary>
    public static ParquetShards<double> PerShard { get; } = ParquetShards<double>.FilePerShard((set, shard) => Path.Combine(Folder, $"{set}-{shard}.parquet"), ["x"], "y");

    /// <summary>The data source registered on the silos: a shard of <paramref name="dataSet"/> read from its file and bound at <see cref="ShardData.Width"/>.</summary>
    public static ShardCoin Bind(string dataSet, ShardRows rows)
    {
        _ = Written.Value;
        ParquetShards<double> source = dataSet.EndsWith("-per-shard", StringComparison.Ordinal) ? PerShard : OneFile;
        return source.Bind(dataSet, rows.Index, rows.Start, rows.End, (x, y) => new ShardCoin(x, y) { SimdWidth = ShardData.Width });
    }

    /// <summary>Writes the files (once).</summary>
    public static void Ensure() => _ = Written.Value;

    private static bool Write()
    {
        Directory.CreateDirectory(Folder);
        (double[,] x, double[] y) = ShardLayerlessData.Coin(0, ShardData.Rows);
        ParquetBatches.WriteFile(Path.Combine(Folder, "coin.parquet"), ["x", "y"], x, y, rowGroupSize: 1_000);
        foreach (ShardRows shard in ShardLayout.Even(ShardData.Rows, PerShardCount))
        {
            (double[,] sx, double[] sy) = ShardLayerlessData.Coin(shard.Start, shard.End);
            ParquetBatches.WriteFile(Path.Combine(Folder, $"coin-per-shard-{shard.Index}.parquet"), ["x", "y"], sx, sy, rowGroupSize: 1_000);
        }

        double[,] bad = (double[,])x.Clone();
        bad[ShardData.BadRow, 0] = double.NaN;
        ParquetBatches.WriteFile(Path.Combine(Folder, "coin-bad.parquet"), ["x", "y"], bad, y, rowGroupSize: 1_000);
        return true;
    }
}
