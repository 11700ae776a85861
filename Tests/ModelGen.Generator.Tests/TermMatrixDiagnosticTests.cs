using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests;

/// <summary>
/// [Term] methods with local matrices (docs/terms.md step 5): sample 8's generated code as a reviewed snapshot, each
/// misuse of a local matrix reported once at its span (MG3005 for a size not from data, MG3001 for the rest), and
/// damaged bodies never crashing the generator.
/// </summary>
public class TermMatrixDiagnosticTests
{
    /// <summary>A GP marginal likelihood in TermDiagnosticTests' model (Y the inputs and outputs both).</summary>
    private const string MatrixBase = """
                LocalMatrix<double> k = Local.Matrix(Y.Length, Y.Length);
                ExpQuadCovariance(Y, Sigma, Mu * Mu + 1, k);
                for (int n = 0; n < Y.Length; n++)
                {
                    k[n, n] += Sigma * Sigma + 0.5;
                }

                LocalMatrix<double> l = Local.Matrix(Y.Length, Y.Length);
                CholeskyDecompose(k, l);
                return MultiNormalCholesky(Y, Mu, l) + Normal(Beta[0], 0, 1);
        """;

    [Fact]
    public void The_matrix_model_is_clean() => GeneratorHarness.Run(TermDiagnosticTests.Model(MatrixBase)).AssertClean();

    /// <summary>
    /// docs/terms.md's sample 8 as a reviewer reads its generated kernel: the class the end-to-end tests fit against Stan
    /// (Tests/ModelGen.EndToEnd.Tests/Models/StanTermModels.cs, GaussianProcessTerm), read from that file.
    /// </summary>
    [Fact]
    public void GaussianProcessTerm()
    {
        string file = File.ReadAllText(RepoPaths.Combine("Tests", "ModelGen.EndToEnd.Tests", "Models", "StanTermModels.cs")).ReplaceLineEndings("\n");
        int start = file.IndexOf("[Model<double>]\npublic partial class GaussianProcessTerm", StringComparison.Ordinal);
        Assert.True(start >= 0, "StanTermModels.cs has no GaussianProcessTerm");
        int end = file.IndexOf("\n}\n", start, StringComparison.Ordinal) + 3;
        GeneratorRun run = GeneratorHarness.Run("using ModelGen;\nusing static ModelGen.Terms.Math;\n\nnamespace Demo;\n\n" + file[start..end]).AssertClean();
        SnapshotAssert.Match(run.Sources);
    }

    public static TheoryData<string, string, string> Cases => new()
    {
        // MG3005: a local matrix's size from the point, at the size.
        { "Local.Matrix(Y.Length, Y.Length);\n        ExpQuad", "Local.Matrix(Y.Length, {|MG3005:(int)Mu|});\n        ExpQuad", "sizes the local matrix 'k' by '(int)Mu'" },
        { "LocalMatrix<double> l = Local.Matrix(Y.Length, Y.Length)", "LocalMatrix<double> l = Local.Matrix({|MG3005:(int)(Sigma * 2)|}, Y.Length)", "sizes the local matrix 'l' by '(int)(Sigma * 2)'" },

        // MG3001: what a term with local matrices does not hold yet, at its span.
        { "k[n, n] += Sigma * Sigma + 0.5;", "{|MG3001:k[n, n] = Sigma|};", "add to a local matrix's element" },
        { "Normal(Beta[0], 0, 1)", "{|MG3001:k[0, 0]|}", "a read of the local matrix 'k'" },
        { "ExpQuadCovariance(Y,", "ExpQuadCovariance({|MG3001:Beta|},", "as the argument 'x' of ExpQuadCovariance(x, alpha, rho, k)" },
        { "CholeskyDecompose(k, l);", "CholeskyDecompose(k, l);\n        {|MG3001:Exp(Mu)|};", "the call statement 'Exp(Mu)'" },
        { "return MultiNormalCholesky", "{|MG3001:if (K > 1) { }|}\n        return MultiNormalCholesky", "a loop or branch in a term with local matrices" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_misuse_of_a_local_matrix_reports_its_diagnostic(string from, string to, string message) =>
        DiagnosticAssert.BrokenRule(MatrixBase, from, to, message, TermDiagnosticTests.Model);

    [Fact]
    public void Damaged_matrix_bodies_never_crash_the_generator_and_clean_ones_compile()
    {
        (List<string> failures, int clean) = TermDiagnosticTests.DamagedRuns(MatrixBase, 20261209, 60);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
        Assert.True(clean >= 5, $"only {clean} damaged matrix bodies were clean: too few to check that clean ones compile");
    }
}
