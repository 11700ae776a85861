using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Samples.Cluster;

/// <summary>y = x·w + b + ε, ε ~ N(0, σ²), two features: the model each key of the fleet fits on its own data.</summary>
[Model<double>]
public partial class FleetRegression
{
    /// <summary>Two features per row.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>The noise sd, learned.</summary>
    [Exponential(1)]
    public partial Parameter Sigma { get; }

    /// <summary>The regression line.</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 10)]
    public partial Layer Line { get; }

    /// <summary>The response.</summary>
    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }

    /// <summary>Rows per key.</summary>
    public const int RowsPerKey = 200;

    /// <summary>
    /// The values that made key <paramref name="key"/>'s data ("k0", "k1", …), at their places in the flat layout
    /// (σ, w₀, w₁, b): weights and bias N(0, 1), σ uniform on [0.3, 1.3], all from the key's own random stream.
    /// </summary>
    public static double[] Truth(string key)
    {
        var rng = new Rng(Number(key));
        return [0.3 + rng.NextDouble(), rng.NextNormal(), rng.NextNormal(), rng.NextNormal()];
    }

    /// <summary>Key <paramref name="key"/>'s data, bound at a pinned register width (every silo computes the same bits).</summary>
    public static FleetRegression Bind(string key)
    {
        double[] truth = Truth(key);
        var rng = new Rng(Number(key) + 1_000_000_007UL);
        var x = new double[RowsPerKey, 2];
        var y = new double[RowsPerKey];
        for (int r = 0; r < RowsPerKey; r++)
        {
            x[r, 0] = rng.NextNormal();
            x[r, 1] = rng.NextNormal();
            y[r] = (truth[1] * x[r, 0]) + (truth[2] * x[r, 1]) + truth[3] + (truth[0] * rng.NextNormal());
        }

        return new FleetRegression(x, y) { SimdWidth = SimdWidth.Vector256 };
    }

    private static ulong Number(string key) =>
        key.Length > 1 && key[0] == 'k' && ulong.TryParse(key.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out ulong n)
            ? n
            : throw new ArgumentException($"Key '{key}' is not of the form k<number>.", nameof(key));
}
