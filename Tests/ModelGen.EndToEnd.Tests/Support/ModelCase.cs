using System.Globalization;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests.Support;

/// <summary>
/// One generated double-precision model bound to fixed random data, with delegates to its generated
/// members and what the independent reference needs (its layers, likelihood and data).
/// </summary>
public sealed class ModelCase
{
    public required string Name { get; init; }

    public required ModelInfo Layout { get; init; }

    public required IReadOnlyList<Layer> Layers { get; init; }

    public required double[,] X { get; init; }

    public required double[] Y { get; init; }

    /// <summary>"bernoulli-logits", "bernoulli-p" or "normal".</summary>
    public required string Likelihood { get; init; }

    public double Sigma { get; init; }

    public required Func<double[], double> LogDensity { get; init; }

    public required Func<double[], double[], double> LogDensityGradient { get; init; }

    public required Action<double[], double[]> Gradient { get; init; }

    public required Action<SimdWidth> SetWidth { get; init; }

    public int Dimension => Layout.Dimension;

    public override string ToString() => Name;

    // 37 rows: two whole 16-row registers plus a tail of 5, so padding is exercised at every width.
    public const int Rows = 37;

    /// <summary>The models the plain reference density (<see cref="ReferenceDensity"/>) covers: fixed priors, no transforms.</summary>
    public static IEnumerable<string> Names => new[] { "Seed", "BiasedClassifier", "SoftplusRegression", "DeepMixed", "LinearRegression" };

    /// <summary>Those and the hierarchical models, whose densities have references written out in their own tests.</summary>
    public static IEnumerable<string> AllNames => Names.Concat(new[] { "HierarchicalNet", "PriorZoo" }).Concat(CountAndRobustNames).Concat(CategoricalNames).Concat(GroupNames);

    /// <summary>The models with group indices, named columns and parameter terms; <see cref="GroupTests"/> writes their densities out.</summary>
    public static IEnumerable<string> GroupNames => new[] { "EightSchools", "EightSchoolsNonCentred", "Radon", "GroupPoisson", "BetaBernoulli", "GroupLogits", "VaryingTrials" };

    /// <summary>The models with the count and Student-t likelihoods; <see cref="CountTests"/> writes their densities out.</summary>
    public static IEnumerable<string> CountAndRobustNames => new[] { "PoissonNet", "BinomialNet", "NegativeBinomialNet", "FixedDispersionNet", "RobustRegression", "FixedStudentT" };

    /// <summary>The models with a categorical likelihood; <see cref="CategoricalTests"/> writes their densities out.</summary>
    public static IEnumerable<string> CategoricalNames => new[] { "CategoricalNet", "SoftmaxRegression" };

    /// <summary>Models with tiled (≥ 32-unit) layers: plain references, but too many coordinates for every test to sweep all.</summary>
    public static IEnumerable<string> WideNames => new[] { "Wide32Net", "Wide128Net", "WideMixed" };

