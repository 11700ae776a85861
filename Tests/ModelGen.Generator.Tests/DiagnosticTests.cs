using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// One bad model per diagnostic the generator reports: the ID, exactly one diagnostic, its span (from
/// <c>{|MGnnnn:…|}</c> markup), its message arguments, and no other error from the compilation.
/// MG9001 (internal error) is not here: it reports an exception inside the generator, which no model
/// declaration can cause on purpose. The robustness test checks it never appears.
/// </summary>
public class DiagnosticTests
{
    /// <summary>Every ID with a case below.</summary>
    public static TheoryData<string> Cases => new(s_cases!.Keys.Order(StringComparer.Ordinal));

    /// <summary>The markup and expected message parts of the case for <paramref name="id"/>.</summary>
    internal static (string Markup, string[] Message) Case(string id) => s_cases[id];

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadModel_ReportsExactlyItsDiagnostic(string id)
    {
        (string markup, string[] message) = s_cases[id];
        DiagnosticAssert.Single(markup, s_compilerAlso.GetValueOrDefault(id) ?? [], message);
    }

    /// <summary>Cases whose mistake the C# compiler reports too, in its own words: the ids it may add.</summary>
    private static readonly Dictionary<string, string[]> s_compilerAlso = new()
    {
        ["MG3003"] = ["CS0200"],   // a write to a get-only property
    };

    [Fact]
    public void EveryReportableDescriptor_HasACase()
    {
        // Warnings and advice are the analyzer's (Tests/ModelGen.Analyzers.Tests has their cases); the generator reports errors only.
        var reportable = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => id != DiagnosticDescriptors.InternalErrorId && DiagnosticDescriptors.IsError(id));
        Assert.Equal(reportable.Order(StringComparer.Ordinal), s_cases.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("regression")]
    [InlineData("net")]
    public void GoodModels_HaveNoDiagnosticAtAll(string model)
    {
        string source = model switch
        {
            "seed" => TestModels.Seed,
            "regression" => TestModels.Regression,
            _ => TestModels.Net(),
        };

        GeneratorHarness.Run(source).AssertClean();
    }

    [Fact]
    public void Categorical_on_a_single_unit_needs_at_least_two()
    {
        // MG1002's second form: a categorical likelihood reads one logit per class, and one class is no choice.
        DiagnosticAssert.Single(
            TestModels.Net().Replace("[Bernoulli(Logits = nameof(Output))]", "[Categorical({|MG1002:Logits = nameof(Output)|})]", StringComparison.Ordinal),
            ["The likelihood 'Y' needs at least 2 unit(s) from 'Output', which has 1"]);
    }

    [Fact]
    public void Categorical_on_three_units_is_clean()
    {
        GeneratorHarness.Run(TestModels.Net(Members("[Dense(nameof(Hidden), 1)", "[Dense(nameof(Hidden), 3)")).Replace("[Bernoulli(Logits = nameof(Output))]", "[Categorical(Logits = nameof(Output))]", StringComparison.Ordinal)).AssertClean();
    }

