using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// Over-dispersed counts with a learned dispersion: y ~ NegativeBinomial(log mean = w·x + b, φ), φ ~ Gamma(2, 0.5)
/// (positive through exp). θ: log φ, w, b. Its gamma terms Σ log Γ(y + φ) − log Γ(φ) are summed per evaluation over the
/// rows in use, so each chunk sums its own.
/// </summary>
[Model<double>]
public partial class ShardCounts
{
    /// <summary>One feature per row.</summary>
    [Input(features: 1)]
    public partial Input X { get; }

    /// <summary>The dispersion, learned.</summary>
    [Gamma(2, 0.5)]
    public partial Parameter Phi { get; }

    /// <summary>The log mean.</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)]
    public partial Layer LogMean { get; }

    /// <summary>The counts.</summary>
    [NegativeBinomial(nameof(LogMean), nameof(Phi))]
    public partial Observed Y { get; }
}

/// <summary>The sharded data of <see cref="ShardCounts"/>: <see cref="ShardData.Rows"/> rows (six chunks, the last partial and padded).</summary>
public static class ShardCountData
{
    /// <summary>θ of a moderate point: log φ, w, b.</summary>
    public static readonly double[] Theta = [Math.Log(2.5), 0.6, 0.4];

    private static readonly Lazy<(double[,] X, double[] Y)> Counts = new(() => Make(ShardData.Rows, seed: 37));

    /// <summary>Rows [start, end) bound at <paramref name="width"/>.</summary>
    public static ShardCounts Bind(int start, int end, SimdWidth width)
    {
        (double[,] all, double[] y) = Counts.Value;
        var x = new double[end - start, 1];
        for (int r = start; r < end; r++)
        {
            x[r - start, 0] = all[r, 0];
        }

        return new ShardCounts(x, y[start..end]) { SimdWidth = width };
    }

    /// <summary>Rows [start, end) bound at <see cref="ShardData.Width"/>, the width every silo pins.</summary>
    public static ShardCounts Bind(int start, int end) => Bind(start, end, ShardData.Width);

    /// <summary>Counts around e^(0.4 + 0.6·x), spread wider than a Poisson's (a uniform multiplier on 0 to 2).</summary>
    private static (double[,] X, double[] Y) Make(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[rows, 1];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            y[r] = Math.Floor(2 * rng.NextDouble() * Math.Exp(0.4 + (0.6 * x[r, 0])));
        }

        return (x, y);
    }
}