    public static ModelCase Create(string name) => name switch
    {
        "Wide32Net" => Wide32(),
        "Wide128Net" => Wide128(),
        "WideMixed" => WideMixedCase(),
        "Seed" => Seed(),
        "BiasedClassifier" => Biased(),
        "SoftplusRegression" => Softplus(),
        "DeepMixed" => Deep(),
        "LinearRegression" => Linear(),
        "HierarchicalNet" => Hierarchical(),
        "PriorZoo" => Zoo(),
        "PoissonNet" => Make(name, Counts(seed: 18, trials: null), (x, y) => new PoissonNet(x, y), PoissonNet.Layout, "poisson"),
        "BinomialNet" => Make(name, Counts(seed: 19, trials: 5), (x, y) => new BinomialNet(x, y), BinomialNet.Layout, "binomial"),
        "NegativeBinomialNet" => Make(name, Counts(seed: 20, trials: null), (x, y) => new NegativeBinomialNet(x, y), NegativeBinomialNet.Layout, "negative-binomial"),
        "FixedDispersionNet" => Make(name, Counts(seed: 21, trials: null), (x, y) => new FixedDispersionNet(x, y), FixedDispersionNet.Layout, "negative-binomial"),
        "RobustRegression" => Make(name, Data(2, binary: false, seed: 22), (x, y) => new RobustRegression(x, y), RobustRegression.Layout, "student-t"),
        "FixedStudentT" => Make(name, Data(2, binary: false, seed: 23), (x, y) => new FixedStudentT(x, y), FixedStudentT.Layout, "student-t"),
        "CategoricalNet" => Make(name, Classes(seed: 24, classes: 3), (x, y) => new CategoricalNet(x, y), CategoricalNet.Layout, "categorical"),
        "SoftmaxRegression" => Make(name, Classes(seed: 25, classes: 4), (x, y) => new SoftmaxRegression(x, y), SoftmaxRegression.Layout, "categorical"),
        "EightSchools" => Make(name, GroupData(name), (x, y) => new EightSchools(x, y), EightSchools.Layout, "normal"),
        "EightSchoolsNonCentred" => Make(name, GroupData(name), (x, y) => new EightSchoolsNonCentred(x, y), EightSchoolsNonCentred.Layout, "normal"),
        "Radon" => Make(name, GroupData(name), (x, y) => new Radon(x, y), Radon.Layout, "normal"),
        "GroupPoisson" => Make(name, GroupData(name), (x, y) => new GroupPoisson(x, y), GroupPoisson.Layout, "poisson"),
        "BetaBernoulli" => Make(name, GroupData(name), (x, y) => new BetaBernoulli(x, y), BetaBernoulli.Layout, "bernoulli-p"),
        "GroupLogits" => Make(name, GroupData(name), (x, y) => new GroupLogits(x, y), GroupLogits.Layout, "bernoulli-logits"),
        "VaryingTrials" => Make(name, GroupData(name), (x, y) => new VaryingTrials(x, y), VaryingTrials.Layout, "binomial"),
        _ => throw new ArgumentException($"No test model '{name}'.", nameof(name)),
    };

