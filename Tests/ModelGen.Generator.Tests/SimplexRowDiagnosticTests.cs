using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// <c>[SimplexRows]</c> matrices with a Dirichlet prior on each row (docs/terms.md, "Constraint kinds"): each misuse
/// reported once at its span (MG3009 for the constraint or the prior on a shape it does not apply to, MG0003 for a prior's
/// data of the wrong shape), and sample 5's generated code (the hidden Markov model the end-to-end tests fit against
/// Stan) as a reviewed snapshot.
/// </summary>
public class SimplexRowDiagnosticTests
{
    private const string Base = """
            [Data] public partial int K { get; }

            [Data] public partial int V { get; }

            [Data(Min = 0)] public partial ReadOnlySpan<double> Alpha { get; }

            [Data(Min = 0)] public partial Matrix<double> Beta { get; }

            [SimplexRows, Dirichlet(nameof(Alpha)), Size(nameof(K), nameof(K))] public partial Matrix<double> Theta { get; }

            [SimplexRows, Dirichlet(nameof(Beta)), Size(nameof(K), nameof(V))] public partial Matrix<double> Phi { get; }

            [Simplex, Dirichlet(nameof(Alpha)), Size(nameof(K))] public partial ReadOnlySpan<double> Start { get; }
        """;

    private static string Model(string members) => TestModels.Net(members, "[Model<double>]");

    public static TheoryData<string, string, string> Cases => new()
    {
        // MG3009: simplex rows on a vector; a Dirichlet on a matrix without them.
        { "[SimplexRows, Dirichlet(nameof(Alpha)), Size(nameof(K), nameof(K))] public partial Matrix<double> Theta", "[{|MG3009:SimplexRows|}, Dirichlet(nameof(Alpha)), Size(nameof(K))] public partial ReadOnlySpan<double> Theta", "'Theta' has [SimplexRows], which applies to a matrix (Matrix with [Size(rows, columns)]), each row a simplex; 'Theta' is a vector" },
        { "[SimplexRows, Dirichlet(nameof(Beta))", "[{|MG3009:Dirichlet(nameof(Beta))|}", "'Phi' has [Dirichlet], which applies to a [SimplexRows] matrix; 'Phi' is a matrix with no constraint" },

        // MG0003: a data matrix as a simplex vector's α.
        { "[Simplex, Dirichlet(nameof(Alpha))", "[Simplex, Dirichlet({|MG0003:nameof(Beta)|})", "'Start' refers to 'Beta', which is not a real [Data] vector of model 'Net'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_broken_rule_reports_its_diagnostic(string from, string to, string message) =>
        DiagnosticAssert.BrokenRule(Base, from, to, message, Model);

    [Fact]
    public void The_base_model_is_clean() => GeneratorHarness.Run(Model(Base)).AssertClean();

    /// <summary>
    /// docs/terms.md's sample 5 as a reviewer reads its generated kernel: the class the end-to-end tests fit against Stan
    /// (Tests/ModelGen.EndToEnd.Tests/Models/StanTermModels.cs, HiddenMarkovTwoStates), read from that file.
    /// </summary>
    [Fact]
    public void HiddenMarkovTwoStates()
    {
        string file = File.ReadAllText(RepoPaths.Combine("Tests", "ModelGen.EndToEnd.Tests", "Models", "StanTermModels.cs")).ReplaceLineEndings("\n");
        int start = file.IndexOf("[Model<double>]\npublic partial class HiddenMarkovTwoStates", StringComparison.Ordinal);
        Assert.True(start >= 0, "StanTermModels.cs has no HiddenMarkovTwoStates");
        int end = file.IndexOf("\n}\n", start, StringComparison.Ordinal) + 3;
        GeneratorRun run = GeneratorHarness.Run("using ModelGen;\nusing static ModelGen.Terms.Math;\n\nnamespace Demo;\n\n" + file[start..end]).AssertClean();
        SnapshotAssert.Match(run.Sources);
    }
}
