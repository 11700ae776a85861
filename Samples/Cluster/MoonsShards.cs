using System.Collections.Concurrent;
using System.Globalization;
using ModelGen.Orleans;
using ModelGen.Samples.Moons;
using ModelGen.Simd;

namespace ModelGen.Samples.Cluster;

/// <summary>
/// The sharded fit's data: the seed network (<see cref="MoonsNetwork"/>) on a larger make_moons. A data set is named
/// "moons-ROWS"; every silo makes the same points from the name (a fixed seed), and a shard keeps only its rows. In a
/// real deployment the data source would read each shard's rows from a file or a table instead.
/// </summary>
internal static class MoonsShards
{
    /// <summary>The register width every shard and the single-machine check compute at.</summary>
    public const SimdWidth Width = SimdWidth.Vector256;

    private static readonly ConcurrentDictionary<string, MoonsData> Sets = new(StringComparer.Ordinal);

    /// <summary>The data set's name for <paramref name="rows"/> rows.</summary>
    public static string Name(int rows) => string.Create(CultureInfo.InvariantCulture, $"moons-{rows}");

    /// <summary>The whole data set (its training half: <c>rows</c> points).</summary>
    public static MoonsData Set(string dataSet) => Sets.GetOrAdd(dataSet, name =>
    {
        int rows = name.StartsWith("moons-", StringComparison.Ordinal) && int.TryParse(name.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new ArgumentException($"Data set '{name}' is not of the form moons-<rows>.", nameof(dataSet));
        return MoonsData.Generate(2 * rows, noise: 0.2, seed: 42);
    });

    /// <summary>The data source of the shards: rows [Start, End) of the data set, bound.</summary>
    public static MoonsNetwork Bind(string dataSet, ShardRows rows)
    {
        MoonsData set = Set(dataSet);
        var x = new float[rows.Count, 2];
        var y = new float[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            x[r, 0] = set.TrainX[rows.Start + r, 0];
            x[r, 1] = set.TrainX[rows.Start + r, 1];
            y[r] = set.TrainY[rows.Start + r];
        }

        return new MoonsNetwork(x, y) { SimdWidth = Width };
    }

    /// <summary>All the rows on this machine, at the same width: the fit a sharded one must equal.</summary>
    public static MoonsNetwork Whole(string dataSet)
    {
        MoonsData set = Set(dataSet);
        return new MoonsNetwork(set.TrainX, set.TrainY) { SimdWidth = Width };
    }
}
