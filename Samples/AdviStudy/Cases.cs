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
    /// <summary>Draws of the precise ELBO (<see cref="PreciseElbo"/>): a standard error of about 0.1 nats on the networks, and on fixed draws.</summary>
    public const int ElboDraws = 4_000;

    /// <summary>The fit's ELBO estimates (iteration, value), for --trace.</summary>
    public IReadOnlyList<ElboPoint> Elbo { get; init; } = [];

    /// <summary>
    /// The fitted approximation's ELBO, E_q[log p(θ) − log q(θ)], from <see cref="ElboDraws"/> draws θ = μ + σ ⊙ ε whose ε are the
    /// same for every fit of the model (common random numbers: two fits' difference is far more precise than either); NaN when not asked.
    /// </summary>
    public double PreciseElbo { get; init; } = double.NaN;

    /// <summary>Its Monte Carlo standard error.</summary>
    public double PreciseElboError { get; init; } = double.NaN;

    public static Outcome Of<T>(Func<AdviFit<T>> fit, Func<AdviFit<T>, double>? accuracy = null, Func<T[], T>? logDensity = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        AdviFit<T> f = fit();
        TimeSpan wall = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        double[] mean = [.. f.Mean.ToArray().Select(double.CreateChecked)];
        double[] sd = [.. f.StandardDeviation().Select(double.CreateChecked)];
        (double elbo, double error) = logDensity is null ? (double.NaN, double.NaN) : Precise(f, logDensity);
        return new Outcome(mean, sd, f.Iterations, f.GradientEvaluations, wall, f.StopReason, f.Message, f.ParetoK?.K, accuracy?.Invoke(f))
        {
            Elbo = f.Elbo,
            PreciseElbo = elbo,
            PreciseElboError = error,
        };
    }

    private static (double Elbo, double Error) Precise<T>(AdviFit<T> fit, Func<T[], T> logDensity)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int d = fit.Mean.Length;
        T[] draws = fit.SampleUnconstrained(ElboDraws, 0xE1B0);
        var theta = new T[d];
        double sum = 0;
        double squares = 0;
        for (int k = 0; k < ElboDraws; k++)
        {
            draws.AsSpan(k * d, d).CopyTo(theta);
            double v = double.CreateChecked(logDensity(theta)) - fit.LogApproximation(theta);
            sum += v;
            squares += v * v;
        }

        double m = sum / ElboDraws;
        return (m, Math.Sqrt(Math.Max(0, (squares / ElboDraws) - (m * m)) / ElboDraws));
    }
}

