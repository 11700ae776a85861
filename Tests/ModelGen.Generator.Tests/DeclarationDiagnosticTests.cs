using ModelGen.Generator.Emit;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Spec;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Data and parameters declared by their shape (docs/terms.md): the generated code of one model of declarations as a
/// reviewed snapshot (with its priors' IR), and each bad declaration's one diagnostic at its span. The base model has
/// every shape; each case breaks one thing.
/// </summary>
public class DeclarationDiagnosticTests
{
    private const string Base = """
            [Data] public partial int K { get; }

            [Data(Min = 0)] public partial ReadOnlySpan<double> Alpha { get; }

            [HalfNormal(1)] public partial double Scale { get; }

            [Ordered, Normal(0, nameof(Scale)), Size(nameof(K))] public partial ReadOnlySpan<double> Cut { get; }

            [Simplex, Dirichlet(nameof(Alpha)), Size(nameof(K))] public partial ReadOnlySpan<double> Theta { get; }

            [CholeskyCorrelation, LkjCholesky(2), Size(nameof(K), nameof(K))] public partial Matrix<double> L { get; }
        """;

    private static string Model(string members) => TestModels.Net(members, "[Model<double>]");

    public static TheoryData<string, string, string> Cases => new()
    {
        // MG3009: a constraint or whole-shape prior on a shape it does not apply to.
        { "[Ordered, Normal(0, nameof(Scale)), Size(nameof(K))] public partial ReadOnlySpan<double> Cut", "[{|MG3009:Ordered|}, Normal(0, nameof(Scale))] public partial double Cut", "'Cut' has [Ordered], which applies to a vector (ReadOnlySpan with [Size]); 'Cut' is a scalar" },
        { "Size(nameof(K), nameof(K))", "Size(3, 4)", "MG3009" },
        { "[Simplex, Dirichlet(nameof(Alpha))", "[Ordered, {|MG3009:Dirichlet(nameof(Alpha))|}", "'Theta' has [Dirichlet], which applies to a [Simplex] vector; 'Theta' is a vector with [Ordered]" },
        { "[Ordered, Normal(0, nameof(Scale))", "[Ordered, {|MG3009:HalfNormal(1)|}", "'Cut' has [HalfNormal], which applies to values in x > 0 only" },

        // MG3012: a shape without its sizes, or sizes on a scalar.
        { "[Ordered, Normal(0, nameof(Scale)), Size(nameof(K))]", "[Ordered, Normal(0, nameof(Scale))]", "MG3012" },
        { "[HalfNormal(1)] public partial double Scale", "[HalfNormal(1), {|MG3012:Size(2)|}] public partial double Scale", "'Scale' is a scalar; it takes no [Size]" },

        // MG0003: a size naming no int data scalar; MG1003: a size below 1.
        { "Size(nameof(K))] public partial ReadOnlySpan<double> Cut", "Size({|MG0003:\"J\"|})] public partial ReadOnlySpan<double> Cut", "'Cut' refers to 'J', which is not an int [Data] scalar of model 'Net'; use nameof(...) with one of: K" },
        { "Size(nameof(K))] public partial ReadOnlySpan<double> Cut", "Size({|MG1003:0|})] public partial ReadOnlySpan<double> Cut", "'Size' of 'Cut' is 0; it must be at least 1" },

        // MG0004: no prior; MG0009: two priors, two constraints, data with a prior.
        { "[HalfNormal(1)] public partial double Scale", "[Lower(0)] public partial double {|MG0004:Scale|}", "Scale" },
        { "[HalfNormal(1)] public partial double Scale", "[HalfNormal(1), {|MG0009:Exponential(1)|}] public partial double Scale", "a parameter has one prior" },
        { "[Ordered, Normal", "[Ordered, {|MG0009:Simplex|}, Normal", "a parameter has one constraint" },
        { "[Data] public partial int K", "[Data, {|MG0009:Normal(0, 1)|}] public partial int K", "data has no prior" },

        // MG0005: a bad constant; MG0008: the wrong type for a declaration.
        { "LkjCholesky(2)", "LkjCholesky({|MG0005:-1|})", "eta" },
        { "[HalfNormal(1)] public partial double Scale", "[HalfNormal(1)] public partial float {|MG0008:Scale|}", "public partial double Scale { get; }" },
        { "[Data] public partial int K { get; }", "[Data] public partial string {|MG0008:K|} { get; }", "int, double, ReadOnlySpan<double> or Matrix<double>" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_broken_rule_reports_its_diagnostic(string from, string to, string message) =>
        DiagnosticAssert.BrokenRule(Base, from, to, message, Model);

    [Fact]
    public void Declarations_beside_the_row_block_are_MG3011()
    {
        string members = TestModels.NetMembers + "\n\n    [HalfNormal(1)] public partial double {|MG3011:Extra|} { get; }";
        DiagnosticAssert.Single(TestModels.Net(members), ["'Extra' is declared by its shape, and model 'Net' also has the row-block element 'X'"]);
    }

    [Fact]
    public void The_base_model_is_clean()
    {
        GeneratorHarness.Run(Model(Base)).AssertClean();
    }

    [Fact]
    public void DeclaredDataAndParametersOfEveryShape()
    {
        GeneratorRun run = GeneratorHarness.Run(Model(Base)).AssertClean();
        SnapshotAssert.Match(run.Sources.Concat(PriorIr(run)));
    }

    /// <summary>The IR of each element-wise prior, beside the generated file (as the row block's stages are).</summary>
    private static IEnumerable<GeneratedSource> PriorIr(GeneratorRun run)
    {
        foreach (ModelToEmit m in run.RunResult.Results.SelectMany(r => r.TrackedSteps[TrackingNames.Spec]).SelectMany(s => s.Outputs).Select(o => (ModelToEmit)o.Value))
        {
            var text = new System.Text.StringBuilder();
            foreach (var p in m.Spec.Declarations.Parameters.Where(p => p.Prior is not null))
            {
                if (DeclarationLowering.LowerPrior(p, m.Spec.Declarations, out _) is IrBlock block)
                {
                    text.Append(IrText.Of(block)).Append('\n');
                }
            }

            yield return new GeneratedSource(ModelEmitter.HintName(m.Spec.Type).Replace(".g.cs", ".ir", StringComparison.Ordinal), text.ToString());
        }
    }
}
