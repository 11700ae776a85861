using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// Eight schools with many rows (no layer): each row an estimate yᵢ ~ N(θ[school], sᵢ) with its known standard error;
/// θⱼ ~ N(μ, τ), centred. X holds the school (column 0) and the standard error (column 1). θ: μ, log τ, θ[0..8).
/// </summary>
[Model<double>]
public partial class ShardSchools
{
    /// <summary>The school and the standard error.</summary>
    [Input(2)]
    public partial Input X { get; }

    /// <summary>The school of each row: column 0, eight levels.</summary>
    [Group(nameof(X), 0, levels: ShardLayerlessData.Schools)]
    public partial Group School { get; }

    /// <summary>Each row's standard error: column 1.</summary>
    [Column(nameof(X), 1)]
    public partial Column StdErr { get; }

    /// <summary>The effects' mean.</summary>
    [Normal(0, 5)]
    public partial Parameter Mu { get; }

    /// <summary>The effects' spread.</summary>
    [HalfCauchy(5)]
    public partial Parameter Tau { get; }

    /// <summary>One effect per school.</summary>
    [Normal(nameof(Mu), nameof(Tau)), Size(nameof(School))]
    public partial Parameter Theta { get; }

    /// <summary>The estimates.</summary>
    [Normal(nameof(Theta), nameof(StdErr))]
    public partial Observed Y { get; }
}

/// <summary>One log-odds per arm plus a shared base (float, no layer): y ~ Bernoulli(logit = base + arm[g]). θ: base, arm[0..4).</summary>
[Model<float>]
public partial class ShardArms
{
    /// <summary>The arm.</summary>
    [Input(1)]
    public partial Input X { get; }

    /// <summary>The arm of each row: column 0, four levels.</summary>
    [Group(nameof(X), 0, levels: ShardLayerlessData.Arms)]
    public partial Group Arm { get; }

    /// <summary>The shared base log-odds.</summary>
    [Normal(0, 1.5)]
    public partial Parameter Base { get; }

    /// <summary>Each arm's log-odds.</summary>
    [Normal(0, 1), Size(nameof(Arm))]
    public partial Parameter ArmLogit { get; }

    /// <summary>The outcome.</summary>
    [Bernoulli(Logits = nameof(ArmLogit), Intercept = nameof(Base))]
    public partial Observed Y { get; }
}

/// <summary>A coin with only a standalone parameter (no layer, no group): y ~ Bernoulli(p), p ~ Beta(2, 3). θ: logit p.</summary>
[Model<double>]
public partial class ShardCoin
{
    /// <summary>X only gives the rows.</summary>
    [Input(1)]
    public partial Input X { get; }

    /// <summary>The probability of heads.</summary>
    [Beta(2, 3)]
    public partial Parameter P { get; }

    /// <summary>The tosses.</summary>
    [Bernoulli(P = nameof(P))]
    public partial Observed Y { get; }
}

/// <summary>The sharded data of the models without a layer: <see cref="ShardData.Rows"/> rows each (six chunks, the last partial and padded).</summary>
public static class ShardLayerlessData
{
    /// <summary>The schools of <see cref="ShardSchools"/>.</summary>
    public const int Schools = 8;

    /// <summary>The arms of <see cref="ShardArms"/>.</summary>
    public const int Arms = 4;

    /// <summary>θ of the schools: μ, log τ, θ[0..8), each effect away from its school's truth.</summary>
    public static readonly double[] SchoolTheta = [4.0, Math.Log(3.0), 1.0, 9.5, -2.0, 6.0, 0.5, 12.0, 3.0, -4.0];

    /// <summary>θ of the arms: base, arm[0..4).</summary>
    public static readonly float[] ArmTheta = [-0.3f, 0.9f, -0.4f, 0.2f, 1.3f];

    /// <summary>θ of the coin: logit p at p ≈ 0.59, away from the data's 0.3 (and not a power of two, so the chunks' sums round).</summary>
    public static readonly double[] CoinTheta = [0.37];

    private static readonly Lazy<(double[,] X, double[] Y)> SchoolRows = new(() => MakeSchools(ShardData.Rows, seed: 43));

    private static readonly Lazy<(float[,] X, float[] Y)> ArmRows = new(() => MakeArms(ShardData.Rows, seed: 47));

    private static readonly Lazy<(double[,] X, double[] Y)> CoinRows = new(() => MakeCoin(ShardData.Rows, seed: 53));

    /// <summary>Rows [start, end) of the schools' data.</summary>
    public static (double[,] X, double[] Y) SchoolRowsOf(int start, int end) => Slice(SchoolRows.Value, start, end);

    /// <summary>Rows [start, end) of the coin's data.</summary>
    public static (double[,] X, double[] Y) Coin(int start, int end) => Slice(CoinRows.Value, start, end);

    /// <summary>The schools bound to rows [start, end) at <paramref name="width"/>.</summary>
    public static ShardSchools BindSchools(int start, int end, SimdWidth width = ShardData.Width)
    {
        (double[,] x, double[] y) = SchoolRowsOf(start, end);
        return new ShardSchools(x, y) { SimdWidth = width };
    }

    /// <summary>The arms bound to rows [start, end) at <paramref name="width"/>.</summary>
    public static ShardArms BindArms(int start, int end, SimdWidth width = ShardData.Width)
    {
        (float[,] x, float[] y) = Slice(ArmRows.Value, start, end);
        return new ShardArms(x, y) { SimdWidth = width };
    }

    /// <summary>The coin bound to rows [start, end) at <paramref name="width"/>.</summary>
    public static ShardCoin BindCoin(int start, int end, SimdWidth width = ShardData.Width)
    {
        (double[,] x, double[] y) = Coin(start, end);
        return new ShardCoin(x, y) { SimdWidth = width };
    }

    private static (TValue[,] X, TValue[] Y) Slice<TValue>((TValue[,] X, TValue[] Y) all, int start, int end)
    {
        int features = all.X.GetLength(1);
        var x = new TValue[end - start, features];
        for (int r = start; r < end; r++)
        {
            for (int j = 0; j < features; j++)
            {
                x[r - start, j] = all.X[r, j];
            }
        }

        return (x, all.Y[start..end]);
    }

    /// <summary>Schools' estimates around effects 2 + 3·N(0, 1), standard errors on 2 to 20.</summary>
    private static (double[,] X, double[] Y) MakeSchools(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        double[] effects = [.. Enumerable.Range(0, Schools).Select(_ => 2 + (3 * rng.NextNormal()))];
        var x = new double[rows, 2];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            int school = (int)(rng.NextDouble() * Schools);
            double error = 2 + (18 * rng.NextDouble());
            x[r, 0] = school;
            x[r, 1] = error;
            y[r] = effects[school] + (error * rng.NextNormal());
        }

        return (x, y);
    }

    /// <summary>Outcomes with probability σ(−0.3 + arm's log-odds) per arm.</summary>
    private static (float[,] X, float[] Y) MakeArms(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        double[] logits = [1.0, -0.5, 0.0, 1.5];
        var x = new float[rows, 1];
        var y = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            int arm = (int)(rng.NextDouble() * Arms);
            x[r, 0] = arm;
            y[r] = rng.NextDouble() < 1 / (1 + Math.Exp(0.3 - logits[arm])) ? 1f : 0f;
        }

        return (x, y);
    }

    /// <summary>Tosses of a coin with p = 0.3; X is zeros.</summary>
    private static (double[,] X, double[] Y) MakeCoin(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            y[r] = rng.NextDouble() < 0.3 ? 1 : 0;
        }

        return (new double[rows, 1], y);
    }
}
