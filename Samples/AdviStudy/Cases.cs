using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Samples.CountRegression;
using ModelGen.Samples.EightSchools;
using ModelGen.Samples.HierarchicalMoons;
using ModelGen.Samples.Moons;
using ModelGen.Samples.MultiClass;
using ModelGen.Samples.Regression;

namespace ModelGen.Samples.AdviStudy;

/// <summary>One fit, reduced to what the study compares: the approximation's unconstrained means and sds, and its cost.</summary>
/// <param name="Accuracy">Held-out accuracy of the fit's posterior predictive (400 draws), for the networks with a held-out set.</param>
internal sealed record Outcome(double[] Mean, double[] Sd, int Iterations, long Gradients, TimeSpan Wall, StopReason Stop, string? Message, double? ParetoK, double? Accuracy = null)
{
    public static Outcome Of<T>(Func<AdviFit<T>> fit, Func<AdviFit<T>, double>? accuracy = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        AdviFit<T> f = fit();
        TimeSpan wall = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        double[] mean = [.. f.Mean.ToArray().Select(double.CreateChecked)];
        double[] sd = [.. f.StandardDeviation().Select(double.CreateChecked)];
        return new Outcome(mean, sd, f.Iterations, f.GradientEvaluations, wall, f.StopReason, f.Message, f.ParetoK?.K, accuracy?.Invoke(f));
    }
}

/// <summary>A model of the panel on fixed data: a name, what it is, whether its posterior has many modes, and how to fit it.</summary>
/// <param name="ReferenceScale">How many times the standard length its optimum's long runs take (a funnel settles slowly).</param>
internal sealed record Case(string Name, string Description, bool Multimodal, Func<AdviOptions, Outcome> Fit, int ReferenceScale = 1);

/// <summary>The panel: the samples' models and the regressions on unstandardised data, each on data drawn once with a fixed seed.</summary>
internal static class Cases
{
    private const ulong DataSeed = 20_261_207;

    public static IReadOnlyList<Case> All() =>
    [
        Moons(),
        HierarchicalMoons(),
        Regression(),
        IssueRegression(),
        Poisson(),
        NegativeBinomial(),
        EightSchools(centred: true),
        EightSchools(centred: false),
        Radon(),
        MultiClass(),
        FlatPrice(),
        FlatLogPrice(),
        WideIncome(),
    ];

    private static Case Moons()
    {
        MoonsData data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
        var model = new MoonsNetwork(data.TrainX, data.TrainY);
        return new Case("moons", "seed network 2-5-5-1 tanh, float, the notebook's 500 rows", true, o => Outcome.Of(() => model.Fit(o), f => model.Predict(data.TestX, f.Sample(400, 7)).Accuracy<float>(data.TestY)));
    }

    private static Case HierarchicalMoons()
    {
        MoonsData data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
        var model = new HierarchicalMoonsNetwork(data.TrainX, data.TrainY);
        return new Case("hierarchical moons", "the seed network with learned weight scales, float", true, o => Outcome.Of(() => model.Fit(o), f => model.Predict(data.TestX, f.Sample(400, 7)).Accuracy<float>(data.TestY)));
    }

    private static Case Regression()
    {
        (double[,] x, double[] y) = Designs.Linear(200, [1.5, -2.0, 0.5], 0.8, 0.7, DataSeed);
        var model = new RegressionModel(x, y);
        return new Case("regression", "Samples/Regression: 3 standard-normal features, n = 200, Exponential(1) σ", false, o => Outcome.Of(() => model.Fit(o)));
    }

    private static Case IssueRegression()
    {
        (double[,] x, double[] y) = Designs.Linear(1_000, [1.0, -0.5, 2.0], 0.3, 1.3, DataSeed + 1);
        var model = new IssueRegression(x, y);
        return new Case("issue regression", "the issue's: 3 features, n = 1,000, HalfNormal(2) σ", false, o => Outcome.Of(() => model.Fit(o)));
    }

    private static Case Poisson()
    {
        (double[,] x, double[] y) = Counts(300, [0.4, -0.3, 0.2], 1.0, null, DataSeed + 2);
        var model = new PoissonRegression(x, y);
        return new Case("poisson", "Samples/CountRegression: Poisson, 3 features, n = 300", false, o => Outcome.Of(() => model.Fit(o)));
    }

    private static Case NegativeBinomial()
    {
        (double[,] x, double[] y) = Counts(300, [0.4, -0.3, 0.2], 1.0, 3.0, DataSeed + 3);
        var model = new NegativeBinomialRegression(x, y);
        return new Case("negative binomial", "Samples/CountRegression: NegBin with learned φ, n = 300", false, o => Outcome.Of(() => model.Fit(o)));
    }

