using System.Globalization;
using System.Numerics;
using System.Reflection;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Inference;
using ModelGen.Simd;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The live generator's kernels against the frozen ones (<see cref="FrozenKernels"/>): for every frozen model, at
/// random points θ and at every register width, LogDensity, LogDensityGradient and Gradient give the same numbers bit
/// for bit. A rewrite of the generator that changes the order of a model's gradient operations on purpose names that
/// model in <see cref="Reordered"/>, with why; its gradient is then held to 4ε·Σ|terms| instead, Σ|terms| taken as
/// max(1, |∂|) times the factor the entry states (|∂| ≤ Σ|terms| always, so a factor of 1 is the strictest reading).
/// </summary>
public class FrozenKernelTests
{
    /// <summary>
    /// Frozen models whose gradient's order of operations a generator change altered on purpose: why, and how many times
    /// |∂| the terms' Σ|terms| is at least (the gradient is then held to 4ε·that·max(1, |∂|)). Densities stay bit for bit.
    /// </summary>
    private static readonly Dictionary<string, (string Why, double Terms)> Reordered = new(StringComparer.Ordinal)
    {
        // Priors on the kernel IR (issue 17, first step): each prior's log p is the runtime's LogDensity term for term
        // (a constant-argument Normal's block sum in its order), but every prior's gradient is the one the adjoint rules
        // derive from it, e.g. ((x − mu)·(1/sigma))·(1/sigma) for the block routine's (x − mu)·(1/sigma²), or for a named
        // sigma −1/sigma + (z·z)/sigma for the runtime's (z² − 1)/sigma: the same terms, rounded in another order.
        // The other eleven frozen models come out bit for bit (their priors' slopes round the same either way).
        ["Hierarchical"] = (PriorsOnIr, 1),
        ["PriorZooThetaDouble"] = (PriorsOnIr, 1),
        ["PriorZooThetaFloat"] = (PriorsOnIr, 1),
        ["Radon"] = (PriorsOnIr, 1),
        ["SampleEightSchools"] = (PriorsOnIr, 1),
        ["SampleHierarchicalMoons"] = (PriorsOnIr, 1),

        // Each hyperparameter here is named by several priors (a scalar, a vector, a layer's weights or biases), whose
        // shares of its gradient have both signs: Σ|terms| is several times |∂| (up to 8 in the elements seen).
        ["PriorZooValuesDouble"] = (PriorsOnIr, 8),
        ["PriorZooValuesFloat"] = (PriorsOnIr, 8),

        // Likelihoods on the kernel IR (issue 17, second step): a Normal with a sigma per row gives its location the
        // derived slope r/σᵢ with r = (y − μ)/σᵢ, where the hand-written kernel had (y − μ)/σᵢ²: the same
        // terms rounded in another order. Its log p is the same expression, and the other likelihoods' slopes round
        // the same either way (y − σ(z), y − eᶻ, and a constant sigma's here).
        ["EightSchools"] = (LikelihoodsOnIr, 1),

        // A learned sigma on the kernel IR (issue 17, third step): log p is the hand-written expression, the rows'
        // Σ(μ − y)² and −½Σ/σ² − n(log σ + ½ log 2π) in the same order, and the location's slope (1/σ²)·(y − μ) the
        // same product; σ's slope is the derived −n/σ + (−(1/σ²)·(−½Σ/σ²))·(σ + σ) where the kernel had Σ/σ³ − n/σ: two
        // terms of opposite signs, here within 4ε·|∂| of the kernel's at every point and width.
        ["LearnedNoise"] = (LikelihoodsOnIr, 1),
        ["SampleRegression"] = (LikelihoodsOnIr, 1),

        // A Student t with constant arguments: log p is the same number; the location's slope is the derived
        // (−(ν + 1))·(s/(s·s + ν))·(1/σ), one multiply-add and a division, where the kernel had (ν + 1)·s/(σ·(ν + s²)):
        // each weight's slope sums the 37 rows' shares, of both signs, so Σ|terms| is several times |∂| (8 allowed).
        // The Binomial and the NegativeBinomial with a constant dispersion come out bit for bit (their slopes are the
        // hand-written multiply-adds: y − n·σ(z), y − (y + φ)·σ(t)).
        ["LikelihoodStudentT"] = (LikelihoodsOnIr, 8),

        // A learned NegativeBinomial dispersion on the kernel IR: log p is the hand-written expression; φ's slope sums
        // each row's derived −softplus(t) − (y − (y + φ)·σ(t))/φ lane-wise, where the kernel kept Σ y, Σ softplus(t) and
        // Σ (y + φ)·σ(t) and divided once. Over the 37 rows Σ softplus(t) (every term positive) and the gamma terms'
        // Σ ψ(y + φ) − ψ(φ) enter with opposite signs, where ∂/∂φ is a few units: Σ|terms| is several times |∂| (16
        // allowed; at the first point checked, float at 256 bits, the difference is 1.9e-6 on ∂ = −2.6: 1.5 times 4ε·|∂|).
        ["Counts"] = (LikelihoodsOnIr, 16),
        ["SampleCountRegression"] = (LikelihoodsOnIr, 16),
    };

