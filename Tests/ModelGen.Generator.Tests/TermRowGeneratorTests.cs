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
    [InlineData("for (int k = 0; k < n; k++) { lp += Beta[0] * Y[k]; }", "an inner loop bounded by the row")]
    [InlineData("double m = Mu; for (int k = 0; k < K; k++) { m += Beta[k] * Y[n]; for (int j = 0; j < K; j++) { m += Beta[j]; } } lp += Normal(Y[n], m, Sigma);", "a loop in an inner loop")]
    [InlineData("double m = Mu; for (int row = 0; row < K; row++) { m += Beta[row] * Y[n]; } lp += Normal(Y[n], m, Sigma);", "an inner index named as the row loop's")]
    [InlineData("double m = Mu; for (int k = 0; k < K; k++) { m += Abs(Beta[k] * Y[n]); } lp += Normal(Y[n], m, Sigma);", "an inner operation registers lack")]
    public void A_loop_whose_trips_are_not_independent_rows_stays_scalar(string body, string why)
    {
        string source = Model(MixtureBase.Replace("lp += LogMix(0.3, Normal(Y[n], Mu, Sigma), Normal(Y[n], Beta[0], Sigma + 1));", body, StringComparison.Ordinal).Replace("int n = 0", "int n = 1", StringComparison.Ordinal));
        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();
        Assert.False(run.Sources.Any(s => s.Text.Contains(Vectorised, StringComparison.Ordinal)), why + " was vectorised");
    }

    /// <summary>Sample 7's shape: η = μ + Σₖ X[n, k]·β[k] per row, y ~ Normal(η, σ).</summary>
    private const string Regression = """
                double lp = 0;
                for (int n = 0; n < Y.Length; n++)
                {
                    double eta = Mu;
                    for (int k = 0; k < K; k++)
                    {
                        eta += X[n, k] * Beta[k];
                    }

                    lp += Normal(Y[n], eta, Sigma);
                }

                return lp;
        """;

    [Fact]
    public void RowTermInnerSum()
    {
        string source = Model(Regression).Replace("[Data] public partial int K { get; }", "[Data] public partial int K { get; }\n\n    [Data] public partial Matrix<double> X { get; }", StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();
        Assert.Contains(run.Sources, s => s.Text.Contains(Vectorised, StringComparison.Ordinal) && s.Text.Contains("Lanes.Column<TSimd, TVec, double>(__data_X, __columns_X, k, row, rowEnd, gathered)", StringComparison.Ordinal));
        SnapshotAssert.Match(run.Sources);
    }

    [Theory]
    [InlineData("for (int k = 0; k < K; k++) { lp += Beta[k] * Y[n]; }", "an inner loop summing into the returned local")]
    [InlineData("double m = Mu; for (int k = 1; k < K; k++) { m += Exp(Beta[k] - Beta[k - 1]) * Y[n] + k; } lp += Normal(Y[n], m + Y[0], Sigma);", "an inner loop from 1 reading k and Y[0]")]
    public void A_loop_with_an_inner_sum_over_k_is_vectorised(string body, string why)
    {
        string source = Model(MixtureBase.Replace("lp += LogMix(0.3, Normal(Y[n], Mu, Sigma), Normal(Y[n], Beta[0], Sigma + 1));", body, StringComparison.Ordinal));
        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();
        Assert.True(run.Sources.Any(s => s.Text.Contains(Vectorised, StringComparison.Ordinal)), why + " was not vectorised");
    }

    [Fact]
    public void A_loop_from_a_later_row_reading_Y0_is_vectorised()
    {
        string source = Model(MixtureBase.Replace("LogMix(0.3, Normal(Y[n], Mu, Sigma), Normal(Y[n], Beta[0], Sigma + 1))", "Normal(Y[n] - Y[0], Mu, Sigma)", StringComparison.Ordinal).Replace("int n = 0", "int n = 1", StringComparison.Ordinal));
        GeneratorRun run = GeneratorHarness.Run(source).AssertClean();
        Assert.Contains(run.Sources, s => s.Text.Contains(Vectorised, StringComparison.Ordinal) && s.Text.Contains("for (int row = 1; row < rowEnd; row += TSimd.Count)", StringComparison.Ordinal));
    }
}
