using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// Varying intercepts by group (hierarchical): y = a[g] + w·x + σy·ε, a ~ N(μa, σa); X holds the feature (column 0) and
/// the group (column 1). θ: μa, log σa, a[0..8), w, log σy.
/// </summary>
[Model<double>]
public partial class ShardGroups
{
    /// <summary>The feature and the group.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>The group of each row: column 1, eight levels.</summary>
    [Group(nameof(X), 1, levels: ShardRegressionData.Groups)]
    public partial Group Site { get; }

    /// <summary>The intercepts' mean.</summary>
    [Normal(0, 10)]
    public partial Parameter MuA { get; }

    /// <summary>The intercepts' spread.</summary>
    [HalfNormal(5)]
    public partial Parameter SigmaA { get; }

    /// <summary>One intercept per group.</summary>
    [Normal(nameof(MuA), nameof(SigmaA)), Size(nameof(Site))]
    public partial Parameter A { get; }

    /// <summary>The feature's slope.</summary>
    [Dense(nameof(X), 1), Normal(0, 10)]
    public partial Layer Slope { get; }

    /// <summary>The noise.</summary>
    [HalfNormal(5)]
    public partial Parameter SigmaY { get; }

    /// <summary>The response.</summary>
    [Normal(nameof(Slope), nameof(SigmaY), Intercept = nameof(A))]
    public partial Observed Y { get; }
}

/// <summary>
/// The sharded data of <see cref="LineModel"/> (a line with a learned σ, θ: log σ, w, b) and <see cref="ShardGroups"/>: <see cref="ShardData.Rows"/> rows (six chunks,
/// the last partial and padded), known truth plus noise.
/// </summary>
public static class ShardRegressionData
{
    /// <summary>The groups of <see cref="ShardGroups"/>.</summary>
    public const int Groups = 8;

    private static readonly Lazy<(double[,] X, double[] Y)> Lines = new(() => MakeLine(ShardData.Rows, seed: 29));

    private static readonly Lazy<(double[,] X, double[] Y)> Grouped = new(() => MakeGroups(ShardData.Rows, seed: 31));

    /// <summary>Rows [start, end) of the line's data.</summary>
    public static (double[,] X, double[] Y) LineRows(int start, int end) => Slice(Lines.Value, start, end);

    /// <summary>Rows [start, end) of the groups' data.</summary>
    public static (double[,] X, double[] Y) GroupRows(int start, int end) => Slice(Grouped.Value, start, end);

    /// <summary>The line bound to rows [start, end) at <see cref="ShardData.Width"/>.</summary>
    public static LineModel BindLine(int start, int end)
    {
        (double[,] x, double[] y) = LineRows(start, end);
        return new LineModel(x, y) { SimdWidth = ShardData.Width };
    }

    /// <summary>The groups' model bound to rows [start, end) at <see cref="ShardData.Width"/>.</summary>
    public static ShardGroups BindGroups(int start, int end)
    {
        (double[,] x, double[] y) = GroupRows(start, end);
        return new ShardGroups(x, y) { SimdWidth = ShardData.Width };
    }

    private static (double[,] X, double[] Y) Slice((double[,] X, double[] Y) all, int start, int end)
    {
        int features = all.X.GetLength(1);
        var x = new double[end - start, features];
        var y = new double[end - start];
        for (int r = start; r < end; r++)
        {
            for (int j = 0; j < features; j++)
            {
                x[r - start, j] = all.X[r, j];
            }

            y[r - start] = all.Y[r];
        }

        return (x, y);
    }

    private static (double[,] X, double[] Y) MakeLine(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[rows, 1];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            y[r] = (1.5 * x[r, 0]) + 0.3 + (0.8 * rng.NextNormal());
        }

        return (x, y);
    }

    private static (double[,] X, double[] Y) MakeGroups(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        double[] intercepts = [.. Enumerable.Range(0, Groups).Select(g => 1.0 + (0.5 * rng.NextNormal()))];
        var x = new double[rows, 2];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            int g = (int)(rng.NextDouble() * Groups);
            x[r, 0] = rng.NextNormal();
            x[r, 1] = g;
            y[r] = intercepts[g] - (0.7 * x[r, 0]) + (0.4 * rng.NextNormal());
        }

        return (x, y);
    }
}
