using System.Numerics;
using ModelGen.Benchmarks;
using ModelGen.Inference;
using ModelGen.KernelInstructions;
using ModelGen.Random;
using ModelGen.Samples.CountRegression;
using ModelGen.Samples.EightSchools;
using ModelGen.Samples.Moons;
using ModelGen.Samples.MultiClass;
using ModelGen.Samples.Regression;
using ModelGen.Simd;

// Calls one generated kernel a given number of times after its setup, so that under callgrind
// (scripts/kernel-instructions.sh) two runs with different call counts differ by exactly those calls: the
// difference divided by the extra calls is the kernel's instruction count, free of startup, JIT and setup.
//
//   KernelInstructions <kernel> <calls> [scalar|128|256|512]
//   KernelInstructions --list
//
// Every kernel evaluates at a fixed seeded θ ~ N(0, 1) (as the benchmarks do), on the samples' own models.
var kernels = new Dictionary<string, Func<SimdWidth, Action>>(StringComparer.Ordinal)
{
    // The seed network (2-5-5-1 tanh, Bernoulli logit), the notebook's 500 rows.
    ["seed-gradient"] = width => Gradient<float>(new MoonsNetwork(Seed().TrainX, Seed().TrainY) { SimdWidth = width }.Gradient, MoonsNetwork.ParameterCount),
    ["seed-gradient-double"] = width =>
    {
        MoonsData seed = Seed();
        return Gradient<double>(new MoonsNetworkDouble(ToDouble(seed.TrainX), Array.ConvertAll(seed.TrainY, v => (double)v)) { SimdWidth = width }.Gradient, MoonsNetworkDouble.ParameterCount);
    },
    ["seed-logdensity"] = width => LogDensity<float>(new MoonsNetwork(Seed().TrainX, Seed().TrainY) { SimdWidth = width }.LogDensity, MoonsNetwork.ParameterCount),
    // 100 ADVI steps of the legacy schedule (what the sample runs): one fixed-count fit per call.
    ["seed-advi-100-steps"] = width => AdviSteps(new MoonsNetwork(Seed().TrainX, Seed().TrainY) { SimdWidth = width }),
    // The wide network of the tiled kernels: 2-128-128-1 tanh.
    ["wide128-gradient"] = width =>
    {
        MoonsData seed = Seed();
        return Gradient<float>(new Wide128(seed.TrainX, seed.TrainY) { SimdWidth = width }.Gradient, Wide128.ParameterCount);
    },
    // The same network on 50,000 rows of make_moons, one thread.
    ["seed-gradient-50k"] = width =>
    {
        MoonsData large = MoonsData.Generate(100_000, noise: 0.2, seed: 1);
        var model = new MoonsNetwork(large.TrainX, large.TrainY) { SimdWidth = width, MaxThreads = 1 };
        return Gradient<float>(model.Gradient, MoonsNetwork.ParameterCount);
    },
    // A 12-12-3 tanh network with biases and a categorical likelihood (log-softmax).
    ["spiral-gradient"] = width =>
    {
        (double[,] x, int[] labels) = Spiral.Draw(500, seed: 3);
        var model = new SpiralNetwork(ToSingle(x), Array.ConvertAll(labels, l => (float)l)) { SimdWidth = width };
        return Gradient<float>(model.Gradient, SpiralNetwork.ParameterCount);
    },
    // Linear regression with a learned noise (Normal likelihood, HalfNormal scale).
    ["regression-gradient"] = width =>
    {
        (double[,] x, double[] y) = Linear(500, seed: 5);
        return Gradient<double>(new RegressionModel(x, y) { SimdWidth = width }.Gradient, RegressionModel.ParameterCount);
    },
    // Poisson and negative-binomial regressions (log link).
    ["poisson-gradient"] = width =>
    {
        (double[,] x, double[] y) = Linear(500, seed: 6);
        return Gradient<double>(new PoissonRegression(x, Counts(y)) { SimdWidth = width }.Gradient, PoissonRegression.ParameterCount);
    },
    ["negbinomial-gradient"] = width =>
    {
        (double[,] x, double[] y) = Linear(500, seed: 7);
        return Gradient<double>(new NegativeBinomialRegression(x, Counts(y)) { SimdWidth = width }.Gradient, NegativeBinomialRegression.ParameterCount);
    },
    // A robust regression (Student t likelihood, constant ν and σ) and a binomial regression (5 trials per row).
    ["studentt-gradient"] = width =>
    {
        (double[,] x, double[] y) = Linear(500, seed: 8);
        return Gradient<double>(new StudentTRegression(x, y) { SimdWidth = width }.Gradient, StudentTRegression.ParameterCount);
    },
    // The same robust regression with ν and σ learned: their slopes summed over the rows.
    ["studentt-learned-gradient"] = width =>
    {
        (double[,] x, double[] y) = Linear(500, seed: 8);
        return Gradient<double>(new LearnedStudentTRegression(x, y) { SimdWidth = width }.Gradient, LearnedStudentTRegression.ParameterCount);
    },
    ["binomial-gradient"] = width =>
    {
        (double[,] x, double[] y) = Linear(500, seed: 9);
        return Gradient<double>(new BinomialRegression(x, Array.ConvertAll(y, v => Math.Clamp(Math.Round(2.5 + v), 0, 5))) { SimdWidth = width }.Gradient, BinomialRegression.ParameterCount);
    },
    // A regression with two interval parameters (a Beta weight scale, a Uniform noise) on 50 rows, so the transforms weigh.
    ["interval-gradient"] = width =>
    {
        (double[,] x, double[] y) = Linear(50, seed: 10);
        return Gradient<double>(new IntervalRegression(x, y) { SimdWidth = width }.Gradient, IntervalRegression.ParameterCount);
    },
    // Eight schools, centred (group gathers and a Normal likelihood with a per-row scale column).
    ["schools-gradient"] = width => Gradient<double>(new Centred(Rubin.Schools(), Rubin.Estimates) { SimdWidth = width }.Gradient, Centred.ParameterCount),
    // Eight schools, non-centred (theta = mu + tau·z: the transform, its chain rule and z's N(0, 1) prior around the rows).
    ["schools-nc-gradient"] = width => Gradient<double>(new NonCentred(Rubin.Schools(), Rubin.Estimates) { SimdWidth = width }.Gradient, NonCentred.ParameterCount),
};

