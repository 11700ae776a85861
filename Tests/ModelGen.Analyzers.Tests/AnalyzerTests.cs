using System.Globalization;
using Microsoft.CodeAnalysis;
using ModelGen.Analyzers.Tests.Infrastructure;
using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Analyzers.Tests;

/// <summary>
/// The analyzer's warnings and advice: each fires on its bad model with the right ID, span (from
/// <c>{|MGnnnn:…|}</c> markup) and arguments, both on the user's code alone and on the compilation a build or the
/// IDE really has, with the generator's output in it; the generator stays silent on the same model (one reporter
/// per diagnostic) and still generates it; and on every good model in the repository neither reports anything.
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

    /// <summary>The learned noise of a regression with a real-line prior: clean before, NaN at run time.</summary>
    private const string NoiseThatCanBeNegative = """
        using ModelGen;

        namespace Demo;

        [Model<double>]
        public partial class Noisy
        {
            [Input(2)] public partial Input X { get; }

            [Dense(nameof(X), 1, Bias = true), Normal(0, 1)] public partial Layer Mean { get; }

            [Normal(0, 1)] public partial Parameter Sigma { get; }

            [Normal(nameof(Mean), {|MG0021:nameof(Sigma)|})] public partial Observed Y { get; }
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

    private static readonly string[] s_names = ["MG0019", "MG0021", "MG0021 noise", "MG2001 layer", "MG2001 model"];

    /// <summary>Every case twice: on the user's code alone, and on the compilation a build has (the generator's output in it).</summary>
    public static TheoryData<string, bool> Cases
    {
        get
        {
            var cases = new TheoryData<string, bool>();
            foreach (string name in s_names)
            {
                cases.Add(name, false);
                cases.Add(name, true);
            }

            return cases;
        }
    }

    private static (string Markup, string[] Arguments) Case(string name) => name switch
    {
        "MG0019" => (SigmoidUnderLogits, ["Y", "Output"]),
        "MG0021" => (ScaleThatCanBeNegative, ["sigma", "Normal", "Output", "Scale", "Normal(0, 1)"]),
        "MG0021 noise" => (NoiseThatCanBeNegative, ["sigma", "Normal", "'Y'", "Sigma", "Normal(0, 1)"]),
        "MG2001 layer" => (WideLayer, ["Layer 'Hidden' (256 inputs × 24 units)", "6144", "4096"]),
        _ => (ManyLayers, ["Model 'Deep'", (5 * 4096 + 64 * 64 + 64 + 64).ToString(CultureInfo.InvariantCulture), "20000"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadModel_ReportsExactlyItsDiagnostic(string name, bool afterGenerator)
    {
        (string markup, string[] arguments) = Case(name);
        (string source, IReadOnlyList<ExpectedSpan> spans) = Markup.Parse(markup);
        ExpectedSpan expected = Assert.Single(spans);
        Compilation compilation = Harness.Compile(source);
        if (afterGenerator)
        {
            compilation = Harness.Generate(compilation).Output;
        }

        // The large models' generated kernels take minutes to bind: there the analyzer runs as in the IDE, on the model's file.
        Diagnostic diagnostic = Assert.Single(Harness.Analyze(compilation, modelFileOnly: afterGenerator && IsLarge(name)));

        AssertAt(diagnostic, expected, source);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.All(arguments, a => Assert.Contains(a, message, StringComparison.Ordinal));
        Assert.NotEqual(DiagnosticSeverity.Error, diagnostic.Descriptor.DefaultSeverity);
        Assert.False(diagnostic.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.NotConfigurable), "Warnings and advice must be configurable.");
    }

    /// <summary>Every warning and advice the analyzer can report has a case above.</summary>
    [Fact]
    public void Cases_CoverEveryWarningAndAdvice()
    {
        var covered = s_names.Select(n => Markup.Parse(Case(n).Markup).Spans.Single().Id).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(new ModelAnalyzer().SupportedDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// What a build shows: the generator runs, then the analyzer and the compiler see its output. The warning is
    /// there exactly once, at its span, and nothing else is: no error from the generator, none from the compiler.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void BadModel_InABuild_ShowsItsDiagnosticOnce_AndNothingElse(string name)
    {
        (string source, IReadOnlyList<ExpectedSpan> spans) = Markup.Parse(Case(name).Markup);
        ExpectedSpan expected = Assert.Single(spans);

        // Compiling the kernels of the large models would take minutes; there the analyzer runs as in the IDE, on the model's file.
        var build = Harness.Build(Harness.Compile(source), compile: !IsLarge(name));

        var all = build.Generator.Concat(build.Analyzer).Concat(build.Compiler).ToList();
        Assert.True(all.Count == 1, $"Expected one {expected.Id}; the build reported:\n{string.Join("\n", all)}");
        AssertAt(all[0], expected, source);
    }

    public static TheoryData<string> Names => new(s_names);

    [Theory]
    [InlineData("MG0019")]
    [InlineData("MG0021")]
    [InlineData("MG0021 noise")]
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

    /// <summary>The MG2001 models, whose generated code is slow to compile (half a minute and more).</summary>
    private static bool IsLarge(string name) => name.StartsWith("MG2001", StringComparison.Ordinal);

    private static void AssertAt(Diagnostic diagnostic, ExpectedSpan expected, string source)
    {
        Assert.Equal(expected.Id, diagnostic.Id);
        Assert.Equal(Harness.ModelPath, diagnostic.Location.SourceTree?.FilePath);
        Assert.Equal(expected.Text, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Suppression_InEditorconfigStyleOptions_Silences(bool afterGenerator)
    {
        (string source, _) = Markup.Parse(SigmoidUnderLogits);
        Compilation compilation = Harness.Compile(source);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItem("MG0019", ReportDiagnostic.Suppress)));
        if (afterGenerator)
        {
            compilation = Harness.Generate(compilation).Output;
        }

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
