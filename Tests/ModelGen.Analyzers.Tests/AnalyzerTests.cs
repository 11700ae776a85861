using System.Globalization;
using Microsoft.CodeAnalysis;
using ModelGen.Analyzers.Tests.Infrastructure;
using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Analyzers.Tests;

/// <summary>
/// The analyzer's warnings and advice: each fires on its bad model with the right ID, span (from
/// <c>{|MGnnnn:…|}</c> markup) and arguments, the generator stays silent on the same model (one reporter per
/// diagnostic) and still generates it; and on every good model in the repository neither reports anything.
/// </summary>
public class AnalyzerTests
{
    private const string SigmoidUnderLogits = """
        using ModelGen;

        namespace Demo;

        [Model<float>]
        public partial class Squashed
        {
            [Input(2)] public partial Input X { get; }

            [Dense(nameof(X), 1, Activation.Sigmoid), Normal(0, 1)] public partial Layer Output { get; }

            [Bernoulli({|MG0019:Logits = nameof(Output)|})] public partial Observed Y { get; }
        }
        """;

    private const string ScaleThatCanBeNegative = """
        using ModelGen;

        namespace Demo;

        [Model<float>]
        public partial class Scaled
        {
            [Input(2)] public partial Input X { get; }

            [Normal(0, 1)] public partial Parameter Scale { get; }

            [Dense(nameof(X), 1), Normal(0, {|MG0021:nameof(Scale)|})] public partial Layer Output { get; }

            [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
        }
        """;

    private const string WideLayer = """
        using ModelGen;

        namespace Demo;

        [Model<float>]
        public partial class Wide
        {
            [Input(256)] public partial Input X { get; }

            [{|MG2001:Dense(nameof(X), 24, Activation.Tanh)|}, Normal(0, 1)] public partial Layer Hidden { get; }

            [Dense(nameof(Hidden), 1), Normal(0, 1)] public partial Layer Output { get; }

            [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
        }
        """;

    private const string ManyLayers = """
        using ModelGen;

        namespace Demo;

        [Model<double>]
        public partial class {|MG2001:Deep|}
        {
            [Input(64)] public partial Input X { get; }

            [Dense(nameof(X), 64, Activation.Softplus), Normal(0, 1)] public partial Layer H1 { get; }

            [Dense(nameof(H1), 64, Activation.Softplus), Normal(0, 1)] public partial Layer H2 { get; }

            [Dense(nameof(H2), 64, Activation.Softplus), Normal(0, 1)] public partial Layer H3 { get; }

            [Dense(nameof(H3), 64, Activation.Softplus), Normal(0, 1)] public partial Layer H4 { get; }

            [Dense(nameof(H4), 64, Activation.Softplus), Normal(0, 1)] public partial Layer H5 { get; }

            [Dense(nameof(H5), 64, Activation.Softplus, Bias = true), Normal(0, 1)] public partial Layer H6 { get; }

            [Dense(nameof(H6), 1), Normal(0, 1)] public partial Layer Output { get; }

            [Normal(nameof(Output), 1.0)] public partial Observed Y { get; }
        }
        """;

    public static TheoryData<string> Cases => new("MG0019", "MG0021", "MG2001 layer", "MG2001 model");

    private static (string Markup, string[] Arguments) Case(string name) => name switch
    {
        "MG0019" => (SigmoidUnderLogits, ["Y", "Output"]),
        "MG0021" => (ScaleThatCanBeNegative, ["sigma", "Normal", "Output", "Scale", "Normal(0, 1)"]),
        "MG2001 layer" => (WideLayer, ["Layer 'Hidden' (256 inputs × 24 units)", "6144", "4096"]),
        _ => (ManyLayers, ["Model 'Deep'", (5 * 4096 + 64 * 64 + 64 + 64).ToString(CultureInfo.InvariantCulture), "20000"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadModel_ReportsExactlyItsDiagnostic(string name)
    {
        (string markup, string[] arguments) = Case(name);
        (string source, IReadOnlyList<ExpectedSpan> spans) = Markup.Parse(markup);
        ExpectedSpan expected = Assert.Single(spans);

        Diagnostic diagnostic = Assert.Single(Harness.Analyze(Harness.Compile(source)));

        Assert.Equal(expected.Id, diagnostic.Id);
        Assert.Equal(Harness.ModelPath, diagnostic.Location.SourceTree?.FilePath);
        Assert.Equal(expected.Text, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.All(arguments, a => Assert.Contains(a, message, StringComparison.Ordinal));
        Assert.NotEqual(DiagnosticSeverity.Error, diagnostic.Descriptor.DefaultSeverity);
        Assert.False(diagnostic.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.NotConfigurable), "Warnings and advice must be configurable.");
    }

    [Theory]
    [InlineData("MG0019")]
    [InlineData("MG0021")]
    [InlineData("MG2001 layer")]
    public void BadModel_IsNotReportedByTheGenerator_AndIsStillGenerated(string name)
    {
        (string source, _) = Markup.Parse(Case(name).Markup);

        (Compilation output, var generatorDiagnostics) = Harness.Generate(Harness.Compile(source));

        Assert.Empty(generatorDiagnostics);
        if (name != "MG2001 layer")
        {
            // Compiling the 8,000-statement kernel of the wide model would take half a minute; its text is enough there.
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }

        Assert.DoesNotContain(output.SyntaxTrees, t => t.ToString().Contains("has errors", StringComparison.Ordinal));
    }

    [Fact]
    public void Suppression_InEditorconfigStyleOptions_Silences()
    {
        (string source, _) = Markup.Parse(SigmoidUnderLogits);
        var compilation = Harness.Compile(source);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItem("MG0019", ReportDiagnostic.Suppress)));

        Assert.Empty(Harness.Analyze(compilation).Where(d => !d.IsSuppressed));
    }

    public static TheoryData<string> GoodModels => new("Samples/Moons/MoonsNetwork.cs", "Tests/ModelGen.EndToEnd.Tests/Models/TestModels.cs", "Tests/ModelGen.EndToEnd.Tests/Models/HierarchicalModels.cs", "Tests/ModelGen.EndToEnd.Tests/Models/CountModels.cs", "Tests/ModelGen.EndToEnd.Tests/Models/WideModels.cs");

    [Theory]
    [MemberData(nameof(GoodModels))]
    public void GoodModels_HaveNoDiagnosticFromAnalyzerOrGenerator(string path)
    {
        string source = "using ModelGen;\n" + File.ReadAllText(Harness.RepoFile(path.Split('/')));

        var compilation = Harness.Compile(source);
        (Compilation output, var generatorDiagnostics) = Harness.Generate(compilation);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(Harness.Analyze(compilation));
        Assert.Empty(Harness.Analyze(output));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