/// <summary>A model of the panel on fixed data: a name, what it is, whether its posterior has many modes, and how to fit it.</summary>
/// <param name="ReferenceScale">How many times the standard length its optimum's long runs take (a funnel settles slowly).</param>
internal sealed record Case(string Name, string Description, bool Multimodal, Func<AdviOptions, Outcome> Fit, int ReferenceScale = 1)
{
    /// <summary>A minibatch fit on the same data (batches of the given rows drawn with replacement, seeded by the options' seed); null when the study has none.</summary>
    public Func<AdviOptions, int, Outcome>? Batched { get; init; }
}

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
        return new Case("moons", "seed network 2-5-5-1 tanh, float, the notebook's 500 rows", true, o => Outcome.Of(() => model.Fit(o), f => model.Predict(data.TestX, f.Sample(400, 7)).Accuracy<float>(data.TestY), t => model.LogDensity(t)));
    }

    private static Case HierarchicalMoons()
    {
        MoonsData data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
        var model = new HierarchicalMoonsNetwork(data.TrainX, data.TrainY);
        return new Case("hierarchical moons", "the seed network with learned weight scales, float", true, o => Outcome.Of(() => model.Fit(o), f => model.Predict(data.TestX, f.Sample(400, 7)).Accuracy<float>(data.TestY), t => model.LogDensity(t)));
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
        return new Case("issue regression", "the issue's: 3 features, n = 1,000, HalfNormal(2) σ", false, o => Outcome.Of(() => model.Fit(o)))
        {
            Batched = InBatches(x, y, (source, o) => model.Fit(source, o)),
        };
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
        // 600 rows to fit and 600 more drawn from the same spiral to judge predictions on, both standardised with the fitting rows' mean and sd.
        (double[,] all, int[] labels) = Spiral.Draw(600, DataSeed + 5);
        (double[,] held, int[] heldLabels) = Spiral.Draw(600, DataSeed + 55);
        int rows = labels.Length;
        var x = new float[rows, 2];
        var y = new float[rows];
        var testX = new float[heldLabels.Length, 2];
        var testY = new float[heldLabels.Length];
        for (int c = 0; c < 2; c++)
        {
            double mean = Enumerable.Range(0, rows).Average(r => all[r, c]);
            double sd = Math.Sqrt(Enumerable.Range(0, rows).Sum(r => (all[r, c] - mean) * (all[r, c] - mean)) / (rows - 1));
            for (int r = 0; r < rows; r++)
            {
                x[r, c] = (float)((all[r, c] - mean) / sd);
            }

            for (int r = 0; r < heldLabels.Length; r++)
            {
                testX[r, c] = (float)((held[r, c] - mean) / sd);
            }
        }

        for (int r = 0; r < rows; r++)
        {
            y[r] = labels[r];
        }

        for (int r = 0; r < heldLabels.Length; r++)
        {
            testY[r] = heldLabels[r];
        }

        var model = new SpiralNetwork(x, y);
        return new Case("multi-class", "Samples/MultiClass: 2-12-12-3 tanh, categorical, float, 600 rows (600 more held out)", true, o => Outcome.Of(() => model.Fit(o), f => model.Predict(testX, f.Sample(400, 7)).Accuracy<float>(testY), t => model.LogDensity(t)));
    }

    private static Case FlatPrice()
    {
        (double[,] x, double[] y) = Designs.Price(DataSeed + 6);
        var model = new FlatPriceRegression(x, y);
        return new Case("price, flat priors", "y ~ 7·10³, un-centred x ~ 10², their interaction ~ 2.5·10⁴, Flat/HalfFlat, n = 300", false, o => Outcome.Of(() => model.Fit(o)))
        {
            Batched = InBatches(x, y, (source, o) => model.Fit(source, o)),
        };
    }

    private static Case FlatLogPrice()
    {
        (double[,] x, double[] y) = Designs.LogPrice(DataSeed + 7);
        var model = new FlatLogPriceRegression(x, y);
        return new Case("log price, flat priors", "log of y ~ 3·10⁴ on un-centred x ~ 10², Flat/HalfFlat, n = 400", false, o => Outcome.Of(() => model.Fit(o)))
        {
            Batched = InBatches(x, y, (source, o) => model.Fit(source, o)),
        };
    }

    private static Case WideIncome()
    {
        (double[,] x, double[] y) = Designs.Income(DataSeed + 8);
        var model = new WideIncomeRegression(x, y);
        return new Case("income, wide priors", "y ~ 2.5·10⁴ on un-centred x ~ 10², Normal(0, 10⁴) / HalfNormal(10⁴), n = 120", false, o => Outcome.Of(() => model.Fit(o)))
        {
            Batched = InBatches(x, y, (source, o) => model.Fit(source, o)),
        };
    }

    // A case's minibatch fit: batches of the given rows drawn with replacement from (x, y), seeded by the fit's seed.
    private static Func<AdviOptions, int, Outcome> InBatches(double[,] x, double[] y, Func<Batches.InMemoryBatches<double>, AdviOptions, AdviFit<double>> fit) =>
        (o, rows) => Outcome.Of(() => fit(Batches.InMemoryBatches<double>.WithReplacement(x, y, rows, o.Seed ?? 1), o));

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