    [Fact]
    public void Categorical_without_logits_reports_MG0012()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Dense(nameof(Hidden), 1)", "[Dense(nameof(Hidden), 3)")).Replace("[Bernoulli(Logits = nameof(Output))]", "[{|MG0012:Categorical|}]", StringComparison.Ordinal),
            ["must name the layer giving each row's K class logits"]);
    }

    [Fact]
    public void Flat_is_a_prior_and_not_a_likelihood()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]", "[Flat]").Replace("Observed Y", "Observed {|MG0012:Y|}", StringComparison.Ordinal)),
            ["has [Flat], which is a prior"]);
    }

    [Fact]
    public void Flat_takes_no_argument_and_the_compiler_alone_says_so()
    {
        // Flat has no constructor with arguments: C#'s CS1729 is the one error, and the generator adds none.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net(Members("[Dense(nameof(Hidden), 1), Normal(0, 1)]", "[Dense(nameof(Hidden), 1), Flat(0, 1)]")));

        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(["CS1729"], run.CompilationDiagnostics.Select(d => d.Id));
    }

    [Fact]
    public void NotPartialContainingType_IsReportedOnTheModel()
    {
        DiagnosticAssert.Single(
            """
            using ModelGen;

            namespace Demo;

            public class Outer
            {
                [Model<float>]
                public partial class {|MG0001:Inner|}
                {
                }
            }
            """,
            "'Inner'",
            "partial");
    }

    [Fact]
    public void InputWithNoFeatures_IsAnInvalidSizeAtTheArgument()
    {
        DiagnosticAssert.Single(
            TestModels.Net(TestModels.NetMembers.Replace("[Input(2)]", "[Input({|MG1003:features: 0|})]", StringComparison.Ordinal)),
            "'features' of 'X' is 0");
    }

    [Fact]
    public void UniformWithLowerNotBelowUpper_IsReportedAtTheUpperBound()
    {
        DiagnosticAssert.Single(
            TestModels.Net(TestModels.NetMembers.Replace("Activation.Tanh), Normal(0, 1)]", "Activation.Tanh), Normal(0, nameof(Scale))]", StringComparison.Ordinal)
                + "\n\n    [Uniform(2, {|MG0005:upper: 1|})]\n    public partial Parameter Scale { get; }"),
            "Argument 'upper' of Uniform on 'Scale' is 1", "the upper bound must be greater than the lower bound, 2");
    }

    [Fact]
    public void PriorArgumentNamingNoElement_IsUnknownWithTheParametersListed()
    {
        DiagnosticAssert.Single(
            TestModels.Net(TestModels.NetMembers
                .Replace("Activation.Tanh), Normal(0, 1)]", "Activation.Tanh), Normal(0, {|MG0003:\"Scael\"|})]", StringComparison.Ordinal)
                .Replace("[Dense(nameof(Hidden), 1), Normal(0, 1)]", "[Dense(nameof(Hidden), 1), Normal(0, nameof(Scale))]", StringComparison.Ordinal)
                + "\n\n    [HalfNormal(1)]\n    public partial Parameter Scale { get; }"),
            "'Hidden' refers to 'Scael', which is not a parameter", "Scale");
    }

    [Fact]
    public void ParameterNamedByNothing_IsUnused()
    {
        DiagnosticAssert.Single(
            TestModels.Net(TestModels.NetMembers + "\n\n    [HalfNormal(1)]\n    public partial Parameter {|MG0007:Spare|} { get; }"),
            "Parameter 'Spare' is not on the path from the input to the likelihood 'Y'");
    }

    [Fact]
    public void Errors_CannotBeSilencedBySeverityConfigurationOrPragma()
    {
        // dotnet_diagnostic.MG0004.severity = none and <NoWarn>MG0004</NoWarn> become this option; the model would
        // then build and throw at run time. An in-source error is pragma-suppressible unless NotConfigurable.
        string source = TestModels.MissingPrior.Replace("[Model<float>]", "#pragma warning disable MG0004\n[Model<float>]", StringComparison.Ordinal);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItem("MG0004", ReportDiagnostic.Suppress)));

        GeneratorRun run = GeneratorHarness.Run(compilation);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("MG0004", diagnostic.Id);
        Assert.False(diagnostic.IsSuppressed);
        Assert.All(
            DiagnosticDescriptors.All.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error),
            d => Assert.Contains(WellKnownDiagnosticTags.NotConfigurable, d.CustomTags));
    }

    [Fact]
    public void Diagnostics_AreInSource_InTheCompilationsOwnTree()
    {
        // Stored as plain values in the pipeline, re-created against the compilation in the output step: an
        // in-source location (the IDE's squiggles and code fixes find the tree), not an external-file one.
        GeneratorRun run = GeneratorHarness.Run(TestModels.MissingPrior);

        Location location = Assert.Single(run.GeneratorDiagnostics).Location;
        Assert.Equal(LocationKind.SourceFile, location.Kind);
        Assert.Same(run.Input.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.SourcePath(0)), location.SourceTree);
    }

    private static string Members(string from, string to) => TestModels.NetMembers.Replace(from, to, StringComparison.Ordinal);

    private static readonly Dictionary<string, (string Markup, string[] Message)> s_cases = new()
    {
        ["MG0001"] = (
            TestModels.Net(members: string.Empty, header: "public class {|MG0001:Net|}"),
            ["'Net'", "partial"]),

        ["MG0002"] = (
            TestModels.Net(
                """
                    [Input(2)]
                    public partial Input X { get; }

                    [Dense(nameof(X), 1), Normal(0, 1)]
                    public partial Layer Output { get; }
                """,
                header: "public partial class {|MG0002:Net|}"),
            ["Model 'Net' has no likelihood"]),

        ["MG0003"] = (
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]", "[Bernoulli({|MG0003:Logits = \"Outptu\"|})]")),
            ["'Y' refers to 'Outptu'", "model 'Net'", "with one of: Output"]),

        ["MG0004"] = (
            TestModels.Net(Members("[Dense(nameof(Hidden), 1), Normal(0, 1)]\n    public partial Layer Output", "[Dense(nameof(Hidden), 1)]\n    public partial Layer {|MG0004:Output|}")),
            ["Layer 'Output' has no prior for its weights"]),

        ["MG0005"] = (
            TestModels.Net(Members("Activation.Tanh), Normal(0, 1)]", "Activation.Tanh), Normal(0, {|MG0005:-1|})]")),
            ["Argument 'sigma' of Normal on 'Hidden' is -1", "greater than 0"]),

        ["MG0006"] = (
            TestModels.Net(attribute: "[{|MG0006:Model<Half>|}]"),
            ["Model 'Net' uses element type 'System.Half'"]),

        ["MG0007"] = (
            TestModels.Net(TestModels.NetMembers + "\n\n    [Dense(nameof(X), 2), Normal(0, 1)]\n    public partial Layer {|MG0007:Spare|} { get; }"),
            ["Layer 'Spare' is not on the path from the input to the likelihood 'Y'"]),

        ["MG0008"] = (
            TestModels.Net(TestModels.NetMembers + "\n\n    [Input(3)]\n    public partial Layer {|MG0008:Extra|} { get; }"),
            ["'Extra' carries [Input]", "public partial Input Extra { get; }"]),

        ["MG0009"] = (
            TestModels.Net(TestModels.NetMembers + "\n\n    [Input(2), Dense(nameof(X), 1)]\n    public partial Input {|MG0009:Extra|} { get; }"),
            ["'Extra' has both [Input] and [Dense]"]),

        ["MG0010"] = (
            TestModels.Net(Members("Activation.Tanh), Normal(0, 1)]", "Activation.Tanh), Normal(0, {|MG0010:nameof(X)|})]")),
            ["Argument 'sigma' of Normal on 'Hidden' names 'X'"]),

        ["MG0011"] = (
            // The input was forgotten; the first layer still reads it by name.
            TestModels.Net(
                Members("[Input(2)]\n    public partial Input X { get; }\n", string.Empty).Replace("[Dense(nameof(X), 3", "[Dense(\"X\", 3", StringComparison.Ordinal),
                header: "public partial class {|MG0011:Net|}"),
            ["Model 'Net' has no input"]),

        ["MG0012"] = (
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]", "[Bernoulli({|MG0012:P = nameof(Output)|})]")),
            ["The likelihood 'Y' reads P from 'Output'", "Identity, not Sigmoid"]),

        ["MG0013"] = (
            TestModels.Net(TestModels.NetMembers + "\n\n    [Bernoulli(Logits = nameof(Output))]\n    public partial Observed {|MG0013:Z|} { get; }"),
            ["Model 'Net' already has the likelihood 'Y'; 'Z' would be a second one"]),

        ["MG0014"] = (
            TestModels.Net(members: string.Empty, header: "public partial class {|MG0014:Net|}<T>"),
            ["The model class 'Net' is generic"]),

        ["MG0015"] = (
            TestModels.Net(
                """
                    [Input(2)]
                    public partial Input X { get; }

                    [Dense(nameof(B), 3), Normal(0, 1)]
                    public partial Layer A { get; }

                    [Dense({|MG0015:nameof(A)|}, 1), Normal(0, 1)]
                    public partial Layer B { get; }

                    [Bernoulli(Logits = nameof(B))]
                    public partial Observed Y { get; }
                """),
            ["Layer 'B' reads its own output through B → A"]),

        ["MG0016"] = (
            TestModels.Net(Members("public partial Layer Output", "public partial Layer {|MG0016:Rows|}").Replace("nameof(Output)", "nameof(Rows)", StringComparison.Ordinal)),
            ["'Rows' is a member ModelGen generates on every model"]),

        ["MG0017"] = (
            TestModels.Net(Members("Activation.Tanh", "{|MG0017:(Activation)7|}")),
            ["Activation of 'Hidden' is (Activation)7, which is not a defined Activation value", "Activation.Identity, Activation.Tanh"]),

        ["MG0018"] = (
            TestModels.Net(TestModels.NetMembers + "\n\n    public partial Layer {|MG0018:Spare|} { get; }"),
            ["'Spare' is a partial Layer property with no ModelGen attribute", "[Dense(nameof(input), units)]"]),

        ["MG0020"] = (
            TestModels.Net(TestModels.NetMembers.Replace("Normal(0, 1)]\n    public partial Layer Hidden", "Normal(0, nameof(A))]\n    public partial Layer Hidden", StringComparison.Ordinal)
                + "\n\n    [HalfNormal({|MG0020:nameof(B)|})]\n    public partial Parameter A { get; }\n\n    [HalfNormal(nameof(A))]\n    public partial Parameter B { get; }"),
            ["The prior of 'A' depends on itself through its arguments: A → B → A"]),

        ["MG1001"] = (
            TestModels.Net(Members("[Dense(nameof(X), 3, Activation.Tanh)", "[Dense(nameof(X), 3, Activation.Tanh, {|MG1001:Inputs = 5|})")),
            ["Layer 'Hidden' declares Inputs = 5, but 'X' gives 2"]),

        ["MG1002"] = (
            TestModels.Net(Members("[Dense(nameof(Hidden), 1)", "[Dense(nameof(Hidden), 2)").Replace("[Bernoulli(Logits = nameof(Output))]", "[Bernoulli({|MG1002:Logits = nameof(Output)|})]", StringComparison.Ordinal)),
            ["The likelihood 'Y' needs 1 unit(s) from 'Output', which has 2"]),

        ["MG1003"] = (
            TestModels.Net(Members("[Dense(nameof(X), 3, Activation.Tanh)", "[Dense(nameof(X), {|MG1003:0|}, Activation.Tanh)")),
            ["'units' of 'Hidden' is 0; it must be at least 1"]),

        ["MG1004"] = (
            TestModels.Net(Members("Activation.Tanh), Normal(0, 1)]", "Activation.Tanh), Normal(0, {|MG1004:nameof(Scales)|})]")
                + "\n\n    [HalfNormal(1), Size(2)]\n    public partial Parameter Scales { get; }"),
            ["Argument 'sigma' of Normal on 'Hidden' names 'Scales', which has 2 values; here it needs 1 (shared by all) or 3 (one per unit of 'Hidden')"]),

        ["MG1005"] = (
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]", "[Bernoulli(Logits = nameof(Output), Intercept = nameof(Effect))]")
                + "\n\n    [Group(nameof(X), {|MG1005:2|}, levels: 3)]\n    public partial Group Site { get; }"
                + "\n\n    [Normal(0, 1), Size(nameof(Site))]\n    public partial Parameter Effect { get; }"),
            ["'Site' reads column 2 of input 'X', which has 2 column(s), 0 to 1"]),

        // Declared data and parameters (docs/terms.md); DeclarationDiagnosticTests has a case for each of their rules.
        // [Term] methods (docs/terms.md, "Terms"); TermDiagnosticTests has more cases of each.
        ["MG3001"] = (
            TermDiagnosticTests.Model("        double lp = 0;\n        {|MG3001:while (lp < 1) { lp += 1; }|}\n        return lp + Normal(Y[0], Mu, 1);"),
            ["Term 'Likelihood' contains a 'while' loop", "locals ('double x = …;')"]),

        ["MG3002"] = (
            TermDiagnosticTests.Model("        return {|MG3002:Helper|}(Mu);"),
            ["Term 'Likelihood' calls 'Helper'", "not in the math library"]),

        ["MG3003"] = (
            TermDiagnosticTests.Model("        {|MG3003:Mu|} = 1;\n        return Normal(Y[0], Mu, 1);"),
            ["Term 'Likelihood' assigns to 'Mu', which is a parameter"]),

        ["MG3005"] = (
            TermDiagnosticTests.Model("        LocalMatrix<double> k = Local.Matrix(Y.Length, {|MG3005:(int)Mu|});\n        ExpQuadCovariance(Y, Sigma, 1, k);\n        return 0;"),
            ["Term 'Likelihood' sizes the local matrix 'k' by '(int)Mu'", "known when the data are bound"]),

        ["MG3006"] = (
            TermDiagnosticTests.Model("        double lp = 0;\n        for (int n = 0; n < Y.Length; n++)\n        {\n            lp += {|MG3006:Mu|} > 0 ? Normal(Y[n], Mu, 1) : Normal(Y[n], -Mu, 2);\n        }\n\n        return lp;"),
            ["Term 'Likelihood' branches on the parameter 'Mu'", "reads data and loop indices only"]),

        ["MG3009"] = (
            TestModels.Net("    [{|MG3009:Simplex|}, Dirichlet(1)] public partial double P { get; }", "[Model<double>]"),
            ["'P' has [Simplex], which applies to a vector (ReadOnlySpan with [Size]); 'P' is a scalar"]),

        ["MG3010"] = (
            TestModels.Net("    [Normal(0, 1)] public partial double Mu { get; }\n\n    [Transformed] public partial double {|MG3010:Ratio|} { get; }", "[Model<double>]"),
            ["Transformed parameter 'Ratio' has no [Computes] method", "marked [Computes(nameof(Ratio))]"]),

        ["MG3011"] = (
            TestModels.Net(TestModels.NetMembers + "\n\n    [HalfNormal(1)] public partial float {|MG3011:Extra|} { get; }"),
            ["'Extra' is declared by its shape, and model 'Net' also has the row-block element 'X'"]),

        ["MG3012"] = (
            TestModels.Net("    [Normal(0, 1)] public partial ReadOnlySpan<double> {|MG3012:Beta|} { get; }", "[Model<double>]"),
            ["'Beta' is a vector; give its length with [Size(n)] or [Size(nameof(K))]"]),
    };
}
