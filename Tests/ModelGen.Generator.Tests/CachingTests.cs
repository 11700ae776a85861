using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Incremental caching (docs/contributing.md, Testing habits): edits that do not change a model must not regenerate it, and the
/// generated text must stop the pipeline when it is unchanged.
/// </summary>
public class CachingTests
{
    [Fact]
    public void SameCompilationTwice_EveryStepIsCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(TestModels.Net());
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(compilation);

        CacheExpectation.SameCompilation.Verify(Result(driver));
    }

    [Fact]
    public void UnrelatedFileAdded_EmitIsCachedOrUnchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(TestModels.Net());
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(GeneratorHarness.Parse(
            "namespace Demo; public static class Unrelated { public static int Answer => 42; }", "/src/Unrelated.cs")));

        CacheExpectation.UnrelatedEdit.Verify(Result(driver));
    }

    [Fact]
    public void UnrelatedMemberAddedToTheModel_EmitIsCachedOrUnchanged()
    {
        string before = TestModels.Net();
        string after = before.Replace(
            "public partial Observed Y { get; }",
            "public partial Observed Y { get; }\n\n    public override string ToString() => \"a network\";",
            StringComparison.Ordinal);

        GeneratorRunResult result = RunEdited(before, after);

        CacheExpectation.UnrelatedEdit.Verify(result);
    }

    [Fact]
    public void LinesAndCommentsInsertedAboveTheModel_EmitIsNotModified()
    {
        string before = TestModels.Net();
        string after = before.Replace("[Model<float>]", "// A comment that moves the model down.\n\n/* and a block */\n\n[Model<float>]", StringComparison.Ordinal);

        GeneratorRunResult result = RunEdited(before, after);

        CacheExpectation.ModelMoved.Verify(result);

        // A model with no diagnostics holds no location at all, so even the parse result compares equal.
        Assert.All(result.TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
    }

    [Fact]
    public void ModelWithErrorsMoved_DiagnosticsMoveButEmitIsNotModified()
    {
        string before = TestModels.MissingPrior;
        string after = before.Replace("[Model<float>]", "\n\n// moved\n[Model<float>]", StringComparison.Ordinal);
        CSharpCompilation first = GeneratorHarness.CreateCompilation(before);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        int lineBefore = Assert.Single(driver.GetRunResult().Diagnostics).Location.GetLineSpan().StartLinePosition.Line;

        driver = driver.RunGenerators(Replace(first, after));

        GeneratorRunResult result = Result(driver);
        CacheExpectation.ModelMoved.Verify(result);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(result.TrackedSteps[TrackingNames.Diagnostics].SelectMany(s => s.Outputs)).Reason);
        Assert.Equal(lineBefore + 3, Assert.Single(result.Diagnostics).Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void PriorSigmaChanged_EmitIsModified()
    {
        string before = TestModels.Net();
        string after = before.Replace("[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)]", "[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 2)]", StringComparison.Ordinal);
        Assert.NotEqual(before, after);

        GeneratorRunResult result = RunEdited(before, after);

        CacheExpectation.HyperparameterChanged.Verify(result);
        Assert.Contains("Normal(0, 2)", Assert.Single(result.GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SecondModelAdded_FirstModelStaysCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(TestModels.Net());
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        string second = TestModels.Net(header: "public partial class SecondNet");

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(GeneratorHarness.Parse(second, GeneratorHarness.SourcePath(1))));

        GeneratorRunResult result = Result(driver);
        var emitted = result.TrackedSteps[TrackingNames.Emit]
            .SelectMany(s => s.Outputs)
            .ToDictionary(o => ((GeneratedFile)o.Value).HintName, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, emitted["Demo.Net.g.cs"]);
        Assert.Equal(IncrementalStepRunReason.New, emitted["Demo.SecondNet.g.cs"]);
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    private static GeneratorRunResult RunEdited(string before, string after)
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(before);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        return Result(driver.RunGenerators(Replace(first, after)));
    }

    /// <summary>The compilation with the model file's text replaced (same path), as an IDE edit does.</summary>
    private static CSharpCompilation Replace(CSharpCompilation compilation, string source)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.SourcePath(0));
        return compilation.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(source, System.Text.Encoding.UTF8)));
    }

    private static GeneratorRunResult Result(GeneratorDriver driver) => Assert.Single(driver.GetRunResult().Results);
}