    private static ModelCase Wide32()
    {
        (double[,] x, double[] y) = Data(2, binary: true, seed: 24);
        var m = new Wide32Net(x, y);
        return new ModelCase
        {
            Name = "Wide32Net", Layout = Wide32Net.Layout, Layers = new[] { m.Hidden1, m.Hidden2, m.Output }, X = x, Y = y, Likelihood = "bernoulli-logits",
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    private static ModelCase Wide128()
    {
        (double[,] x, double[] y) = Data(2, binary: true, seed: 25);
        var m = new Wide128Net(x, y);
        return new ModelCase
        {
            Name = "Wide128Net", Layout = Wide128Net.Layout, Layers = new[] { m.Hidden1, m.Hidden2, m.Output }, X = x, Y = y, Likelihood = "bernoulli-logits",
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    private static ModelCase WideMixedCase()
    {
        (double[,] x, double[] y) = Data(3, binary: false, seed: 26);
        var m = new WideMixed(x, y);
        return new ModelCase
        {
            Name = "WideMixed", Layout = WideMixed.Layout, Layers = new[] { m.A, m.B, m.C, m.D, m.Mean }, X = x, Y = y, Likelihood = "normal", Sigma = 0.5,
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    private static ModelCase Seed()
    {
        (double[,] x, double[] y) = Data(2, binary: true, seed: 11);
        var m = new SeedDouble(x, y);
        return new ModelCase
        {
            Name = "Seed", Layout = SeedDouble.Layout, Layers = new[] { m.Hidden1, m.Hidden2, m.Output }, X = x, Y = y, Likelihood = "bernoulli-logits",
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    private static ModelCase Biased()
    {
        (double[,] x, double[] y) = Data(3, binary: true, seed: 12);
        var m = new BiasedClassifier(x, y);
        return new ModelCase
        {
            Name = "BiasedClassifier", Layout = BiasedClassifier.Layout, Layers = new[] { m.Hidden, m.Logit }, X = x, Y = y, Likelihood = "bernoulli-logits",
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    private static ModelCase Softplus()
    {
        (double[,] x, double[] y) = Data(2, binary: false, seed: 13);
        var m = new SoftplusRegression(x, y);
        return new ModelCase
        {
            Name = "SoftplusRegression", Layout = SoftplusRegression.Layout, Layers = new[] { m.Hidden, m.Mean }, X = x, Y = y, Likelihood = "normal", Sigma = 0.5,
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    private static ModelCase Deep()
    {
        (double[,] x, double[] y) = Data(4, binary: true, seed: 14);
        var m = new DeepMixed(x, y);
        return new ModelCase
        {
            Name = "DeepMixed", Layout = DeepMixed.Layout, Layers = new[] { m.A, m.B, m.C, m.D, m.P }, X = x, Y = y, Likelihood = "bernoulli-p",
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    private static ModelCase Linear()
    {
        (double[,] x, double[] y) = Data(2, binary: false, seed: 15);
        var m = new LinearRegression(x, y);
        return new ModelCase
        {
            Name = "LinearRegression", Layout = LinearRegression.Layout, Layers = new[] { m.Line }, X = x, Y = y, Likelihood = "normal", Sigma = 0.7,
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    private static ModelCase Hierarchical()
    {
        (double[,] x, double[] y) = Data(2, binary: true, seed: 16);
        var m = new HierarchicalNet(x, y);
        return new ModelCase
        {
            Name = "HierarchicalNet", Layout = HierarchicalNet.Layout, Layers = new[] { m.Hidden, m.Output }, X = x, Y = y, Likelihood = "bernoulli-logits",
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    private static ModelCase Zoo()
    {
        (double[,] x, double[] y) = Data(2, binary: false, seed: 17);
        var m = new PriorZoo(x, y);
        return new ModelCase
        {
            Name = "PriorZoo", Layout = PriorZoo.Layout, Layers = new[] { m.Hidden, m.Mean }, X = x, Y = y, Likelihood = "normal",
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    /// <summary>A case from any generated double model, through the members every model has.</summary>
    private static ModelCase Make(string name, (double[,] X, double[] Y) data, Func<double[,], double[], ITestDensity> create, ModelInfo layout, string likelihood)
    {
        ITestDensity m = create(data.X, data.Y);
        return new ModelCase
        {
            Name = name, Layout = layout, Layers = Array.Empty<Layer>(), X = data.X, Y = data.Y, Likelihood = likelihood,
            LogDensity = t => m.LogDensity(t), LogDensityGradient = (t, g) => m.LogDensityGradient(t, g), Gradient = (t, g) => m.Gradient(t, g), SetWidth = w => m.SimdWidth = w,
        };
    }

    /// <summary>N(0, 1) features and counts with a log rate of 0.5 + 0.4·sin(x₀) − 0.3·x₁ (binomial: logit of it, <paramref name="trials"/> trials).</summary>
    private static (double[,] X, double[] Y) Counts(ulong seed, int? trials)
    {
        var rng = new Rng(seed);
        var x = new double[Rows, 2];
        var y = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            x[r, 1] = rng.NextNormal();
            double eta = 0.5 + (0.4 * Math.Sin(x[r, 0])) - (0.3 * x[r, 1]);
            y[r] = trials is int n ? Sample.Binomial(ref rng, n, 1 / (1 + Math.Exp(-eta))) : Sample.NegativeBinomial(ref rng, Math.Exp(eta), 2);
        }

        return (x, y);
    }

    /// <summary>
    /// Rows for the group models: every group index is row mod levels (so every group has rows and the index changes
    /// inside each register), named standard errors in [0.5, 2.5), and observations from the model's kind.
    /// </summary>
    public static (double[,] X, double[] Y) GroupData(string name)
    {
        var rng = new Rng(40 + (ulong)name.Length);
        int features = name switch { "GroupPoisson" => 3, "BetaBernoulli" or "GroupLogits" => 1, _ => 2 };
        var x = new double[Rows, features];
        var y = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            switch (name)
            {
                case "EightSchools" or "EightSchoolsNonCentred":
                    x[r, 0] = r % 8;
                    x[r, 1] = 0.5 + (2 * rng.NextDouble());
                    y[r] = (3 * Math.Sin(r % 8)) + (x[r, 1] * rng.NextNormal());
                    break;
                case "Radon":
                    x[r, 0] = rng.NextDouble() < 0.3 ? 1 : 0;
                    x[r, 1] = r % 12;
                    y[r] = 1.5 + (0.3 * Math.Cos(r % 12)) - (0.7 * x[r, 0]) + (0.5 * rng.NextNormal());
                    break;
                case "GroupPoisson":
                    x[r, 0] = rng.NextNormal();
                    x[r, 1] = rng.NextNormal();
                    x[r, 2] = r % 5;
                    y[r] = Sample.Poisson(ref rng, Math.Exp(0.5 + (0.3 * x[r, 0]) + (0.2 * (r % 5)) - 0.4));
                    break;
                case "VaryingTrials":
                    x[r, 0] = rng.NextNormal();
                    x[r, 1] = r % 7;
                    y[r] = Sample.Binomial(ref rng, r % 7, 1 / (1 + Math.Exp(-(0.3 + x[r, 0]))));
                    break;
                case "BetaBernoulli":
                    y[r] = rng.NextDouble() < 0.3 ? 1 : 0;
                    break;
                default:
                    x[r, 0] = r % 4;
                    y[r] = rng.NextDouble() < 0.2 + (0.2 * (r % 4)) ? 1 : 0;
                    break;
            }
        }

        return (x, y);
    }

    /// <summary>N(0, 1) features; labels 0 … <paramref name="classes"/> − 1 drawn from a softmax of sin(k·x₀) + cos(k·x₁), noisy like real labels.</summary>
    public static (double[,] X, double[] Y) Classes(ulong seed, int classes)
    {
        var rng = new Rng(seed);
        var x = new double[Rows, 2];
        var y = new double[Rows];
        var p = new double[classes];
        for (int r = 0; r < Rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            x[r, 1] = rng.NextNormal();
            double sum = 0;
            for (int k = 0; k < classes; k++)
            {
                p[k] = Math.Exp((2 * Math.Sin((k + 1) * x[r, 0])) + Math.Cos((k + 1) * x[r, 1]));
                sum += p[k];
            }

            double u = rng.NextDouble() * sum;
            int label = classes - 1;
            for (int k = 0; k < classes - 1; k++)
            {
                u -= p[k];
                if (u < 0)
                {
                    label = k;
                    break;
                }
            }

            y[r] = label;
        }

        return (x, y);
    }

    /// <summary>N(0, 1) features; labels from a noisy nonlinear rule (binary) or a nonlinear function plus noise.</summary>
    private static (double[,] X, double[] Y) Data(int features, bool binary, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[Rows, features];
        var y = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            double s = 0;
            for (int f = 0; f < features; f++)
            {
                x[r, f] = rng.NextNormal();
                s += Math.Sin(x[r, f] * (f + 1));
            }

            y[r] = binary ? (s + (0.5 * rng.NextNormal()) > 0 ? 1 : 0) : s + (0.3 * rng.NextNormal());
        }

        return (x, y);
    }

    /// <summary>Parses a block's prior text, "Normal(mu, sigma)".</summary>
    public static (double Mu, double Sigma) NormalPrior(ParameterBlock block)
    {
        string text = block.Prior;
        Assert.StartsWith("Normal(", text, StringComparison.Ordinal);
        string[] parts = text["Normal(".Length..^1].Split(',');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
