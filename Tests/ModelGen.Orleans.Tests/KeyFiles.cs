using ModelGen.Random;
using ModelGen.Simd;
using ModelGen.Sources;

namespace ModelGen.Orleans.Tests;

/// <summary>The line model fitted from a Parquet file per key (<see cref="KeyFiles"/>), registered under a name of its own.</summary>
public sealed class ParquetLineModel(double[,] x, double[] y) : LineModel(x, y)
{
    /// <summary>Key <paramref name="key"/>'s file, read whole and bound at a pinned width: the fleet's data source.</summary>
    public static ParquetLineModel FromFile(string key)
    {
        (double[,] x, double[] y) = KeyFiles.Rows.Read(key);
        return new ParquetLineModel(x, y) { SimdWidth = SimdWidth.Vector128 };
    }
}

/// <summary>
/// A folder of Parquet files, one per key: p0 … p3 (4,500 rows each in row groups of 1,000, so a key's read crosses row
/// groups and the reader's 4,096-row chunks), and "pinf" (its row 4,200's y is +∞, which the model's constructor refuses).
/// "pnone" has no file. Written once per test process.
/// </summary>
public static class KeyFiles
{
    private static readonly Lazy<ParquetKeyFiles<double>> Source = new(Write);

    /// <summary>The per-key reader.</summary>
    public static ParquetKeyFiles<double> Rows => Source.Value;

    /// <summary>The keys with good data.</summary>
    public static string[] GoodKeys { get; } = [.. Enumerable.Range(0, 4).Select(i => $"p{i}")];

    /// <summary>The folder the files are in.</summary>
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), $"modelgen-fleet-parquet-{Environment.ProcessId}");

    /// <summary>A key's rows as written, in order (for the solo fits).</summary>
    public static (double[,] X, double[] Y) Data(string key)
    {
        ulong number = key.Aggregate(0UL, (hash, c) => (hash * 31) + c);
        var rng = new Rng(700 + number);
        double w = rng.NextNormal();
        double b = rng.NextNormal();
        const int Rows = 4_500;
        var x = new double[Rows, 1];
        var y = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            y[r] = (w * x[r, 0]) + b + (0.5 * rng.NextNormal());
        }

        if (key == "pinf")
        {
            y[4_200] = double.PositiveInfinity;
        }

        return (x, y);
    }

    private static ParquetKeyFiles<double> Write()
    {
        Directory.CreateDirectory(Folder);
        foreach (string key in (string[])[.. GoodKeys, "pinf"])
        {
            (double[,] x, double[] y) = Data(key);
            ParquetBatches.WriteFile(Path.Combine(Folder, key + ".parquet"), ["x", "y"], x, y, rowGroupSize: 1_000);
        }

        return new ParquetKeyFiles<double>(key => Path.Combine(Folder, key + ".parquet"), ["x"], "y");
    }
}
