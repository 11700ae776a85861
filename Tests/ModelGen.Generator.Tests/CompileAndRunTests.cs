using System.Globalization;
using System.Reflection;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;
using ModelGen.Inference;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The generated code compiles with no diagnostic at warning level 9999 (nullable on, warnings as errors),
/// loads, and runs: density, gradient and a short ADVI fit through the runtime.
/// </summary>
public class CompileAndRunTests
{
    private delegate float LogDensityF(ReadOnlySpan<float> theta);

    private delegate float LogDensityGradientF(ReadOnlySpan<float> theta, Span<float> gradient);

    private delegate double LogDensityD(ReadOnlySpan<double> theta);

    private delegate double LogDensityGradientD(ReadOnlySpan<double> theta, Span<double> gradient);

    [Fact]
    public void SeedModel_CompilesCleanly_AndItsDensityGradientAndFitRun()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Seed).AssertClean();
        using LoadedAssembly loaded = run.Load();
        Type type = loaded.GetType(TestModels.SeedType);
        (float[,] x, float[] y) = Moons(rows: 37, seed: 3);

        object model = Activator.CreateInstance(type, x, y)!;

        int dimension = (int)type.GetField("ParameterCount")!.GetValue(null)!;
        Assert.Equal(40, dimension);
        var logDensity = type.GetMethod("LogDensity")!.CreateDelegate<LogDensityF>(model);
        var logDensityGradient = type.GetMethod("LogDensityGradient")!.CreateDelegate<LogDensityGradientF>(model);
        float[] theta = Normals(dimension, seed: 11, scale: 0.5);
        float[] gradient = new float[dimension];

        float value = logDensityGradient(theta, gradient);
        float valueOnly = logDensity(theta);

        Assert.True(float.IsFinite(value), $"log density {value}");
        Assert.Equal(valueOnly, value, Math.Max(1e-4f, Math.Abs(value) * 1e-5f));
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
        Assert.Contains(gradient, g => g != 0);

        var fit = Assert.IsType<AdviFit<float>>(Invoke(type, "Fit", model, new AdviOptions { Iterations = 200, Seed = 1 }, CancellationToken.None));
        Assert.Equal(200, fit.Iterations);
        Assert.Equal(dimension, fit.Mean.Length);
    }

    [Fact]
    public void RegressionModel_CompilesCleanly_AndItsDoubleDensityMatchesItsGradientPass()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Regression).AssertClean();
        using LoadedAssembly loaded = run.Load();
        Type type = loaded.GetType("Demo.Housing.PriceRegression");
        var random = new System.Random(5);
        double[,] x = new double[23, 3];
        double[] price = new double[23];
        for (int i = 0; i < 23; i++)
        {
            x[i, 0] = random.NextDouble();
            x[i, 1] = random.NextDouble() - 0.5;
            x[i, 2] = 2 * random.NextDouble();
            price[i] = x[i, 0] - x[i, 1] + (0.1 * random.NextDouble());
        }

        object model = Activator.CreateInstance(type, x, price)!;
        int dimension = (int)type.GetField("ParameterCount")!.GetValue(null)!;
        Assert.Equal(21, dimension);
        double[] theta = Array.ConvertAll(Normals(dimension, seed: 2, scale: 0.3), v => (double)v);
        double[] gradient = new double[dimension];

        double value = type.GetMethod("LogDensityGradient")!.CreateDelegate<LogDensityGradientD>(model)(theta, gradient);
        double valueOnly = type.GetMethod("LogDensity")!.CreateDelegate<LogDensityD>(model)(theta);

        Assert.True(double.IsFinite(value));
        Assert.Equal(valueOnly, value, 1e-9 * Math.Max(1, Math.Abs(value)));
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
        var fit = Assert.IsType<AdviFit<double>>(Invoke(type, "Fit", model, new AdviOptions { Iterations = 20, Seed = 1 }, CancellationToken.None));
        Assert.Equal(20, fit.Iterations);
    }

    [Fact]
    public void CategoricalModel_CompilesCleanly_FitsAndPredictsEveryClass()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Classifier).AssertClean();
        using LoadedAssembly loaded = run.Load();
        Type type = loaded.GetType("Demo.Classes.Species");
        (float[,] x, float[] moons) = Moons(rows: 37, seed: 4);
        float[] y = [.. moons.Select((label, i) => i % 3 == 2 ? 2f : label)];

        object model = Activator.CreateInstance(type, x, y)!;
        int dimension = (int)type.GetField("ParameterCount")!.GetValue(null)!;
        Assert.Equal((2 * 2) + 2 + (2 * 3) + 3, dimension);
        float[] theta = Normals(dimension, seed: 12, scale: 0.5);
        float[] gradient = new float[dimension];
        float value = type.GetMethod("LogDensityGradient")!.CreateDelegate<LogDensityGradientF>(model)(theta, gradient);
        Assert.True(float.IsFinite(value), $"log density {value}");
        Assert.Equal(type.GetMethod("LogDensity")!.CreateDelegate<LogDensityF>(model)(theta), value, Math.Max(1e-4f, Math.Abs(value) * 1e-5f));
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));

        var fit = Assert.IsType<AdviFit<float>>(Invoke(type, "Fit", model, new AdviOptions { Iterations = 200, Seed = 1 }, CancellationToken.None));
        var predictive = Assert.IsType<ModelGen.Prediction.CategoricalPredictive>(Invoke(type, "Predict", model, x, fit.Sample(20)));
        Assert.Equal(3, predictive.Classes);
        for (int r = 0; r < predictive.Rows; r++)
        {
            Assert.Equal(1, predictive.Mean[r, 0] + predictive.Mean[r, 1] + predictive.Mean[r, 2], 1e-5);
        }

        var labels = Assert.IsType<float[,]>(Invoke(type, "SamplePredictive", model, x, fit.Sample(20), 5, 9UL));
        Assert.All(labels.Cast<float>(), label => Assert.Contains(label, new[] { 0f, 1f, 2f }));
    }

    [Fact]
    public void ModelWithErrors_CompilesAndItsSurfaceThrowsNamingTheDiagnostic()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.MissingPrior);
        Assert.Equal("MG0004", Assert.Single(run.GeneratorDiagnostics).Id);
        using LoadedAssembly loaded = run.Load();
        Type type = loaded.GetType("Demo.Unfinished");

        var error = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(type, new float[1, 2], new float[1]));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("MG0004", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnderACultureWhoseMinusIsU2212_NegativeConstantsAreStillCSharp()
    {
        string source = TestModels.Net().Replace(
            "[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)]",
            "[Dense(nameof(X), 3, Activation.Tanh), Normal(-1.5, 0.5)]",
            StringComparison.Ordinal);
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("sv-SE").Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        CultureInfo savedCulture = CultureInfo.CurrentCulture;
        CultureInfo savedUiCulture = CultureInfo.CurrentUICulture;
        GeneratorRun run;
        string message;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            Assert.Equal("\u22121,5", (-1.5).ToString(CultureInfo.CurrentCulture));
            run = GeneratorHarness.Run(source);
            GeneratorRun bad = GeneratorHarness.Run(TestModels.Net().Replace("[Input(2)]", "[Input(-2)]", StringComparison.Ordinal));
            message = Assert.Single(bad.GeneratorDiagnostics).GetMessage(CultureInfo.CurrentCulture);
        }
        finally
        {
            CultureInfo.CurrentCulture = savedCulture;
            CultureInfo.CurrentUICulture = savedUiCulture;
        }

        run.AssertClean();
        string text = run.SingleSource;
        Assert.Contains("-1.5f", text, StringComparison.Ordinal);
        Assert.Contains("Normal(-1.5, 0.5)", text, StringComparison.Ordinal);

        // The emitter writes U+2212 on purpose in its math comments ("1 − t²"); no code token or string may have it.
        var tokens = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().Select(t => t.Text);
        Assert.DoesNotContain(tokens, t => t.Contains('\u2212', StringComparison.Ordinal));
        Assert.Equal(GeneratorHarness.Run(source).SingleSource, text);
        Assert.Contains("is -2;", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u2212', message);
    }

    private static object? Invoke(Type type, string name, object target, params object?[] arguments)
    {
        try
        {
            Type[] parameters = [.. arguments.Select(a => a!.GetType())];
            MethodInfo method = type.GetMethod(name, parameters) ?? throw new MissingMethodException(type.FullName, name);
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>Two interleaved half-moons, as the seed notebook's data, from a fixed seed.</summary>
    private static (float[,] X, float[] Y) Moons(int rows, int seed)
    {
        var random = new System.Random(seed);
        float[,] x = new float[rows, 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            double angle = Math.PI * random.NextDouble();
            int label = i % 2;
            x[i, 0] = (float)(label == 0 ? Math.Cos(angle) : 1 - Math.Cos(angle));
            x[i, 1] = (float)(label == 0 ? Math.Sin(angle) : 0.5 - Math.Sin(angle));
            y[i] = label;
        }

        return (x, y);
    }

    private static float[] Normals(int count, int seed, double scale)
    {
        var random = new System.Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u = 1 - random.NextDouble();
            values[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }
}
