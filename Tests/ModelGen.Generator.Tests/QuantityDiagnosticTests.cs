using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Transformed parameters and generated quantities (docs/terms.md, "Transformed parameters and generated
/// quantities"): the generated code of a model with both as a reviewed snapshot, and each malformed declaration
/// reported once at its span: a transformed parameter without exactly one [Computes] method (MG3010), a [Computes] or
/// [Generated] method of the wrong form and a [Transformed] property of the wrong type (MG0008), a transformed vector
/// without a length (MG3012), and a term reading a transformed parameter (MG3001, not supported yet).
/// </summary>
public class QuantityDiagnosticTests
{
    private const string Base = """
            [Transformed, Size(nameof(D))] public partial ReadOnlySpan<double> Lp { get; }

            [Transformed] public partial double Ratio { get; }

            [Term]
            double Marginal()
            {
                double lp = 0;
                for (int t = 0; t < D.Length; t++)
                {
                    lp += D[t] * Log(E) - E - LGamma(D[t] + 1.0);
                }

                return lp;
            }

            [Computes(nameof(Lp))]
            void ComputeLp(Span<double> lp)
            {
                for (int s = 0; s < D.Length; s++)
                {
                    lp[s] = D[s] * Log(E) - E;
                }
            }

            [Computes(nameof(Ratio))]
            double ComputeRatio() => E / (1 + E);

            [Generated]
            int S(Rng rng) => Sample.Categorical(ref rng, Lp) + 1;

            [Generated]
            double Replica(Rng rng) => Sample.Poisson(ref rng, E);
        """;

    /// <summary>A model of declarations with <paramref name="members"/>.</summary>
    private static string Model(string members) => $$"""
        using ModelGen;
        using ModelGen.Random;
        using static ModelGen.Terms.Math;

        namespace Demo;

        [Model<double>]
        public partial class ChangePoint
        {
            [Data(Min = 0)] public partial ReadOnlySpan<int> D { get; }

            [Exponential(0.5)] public partial double E { get; }

        {{members}}
        }
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // MG3010: a second [Computes], one naming what is not a transformed parameter (none: below).
        { "    [Generated]\n    int S(", "    [Computes(nameof(Ratio))]\n    double {|MG3010:Again|}() => E;\n\n    [Generated]\n    int S(", "Transformed parameter 'Ratio' is computed by 'ComputeRatio' and by 'Again'" },
        { "    [Generated]\n    int S(", "    [Computes(nameof(E))]\n    double {|MG3010:ComputeE|}() => E;\n\n    [Generated]\n    int S(", "Transformed parameter 'E' is not a [Transformed] property of this model" },

        // MG0008: a method or property of the wrong form.
        { "int S(Rng rng) => Sample.Categorical(ref rng, Lp) + 1;", "int {|MG0008:S|}() => 1;", "'S' carries [Generated] and must be declared as 'int S(Rng rng) or double S(Rng rng)" },
        { "int S(Rng rng) => Sample.Categorical(ref rng, Lp) + 1;", "string {|MG0008:S|}(Rng rng) => \"s\";", "carries [Generated]" },
        { "int S(Rng rng)", "int {|MG0008:S|}(ref Rng rng)", "carries [Generated]" },
        { "void ComputeLp(Span<double> lp)", "void {|MG0008:ComputeLp|}(double[] lp)", "'ComputeLp' carries [Computes] and must be declared as 'void ComputeLp(Span<double> values)" },
        { "double ComputeRatio() => E / (1 + E);", "float {|MG0008:ComputeRatio|}() => 1f;", "carries [Computes] and must be declared as 'double ComputeRatio()" },
        { "[Transformed] public partial double Ratio { get; }", "[Transformed] public partial int {|MG0008:Ratio|} { get; }", "'Ratio' carries [Transformed]" },

        // MG3012: a transformed vector without a length, or a scalar with one.
        { "[Transformed, Size(nameof(D))] public partial ReadOnlySpan<double> Lp", "[Transformed] public partial ReadOnlySpan<double> {|MG3012:Lp|}", "'Lp' is a transformed vector; give its length" },
        { "[Transformed] public partial double Ratio", "[Transformed, {|MG3012:Size(3)|}] public partial double Ratio", "'Ratio' is a scalar transformed parameter" },

        // MG3001: a term reading a transformed parameter.
        { "lp += D[t] * Log(E)", "lp += D[t] * Log(E) + {|MG3001:Ratio|}", "a read of the transformed parameter 'Ratio', which terms cannot differentiate through yet" },
    };

    /// <summary>The base model is clean, and its generated code is the reviewed snapshot.</summary>
    [Fact]
    public void TransformedAndGenerated()
    {
        GeneratorRun run = GeneratorHarness.Run(Model(Base)).AssertClean();
        SnapshotAssert.Match(run.Sources);
    }

    [Fact]
    public void A_transformed_parameter_without_a_Computes_method_is_MG3010_at_the_property() =>
        DiagnosticAssert.Single(
            Model(Base.Replace("    [Computes(nameof(Ratio))]\n    double ComputeRatio() => E / (1 + E);\n", string.Empty, StringComparison.Ordinal)
                .Replace("public partial double Ratio {", "public partial double {|MG3010:Ratio|} {", StringComparison.Ordinal)),
            "Transformed parameter 'Ratio' has no [Computes] method");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_malformed_declaration_reports_its_diagnostic(string from, string to, string message) =>
        DiagnosticAssert.BrokenRule(Base, from, to, message, Model);
}
