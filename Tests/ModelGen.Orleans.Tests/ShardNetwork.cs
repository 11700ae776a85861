using ModelGen.Data;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>A small Bernoulli network on two features (float): the model of the sharded-fit tests.</summary>
[Model<float>]
public partial class ShardNetwork
{
    /// <summary>Two features per row.</summary>
    [Input(2)]
    public partial Input X { get; }

    /// <summary>Four tanh units.</summary>
    [Dense(nameof(X), 4, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden { get; }

    /// <summary>The logit.</summary>
    [Dense(nameof(Hidden), 1), Normal(0, 1)]
    public partial Layer Output { get; }

    /// <summary>The class.</summary>
    [Bernoulli(Logits = nameof(Output))]
    public partial Observed Y { get; }
}

/// <summary>
/// The sharded tests' data sets: <see cref="Rows"/> rows of two noisy interleaved half-moons (six chunks of
/// <see cref="RowChunks.ChunkRows"/>, the last one partial). Data set <see cref="Bad"/> is the same but for a NaN in
/// row <see cref="BadRow"/>'s first feature.
/// </summary>
public static class ShardData
{
    /// <summary>Five whole chunks and part of a sixth: enough for five shards, and a padded last chunk.</summary>
    public const int Rows = (5 * RowChunks.ChunkRows) + 1500;

    /// <summary>The data set with a NaN.</summary>
    public const string Bad = "bad";

    /// <summary>The row of the NaN, in the data set's numbering.</summary>
    public const int BadRow = 13_000;

    /// <summary>The register width every sharded test runs at, on every silo and alone.</summary>
    public const SimdWidth Width = SimdWidth.Vector256;

    private static readonly Lazy<(float[,] X, float[] Y)> Moons = new(() => Make(Rows, seed: 19));

    /// <summary>Rows [start, end) of data set <paramref name="dataSet"/>: the data source of the shards.</summary>
    public static (float[,] X, float[] Y) Slice(string dataSet, int start, int end)
    {
        (float[,] all, float[] labels) = Moons.Value;
        var x = new float[end - start, 2];
        var y = new float[end - start];
        for (int r = start; r < end; r++)
        {
            x[r - start, 0] = dataSet == Bad && r == BadRow ? float.NaN : all[r, 0];
            x[r - start, 1] = all[r, 1];
            y[r - start] = labels[r];
        }

        return (x, y);
    }

    /// <summary>Rows [start, end) of <paramref name="dataSet"/>, bound at <see cref="Width"/>.</summary>
    public static ShardNetwork Bind(string dataSet, int start, int end)
    {
        (float[,] x, float[] y) = Slice(dataSet, start, end);
        return new ShardNetwork(x, y) { SimdWidth = Width };
    }

    private static (float[,] X, float[] Y) Make(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[rows, 2];
        var y = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            bool upper = rng.NextDouble() < 0.5;
            double angle = Math.PI * rng.NextDouble();
            x[r, 0] = (float)((upper ? Math.Cos(angle) : 1 - Math.Cos(angle)) + (0.2 * rng.NextNormal()));
            x[r, 1] = (float)((upper ? Math.Sin(angle) : 0.5 - Math.Sin(angle)) + (0.2 * rng.NextNormal()));
            y[r] = upper ? 0f : 1f;
        }

        return (x, y);
    }
}
