using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ModelGen.Analyzers.Tests.Infrastructure;
using ModelGen.CodeFixes;

namespace ModelGen.Analyzers.Tests;

/// <summary>
/// Each code fix on a model with its diagnostic: after the fix the model compiles with no diagnostic at all (generator,
/// analyzer and compiler at warning level 9999, warnings as errors), and the generated model runs: constructed on a few
/// rows, its LogDensity is finite.
/// </summary>
public class CodeFixTests
{
    private delegate float LogDensityF(ReadOnlySpan<float> theta);

    private delegate double LogDensityD(ReadOnlySpan<double> theta);

    /// <summary>The seed model with <paramref name="edit"/> applied to its text.</summary>
    private static string Seed(Func<string, string> edit) => edit("""
        using ModelGen;

        namespace Demo;

        [Model<float>]
        public partial class Seed
        {
            [Input(2)] public partial Input X { get; }

            [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }

            [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden2 { get; }

            [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }

            [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
        }
        """);

    private const string Regression = """
        using ModelGen;

        namespace Demo.Housing;

        public static partial class Outer
        {
            [Model<double>]
            internal class Price
            {
                [Input(3)] public partial Input X { get; }

                [Dense(nameof(X), 4, Activation.Softplus, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

                [Dense(nameof(Hidden), 1, Bias = true), Normal(0, 2)] public partial Layer Mean { get; }

                [Normal(nameof(Mean), sigma: 0.5)] public partial Observed Y { get; }
            }
        }
        """;

    [Fact]
    public Task NotPartial_BecomesPartial() =>
        FixThenRunAsync(Seed(s => s.Replace("public partial class Seed", "public class Seed", StringComparison.Ordinal)), "MG0001", new MakeModelPartialCodeFix(), "Demo.Seed");

    [Fact]
    public Task NotPartial_WithoutModifiers_BecomesPartial() =>
        FixThenRunAsync(Seed(s => s.Replace("public partial class Seed", "class Seed", StringComparison.Ordinal)), "MG0001", new MakeModelPartialCodeFix(), "Demo.Seed");

    [Fact]
    public Task NotPartial_NestedModel_BecomesPartial() =>
        FixThenRunAsync(Regression, "MG0001", new MakeModelPartialCodeFix(), "Demo.Housing.Outer+Price", isDouble: true);

