using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Check;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The public surface (Emit/SurfaceWriter.cs): a valid model and a model with errors declare the same members,
/// documented and marked [GeneratedCode], so user code written against a model keeps compiling while it has an
/// error, and the names MG0016 reserves are exactly the names the surface declares.
/// </summary>
public class SurfaceTests
{
    /// <summary>User code touching every public member a model has.</summary>
    private const string User = """
        namespace Demo;

        public static class Use
        {
            public static object Run(Unfinished model, float[,] x, float[] y, ModelGen.Draws.Draws<float> draws, ModelGen.Batches.IBatchSource<float> batches) =>
                (Unfinished.ParameterCount, Unfinished.Layout, model.Rows, model.SimdWidth, model.X, model.Hidden, model.Output, model.Y,
                 new Unfinished(x, y), new Unfinished(), model.LogDensity(default), model.LogDensityGradient(default, default),
                 model.Fit(), model.Fit(batches), model.Nuts(), model.Predict(x, draws), model.SamplePredictive(x, draws, 1, 1UL),
                 ((ModelGen.Inference.IModel<float>)model).Info);

            public static void Gradient(Unfinished model) => model.Gradient(default, default);
        }
        """;

    [Fact]
    public void ThrowingSurface_HasTheWholePublicSurface()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.MissingPrior, User);

        Assert.Equal("MG0004", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
    }

    [Fact]
    public void ValidModel_HasTheSameSurface()
    {
        string valid = TestModels.MissingPrior.Replace("[Dense(nameof(Hidden), 1)]", "[Dense(nameof(Hidden), 1), Normal(0, 1)]", StringComparison.Ordinal);

        GeneratorHarness.Run(valid, User).AssertClean();
    }

    [Fact]
    public void ThrowingSurface_KeepsTheDataConstructor_WhenTheInputIsTheRejectedElement()
    {
        string source = TestModels.MissingPrior
            .Replace("[Dense(nameof(Hidden), 1)]", "[Dense(nameof(Hidden), 1), Normal(0, 1)]", StringComparison.Ordinal)
            .Replace("public partial Input X", "public partial Layer X", StringComparison.Ordinal);

        GeneratorRun run = GeneratorHarness.Run(source, "namespace Demo; public static class Make { public static Unfinished New(float[,] x, float[] y) => new(x, y); }");

        Assert.Equal("MG0008", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
    }

    [Theory]
    [InlineData("errors")]
    [InlineData("valid")]
    public void Surface_IsDocumented(string which)
    {
        // With GenerateDocumentationFile (and warnings as errors) every undocumented public member is CS1591,
        // and a broken cref or param tag is CS1574/CS1572.
        string source = """
            using ModelGen;

            namespace Demo;

            /// <summary>A model.</summary>
            [Model<float>]
            public partial class Documented
            {
                /// <summary>Input.</summary>
                [Input(2)]
                public partial Input X { get; }

                /// <summary>The output layer.</summary>
                [Dense(nameof(X), 1)PRIOR]
                public partial Layer Output { get; }

                /// <summary>Labels.</summary>
                [Bernoulli(Logits = nameof(Output))]
                public partial Observed Y { get; }
            }
            """.Replace("PRIOR", which == "valid" ? ", Normal(0, 1)" : string.Empty, StringComparison.Ordinal);

        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([source], options: GeneratorHarness.DocumentedParseOptions));

        Assert.Equal(which == "valid" ? [] : ["MG0004"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("errors")]
    public void UserDeclaredParameterlessConstructor_IsKept_AndTheGeneratedOneLeftOut(string which)
    {
        string prior = which == "valid" ? "[Dense(nameof(Hidden), 1), Normal(0, 1)]" : "[Dense(nameof(Hidden), 1)]";
        string source = TestModels.MissingPrior
            .Replace("[Dense(nameof(Hidden), 1)]", prior, StringComparison.Ordinal)
            .Replace("public partial Observed Y { get; }", "public partial Observed Y { get; }\n\n    public Unfinished() => Created = true;\n\n    public bool Created { get; }", StringComparison.Ordinal);

        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Equal(which == "valid" ? [] : ["MG0004"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
        if (which == "valid")
        {
            using LoadedAssembly loaded = run.Load();
            object model = Activator.CreateInstance(loaded.GetType("Demo.Unfinished"))!;
            Assert.Equal(true, model.GetType().GetProperty("Created")!.GetValue(model));
            Assert.Equal(0, model.GetType().GetProperty("Rows")!.GetValue(model));
        }
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("errors")]
    public void EveryMemberOfTheModelClass_IsMarkedGeneratedCode(string which)
    {
        GeneratorRun run = GeneratorHarness.Run(which == "seed" ? TestModels.Seed : TestModels.MissingPrior);
        ClassDeclarationSyntax model = GeneratedClass(run);

        var unmarked = model.Members
            .Where(m => !m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().EndsWith("GeneratedCode", StringComparison.Ordinal)))
            .Select(m => m.ToString().Split('\n')[^1].Trim())
            .ToList();
        Assert.Empty(unmarked);
    }

    [Fact]
    public void PublicSurfaceNames_AreExactlyTheNamesTheCheckerReserves()
    {
        // One list in the checker (MG0016), one writer of the surface: they must agree.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Seed).AssertClean();
        ClassDeclarationSyntax model = GeneratedClass(run);
        string[] elements = ["X", "Hidden1", "Hidden2", "Output", "Y"];

        var declared = model.Members.Select(Name).Where(n => n is not null && n != model.Identifier.ValueText && !n.StartsWith("__", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(ModelChecker.GeneratedMembers.Concat(elements).Order(StringComparer.Ordinal), declared);
    }

    private static ClassDeclarationSyntax GeneratedClass(GeneratorRun run) =>
        CSharpSyntaxTree.ParseText(run.SingleSource).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First();

    /// <summary>A member's name; explicit interface implementations by the interface member's name (Info, Constrain).</summary>
    private static string? Name(MemberDeclarationSyntax member) => member switch
    {
        PropertyDeclarationSyntax p => p.Identifier.ValueText,
        MethodDeclarationSyntax m => m.Identifier.ValueText,
        FieldDeclarationSyntax f => f.Declaration.Variables[0].Identifier.ValueText,
        ConstructorDeclarationSyntax c => c.Identifier.ValueText,
        BaseTypeDeclarationSyntax t => t.Identifier.ValueText,
        _ => null,
    };
}
