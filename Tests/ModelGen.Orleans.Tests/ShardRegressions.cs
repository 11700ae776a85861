using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// A regression with a learned noise: y = w·x + b + σ·ε, σ positive (exp of θ[0]). Sharded because its chunks now carry
/// the chain rule of the transform and the likelihood's −n·log σ counts each chunk's own rows.
/// </summary>
[Model<double>]
public partial class ShardNoisyLine
{
    /// <summary>Two features per row.</summary>
    [Input(2)]
    public partial Input X { get; }

    /// <summary>The noise, positive: θ[0] = log σ.</summary>
    [Exponential(1)]
    public partial Parameter Sigma { get; }

    /// <summary>The line: weights θ[1..3), bias θ[3].</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 10)]
    public partial Layer Line { get; }

    /// <summary>The response.</summary>
    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }
}

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
/// The data of <see cref="ShardNoisyLine"/> and <see cref="ShardGroups"/>: <see cref="ShardData.Rows"/> rows (six chunks,
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
    public static ShardNoisyLine BindLine(int start, int end)
    {
        (double[,] x, double[] y) = LineRows(start, end);
        return new ShardNoisyLine(x, y) { SimdWidth = ShardData.Width };
    }

    /// <summary>The groups' model bound to rows [start, end) at <see cref="ShardData.Width"/>.</summary>
    public static ShardGroups BindGroups(int start, int end)
    {
        (double[,] x, double[] y) = GroupRows(start, end);
        return new ShardGroups(x, y) { SimdWidth = ShardData.Width };
    }

    private static (double[,] X, double[] Y) Slice((double[,] X, double[] Y) all, int start, int end)
    {
        var x = new double[end - start, 2];
        var y = new double[end - start];
        for (int r = start; r < end; r++)
        {
            x[r - start, 0] = all.X[r, 0];
            x[r - start, 1] = all.X[r, 1];
            y[r - start] = all.Y[r];
        }

        return (x, y);
    }

    private static (double[,] X, double[] Y) MakeLine(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[rows, 2];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            x[r, 1] = rng.NextNormal();
            y[r] = (1.5 * x[r, 0]) - (0.5 * x[r, 1]) + 0.3 + (0.8 * rng.NextNormal());
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
