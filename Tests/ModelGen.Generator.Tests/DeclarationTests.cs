using System.Reflection;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Valid models declared in unusual but legal ways: keyword and non-ASCII names, lowercase element names, types
/// nested in structs and records, element names whose composed identifiers collide. Each must generate with no
/// diagnostic, compile cleanly and, where names could be confused, compute the same density as the plain model.
/// </summary>
public class DeclarationTests
{
    private delegate float LogDensityF(ReadOnlySpan<float> theta);

    [Fact]
    public void NamespaceThatIsAKeyword_Compiles()
    {
        // Hint names come from the names as declared ("namespace.Net.g.cs"); the namespace line escapes each keyword part.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net().Replace("namespace Demo;", "namespace @namespace.@class.Ünï;", StringComparison.Ordinal)).AssertClean();

        Assert.Equal("namespace.class.Ünï.Net.g.cs", Assert.Single(run.Sources).HintName);
        Assert.Contains("namespace @namespace.@class.Ünï;", run.SingleSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("float")]
    [InlineData("double")]
    public void ModelAttributeOnTwoPartsOfTheClass_IsTheCompilersOneError(string second)
    {
        // CS0579 (duplicate attribute, whatever the T) is the user's error; the class is parsed once, from its first [Model].
        string source = TestModels.Net() + "\n\n[Model<" + second + ">]\npublic partial class Net\n{\n}\n";
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([source], warningsAsErrors: false));

        Assert.True(run.GeneratorException is null, run.GeneratorException?.Message);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Sources);
        Assert.Equal(["CS0579"], run.CompilationDiagnostics.Select(d => d.Id));
    }

    [Theory]
    [InlineData("x", "y")]
    [InlineData("X", "value")]
    [InlineData("_", "y")]
    [InlineData("名前", "Y")]
    [InlineData("data", "batch")]
    [InlineData("Draws", "Samples")]
    [InlineData("draws", "y")]
    [InlineData("predictor", "seed")]
    [InlineData("field", "var")]
    public void ElementNamesThatParametersCouldShadow_CompileAndComputeTheSameDensity(string input, string observed)
    {
        // sklearn's X and y: the __Data constructor once assigned its parameter y instead of the field y. Predict
        // declares draws, samples, seed and a local predictor beside the input's parameter.
        string source = TestModels.Net(TestModels.NetMembers
            .Replace("Input X", "Input " + input, StringComparison.Ordinal)
            .Replace("nameof(X)", "nameof(" + input + ")", StringComparison.Ordinal)
            .Replace("Observed Y", "Observed " + observed, StringComparison.Ordinal));

        AssertSameDensity(source);
    }

    [Theory]
    [InlineData("Input X", "nameof(X)", "Input @class", "nameof(@class)")]
    [InlineData("Layer Hidden", "nameof(Hidden)", "Layer @event", "nameof(@event)")]
    [InlineData("Observed Y", "Observed Y", "Observed @this", "Observed @this")]
    public void KeywordElementNames_CompileAndComputeTheSameDensity(string from, string reference, string to, string newReference)
    {
        // Id("class") is "@class"; composed names use the name as declared: PackClass, not "Pack@class".
        AssertSameDensity(TestModels.Net(TestModels.NetMembers.Replace(from, to, StringComparison.Ordinal).Replace(reference, newReference, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("public partial struct Outer")]
    [InlineData("public partial record Outer")]
    [InlineData("public partial record struct Outer")]
    [InlineData("public readonly partial struct Outer")]
    [InlineData("public static partial class Outer")]
    [InlineData("public partial interface Outer")]
    public void ModelNestedInAnotherKindOfType_Compiles(string outer)
    {
        // Each containing type is reopened with its own kind: "partial class" for a struct is CS0261.
        string source = TestModels.Net(header: outer + "\n{\n[Model<float>]\npublic partial class Net", attribute: string.Empty) + "\n}";

        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();

        Assert.Equal("Demo.Outer.Net.g.cs", Assert.Single(run.Sources).HintName);
    }

    [Fact]
    public void ElementNamesWhoseComposedNamesCollide_CompileAndComputeTheSameDensity()
    {
        // Layer 'A' has weight locals A_W_0_0…; layer 'A_W_0' has unit locals A_W_0_0…, in the same kernel. Layer
        // 'Hidden_Weights' would meet layer Hidden's block field in __Elements, 'LikelihoodScale' and 'PackX' the
        // members of __Data.
        string[][] renames =
        [
            ["Hidden", "A_W_0", "Output", "A"],
            ["Hidden", "Output_Weights", "Output", "Output"],
            ["Hidden", "X_0", "Output", "LikelihoodScale"],
        ];
        foreach (string[] r in renames)
        {
            string source = TestModels.Net(TestModels.NetMembers
                .Replace("Layer " + r[0], "Layer " + r[1], StringComparison.Ordinal).Replace("nameof(" + r[0] + ")", "nameof(" + r[1] + ")", StringComparison.Ordinal)
                .Replace("Layer " + r[2] + " ", "Layer " + r[3] + " ", StringComparison.Ordinal).Replace("nameof(" + r[2] + ")", "nameof(" + r[3] + ")", StringComparison.Ordinal));
            AssertSameDensity(source);
        }

        AssertSameDensity(TestModels.Net(TestModels.NetMembers.Replace("Observed Y", "Observed PackX", StringComparison.Ordinal)));
    }

    [Fact]
    public void CollidingLocals_KeepEveryOtherElementsNames()
    {
        // Only the element that meets a taken name moves to a new prefix; the seed's names stay as written.
        string source = TestModels.Net(TestModels.NetMembers
            .Replace("Layer Hidden", "Layer A_W_0", StringComparison.Ordinal).Replace("nameof(Hidden)", "nameof(A_W_0)", StringComparison.Ordinal)
            .Replace("Layer Output", "Layer A", StringComparison.Ordinal).Replace("nameof(Output)", "nameof(A)", StringComparison.Ordinal));

        string text = GeneratorHarness.Run(source).AssertClean().SingleSource;

        Assert.Contains("TVec A_W_0_0 = TSimd.Multiply(X_0, A_W_0_W_0_0);", text, StringComparison.Ordinal);
        Assert.Contains("TVec A_2_0 = TSimd.Multiply(A_W_0_0, A_2_W_0_0);", text, StringComparison.Ordinal);
        Assert.Contains("TVec Y_value = TSimd.Load(in observed, row);", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Compiles <paramref name="source"/> (a renamed <see cref="TestModels.Net"/>) cleanly, binds it to the same rows as
    /// the plain model, and requires the same log density at the same θ: the renaming changed names, not meaning.
    /// </summary>
    private static void AssertSameDensity(string source)
    {
        float reference = Density(TestModels.Net());
        Assert.Equal(reference, Density(source), 1e-5f * Math.Max(1, Math.Abs(reference)));
    }

    private static float Density(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();
        using LoadedAssembly loaded = run.Load();
        Type type = loaded.Assembly.GetTypes().Single(t => t.GetMethod("LogDensity") is not null && t.DeclaringType is null);
        float[,] x = { { 0.5f, -1 }, { 2, 0.25f }, { -0.75f, 1.5f } };
        float[] y = [1, 0, 1];
        object model = Activator.CreateInstance(type, x, y)!;
        float[] theta = [.. Enumerable.Range(0, (int)type.GetField("ParameterCount")!.GetValue(null)!).Select(i => (float)Math.Sin(i + 1))];
        return type.GetMethod("LogDensity", BindingFlags.Public | BindingFlags.Instance)!.CreateDelegate<LogDensityF>(model)(theta);
    }
}
