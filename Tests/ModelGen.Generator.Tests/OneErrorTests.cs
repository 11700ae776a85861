using System.Globalization;
using Microsoft.CodeAnalysis;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// One mistake, one error: a mistake that makes the parser drop an element, or leaves a name unresolved, must not
/// bring a second diagnostic (from the checker, or from the compiler on the generated code) about its consequences.
/// Each case requires exactly one generator diagnostic, at the marked span, and a compilation with nothing else.
/// </summary>
public class OneErrorTests
{
    private static string Members(string from, string to) => TestModels.NetMembers.Replace(from, to, StringComparison.Ordinal);

    [Fact]
    public void TypoInADenseInputOnTheChain_IsOneError()
    {
        // The chain walk ends at "Hiden", so what lies off the chain is unknown: no MG0007 for X and Hidden.
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Dense(nameof(Hidden), 1)", "[Dense({|MG0003:\"Hiden\"|}, 1)")),
            "'Output' refers to 'Hiden'");
    }

    [Fact]
    public void LayerDeclaredWithTheWrongType_IsOneError()
    {
        // Hidden is rejected; Output's reference to it resolves, and the chain through it is not judged.
        DiagnosticAssert.Single(
            TestModels.Net(Members("public partial Layer Hidden", "public partial Input {|MG0008:Hidden|}")),
            "'Hidden' carries [Dense]", "public partial Layer Hidden { get; }");
    }

    [Fact]
    public void LayerPropertyOfTheWrongType_IsOneError()
    {
        // Rejected, and still implemented (as an int, throwing), so no CS9248 follows.
        DiagnosticAssert.Single(
            TestModels.Net(Members("public partial Layer Hidden", "public partial int {|MG0008:Hidden|}")),
            "'Hidden' carries [Dense]");
    }