    private static Case EightSchools(bool centred)
    {
        double[,] schools = Rubin.Schools();
        double[] y = Rubin.Estimates;
        return centred
            ? new Case("eight schools, centred", "Rubin's data, θ ~ N(μ, τ), HalfCauchy(5) τ", false, o => Outcome.Of(() => new Centred(schools, y).Fit(o)), ReferenceScale: 10)
            : new Case("eight schools, non-centred", "Rubin's data, θ = μ + τ·z", false, o => Outcome.Of(() => new NonCentred(schools, y).Fit(o)));
    }

    private static Case Radon()
    {
        // As Samples/EightSchools simulates it: counties of 4 to 61 homes, a ~ N(1.4, 0.4²), floor effect −0.7, noise 0.7.
        var rng = new Rng(DataSeed + 4);
        double[] intercepts = [.. Enumerable.Range(0, Samples.EightSchools.Radon.Counties).Select(_ => 1.4 + (0.4 * rng.NextNormal()))];
        int[] homes = [.. Enumerable.Range(0, Samples.EightSchools.Radon.Counties).Select(j => 4 + (3 * j))];
        var x = new double[homes.Sum(), 2];
        var y = new double[homes.Sum()];
        int row = 0;
        for (int j = 0; j < homes.Length; j++)
        {
            for (int h = 0; h < homes[j]; h++, row++)
            {
                x[row, 0] = rng.NextDouble() < 0.25 ? 1 : 0;
                x[row, 1] = j;
                y[row] = intercepts[j] - (0.7 * x[row, 0]) + (0.7 * rng.NextNormal());
            }
        }

        var model = new Samples.EightSchools.Radon(x, y);
        return new Case("radon", "varying intercepts by county, 20 counties, 650 homes", false, o => Outcome.Of(() => model.Fit(o)));
    }

    private static Case MultiClass()
    {
        (double[,] all, int[] labels) = Spiral.Draw(600, DataSeed + 5);
        int rows = labels.Length;
        var x = new float[rows, 2];
        var y = new float[rows];
        for (int c = 0; c < 2; c++)
        {
            double mean = Enumerable.Range(0, rows).Average(r => all[r, c]);
            double sd = Math.Sqrt(Enumerable.Range(0, rows).Sum(r => (all[r, c] - mean) * (all[r, c] - mean)) / (rows - 1));
            for (int r = 0; r < rows; r++)
            {
                x[r, c] = (float)((all[r, c] - mean) / sd);
            }
        }

        for (int r = 0; r < rows; r++)
        {
            y[r] = labels[r];
        }

        var model = new SpiralNetwork(x, y);
        return new Case("multi-class", "Samples/MultiClass: 2-12-12-3 tanh, categorical, float, 600 rows", true, o => Outcome.Of(() => model.Fit(o)));
    }

    private static Case FlatPrice()
    {
        (double[,] x, double[] y) = Designs.Price(DataSeed + 6);
        var model = new FlatPriceRegression(x, y);
        return new Case("price, flat priors", "y ~ 7·10³, un-centred x ~ 10², their interaction ~ 2.5·10⁴, Flat/HalfFlat, n = 300", false, o => Outcome.Of(() => model.Fit(o)));
    }

    private static Case FlatLogPrice()
    {
        (double[,] x, double[] y) = Designs.LogPrice(DataSeed + 7);
        var model = new FlatLogPriceRegression(x, y);
        return new Case("log price, flat priors", "log of y ~ 3·10⁴ on un-centred x ~ 10², Flat/HalfFlat, n = 400", false, o => Outcome.Of(() => model.Fit(o)));
    }

    private static Case WideIncome()
    {
        (double[,] x, double[] y) = Designs.Income(DataSeed + 8);
        var model = new WideIncomeRegression(x, y);
        return new Case("income, wide priors", "y ~ 2.5·10⁴ on un-centred x ~ 10², Normal(0, 10⁴) / HalfNormal(10⁴), n = 120", false, o => Outcome.Of(() => model.Fit(o)));
    }

    private static (double[,] X, double[] Y) Counts(int rows, double[] weights, double bias, double? dispersion, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[rows, weights.Length];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double logRate = bias;
            for (int c = 0; c < weights.Length; c++)
            {
                x[r, c] = rng.NextNormal();
                logRate += weights[c] * x[r, c];
            }

            double mu = Math.Exp(logRate);
            y[r] = dispersion is { } phi ? Sample.NegativeBinomial(ref rng, mu, phi) : Sample.Poisson(ref rng, mu);
        }

        return (x, y);
    }
}
