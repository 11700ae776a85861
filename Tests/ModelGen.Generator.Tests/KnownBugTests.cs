using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Generator bugs these tests found, each written as the test that passes once it is fixed and skipped until
/// then (each was run unskipped and fails as its reason says). B: the generator crashes or emits code that does
/// not compile. C: one mistake gives a cascade of diagnostics instead of one clear error.
/// </summary>
public class KnownBugTests
{
    /// <summary>IDs whose <see cref="DiagnosticTests"/> case still cascades into a second diagnostic.</summary>
    internal static readonly string[] CascadingCases = ["MG0011"];

    // Each bug's skip reason; remove the Skip once the generator is fixed. B: broken output or crash; C: a cascade.
    private const string B01 = "B01: a keyword namespace (@namespace) puts '@' in the hint name; AddSource throws (CS8785).";
    private const string B02 = "B02: [Model] on two partial declarations emits the same hint name twice; AddSource throws (CS8785).";
    private const string B03 = "B03: constructor parameters shadow the __Data fields when an element name has no lowercase form (y, value, _, 名前).";
    private const string B04 = "B04: a keyword element name (@class) makes 'Pack@class', which is not an identifier.";
    private const string B05 = "B05: an undefined Activation value passes Check and Emit writes 'Activation.7'.";
    private const string B06 = "B06: a descriptor-typed partial property with no attribute is implemented as __Elements.Name, which does not exist.";
    private const string B07 = "B07: the partial implementation drops virtual/new/sealed/override and the nullable annotation (CS8800, CS9256).";
    private const string B08 = "B08: OpenType writes 'partial class' for containing structs and records (CS0261).";
    private const string B09 = "B09: generated names (__data, __Data, Layer_W_i_j locals) collide with element names.";
    private const string B10 = "B10: two members with one name make ModelChecker's ToDictionary throw: MG9001 besides the user's CS0102.";
    private const string B11 = "B11: [Model] on a record is silently ignored: the predicate accepts only ClassDeclarationSyntax.";
    private const string B12 = "B12: Normal(…) then Normal(…, Part = Bias) is reported as MG0009; the override works only in the other order.";
    private const string B13 = "B13: an .editorconfig severity or <NoWarn> silences the generator's errors: its descriptors lack the NotConfigurable tag.";
    private const string C1 = "C1: a missing input gives MG0011 and MG0003 for the first layer's reference.";
    private const string C2 = "C2: an unknown Dense input on the chain gives MG0003 and MG0007 for every element upstream.";
    private const string C3 = "C3: an element dropped by the parser (MG0008) is then unknown to the checker: MG0003 and MG0007 follow.";
    private const string C4 = "C4: a likelihood dropped by the parser (MG0012, MG0009) leaves the model without one: MG0002 follows.";
    private const string C5 = "C5: the throwing surface declares Fit/Predict/LogDensity… even when an element has that name (MG0016): CS0102.";
    private const string C6 = "C6: the throwing surface lacks ParameterCount, Layout, Rows, SimdWidth, SamplePredictive and IModel<T>.";
    private const string C7 = "C7: the throwing surface has no XML docs: CS1591 in projects with GenerateDocumentationFile.";
    private const string C8 = "C8: a partial property the parser rejects (setter, wrong type) gets no implementation: CS9248 follows MG0008.";

    private static string Members(string from, string to) => TestModels.NetMembers.Replace(from, to, StringComparison.Ordinal);

    [Fact(Skip = C1)]
    public void MissingInput_IsOneError()
    {
        (string markup, string[] message) = DiagnosticTests.Case("MG0011");
        DiagnosticAssert.Single(markup, message);
    }