    [Fact]
    public Task WrongInputs_IsSetToTheSourceWidth() =>
        FixThenRunAsync(
            Seed(s => s.Replace("[Dense(nameof(Hidden1), 5, Activation.Tanh)", "[Dense(nameof(Hidden1), 5, Activation.Tanh, Inputs = 3)", StringComparison.Ordinal)),
            "MG1001",
            new SetLayerInputsCodeFix(),
            "Demo.Seed",
            expect: fixedText => Assert.Contains("Inputs = 5", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task WrongInputs_FromAnInput_IsSetToItsFeatures() =>
        FixThenRunAsync(
            Seed(s => s.Replace("[Dense(nameof(X), 5, Activation.Tanh)", "[Dense(nameof(X), 5, Activation.Tanh, Inputs = 7)", StringComparison.Ordinal)),
            "MG1001",
            new SetLayerInputsCodeFix(),
            "Demo.Seed",
            expect: fixedText => Assert.Contains("Inputs = 2", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task NegativeSigma_BecomesOne() =>
        FixThenRunAsync(
            Seed(s => s.Replace("[Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)]", "[Dense(nameof(X), 5, Activation.Tanh), Normal(0, -2.5)]", StringComparison.Ordinal)),
            "MG0005",
            new ReplaceSigmaCodeFix(),
            "Demo.Seed",
            expect: fixedText => Assert.DoesNotContain("-2.5", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task ZeroSigma_NamedOnTheLikelihood_BecomesOne() =>
        FixThenRunAsync(
            Regression.Replace("internal class", "internal partial class", StringComparison.Ordinal).Replace("sigma: 0.5", "sigma: 0", StringComparison.Ordinal),
            "MG0005",
            new ReplaceSigmaCodeFix(),
            "Demo.Housing.Outer+Price",
            isDouble: true,
            expect: fixedText => Assert.Contains("sigma: 1", fixedText, StringComparison.Ordinal));

    [Fact]
    public async Task NonFiniteMu_IsNotOffered()
    {
        string source = Seed(s => s.Replace("Normal(0, 1)] public partial Layer Output", "Normal(double.NaN, 1)] public partial Layer Output", StringComparison.Ordinal));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Harness.ApplyFixAsync(source, "MG0005", new ReplaceSigmaCodeFix()));
    }

    [Fact]
    public Task MissingLikelihood_AddsBernoulliOnTheLastLayer() =>
        FixThenRunAsync(
            Seed(s => s.Replace("[Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }", string.Empty, StringComparison.Ordinal)),
            "MG0002",
            new AddLikelihoodCodeFix(),
            "Demo.Seed",
            actionKey: "AddLikelihoodCodeFix.Bernoulli",
            expect: fixedText => Assert.Contains("[Bernoulli(Logits = nameof(Output))]", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task MissingLikelihood_OnASigmoidLayer_UsesP() =>
        FixThenRunAsync(
            Seed(s => s
                .Replace("[Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }", string.Empty, StringComparison.Ordinal)
                .Replace("[Dense(nameof(Hidden2), 1)", "[Dense(nameof(Hidden2), 1, Activation.Sigmoid)", StringComparison.Ordinal)),
            "MG0002",
            new AddLikelihoodCodeFix(),
            "Demo.Seed",
            actionKey: "AddLikelihoodCodeFix.Bernoulli",
            expect: fixedText => Assert.Contains("[Bernoulli(P = nameof(Output))]", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task MissingLikelihood_AddsNormalForARegression() =>
        FixThenRunAsync(
            Regression.Replace("internal class", "internal partial class", StringComparison.Ordinal)
                .Replace("[Normal(nameof(Mean), sigma: 0.5)] public partial Observed Y { get; }", string.Empty, StringComparison.Ordinal),
            "MG0002",
            new AddLikelihoodCodeFix(),
            "Demo.Housing.Outer+Price",
            isDouble: true,
            actionKey: "AddLikelihoodCodeFix.Normal",
            expect: fixedText => Assert.Contains("[Normal(nameof(Mean), 1.0)]", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task NegativeScaleParameter_GetsAHalfNormalWithItsScale() =>
        FixThenRunAsync(
            Seed(s => s
                .Replace("    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)]", "    [Normal(0.5, 2.5, NonCentered = true), Size(5)] public partial Parameter Scales { get; }\n\n    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, nameof(Scales))]", StringComparison.Ordinal)),
            "MG0021",
            new PositivePriorCodeFix(),
            "Demo.Seed",
            expect: fixedText => Assert.Contains("[HalfNormal(2.5), Size(5)] public partial Parameter Scales", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task NegativeStudentTScale_GetsAHalfStudentT() =>
        FixThenRunAsync(
            Seed(s => s
                .Replace("    [Dense(nameof(Hidden2), 1), Normal(0, 1)]", "    [StudentT(3, 0, sigma: 2)] public partial Parameter OutputScale { get; }\n\n    [Dense(nameof(Hidden2), 1), Normal(0, nameof(OutputScale))]", StringComparison.Ordinal)),
            "MG0021",
            new PositivePriorCodeFix(),
            "Demo.Seed",
            expect: fixedText => Assert.Contains("[HalfStudentT(3, 2)] public partial Parameter OutputScale", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task ScalesOfTheWrongCount_AreSizedToTheLayersUnits() =>
        FixThenRunAsync(
            Seed(s => s
                .Replace("    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)]", "    [HalfNormal(1), Size(2)] public partial Parameter Scales { get; }\n\n    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, nameof(Scales))]", StringComparison.Ordinal)),
            "MG1004",
            new SetParameterSizeCodeFix(),
            "Demo.Seed",
            expect: fixedText => Assert.Contains("[HalfNormal(1), Size(5)] public partial Parameter Scales", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task NegativeUniformNoise_OnTheLikelihood_StartsAtZero() =>
        FixThenRunAsync(
            Regression.Replace("internal class", "internal partial class", StringComparison.Ordinal)
                .Replace("[Normal(nameof(Mean), sigma: 0.5)]", "[Uniform(-1, 2)] public partial Parameter Noise { get; }\n\n                [Normal(nameof(Mean), nameof(Noise))]", StringComparison.Ordinal),
            "MG0021",
            new PositivePriorCodeFix(),
            "Demo.Housing.Outer+Price",
            isDouble: true,
            expect: fixedText => Assert.Contains("[Uniform(0, 2)] public partial Parameter Noise", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task FlatNoise_OnTheLikelihood_BecomesHalfFlat() =>
        FixThenRunAsync(
            Regression.Replace("internal class", "internal partial class", StringComparison.Ordinal)
                .Replace("[Normal(nameof(Mean), sigma: 0.5)]", "[Flat] public partial Parameter Noise { get; }\n\n                [Normal(nameof(Mean), nameof(Noise))]", StringComparison.Ordinal),
            "MG0021",
            new PositivePriorCodeFix(),
            "Demo.Housing.Outer+Price",
            isDouble: true,
            expect: fixedText => Assert.Contains("[HalfFlat] public partial Parameter Noise", fixedText, StringComparison.Ordinal));

    [Fact]
    public Task ScalesOfTheWrongCount_ForAVectorParameter_AreSizedToItsLength() =>
        FixThenRunAsync(
            Seed(s => s
                .Replace(
                    "    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)]",
                    "    [HalfNormal(1), Size(2)] public partial Parameter Scales { get; }\n\n    [HalfNormal(nameof(Scales)), Size(5)] public partial Parameter UnitScales { get; }\n\n    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, nameof(UnitScales))]",
                    StringComparison.Ordinal)),
            "MG1004",
            new SetParameterSizeCodeFix(),
            "Demo.Seed",
            expect: fixedText => Assert.Contains("[HalfNormal(1), Size(5)] public partial Parameter Scales", fixedText, StringComparison.Ordinal));

    /// <summary>Applies the fix, then requires a clean build of the result and a finite log density from the generated model.</summary>
    private static async Task FixThenRunAsync(string source, string id, CodeFixProvider fixer, string typeName, bool isDouble = false, string? actionKey = null, Action<string>? expect = null)
    {
        string fixedText = await Harness.ApplyFixAsync(source, id, fixer, actionKey);
        expect?.Invoke(fixedText);

        Compilation compilation = Harness.Compile(fixedText);
        var build = Harness.Build(compilation);
        Compilation output = build.Output;
        var all = build.Generator
            .Concat(Harness.Analyze(compilation))
            .Concat(build.Analyzer)
            .Concat(build.Compiler)
            .ToList();
        Assert.True(all.Count == 0, "After the fix:\n" + string.Join("\n", all) + "\n\n" + Harness.Numbered(fixedText));

        using var loaded = new LoadedModel(output);
        Type type = loaded.Assembly.GetType(typeName, throwOnError: true)!;
        int dimension = (int)type.GetField("ParameterCount")!.GetValue(null)!;
        int features = fixedText.Contains("[Input(3)]", StringComparison.Ordinal) ? 3 : 2;
        const int Rows = 9;
        if (isDouble)
        {
            var x = new double[Rows, features];
            var y = new double[Rows];
            for (int r = 0; r < Rows; r++)
            {
                for (int f = 0; f < features; f++)
                {
                    x[r, f] = Math.Sin(r + (3 * f));
                }

                y[r] = Math.Cos(r);
            }

            object model = Activator.CreateInstance(type, x, y)!;
            double value = type.GetMethod("LogDensity")!.CreateDelegate<LogDensityD>(model)(Enumerable.Range(0, dimension).Select(i => 0.1 * Math.Sin(i)).ToArray());
            Assert.True(double.IsFinite(value), $"LogDensity = {value}");
        }
        else
        {
            var x = new float[Rows, features];
            var y = new float[Rows];
            for (int r = 0; r < Rows; r++)
            {
                for (int f = 0; f < features; f++)
                {
                    x[r, f] = MathF.Sin(r + (3 * f));
                }

                y[r] = r % 2;
            }

            object model = Activator.CreateInstance(type, x, y)!;
            float value = type.GetMethod("LogDensity")!.CreateDelegate<LogDensityF>(model)(Enumerable.Range(0, dimension).Select(i => 0.1f * MathF.Sin(i)).ToArray());
            Assert.True(float.IsFinite(value), $"LogDensity = {value}");
        }
    }
}
