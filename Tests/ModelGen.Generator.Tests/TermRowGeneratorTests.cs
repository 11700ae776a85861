using ModelGen.Generator.Tests.Infrastructure;
using static ModelGen.Generator.Tests.TermDiagnosticTests;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Per-row term loops (docs/terms.md, "Vectorising a per-row loop"): a loop whose body reads its index only as the
/// whole index of a data vector is printed one register of rows per trip (a reviewed snapshot of a mixture's); a
/// lagged read, a bare index, an inner loop, a condition or an operation registers lack keeps the scalar loop.
/// </summary>
public class TermRowGeneratorTests
{
    private const string Vectorised = "one register of rows per trip";

    /// <summary>Sample 4's shape: a two-component mixture of normals per row.</summary>
    private const string MixtureBase = """
                double lp = 0;
                for (int n = 0; n < Y.Length; n++)
                {
                    lp += LogMix(0.3, Normal(Y[n], Mu, Sigma), Normal(Y[n], Beta[0], Sigma + 1));
                }

                return lp;
        """;

    [Fact]
    public void RowTerm()
    {
        GeneratorRun run = GeneratorHarness.Run(Model(MixtureBase)).AssertClean();
        Assert.Contains(run.Sources, s => s.Text.Contains(Vectorised, StringComparison.Ordinal));
        SnapshotAssert.Match(run.Sources);
    }

    [Theory]
    [InlineData("lp += Normal(Y[n], Mu + Beta[0] * Y[n - 1], Sigma);", "a lagged read")]
    [InlineData("lp += Normal(Y[n], Mu + n, Sigma);", "the index itself")]
    [InlineData("lp += Normal(Y[n], Mu + Beta[n - 1], Sigma);", "a parameter read at the row")]
    [InlineData("lp += -Abs(Y[n] - Mu) / Sigma;", "an operation registers lack")]
    [InlineData("lp += Y[n] > 0 ? Normal(Y[n], Mu, Sigma) : 0;", "a condition")]
    [InlineData("for (int k = 0; k < K; k++) { lp += Beta[k] * Y[n]; }", "an inner loop")]
    public void A_loop_whose_trips_are_not_independent_rows_stays_scalar(string body, string why)
    {
        string source = Model(MixtureBase.Replace("lp += LogMix(0.3, Normal(Y[n], Mu, Sigma), Normal(Y[n], Beta[0], Sigma + 1));", body, StringComparison.Ordinal).Replace("int n = 0", "int n = 1", StringComparison.Ordinal));
        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();
        Assert.False(run.Sources.Any(s => s.Text.Contains(Vectorised, StringComparison.Ordinal)), why + " was vectorised");
    }

    [Fact]
    public void A_loop_from_a_later_row_reading_Y0_is_vectorised()
    {
        string source = Model(MixtureBase.Replace("LogMix(0.3, Normal(Y[n], Mu, Sigma), Normal(Y[n], Beta[0], Sigma + 1))", "Normal(Y[n] - Y[0], Mu, Sigma)", StringComparison.Ordinal).Replace("int n = 0", "int n = 1", StringComparison.Ordinal));
        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();
        Assert.Contains(run.Sources, s => s.Text.Contains(Vectorised, StringComparison.Ordinal) && s.Text.Contains("for (int row = 1; row < rowEnd; row += TSimd.Count)", StringComparison.Ordinal));
    }
}