    private const string LikelihoodsOnIr = "likelihoods on the kernel IR: gradients derived by the adjoint rules";

    private const string PriorsOnIr = "priors on the kernel IR: gradients derived by the adjoint rules";

    private const int Rows = 37;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in FrozenKernels.Names())
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>
    /// Every model the tests and samples declare is frozen, and nothing else is: a new model is frozen on purpose
    /// (with <see cref="FrozenKernels.FreezeVariable"/>=1, which rewrites them all from the current generator).
    /// </summary>
    [Fact]
    public void Every_declared_model_is_frozen()
    {
        if (Environment.GetEnvironmentVariable(FrozenKernels.FreezeVariable) == "1")
        {
            FrozenKernels.Freeze();
        }

        Assert.Equal(FrozenKernels.Declarations().Select(d => d.Name).Order(StringComparer.Ordinal), FrozenKernels.Names());
        foreach ((string name, string source) in FrozenKernels.Declarations())
        {
            Assert.True(
                FrozenKernels.ModelSource(name) == source.Replace("\r\n", "\n", StringComparison.Ordinal),
                $"The declaration of frozen model '{name}' changed since it was frozen: compare Frozen/{name}/{FrozenKernels.ModelFile} with its source.");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Live_kernels_give_the_frozen_numbers_at_every_width(string name)
    {
        using LoadedAssembly frozen = FrozenKernels.LoadFrozen(name);
        using LoadedAssembly live = FrozenKernels.LoadLive(name);
        var models = frozen.Assembly.GetTypes().Where(t => ElementType(t) is not null).ToList();
        Assert.NotEmpty(models);
        foreach (Type frozenType in models)
        {
            Type liveType = live.GetType(frozenType.FullName!);
            MethodInfo compare = typeof(FrozenKernelTests).GetMethod(nameof(Compare), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(ElementType(frozenType)!);
            try
            {
                compare.Invoke(null, [name, frozenType, liveType]);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
    }

    /// <summary>The T of the IModel&lt;T&gt; <paramref name="type"/> implements, or null.</summary>
    private static Type? ElementType(Type type) =>
        type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IModel<>))?.GetGenericArguments()[0];

    private static void Compare<T>(string name, Type frozenType, Type liveType)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ModelInfo info = PriorModels.Layout(Activator.CreateInstance(frozenType)!);
        ModelInfo liveInfo = PriorModels.Layout(Activator.CreateInstance(liveType)!);
        Assert.Equal(
            info.Parameters.Select(p => (p.Name, p.Offset, p.Length, p.Prior, p.Transform)),
            liveInfo.Parameters.Select(p => (p.Name, p.Offset, p.Length, p.Prior, p.Transform)));

        (T[,] x, T[] y) = Data<T>(frozenType);
        object frozenModel = Activator.CreateInstance(frozenType, [x, y])!;
        object liveModel = Activator.CreateInstance(liveType, [x, y])!;
        var random = new System.Random(4242 + info.Dimension);
        for (int point = 0; point < 3; point++)
        {
            T[] theta = new T[info.Dimension];
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] = T.CreateChecked((2.4 * random.NextDouble()) - 1.2);
            }

            foreach (SimdWidth width in PriorModels.Widths)
            {
                PriorModels.SetWidth(frozenModel, width);
                PriorModels.SetWidth(liveModel, width);
                string where = $"'{name}' {frozenType.Name} ({typeof(T).Name}, {width}) at point {point}";
                (T value, T[] gradient, T logDensity, T[] gradientOnly) expected = Evaluate<T>(frozenModel, theta);
                (T value, T[] gradient, T logDensity, T[] gradientOnly) actual = Evaluate<T>(liveModel, theta);
                Same(null, expected.logDensity, actual.logDensity, where + ": LogDensity");
                Same(null, expected.value, actual.value, where + ": LogDensityGradient's value");
                for (int i = 0; i < theta.Length; i++)
                {
                    Same(name, expected.gradient[i], actual.gradient[i], where + ": LogDensityGradient ∂/∂θ[" + i + "] (" + Element(info, i) + ")");
                    Same(name, expected.gradientOnly[i], actual.gradientOnly[i], where + ": Gradient ∂/∂θ[" + i + "] (" + Element(info, i) + ")");
                }
            }
        }
    }

    private static (T Value, T[] Gradient, T LogDensity, T[] GradientOnly) Evaluate<T>(object model, T[] theta)
    {
        var logDensity = model.GetType().GetMethod("LogDensity")!.CreateDelegate<LogDensityFn<T>>(model);
        var logDensityGradient = model.GetType().GetMethod("LogDensityGradient")!.CreateDelegate<LogDensityGradientFn<T>>(model);
        var gradientOnly = model.GetType().GetMethod("Gradient")!.CreateDelegate<GradientFn<T>>(model);
        T[] gradient = new T[theta.Length];
        T[] onlyGradient = new T[theta.Length];
        T value = logDensityGradient(theta, gradient);
        gradientOnly(theta, onlyGradient);
        return (value, gradient, logDensity(theta), onlyGradient);
    }

    /// <summary>Bit for bit, unless <paramref name="reordered"/> (a gradient's model) is in <see cref="Reordered"/>: then within 4ε·Σ|terms|.</summary>
    private static void Same<T>(string? reordered, T expected, T actual, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double e = double.CreateChecked(expected);
        double a = double.CreateChecked(actual);
        if (BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a))
        {
            return;
        }

        if (reordered is not null && Reordered.TryGetValue(reordered, out (string Why, double Terms) why))
        {
            double tolerance = 4 * double.CreateChecked(Epsilon<T>()) * why.Terms * Math.Max(1, Math.Abs(e));
            Assert.True(Math.Abs(e - a) <= tolerance, $"{what}: frozen {e:R}, live {a:R} (difference {a - e:G4}, reordered ({why.Why}) so allowed {tolerance:G3})");
            return;
        }

        Assert.Fail($"{what}: frozen {e.ToString("R", CultureInfo.InvariantCulture)}, live {a.ToString("R", CultureInfo.InvariantCulture)}: not bit for bit (a change that reorders this model's operations must say so in {nameof(FrozenKernelTests)}.{nameof(Reordered)}).");
    }

    /// <summary>The unit round-off of <typeparamref name="T"/> (2⁻⁵² or 2⁻²³).</summary>
    private static T Epsilon<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => T.BitIncrement(T.One) - T.One;

    /// <summary>Rows of the model's input: plain features in (−1, 1), a group's column its levels in turn, a column read as a scale in (0.5, 1.5); y fit for the likelihood.</summary>
    private static (T[,] X, T[] Y) Data<T>(Type type)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        object model = Activator.CreateInstance(type)!;
        PropertyInfo[] properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var input = (Input)properties.Single(p => p.PropertyType == typeof(Input)).GetValue(model)!;
        var groups = properties.Where(p => p.PropertyType == typeof(Group)).Select(p => (Group)p.GetValue(model)!).ToList();
        var columns = properties.Where(p => p.PropertyType == typeof(Column)).Select(p => (Column)p.GetValue(model)!).ToList();
        var observed = (Observed)properties.Single(p => p.PropertyType == typeof(Observed)).GetValue(model)!;
        bool discrete = new[] { "Bernoulli", "Categorical", "Poisson", "NegativeBinomial", "Binomial" }.Any(d => observed.Likelihood.StartsWith(d, StringComparison.Ordinal));
        var random = new System.Random(17);
        T[,] x = new T[Rows, input.Features];
        T[] y = new T[Rows];
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < input.Features; c++)
            {
                double value = (2 * random.NextDouble()) - 1;
                if (groups.FirstOrDefault(g => g.Column == c) is { } group)
                {
                    value = (r * 7) % group.Levels;
                }
                else if (columns.Any(k => k.Index == c))
                {
                    value = 0.5 + random.NextDouble();
                }

                x[r, c] = T.CreateChecked(value);
            }

            y[r] = T.CreateChecked(discrete ? random.Next(2) : (3 * random.NextDouble()) - 1.5);
        }

        return (x, y);
    }

    private static string Element(ModelInfo info, int index)
    {
        ParameterBlock block = info.Parameters.Last(b => b.Offset <= index);
        return block.ElementName(index - block.Offset);
    }
}
