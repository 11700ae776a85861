using Microsoft.CodeAnalysis;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The parser on the compilation a build or the IDE has, in which the generator's output implements every element:
/// the analyzers meet it there (the generator never sees its own files). The generator's files are told apart from
/// the user's by the path the compiler gives them, and the parse there is the generator's parse, value for value,
/// so the analyzer's warnings are those of the model the generator compiled.
/// </summary>
public class GeneratedOutputTests
{
    [Fact]
    public void GeneratedFiles_AreKnownByTheirPath_AndUserFilesAreNot()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net()).AssertClean();

        var generated = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToList();
        Assert.NotEmpty(generated);
        Assert.All(generated, t => Assert.True(ModelParser.IsGeneratorOutput(t.FilePath), t.FilePath));
        Assert.All(run.Input.SyntaxTrees, t => Assert.False(ModelParser.IsGeneratorOutput(t.FilePath), t.FilePath));
        Assert.Equal(ModelParser.GeneratorTypeName, typeof(ModelGenerator).FullName);
        Assert.Equal(ModelParser.GeneratorAssemblyName, typeof(ModelGenerator).Assembly.GetName().Name);
    }

    [Theory]
    [InlineData("ModelGen.Generator/ModelGen.Generator.ModelGenerator/Demo.Net.g.cs", true)]
    [InlineData("/repo/obj/Release/net10.0/generated/ModelGen.Generator/ModelGen.Generator.ModelGenerator/Demo.Net.g.cs", true)]
    [InlineData(@"C:\repo\obj\Debug\generated\ModelGen.Generator\ModelGen.Generator.ModelGenerator\Demo.Outer.Net.g.cs", true)]
    [InlineData("/src/Demo.Net.g.cs", false)]
    [InlineData("/src/ModelGen.Generator.ModelGenerator/Demo.Net.g.cs", false)]
    [InlineData("Other.Generator/ModelGen.Generator.ModelGenerator/Demo.Net.g.cs", false)]
    [InlineData("ModelGen.Generator/ModelGen.Generator.ModelGenerator/Demo.Net.cs", false)]
    [InlineData("ModelGen.Generator/Other.Generator/Demo.Net.g.cs", false)]
    public void GeneratorOutputPath(string path, bool isOurs) => Assert.Equal(isOurs, ModelParser.IsGeneratorOutput(path));

    [Fact]
    public void ImplementationWrittenByTheUser_InAFileNamedLikeGeneratedCode_IsStillTheUsers()
    {
        // The user's own implementation is MG0008, wherever it is written; only the generator's own files stand apart.
        string model = TestModels.Net(TestModels.NetMembers.Replace("public partial Layer Hidden { get; }", "public partial Layer {|MG0008:Hidden|} { get; }", StringComparison.Ordinal));
        (string source, IReadOnlyList<ExpectedSpan> spans) = Markup.Parse(model);
        var compilation = GeneratorHarness.CreateCompilation([source], warningsAsErrors: false)
            .AddSyntaxTrees(GeneratorHarness.Parse("namespace Demo;\n\npartial class Net\n{\n    public partial ModelGen.Layer Hidden => null!;\n}\n", "/src/Demo.Net.g.cs"));

        GeneratorRun run = GeneratorHarness.Run(compilation);

        Diagnostic error = Assert.Single(run.GeneratorDiagnostics);
        DiagnosticAssert.AssertLocation(error, Assert.Single(spans), source);
        Assert.Equal(Parse(run.Input), Parse(run.Output));
    }

    public static TheoryData<string> Models => new(
        "Seed", "Regression", "Radon", "EightSchools", "MissingPrior", "Hierarchical", "Counts", "Classifier", "LearnedNoise", "Net", "Record", "Static", "NotPartial");

    private static string Model(string name) => name switch
    {
        "Seed" => TestModels.Seed,
        "Regression" => TestModels.Regression,
        "Radon" => TestModels.Radon,
        "EightSchools" => TestModels.EightSchools,
        "MissingPrior" => TestModels.MissingPrior,
        "Hierarchical" => TestModels.Hierarchical,
        "Counts" => TestModels.Counts,
        "Classifier" => TestModels.Classifier,
        "LearnedNoise" => TestModels.LearnedNoise,
        "Record" => TestModels.Net(header: "public partial record Net"),
        "Static" => TestModels.Net(header: "public static partial class Net"),
        "NotPartial" => TestModels.Net(header: "public class Net"),
        _ => TestModels.Net(),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void ParseWithTheGeneratedCode_IsTheGeneratorsParse(string name)
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([Model(name)], warningsAsErrors: false));

        var before = Parse(run.Input);
        var after = Parse(run.Output);

        Assert.NotEmpty(before);
        Assert.Equal(before, after);
    }

    [Fact]
    public void ParseWithTheGeneratedCode_IsTheGeneratorsParse_OnDamagedModels()
    {
        // Damaged declarations (the robustness corpus, another seed): user-implemented, mistyped, static and
        // misplaced elements, models with errors (whose generated surface throws) and types that are no model.
        var mutator = new ModelMutator(31337);
        var failures = new List<string>();
        for (int i = 0; i < 150; i++)
        {
            (string source, string description) = mutator.Next();
            GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([source], warningsAsErrors: false));
            if (!Parse(run.Input).SequenceEqual(Parse(run.Output)))
            {
                failures.Add($"case {i} ({description}):\n{GeneratorHarness.Numbered(source)}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} case(s) parse differently with the generated code; the first:\n{failures.FirstOrDefault()}");
    }

    /// <summary>The parse of every [Model] class declared in the user's files of <paramref name="compilation"/>, in declaration order.</summary>
    private static List<ParseResult> Parse(Compilation compilation)
    {
        var results = new List<ParseResult>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees.Where(t => !ModelParser.IsGeneratorOutput(t.FilePath)))
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is INamedTypeSymbol type
                    && type.GetAttributes().Any(a => a.AttributeClass?.OriginalDefinition.ToDisplayString() == "ModelGen.ModelAttribute<T>")
                    && ModelParser.IsPrimaryDeclaration(type, declaration))
                {
                    results.Add(ModelParser.Parse(type, CancellationToken.None));
                }
            }
        }

        return results;
    }
}
