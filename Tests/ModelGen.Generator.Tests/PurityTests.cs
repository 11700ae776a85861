using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Spec;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The pipeline's values are plain data (docs/contributing.md, Generator rules and Testing habits): parsing is a pure function of the declaration, and
/// nothing after Parse holds a symbol, syntax node, location, semantic model or compilation.
/// </summary>
public class PurityTests
{
    [Theory]
    [InlineData("seed")]
    [InlineData("regression")]
    [InlineData("errors")]
    public void ParsingTheSameClassTwice_GivesEqualSpecsThatAreNotTheSameObject(string model)
    {
        (string source, string type) = Model(model);

        ParseResult first = ParseFresh(source, type);
        ParseResult second = ParseFresh(source, type);

        Assert.NotNull(first.Spec);
        Assert.Equal(first.Spec, second.Spec);
        Assert.Equal(first.Spec.GetHashCode(), second.Spec!.GetHashCode());
        Assert.NotSame(first.Spec, second.Spec);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());

        ModelToEmit emitFirst = Pipeline.ToEmit(first);
        ModelToEmit emitSecond = Pipeline.ToEmit(second);
        Assert.Equal(emitFirst, emitSecond);
        Assert.Equal(emitFirst.GetHashCode(), emitSecond.GetHashCode());
        Assert.NotSame(emitFirst, emitSecond);
    }

    [Fact]
    public void ADifferentHyperparameter_GivesAnUnequalSpec()
    {
        ParseResult one = ParseFresh(TestModels.Net(), "Demo.Net");
        ParseResult two = ParseFresh(TestModels.Net().Replace("Normal(0, 1)", "Normal(0, 1.5)", StringComparison.Ordinal), "Demo.Net");

        Assert.NotEqual(one.Spec, two.Spec);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("regression")]
    [InlineData("errors")]
    public void ModelToEmitAndModelSpec_HoldNoRoslynObjects(string model)
    {
        (string source, string type) = Model(model);
        ParseResult parsed = ParseFresh(source, type);
        ModelToEmit toEmit = Pipeline.ToEmit(parsed);

        Assert.Empty(ObjectGraph.FindRoslynObjects(toEmit, nameof(ModelToEmit)));
        Assert.Empty(ObjectGraph.FindRoslynObjects(parsed.Spec, "ModelSpec"));
    }

    [Fact]
    public void EveryTrackedOutput_HoldsNoRoslynObjects()
    {
        // One driver run over a valid model, a model with errors and one that is not generated at all, so
        // every step (Parse with located diagnostics included) has outputs to walk.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Regression, TestModels.MissingPrior, TestModels.Net(members: string.Empty, header: "public class NotPartial"));
        GeneratorRunResult result = Assert.Single(run.RunResult.Results);

        // Roslyn's own steps (Compilation, ParseOptions, the attribute finder…) are tracked too; only ours are checked.
        string[] ours = [TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Spec, TrackingNames.Emit];
        var found = new List<string>();
        foreach (string name in ours)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), "No tracked step " + name);
            foreach ((IncrementalGeneratorRunStep step, int i) in steps.Select((s, i) => (s, i)))
            {
                foreach ((object value, int j) in step.Outputs.Select((o, j) => (o.Value, j)))
                {
                    found.AddRange(ObjectGraph.FindRoslynObjects(value, $"{name}[{i}].Output[{j}]"));
                }
            }
        }

        Assert.Empty(found);
    }

    [Fact]
    public void TheWalk_FindsARoslynObjectWhereOneIsHidden()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(TestModels.Net());
        var impure = new { Name = "x", Inner = new object[] { 1, compilation.SyntaxTrees.Last().GetRoot().GetLocation() } };

        Assert.Equal(["root.<Inner>i__Field[1]: Microsoft.CodeAnalysis.SourceLocation"], ObjectGraph.FindRoslynObjects(impure, "root"));
    }

    [Fact]
    public void PipelineRecordTypes_DeclareNoFieldThatCouldHoldARoslynObject()
    {
        Assert.Empty(ObjectGraph.FindLooseFieldTypes(typeof(ParseResult)));
        Assert.Empty(ObjectGraph.FindLooseFieldTypes(typeof(ModelToEmit)));
        Assert.Empty(ObjectGraph.FindLooseFieldTypes(typeof(GeneratedFile)));
    }

    private static (string Source, string Type) Model(string name) => name switch
    {
        "seed" => (TestModels.Seed, TestModels.SeedType),
        "regression" => (TestModels.Regression, "Demo.Housing.PriceRegression"),
        _ => (TestModels.MissingPrior, "Demo.Unfinished"),
    };

    /// <summary>Parses <paramref name="type"/> from a compilation of its own, so nothing is shared between two calls.</summary>
    private static ParseResult ParseFresh(string source, string type)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        INamedTypeSymbol symbol = compilation.GetTypeByMetadataName(type) ?? throw new InvalidOperationException("No type " + type);
        return ModelParser.Parse(symbol, CancellationToken.None);
    }
}