    [Fact(Skip = C2)]
    public void TypoInADenseInputOnTheChain_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Dense(nameof(Hidden), 1)", "[Dense({|MG0003:\"Hiden\"|}, 1)")),
            "'Output' refers to 'Hiden'");
    }

    [Fact(Skip = C3)]
    public void LayerDeclaredWithTheWrongType_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("public partial Layer Hidden", "public partial Input {|MG0008:Hidden|}")),
            "'Hidden' carries [Dense]", "public partial Layer Hidden { get; }");
    }

    [Fact(Skip = C4)]
    public void BernoulliWithNeitherLogitsNorP_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]", "[{|MG0012:Bernoulli|}]")),
            "The likelihood 'Y' must give exactly one of Logits or P");
    }

    [Fact(Skip = C4)]
    public void BernoulliAndNormalOnTheObservedElement_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]\n    public partial Observed Y", "[Bernoulli(Logits = nameof(Output)), Normal(nameof(Output), 1)]\n    public partial Observed {|MG0009:Y|}")),
            "'Y' has both [Bernoulli] and [Normal]");
    }

    [Fact(Skip = C5)]
    public void ReservedNameThatTheThrowingSurfaceAlsoDeclares_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("public partial Layer Output", "public partial Layer {|MG0016:Fit|}").Replace("nameof(Output)", "nameof(Fit)", StringComparison.Ordinal)),
            "'Fit' is a member ModelGen generates on every model");
    }

    [Fact(Skip = C8)]
    public void PartialPropertyWithASetter_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(TestModels.NetMembers + "\n\n    [Input(3)]\n    public partial Input {|MG0008:Extra|} { get; set; }"),
            "'Extra' carries [Input]");
    }

    [Fact(Skip = C3)]
    public void LayerPropertyOfTheWrongType_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("public partial Layer Hidden", "public partial int {|MG0008:Hidden|}")),
            "'Hidden' carries [Dense]");
    }

    [Fact(Skip = B06)]
    public void DescriptorPropertyWithNoAttribute_IsReportedOrIgnored_NotBrokenCode()
    {
        // A partial Layer property with no [Dense]: today no diagnostic, and the generated code reads __Elements.Spare, which does not exist.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net(TestModels.NetMembers + "\n\n    public partial Layer Spare { get; }"));

        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
        Assert.NotEmpty(run.GeneratorDiagnostics);
    }

    [Fact(Skip = B12)]
    public void PriorForAllBlocksThenForTheBias_IsAnOverrideNotAConflict()
    {
        // ModelParser.ParseLayer says "A prior for Part = Bias overrides one given for all blocks", but only when the Bias one comes first.
        string source = TestModels.Net(Members(
            "[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)]",
            "[Dense(nameof(X), 3, Activation.Tanh, Bias = true), Normal(0, 1), Normal(0, 5, Part = LayerPart.Bias)]"));

        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();

        Assert.Contains("\"Hidden.Bias\", 6, new global::ModelGen.EquatableShape(1, 3), \"Normal(0, 5)\"", run.SingleSource, StringComparison.Ordinal);
    }

    [Fact(Skip = B03)]
    public void LowercaseElementNames_Compile()
    {
        // sklearn's X and y: the generated __Data constructor assigns its parameter y instead of the field y.
        string source = TestModels.Net(TestModels.NetMembers.Replace("Observed Y", "Observed y", StringComparison.Ordinal));

        GeneratorHarness.Run(source).AssertClean();
    }

    [Fact(Skip = B04)]
    public void InputNamedWithAKeyword_Compiles()
    {
        // Id("class") is "@class", and "Pack" + "@class" is not an identifier.
        string source = TestModels.Net(TestModels.NetMembers.Replace("Input X", "Input @class", StringComparison.Ordinal).Replace("nameof(X)", "nameof(@class)", StringComparison.Ordinal));

        GeneratorHarness.Run(source).AssertClean();
    }

    [Fact(Skip = B05)]
    public void UndefinedActivationValue_IsADiagnostic_NotBrokenCode()
    {
        // (Activation)7 passes Parse and Check; Emit writes "global::ModelGen.Activation.7".
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net(Members("Activation.Tanh", "(Activation)7")));

        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
        Assert.NotEmpty(run.GeneratorDiagnostics);
    }

    [Fact(Skip = B08)]
    public void ModelNestedInAPartialStruct_Compiles()
    {
        // OpenType writes "partial class" for every containing type.
        string source = TestModels.Net(header: "public partial struct Outer\n{\n[Model<float>]\npublic partial class Net", attribute: string.Empty) + "\n}";

        GeneratorHarness.Run(source).AssertClean();
    }

    [Fact(Skip = B09)]
    public void ElementNamedLikeAGeneratedInternal_IsADiagnostic_NotBrokenCode()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net(TestModels.NetMembers.Replace("Layer Hidden", "Layer __data", StringComparison.Ordinal).Replace("nameof(Hidden)", "nameof(__data)", StringComparison.Ordinal)));

        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
    }

    [Fact(Skip = B09)]
    public void ElementNamesWhoseLocalsCollide_Compile()
    {
        // Layer 'A' has weight locals A_W_0_0…; layer 'A_W_0' has unit locals A_W_0_0…, in the same kernel method.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net(TestModels.NetMembers.Replace("Layer Hidden", "Layer A_W_0", StringComparison.Ordinal).Replace("nameof(Hidden)", "nameof(A_W_0)", StringComparison.Ordinal).Replace("Layer Output", "Layer A", StringComparison.Ordinal).Replace("nameof(Output)", "nameof(A)", StringComparison.Ordinal)));

        run.AssertClean();
    }

    [Fact(Skip = C6)]
    public void ThrowingSurface_HasTheWholePublicSurface()
    {
        // User code written against a valid model must keep compiling while the model has an error.
        string user = """
            namespace Demo;

            public static class Use
            {
                public static object Run(Unfinished model, float[,] x, ModelGen.Draws.Draws<float> draws) =>
                    (Unfinished.ParameterCount, Unfinished.Layout, model.Rows, model.SimdWidth, model.SamplePredictive(x, draws, 1, 1UL), (ModelGen.Inference.IModel<float>)model);
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(TestModels.MissingPrior, user);

        Assert.Equal("MG0004", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
    }

    [Fact(Skip = C7)]
    public void ThrowingSurface_IsDocumented()
    {
        // With GenerateDocumentationFile (and warnings as errors) every undocumented public member is CS1591.
        string source = """
            using ModelGen;

            namespace Demo;

            /// <summary>A model with an error.</summary>
            [Model<float>]
            public partial class Documented
            {
                /// <summary>Input.</summary>
                [Input(2)]
                public partial Input X { get; }

                /// <summary>No prior: MG0004.</summary>
                [Dense(nameof(X), 1)]
                public partial Layer Output { get; }

                /// <summary>Labels.</summary>
                [Bernoulli(Logits = nameof(Output))]
                public partial Observed Y { get; }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([source], options: GeneratorHarness.DocumentedParseOptions));

        Assert.Equal("MG0004", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
    }

    [Fact(Skip = B01)]
    public void NamespaceThatIsAKeyword_DoesNotCrashTheGenerator()
    {
        // TypeRef.Namespace comes from ToDisplayString(), which escapes it as "@namespace"; AddSource rejects '@' in the hint name.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net().Replace("namespace Demo;", "namespace @namespace;", StringComparison.Ordinal));

        Assert.Null(run.GeneratorException);
        run.AssertClean();
    }

    [Fact(Skip = B10)]
    public void TwoMembersWithTheSameName_AreNotAnInternalError()
    {
        // CS0102 is the user's error; the checker's ToDictionary over layer names throws and MG9001 is reported as well.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net(TestModels.NetMembers + "\n\n    [Dense(nameof(X), 2), Normal(0, 1)]\n    public partial Layer Hidden { get; }"));

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "MG9001");
    }

    [Theory(Skip = B07)]
    [InlineData("public virtual partial Layer Output")]
    [InlineData("public partial Layer? Output")]
    public void ElementDeclaredWithOtherModifiers_IsReportedOrMirrored(string declaration)
    {
        // The implementation must repeat virtual/new/sealed/override and the nullable annotation (CS8800, CS9256), or the parser should report MG0008.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net(Members("public partial Layer Output", declaration)));

        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
    }

    [Fact(Skip = B02)]
    public void ModelAttributeOnTwoPartsOfTheClass_DoesNotCrashTheGenerator()
    {
        string source = TestModels.Net() + "\n\n[Model<float>]\npublic partial class Net\n{\n}\n";
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([source], warningsAsErrors: false));

        Assert.True(run.GeneratorException is null, run.GeneratorException?.Message);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "MG9001");
    }

    [Fact(Skip = B11)]
    public void ModelAttributeOnARecord_IsReported()
    {
        // The syntax predicate accepts only ClassDeclarationSyntax: a record model is silently skipped and the user sees only CS9248 per property.
        GeneratorRun run = GeneratorHarness.Run(TestModels.Net(header: "public partial record Net"));

        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "MG0014");
    }

    [Fact(Skip = B13)]
    public void GeneratorErrors_CannotBeSilencedBySeverityConfiguration()
    {
        // dotnet_diagnostic.MG0004.severity = none (or <NoWarn>MG0004</NoWarn>) becomes this option; the model would then build and throw at run time.
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(TestModels.MissingPrior);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItem("MG0004", ReportDiagnostic.Suppress)));

        GeneratorRun run = GeneratorHarness.Run(compilation);

        Assert.Equal("MG0004", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.All(
            DiagnosticDescriptors.All.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error),
            d => Assert.Contains(WellKnownDiagnosticTags.NotConfigurable, d.CustomTags));
    }
}