if (args.Length == 1 && args[0] == "--list")
{
    Console.WriteLine(string.Join('\n', kernels.Keys));
    return 0;
}

if (args.Length is < 2 or > 3 || !kernels.TryGetValue(args[0], out Func<SimdWidth, Action>? make) || !int.TryParse(args[1], out int calls) || calls < 0)
{
    Console.Error.WriteLine("usage: KernelInstructions <kernel> <calls> [scalar|128|256|512]   (kernels: --list)");
    return 2;
}

SimdWidth simdWidth = args.Length == 3
    ? args[2] switch
    {
        "scalar" => SimdWidth.Scalar,
        "128" => SimdWidth.Vector128,
        "256" => SimdWidth.Vector256,
        "512" => SimdWidth.Vector512,
        _ => (SimdWidth)(-1),
    }
    : SimdSupport.Best;
if (!Enum.IsDefined(simdWidth))
{
    Console.Error.WriteLine($"unknown width '{args[2]}': scalar, 128, 256 or 512");
    return 2;
}

Action call = make(simdWidth);
call(); // the first call compiles the kernel; it is the same in both runs
for (int i = 0; i < calls; i++)
{
    call();
}

Console.WriteLine($"{args[0]} × {calls} at {simdWidth}");
return 0;

static MoonsData Seed() => MoonsData.Load(
    Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"),
    Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

static Action Gradient<T>(GradientCall<T> gradientOf, int dimension)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T[] theta = Theta<T>(dimension);
    var gradient = new T[dimension];
    return () => gradientOf(theta, gradient);
}

static Action LogDensity<T>(ValueCall<T> logDensityOf, int dimension)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T[] theta = Theta<T>(dimension);
    return () => logDensityOf(theta);
}

static Action AdviSteps(MoonsNetwork model)
{
    // One call = one fit of 100 steps; setup (a few allocations, the start) is the same in every call and is
    // reported with the step in the table (the benchmark's OperationsPerInvoke does the same).
    var options = new AdviOptions { Iterations = 100, Seed = 1, ElboEvery = int.MaxValue, ElboSamples = 1, ParetoKDraws = 0 };
    return () => model.Fit(options);
}

static T[] Theta<T>(int dimension)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    var rng = new Rng(7);
    var theta = new T[dimension];
    for (int i = 0; i < dimension; i++)
    {
        theta[i] = T.CreateTruncating(rng.NextNormal());
    }

    return theta;
}

static (double[,] X, double[] Y) Linear(int rows, ulong seed)
{
    var rng = new Rng(seed);
    var x = new double[rows, 3];
    var y = new double[rows];
    for (int r = 0; r < rows; r++)
    {
        double line = 0.5;
        for (int j = 0; j < 3; j++)
        {
            x[r, j] = rng.NextNormal();
            line += (0.3 * (j + 1)) * x[r, j];
        }

        y[r] = line + 0.5 * rng.NextNormal();
    }

    return (x, y);
}

static double[] Counts(double[] y) => Array.ConvertAll(y, v => Math.Round(Math.Exp(Math.Clamp(v, -3, 3))));

static double[,] ToDouble(float[,] x)
{
    var result = new double[x.GetLength(0), x.GetLength(1)];
    for (int i = 0; i < x.GetLength(0); i++)
    {
        for (int j = 0; j < x.GetLength(1); j++)
        {
            result[i, j] = x[i, j];
        }
    }

    return result;
}

static float[,] ToSingle(double[,] x)
{
    var result = new float[x.GetLength(0), x.GetLength(1)];
    for (int i = 0; i < x.GetLength(0); i++)
    {
        for (int j = 0; j < x.GetLength(1); j++)
        {
            result[i, j] = (float)x[i, j];
        }
    }

    return result;
}

/// <summary>A model's <c>Gradient</c>, as a delegate (spans cannot be type arguments of <see cref="Action{T}"/>).</summary>
internal delegate void GradientCall<T>(ReadOnlySpan<T> theta, Span<T> gradient);

/// <summary>A model's <c>LogDensity</c>, as a delegate.</summary>
internal delegate T ValueCall<T>(ReadOnlySpan<T> theta);
