using ModelGen.Data;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>y = w·x + b + ε, ε ~ N(0, σ²): the per-key regression of the fleet tests.</summary>
[Model<double>]
public partial class LineModel
{
    /// <summary>One feature per row.</summary>
    [Input(features: 1)]
    public partial Input X { get; }

    /// <summary>The noise sd, learned.</summary>
    [Exponential(1)]
    public partial Parameter Sigma { get; }

    /// <summary>The line.</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 10)]
    public partial Layer Line { get; }

    /// <summary>The response.</summary>
    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }

    /// <summary>The key "bad" has a NaN response, which the generated constructor refuses.</summary>
    public const string BadKey = "bad";

    /// <summary>
    /// Keys that begin with "f" ("f9031"): their data source fails the first bind of each in this process with a
    /// <see cref="ModelDataException"/> (a flaky source), and later binds give the data of the key's number, as "k9031".
    /// </summary>
    public const string FlakyPrefix = "f";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> FlakyBound = new(StringComparer.Ordinal);

    /// <summary>
    /// Key "k17"'s data: 100 rows of y = w x + b + N(0, 0.5²) with w, b drawn from the key's number, bound at a pinned
    /// register width so a fit gives the same bits on every silo. The data source of the fleet: a callback.
    /// </summary>
    public static LineModel Bind(string key)
    {
        if (key.StartsWith(FlakyPrefix, StringComparison.Ordinal) && FlakyBound.TryAdd(key, true))
        {
            throw new ModelDataException($"The data source of key '{key}' failed its first read.", nameof(Y));
        }

        ulong number = key == BadKey ? 0 : ulong.Parse(key.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var rng = new Rng(1000 + number);
        double w = rng.NextNormal();
        double b = rng.NextNormal();
        const int Rows = 100;
        var x = new double[Rows, 1];
        var y = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            y[r] = (w * x[r, 0]) + b + (0.5 * rng.NextNormal());
        }

        if (key == BadKey)
        {
            y[42] = double.NaN;
        }

        return new LineModel(x, y) { SimdWidth = SimdWidth.Vector128 };
    }
}
