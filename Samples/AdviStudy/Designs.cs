using ModelGen.Random;

namespace ModelGen.Samples.AdviStudy;

/// <summary>
/// The study's regressions on unstandardised data, one copy: the study fits them with learned noise, and
/// Tests/ModelGen.EndToEnd.Tests (which links this file) with the noise known, where the optimum has a closed form.
/// </summary>
public static class Designs
{
    /// <summary>y ≈ 7,000: 3,000 + 12·x₁ + 9·x₂ + 0.03·x₁x₂ + N(0, 400²), x₁ ~ 100 ± 20, x₂ ~ 250 ± 40; the columns x₁, x₂, x₁x₂.</summary>
    public const double PriceNoise = 400;

    /// <summary>log y = 8 + 0.006·x₁ + 0.004·x₂ + N(0, 0.15²) (y ~ 3·10⁴), x₁ ~ 150 ± 30, x₂ ~ 80 ± 15.</summary>
    public const double LogPriceNoise = 0.15;

    /// <summary>y ~ 2.5·10⁴: 12,000 + 60·x₁ + 25·x₂ + N(0, 3,000²), x₁ ~ 160 ± 30, x₂ ~ 120 ± 40.</summary>
    public const double IncomeNoise = 3_000;

    /// <summary>The price design (<see cref="PriceNoise"/>): 300 rows.</summary>
    public static (double[,] X, double[] Y) Price(ulong seed) => Draw(300, 3, seed, (ref Rng rng, double[] row) =>
    {
        double a = 100 + (20 * rng.NextNormal());
        double b = 250 + (40 * rng.NextNormal());
        (row[0], row[1], row[2]) = (a, b, a * b);
        return 3000 + (12 * a) + (9 * b) + (0.03 * a * b) + (PriceNoise * rng.NextNormal());
    });

    /// <summary>The log-price design (<see cref="LogPriceNoise"/>): 400 rows, the outcome the log of a price.</summary>
    public static (double[,] X, double[] Y) LogPrice(ulong seed) => Draw(400, 2, seed, (ref Rng rng, double[] row) =>
    {
        double a = 150 + (30 * rng.NextNormal());
        double b = 80 + (15 * rng.NextNormal());
        (row[0], row[1]) = (a, b);
        double price = Math.Exp(8 + (0.006 * a) + (0.004 * b) + (LogPriceNoise * rng.NextNormal()));
        return Math.Log(price);
    });

    /// <summary>The income design (<see cref="IncomeNoise"/>): 120 rows.</summary>
    public static (double[,] X, double[] Y) Income(ulong seed) => Draw(120, 2, seed, (ref Rng rng, double[] row) =>
    {
        double a = 160 + (30 * rng.NextNormal());
        double b = 120 + (40 * rng.NextNormal());
        (row[0], row[1]) = (a, b);
        return 12_000 + (60 * a) + (25 * b) + (IncomeNoise * rng.NextNormal());
    });

    /// <summary>y = bias + x·weights + N(0, noise²) on standard-normal features: the Regression sample's and the data.</summary>
    public static (double[,] X, double[] Y) Linear(int rows, double[] weights, double bias, double noise, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[rows, weights.Length];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            y[r] = bias + (noise * rng.NextNormal());
            for (int c = 0; c < weights.Length; c++)
            {
                x[r, c] = rng.NextNormal();
                y[r] += weights[c] * x[r, c];
            }
        }

        return (x, y);
    }

    private delegate double RowMaker(ref Rng rng, double[] row);

    private static (double[,] X, double[] Y) Draw(int rows, int columns, ulong seed, RowMaker make)
    {
        var rng = new Rng(seed);
        var x = new double[rows, columns];
        var y = new double[rows];
        var row = new double[columns];
        for (int r = 0; r < rows; r++)
        {
            y[r] = make(ref rng, row);
            for (int c = 0; c < columns; c++)
            {
                x[r, c] = row[c];
            }
        }

        return (x, y);
    }
}