    [Fact]
    public void InputDeclaredAsALayer_IsOneError_NotAlsoAMissingInput()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("public partial Input X", "public partial Layer {|MG0008:X|}")),
            "'X' carries [Input]", "public partial Input X { get; }");
    }

    [Fact]
    public void BernoulliWithNeitherLogitsNorP_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]", "[{|MG0012:Bernoulli|}]")),
            "The likelihood 'Y' must give exactly one of Logits or P");
    }

    [Fact]
    public void BernoulliAndNormalOnTheObservedElement_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]\n    public partial Observed Y", "[Bernoulli(Logits = nameof(Output)), Normal(nameof(Output), 1)]\n    public partial Observed {|MG0009:Y|}")),
            "'Y' has both [Bernoulli] and [Normal]");
    }

    [Fact]
    public void ObservedWithNoAttribute_IsOneError_NotAlsoAMissingLikelihood()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]\n    public partial Observed Y", "public partial Observed {|MG0018:Y|}")),
            "'Y' is a partial Observed property with no ModelGen attribute", "[Bernoulli(Logits = nameof(Output))]");
    }

    [Fact]
    public void ReservedNameThatTheThrowingSurfaceAlsoDeclares_IsOneError()
    {
        // The throwing surface leaves out its own Fit, so the element's MG0016 is not joined by CS0102.
        DiagnosticAssert.Single(
            TestModels.Net(Members("public partial Layer Output", "public partial Layer {|MG0016:Fit|}").Replace("nameof(Output)", "nameof(Fit)", StringComparison.Ordinal)),
            "'Fit' is a member ModelGen generates on every model");
    }

    [Theory]
    [InlineData("__data")]
    [InlineData("__Data")]
    [InlineData("__Kernels")]
    [InlineData("__anything")]
    public void ElementNamedLikeAGeneratedInternal_IsOneError(string name)
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("public partial Layer Hidden", "public partial Layer {|MG0016:" + name + "|}").Replace("nameof(Hidden)", "nameof(" + name + ")", StringComparison.Ordinal)),
            "'" + name + "' is a member ModelGen generates on every model", "any name starting with '__'");
    }

    [Fact]
    public void PartialPropertyWithASetter_IsOneError()
    {
        // Rejected, and implemented with both accessors, so no CS9248 follows.
        DiagnosticAssert.Single(
            TestModels.Net(TestModels.NetMembers + "\n\n    [Input(3)]\n    public partial Input {|MG0008:Extra|} { get; set; }"),
            "'Extra' carries [Input]");
    }

    [Theory]
    [InlineData("public virtual partial Layer {|MG0008:Output|} { get; }")]
    [InlineData("public partial Layer? {|MG0008:Output|} { get; }")]
    [InlineData("public static partial Layer {|MG0008:Output|} { get; }")]
    [InlineData("public required partial Layer {|MG0008:Output|} { get; init; }")]
    [InlineData("public partial Layer {|MG0008:Output|} { get; private set; }")]
    [InlineData("partial Layer {|MG0008:Output|} { get; set; }")]
    public void ElementDeclaredWithOtherModifiers_IsOneError(string declaration)
    {
        // The element form takes no modifier an implementation must repeat. The throwing implementation still
        // repeats each one (virtual, static, required, the nullable annotation, the accessors and their
        // accessibility, no accessibility when none is written), so CS8800, CS9256, CS8799 and CS9248 do not follow.
        DiagnosticAssert.Single(TestModels.Net(Members("public partial Layer Output { get; }", declaration)), "'Output' carries [Dense]");
    }

    [Fact]
    public void NewElementHidingABaseMember_IsOneError()
    {
        string source = TestModels.Net(Members("public partial Layer Output { get; }", "public new partial Layer {|MG0008:Output|} { get; }"), header: "public partial class Net : Demo.Base")
            + "\n\npublic class Base\n{\n    public int Output => 0;\n}\n";
        DiagnosticAssert.Single(source, "'Output' carries [Dense]");
    }

    [Fact]
    public void ElementNotDeclaredPartial_IsOneError()
    {
        // No partial definition to implement; references to it still resolve.
        DiagnosticAssert.Single(
            TestModels.Net(Members("public partial Layer Hidden { get; }", "public Layer {|MG0008:Hidden|} => null!;")),
            "'Hidden' carries [Dense]");
    }

    [Fact]
    public void TwoMembersWithTheSameName_AreTheUsersError_NotAnInternalError()
    {
        // CS0102 is the user's error; the first declaration is the element.
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(
            [TestModels.Net(TestModels.NetMembers + "\n\n    [Dense(nameof(X), 2), Normal(0, 1)]\n    public partial Layer Hidden { get; }")],
            warningsAsErrors: false));

        Assert.Null(run.GeneratorException);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "MG9001");
    }

    [Fact]
    public void ModelAttributeOnARecord_IsOneError()
    {
        // A record is not a model (MG0014); its partial properties are still implemented, so no CS9248 follows.
        DiagnosticAssert.Single(TestModels.Net(header: "public partial record {|MG0014:Net|}"), "The model class 'Net' is a record");
    }

    [Fact]
    public void PrimaryConstructor_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(TestModels.NetMembers + "\n\n    public int Seed => seed;", header: "public partial class {|MG0014:Net|}(int seed)"),
            "has a primary constructor");
    }

    [Fact]
    public void FileLocalModel_IsReported()
    {
        // The generated file cannot reopen a file-local class, so nothing is generated for it.
        DiagnosticAssert.Single(TestModels.Net(members: string.Empty, header: "file partial class {|MG0014:Net|}"), "is file-local");
    }

    [Fact]
    public void ModelNestedInAGenericType_IsOneError()
    {
        DiagnosticAssert.Single(
            TestModels.Net(header: "public partial class Outer<T>\n{\n[Model<float>]\npublic partial class {|MG0014:Net|}", attribute: string.Empty) + "\n}",
            "is nested in a generic type");
    }

    [Fact]
    public void LayerReadingItself_IsOneCycle_NotAlsoAnUnknownElement()
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Dense(nameof(Hidden), 1)", "[Dense({|MG0015:nameof(Output)|}, 1)")),
            "Layer 'Output' reads its own output through Output");
    }

    [Fact]
    public void UndefinedActivationValue_IsOneError()
    {
        // (Activation)7 passed Parse and Check before, and Emit wrote "global::ModelGen.Activation.7".
        DiagnosticAssert.Single(
            TestModels.Net(Members("Activation.Tanh", "{|MG0017:(Activation)7|}")),
            "Activation of 'Hidden' is (Activation)7, which is not a defined Activation value", "Activation.Tanh");
    }

    [Fact]
    public void UndefinedLayerPart_IsOneError_AndItsPriorStillCounts()
    {
        // The prior fills the block that has none, so no MG0004 follows.
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)]", "[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1, {|MG0017:Part = (LayerPart)9|})]")),
            "Part of 'Hidden' is (LayerPart)9", "LayerPart.Bias");
    }

    [Theory]
    [InlineData("Normal(0, 1), Normal(0, 5, Part = LayerPart.Bias)")]
    [InlineData("Normal(0, 5, Part = LayerPart.Bias), Normal(0, 1)")]
    [InlineData("Normal(0, 1, Part = LayerPart.Weights), Normal(0, 5, Part = LayerPart.Bias)")]
    [InlineData("Normal(0, 5, Part = LayerPart.Bias), Normal(0, 1, Part = LayerPart.Weights)")]
    public void PriorForAllBlocksAndForTheBias_IsAnOverrideInEitherOrder(string priors)
    {
        // docs/dsl.md: "A prior with Part = LayerPart.Bias overrides an untargeted one for the bias."
        string source = TestModels.Net(Members(
            "[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)]",
            "[Dense(nameof(X), 3, Activation.Tanh, Bias = true), " + priors + "]"));

        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();

        Assert.Contains("\"Hidden.Weights\", 0, new global::ModelGen.EquatableShape(2, 3), \"Normal(0, 1)\"", run.SingleSource, StringComparison.Ordinal);
        Assert.Contains("\"Hidden.Bias\", 6, new global::ModelGen.EquatableShape(1, 3), \"Normal(0, 5)\"", run.SingleSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Normal(0, 1), Normal(0, 2)")]
    [InlineData("Normal(0, 5, Part = LayerPart.Bias), Normal(0, 1), Normal(0, 2, Part = LayerPart.Bias)")]
    public void TwoPriorsForTheSameBlock_AreAConflict(string priors)
    {
        DiagnosticAssert.Single(
            TestModels.Net(Members("[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)]\n    public partial Layer Hidden", "[Dense(nameof(X), 3, Activation.Tanh, Bias = true), " + priors + "]\n    public partial Layer {|MG0009:Hidden|}")),
            "another prior for the same block");
    }

    [Theory]
    [InlineData("Normal(0, {|MG0005:1e300|})", "it must be a finite float")]
    [InlineData("Normal(0, {|MG0005:1e-50|})", "as a float it is 0")]
    public void ConstantThatAFloatCannotHold_IsAnInvalidArgument(string prior, string why)
    {
        // 1e300 is a finite double but an infinite float; the emitter once wrote it as "Infinityf".
        DiagnosticAssert.Single(TestModels.Net(Members("Normal(0, 1)]\n    public partial Layer Hidden", prior + "]\n    public partial Layer Hidden")), why);
    }

    [Fact]
    public void LikelihoodReadingAnInput_ListsOnlyWhatItCouldRead()
    {
        // Not the input it rejects, nor Hidden (3 units, where a Bernoulli reads 1): the one valid name.
        Diagnostic error = DiagnosticAssert.Single(
            TestModels.Net(Members("[Bernoulli(Logits = nameof(Output))]", "[Bernoulli({|MG0003:Logits = nameof(X)|})]")),
            "'Y' refers to 'X', which is not a layer or a parameter");

        Assert.EndsWith("use nameof(...) with one of: Output", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void LikelihoodReadingAnUnknownName_ListsItsScalarParameters_NotAVectorOne()
    {
        // Unused is off the chain, but that is not known until the name is fixed; it has the one unit a Bernoulli
        // reads. Offset is a scalar a Bernoulli may read; Scales, three values no group indexes, may not.
        const string members = """
                [Input(2)]
                public partial Input X { get; }

                [Normal(0, 1)]
                public partial Parameter Offset { get; }

                [HalfNormal(1), Size(3)]
                public partial Parameter Scales { get; }

                [Dense(nameof(X), 3, Activation.Tanh), Normal(0, nameof(Scales))]
                public partial Layer Hidden { get; }

                [Dense(nameof(X), 1), Normal(0, nameof(Offset))]
                public partial Layer Unused { get; }

                [Dense(nameof(Hidden), 1), Normal(0, 1)]
                public partial Layer Output { get; }

                [Bernoulli({|MG0003:Logits = "Outptu"|})]
                public partial Observed Y { get; }
            """;
        Diagnostic error = DiagnosticAssert.Single(TestModels.Net(members), "'Y' refers to 'Outptu'");

        Assert.EndsWith("use nameof(...) with one of: Unused, Output, Offset", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void LayerReadingAnUnknownName_DoesNotListItself()
    {
        Diagnostic error = DiagnosticAssert.Single(
            TestModels.Net(Members("[Dense(nameof(Hidden), 1)", "[Dense({|MG0003:\"Hiden\"|}, 1)")),
            "'Output' refers to 'Hiden'");

        Assert.EndsWith("use nameof(...) with one of: X, Hidden", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void LayerReadingAnUnknownName_DoesNotListTheLayersThatReadIt()
    {
        // Output reads Hidden: Hidden reading Output would be a cycle, and reading itself is one.
        Diagnostic error = DiagnosticAssert.Single(
            TestModels.Net(Members("[Dense(nameof(X), 3, Activation.Tanh)", "[Dense({|MG0003:\"Xs\"|}, 3, Activation.Tanh)")),
            "'Hidden' refers to 'Xs'");

        Assert.EndsWith("use nameof(...) with one of: X", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void PriorNamingAnUnknownParameter_DoesNotListItself_NorAVectorOfTheWrongLength()
    {
        // Scale naming itself would be a cycle (MG0020), and Scales has 3 values where Scale's prior covers 1.
        const string members = """
                [Input(2)]
                public partial Input X { get; }

                [HalfNormal(1), Size(3)]
                public partial Parameter Scales { get; }

                [HalfNormal(1)]
                public partial Parameter Tau { get; }

                [HalfNormal({|MG0003:"Sacle"|})]
                public partial Parameter Scale { get; }

                [Dense(nameof(X), 3, Activation.Tanh), Normal(0, nameof(Scales))]
                public partial Layer Hidden { get; }

                [Dense(nameof(Hidden), 1), Normal(nameof(Tau), nameof(Scale))]
                public partial Layer Output { get; }

                [Bernoulli(Logits = nameof(Output))]
                public partial Observed Y { get; }
            """;
        Diagnostic error = DiagnosticAssert.Single(TestModels.Net(members), "'Scale' refers to 'Sacle', which is not a parameter");

        Assert.EndsWith("use nameof(...) with one of: Tau", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{|CS0592:Input|}(2)]\n    public Input {|MG0008:X|};", "[Input(2)]\n    public partial Input X { get; }", "'X' carries [Input]", "public partial Input X { get; }")]
    [InlineData("[{|CS0592:Dense|}(nameof(X), 3, Activation.Tanh), {|CS0592:Normal|}(0, 1)]\n    public Layer {|MG0008:Hidden|} = null!;", "[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)]\n    public partial Layer Hidden { get; }", "'Hidden' carries [Dense]", "public partial Layer Hidden { get; }")]
    [InlineData("[{|CS0592:Dense|}(nameof(X), 3, Activation.Tanh), {|CS0592:Normal|}(0, 1)]\n    public Layer {|MG0008:Hidden|}() => null!;", "[Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)]\n    public partial Layer Hidden { get; }", "'Hidden' carries [Dense]", "public partial Layer Hidden { get; }")]
    [InlineData("[{|CS0592:Bernoulli|}(Logits = nameof(Output))]\n    public Observed {|MG0008:Y|}() => null!;", "[Bernoulli(Logits = nameof(Output))]\n    public partial Observed Y { get; }", "'Y' carries [Bernoulli]", "public partial Observed Y { get; }")]
    public void ElementWrittenAsAFieldOrMethod_IsMG0008There_AndTheCompilersCS0592(string written, string element, string message, string form)
    {
        // docs/diagnostics/MG0008.md: the compiler says the attribute is not valid on a field or method, ModelGen says
        // what to write instead, and nothing else follows (no MG0011 for a missing input, no MG0003 at its reader).
        (string source, IReadOnlyList<ExpectedSpan> spans) = Markup.Parse(TestModels.Net(Members(element, written)));
        GeneratorRun run = GeneratorHarness.Run(source);

        AssertExactly(run, source, spans);
        string text = run.GeneratorDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains(message, text, StringComparison.Ordinal);
        Assert.Contains(form, text, StringComparison.Ordinal);
    }

    [Fact]
    public void StaticModelClass_IsOneError()
    {
        // docs/diagnostics/MG0014.md: the partial properties are implemented (throwing), so no CS9248 follows; and
        // the compiler's own CS0708 for instance members in a static class is not ours to add either.
        (string source, IReadOnlyList<ExpectedSpan> spans) = Markup.Parse(TestModels.Net(header: "public static partial class {|MG0014:Net|}"));
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([source], warningsAsErrors: false));

        AssertExactly(run, source, spans.Concat(StaticMemberErrors(source)).ToList());
        Assert.Contains("is static", run.GeneratorDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>CS0708 at each element of a static class: the compiler's error on the user's declaration, which stays.</summary>
    private static IEnumerable<ExpectedSpan> StaticMemberErrors(string source)
    {
        foreach (string name in new[] { "X", "Hidden", "Output", "Y" })
        {
            int at = source.IndexOf(" " + name + " { get; }", StringComparison.Ordinal) + 1;
            yield return new ExpectedSpan("CS0708", new Microsoft.CodeAnalysis.Text.TextSpan(at, name.Length), name);
        }
    }

    /// <summary>
    /// Everything a user sees, from the generator and from the compiler on the user's code and the generated code, is
    /// exactly the marked set: each ID at its span, once, and nothing else.
    /// </summary>
    private static void AssertExactly(GeneratorRun run, string source, IReadOnlyList<ExpectedSpan> expected)
    {
        Assert.Null(run.GeneratorException);
        var all = run.GeneratorDiagnostics.Concat(run.CompilationDiagnostics).ToList();
        var seen = all.Select(d => (d.Id, d.Location.SourceSpan, Path: d.Location.GetLineSpan().Path)).OrderBy(d => d.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        var wanted = expected.Select(e => (e.Id, SourceSpan: e.Span, Path: GeneratorHarness.SourcePath(0))).OrderBy(d => d.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        Assert.True(seen.SequenceEqual(wanted), $"Expected exactly:\n{string.Join("\n", wanted)}\nThe user sees:\n{run.Describe(all)}\n{GeneratorHarness.Numbered(source)}");
    }

    [Fact]
    public void StructWithModel_IsTheCompilersOneError()
    {
        // [Model] is AttributeTargets.Class: the compiler's CS0592 is the error; the generator adds none,
        // and implements the partial properties so no CS9248 follows.
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([TestModels.Net(header: "public partial struct Net")], warningsAsErrors: false));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(["CS0592"], run.CompilationDiagnostics.Select(d => d.Id));
    }
}
