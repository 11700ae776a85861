using System.Globalization;
using System.IO.Compression;
using ModelGen.Diagnostics;

namespace ModelGen.Outputs.Tests;

/// <summary>
/// <see cref="Loo"/> against R's loo 2.5.1 (Data/loo, made by scripts/loo-reference.R; README.md there): the same
/// log-likelihood matrices, read from the same text, must give loo's pointwise values, estimates, k̂, r_eff, n_eff,
/// comparisons, stacking weights and printouts. Tolerance 1e-8 absolute (relative for n_eff) as the issue asks; loo
/// sums in 80-bit long double and by FFT where we sum directly in double, so the last digits differ.
/// </summary>
public sealed class LooTests
{
    private const double Tolerance = 1e-8;

    private static readonly string LooData = Path.Combine(AppContext.BaseDirectory, "Data", "loo");

    /// <summary>Four chains × 250 draws each: R's Gibbs-sampled regressions (30 observations) and ModelGen's NUTS fit of the seed network (60 rows).</summary>
    public static TheoryData<string> ChainCases => ["regression", "linear", "intercept", "outliers", "wide", "network"];

    [Theory]
    [MemberData(nameof(ChainCases))]
    public void PsisLooMatchesLooPointByPoint(string name)
    {
        LooResult loo = Loo.Compute(ReadMatrix(name, chains: 4));
        Table expected = ReadTable(name + "-loo.csv");

        for (int i = 0; i < loo.Observations; i++)
        {
            Assert.Equal(expected["r_eff"][i], loo.RelativeEfficiencies[i], Tolerance);
            Assert.Equal(expected["influence_pareto_k"][i], loo.ParetoK[i].K, Tolerance);
            Assert.Equal(expected["elpd_loo"][i], loo.PointwiseElpd[i], Tolerance);
            Assert.Equal(expected["p_loo"][i], loo.PointwiseEffectiveParameters[i], Tolerance);
            Assert.Equal(expected["looic"][i], loo.PointwiseInformationCriterion[i], Tolerance);
            Assert.Equal(expected["mcse_elpd_loo"][i], loo.PointwiseMcse[i], Tolerance);
            Assert.Equal(1, loo.EffectiveSampleSizes[i] / expected["n_eff"][i], Tolerance);
        }

        AssertEstimates(name, "loo", loo);
    }

    [Fact]
    public void LeaveOneGroupOutMatchesLooOnTheGroupSums()
    {
        // R summed each group's observations (observation i in group i mod 6) and ran loo on the 6 columns.
        LogLikelihoodMatrix rows = ReadMatrix("outliers", chains: 4);
        LooResult loo = Loo.Compute(rows.ByGroup(new LooGroups([.. Enumerable.Range(0, rows.Observations).Select(i => i % 6)], 6, "block")));
        Table expected = ReadTable("grouped-loo.csv");
        Assert.Equal(6, loo.Observations);
        for (int g = 0; g < loo.Observations; g++)
        {
            Assert.Equal(expected["r_eff"][g], loo.RelativeEfficiencies[g], Tolerance);
            Assert.Equal(expected["influence_pareto_k"][g], loo.ParetoK[g].K, Tolerance);
            Assert.Equal(expected["elpd_loo"][g], loo.PointwiseElpd[g], Tolerance);
            Assert.Equal(expected["p_loo"][g], loo.PointwiseEffectiveParameters[g], Tolerance);
            Assert.Equal(expected["mcse_elpd_loo"][g], loo.PointwiseMcse[g], Tolerance);
        }

        AssertEstimates("grouped", "loo", loo);
    }

    [Fact]
    public void GroupsSumTheirObservationsDrawByDraw()
    {
        // 3 draws × 4 observations; groups 1, 0, 1, 2: group 0 = column 1, group 1 = columns 0 + 2, group 2 = column 3.
        var matrix = new LogLikelihoodMatrix(new double[,] { { -1, -2, -3, -4 }, { -0.5, -0.25, -0.125, -8 }, { -10, -20, -30, -40 } });
        LogLikelihoodMatrix grouped = matrix.ByGroup(new LooGroups([1, 0, 1, 2], 3));
        Assert.Equal((3, 3, 1), (grouped.Draws, grouped.Observations, grouped.Chains));
        Assert.Equal([-2, -0.25, -20], grouped.Observation(0).ToArray());
        Assert.Equal([-4, -0.625, -40], grouped.Observation(1).ToArray());
        Assert.Equal([-4, -8, -40], grouped.Observation(2).ToArray());

        // A model's [Group] element read from its input, column 1 (the model's own descriptor).
        LooGroups fromInput = LooGroups.Of(new double[,] { { 0.3, 2 }, { 0.1, 0 }, { 0.7, 1 } }, new Group("School", "X", 1, 3));
        Assert.Equal([2, 0, 1], fromInput.GroupOfObservation.ToArray());
        Assert.Equal("School", fromInput.Name);
    }

    [Fact]
    public void BadGroupsAreNamed()
    {
        var matrix = new LogLikelihoodMatrix(new double[,] { { -1, -2, -3 }, { -1, -2, -3 } });
        Assert.Contains("Observation 1 of grouping 'County' is in group 3", Assert.Throws<ArgumentException>(() => new LooGroups([0, 3, 1], 3, "County")).Message, StringComparison.Ordinal);
        Assert.Contains("Group 1 of grouping 'County' has no observation", Assert.Throws<ArgumentException>(() => new LooGroups([0, 2, 2], 3, "County")).Message, StringComparison.Ordinal);
        Assert.Contains("groups 2 observations; the log-likelihood has 3", Assert.Throws<ArgumentException>(() => matrix.ByGroup(new LooGroups([0, 1], 2))).Message, StringComparison.Ordinal);
        var school = new Group("School", "X", 1, 2);
        Assert.Contains("Group 'School' (input 'X', column 1) has 0.5 at row 1", Assert.Throws<ArgumentException>(() => LooGroups.Of(new double[,] { { 0, 0 }, { 0, 0.5 } }, school)).Message, StringComparison.Ordinal);
        Assert.Contains("has 2 at row 0", Assert.Throws<ArgumentException>(() => LooGroups.Of(new float[,] { { 0, 2 } }, school)).Message, StringComparison.Ordinal);
        Assert.Contains("reads column 1 of input 'X', which has 1 columns", Assert.Throws<ArgumentException>(() => LooGroups.Of(new double[,] { { 0 } }, school)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ChainCases))]
    public void WaicMatchesLoo(string name)
    {
        WaicResult waic = Loo.Waic(ReadMatrix(name, chains: 4));
        Table expected = ReadTable(name + "-waic.csv");
        for (int i = 0; i < waic.Observations; i++)
        {
            Assert.Equal(expected["elpd_waic"][i], waic.PointwiseElpd[i], Tolerance);
            Assert.Equal(expected["p_waic"][i], waic.PointwiseEffectiveParameters[i], Tolerance);
            Assert.Equal(expected["waic"][i], waic.PointwiseInformationCriterion[i], Tolerance);
        }

        AssertEstimates(name, "waic", waic);
    }

    [Theory]
    [MemberData(nameof(ChainCases))]
    public void PrintsAsLooPrints(string name)
    {
        LogLikelihoodMatrix ll = ReadMatrix(name, chains: 4);
        string loo = Loo.Compute(ll).ToString();
        string expected = ReadText(name + "-print.txt");

        // loo's printout, then our one line on the sample-size-dependent threshold.
        Assert.Equal(expected, loo[..loo.LastIndexOf("Sample-size-dependent", StringComparison.Ordinal)]);
        Assert.Equal(ReadText(name + "-waic-print.txt"), Loo.Waic(ll).ToString());
    }

    [Fact]
    public void ApproximatePosteriorMatchesLooApproximatePosterior()
    {
        LogLikelihoodMatrix ll = ReadMatrix("approximate", chains: 1);
        Table draws = ReadTable("approximate-draws.csv.gz");
        LooResult loo = Loo.ApproximatePosterior(ll, draws["log_p"], draws["log_g"]);
        Table expected = ReadTable("approximate-loo.csv");

        Assert.True(loo.IsApproximatePosterior);
        for (int i = 0; i < loo.Observations; i++)
        {
            Assert.Equal(1, loo.RelativeEfficiencies[i]);
            Assert.Equal(expected["influence_pareto_k"][i], loo.ParetoK[i].K, Tolerance);
            Assert.Equal(expected["elpd_loo"][i], loo.PointwiseElpd[i], Tolerance);
            Assert.Equal(expected["p_loo"][i], loo.PointwiseEffectiveParameters[i], Tolerance);
            Assert.Equal(expected["mcse_elpd_loo"][i], loo.PointwiseMcse[i], Tolerance);
            Assert.Equal(1, loo.EffectiveSampleSizes[i] / expected["n_eff"][i], Tolerance);
        }

        AssertEstimates("approximate", "loo", loo);
        Assert.Equal(ReadText("approximate-print.txt"), loo.ToString()[..loo.ToString().LastIndexOf("Sample-size-dependent", StringComparison.Ordinal)]);

        // Without the correction the same draws give different weights: the correction is applied, not ignored.
        LooResult uncorrected = Loo.Compute(ll, Enumerable.Repeat(1.0, ll.Observations).ToArray());
        Assert.True(Math.Abs(uncorrected.Elpd.Value - loo.Elpd.Value) > 1e-3, $"corrected {loo.Elpd.Value}, uncorrected {uncorrected.Elpd.Value}");
    }

    [Fact]
    public void CompareMatchesLooCompare()
    {
        // Given worst first: Compare must order them itself.
        ElpdComparison comparison = Loo.Compare(
            ("intercept", Loo.Compute(ReadMatrix("intercept", 4))),
            ("regression", Loo.Compute(ReadMatrix("regression", 4))),
            ("linear", Loo.Compute(ReadMatrix("linear", 4))));
        string[] lines = ReadText("compare.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];

        Assert.Equal(lines.Length, comparison.Rows.Count);
        for (int r = 0; r < lines.Length; r++)
        {
            string[] cells = lines[r].Split(',');
            Assert.Equal(cells[0], comparison.Rows[r].Name);
            Assert.Equal(Parse(cells[1]), comparison.Rows[r].ElpdDifference, Tolerance);
            Assert.Equal(Parse(cells[2]), comparison.Rows[r].StandardError, Tolerance);
        }

        Assert.Equal(ReadText("compare-print.txt"), comparison.ToString());
        Assert.Equal(ReadText("compare-print-full.txt"), comparison.ToString(1, simplify: false));
    }

    [Fact]
    public void StackingWeightsMatchLooModelWeights()
    {
        double[] weights = Loo.StackingWeights(Loo.Compute(ReadMatrix("outliers", 4)), Loo.Compute(ReadMatrix("wide", 4)));
        string[] lines = ReadText("stacking.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];

        // loo's weights come from constrOptim's barrier method, ours from the EM fixed point: the same optimum to 1e-4.
        for (int k = 0; k < lines.Length; k++)
        {
            Assert.Equal(Parse(lines[k].Split(',')[1]), weights[k], 1e-4);
        }

        Assert.Equal(1, weights.Sum(), 1e-12);
        Assert.InRange(weights[0], 0.05, 0.95);
    }

    [Fact]
    public void StackingOfAModelWithItselfAndAWorseOneFavoursTheBetter()
    {
        // A closed form: a model that predicts every observation better than another gets all the weight.
        LooResult better = Loo.Compute(ReadMatrix("regression", 4));
        LooResult worse = Loo.Compute(ReadMatrix("intercept", 4));
        Assert.True(Enumerable.Range(0, 30).Count(i => better.PointwiseElpd[i] > worse.PointwiseElpd[i]) > 15);
        double[] weights = Loo.StackingWeights(better, worse);
        Assert.True(weights[0] > 0.9, $"weights {weights[0]}, {weights[1]}");
    }

    [Fact]
    public void ThresholdsAreBothNamed()
    {
        LooResult loo = Loo.Compute(ReadMatrix("outliers", 4));

        // loo 2.5's fixed bins, and the sample-size-dependent threshold min(1 − 1/log₁₀ 1000, 0.7) = 2/3.
        Assert.Equal([28, 1, 0, 1], loo.ParetoKCounts);
        Assert.Equal(2.0 / 3, loo.ParetoKThreshold, 1e-15);
        int[] expected = Enumerable.Range(0, 30).Where(i => loo.ParetoK[i].K > 2.0 / 3).ToArray();
        Assert.Equal(expected, loo.UnreliableObservations);
        Assert.Contains("Sample-size-dependent k̂ threshold for S = 1000 draws (Vehtari et al. 2024): 0.67;", loo.ToString(), StringComparison.Ordinal);
        Assert.True(double.IsNaN(loo.McseElpd), "loo's MCSE is NA when a k̂ exceeds 0.7");
    }

    [Fact]
    public void RelativeEfficiencyOfIndependentDrawsIsNearOne()
    {
        // Closed form: independent draws have ESS ≈ S, so r_eff ≈ 1 (within the estimator's noise at S = 4000:
        // each value within ±30 %, their mean over 20 observations within ±8 %). Autocorrelated draws (an AR(1)
        // chain with ρ = 0.8 has ESS ≈ S(1 − ρ)/(1 + ρ)) get r_eff ≈ 1/9.
        var rng = new Random.Rng(11);
        var values = new double[4000 * 20];
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = -0.5 * Math.Pow(rng.NextNormal(), 2);
        }

        double[] rEff = Loo.RelativeEfficiency(new LogLikelihoodMatrix(values, 4000, 20, chains: 4));
        Assert.All(rEff, r => Assert.InRange(r, 0.7, 1.3));
        Assert.InRange(rEff.Average(), 0.92, 1.08);

        var ar = new double[4000];
        for (int c = 0; c < 4; c++)
        {
            double z = rng.NextNormal();
            for (int d = 0; d < 1000; d++)
            {
                z = (0.8 * z) + (0.6 * rng.NextNormal());
                ar[(c * 1000) + d] = 0.1 * z;
            }
        }

        double correlated = Loo.RelativeEfficiency(new LogLikelihoodMatrix(ar, 4000, 1, chains: 4))[0];
        Assert.InRange(correlated, 1.0 / 9 * 0.7, 1.0 / 9 * 1.3);
    }

    [Fact]
    public void PitOfCalibratedPredictionsIsUniform()
    {
        // Closed form: observations and replicates from the same N(0, 1) with a flat log-likelihood (equal weights)
        // make P(ỹ ≤ y) the empirical CDF of the replicates at y, uniform over observations.
        var rng = new Random.Rng(5);
        int s = 2000;
        int n = 400;
        var ll = new double[s * n];
        var replicated = new double[s, n];
        var observed = new double[n];
        for (int i = 0; i < n; i++)
        {
            observed[i] = rng.NextNormal();
            for (int d = 0; d < s; d++)
            {
                replicated[d, i] = rng.NextNormal();
                ll[(d * n) + i] = -1 - (1e-9 * rng.NextDouble());
            }
        }

        double[] pit = Loo.Pit(new LogLikelihoodMatrix(ll, s, n), observed, replicated, Enumerable.Repeat(1.0, n).ToArray());
        double[] sorted = [.. pit.Order()];
        double maxGap = Enumerable.Range(0, n).Max(i => Math.Abs(sorted[i] - ((i + 0.5) / n)));
        Assert.True(maxGap < 0.1, $"Kolmogorov distance {maxGap}");
        for (int i = 0; i < n; i++)
        {
            double ecdf = Enumerable.Range(0, s).Count(d => replicated[d, i] < observed[i]) / (double)s;
            Assert.Equal(ecdf, pit[i], 1e-6);
        }
    }

    [Fact]
    public void BadInputIsNamed()
    {
        ArgumentException nan = Assert.Throws<ArgumentException>(() => new LogLikelihoodMatrix([0, 1, double.NaN, 2], 2, 2));
        Assert.Contains("observation 0 at draw 1", nan.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new LogLikelihoodMatrix(new double[6], 3, 2, chains: 2));
        LooResult a = Loo.Compute(ReadMatrix("regression", 4));
        ArgumentException twice = Assert.Throws<ArgumentException>(() => Loo.Compare(("m", a), ("m", a)));
        Assert.Contains("'m'", twice.Message, StringComparison.Ordinal);
        ArgumentException mixed = Assert.Throws<ArgumentException>(() => Loo.Compare(("a", a), ("b", Loo.Waic(ReadMatrix("regression", 4)))));
        Assert.Contains("compare like with like", mixed.Message, StringComparison.Ordinal);
    }

    private static void AssertEstimates(string name, string criterion, ElpdResult result)
    {
        string line = ReadText("estimates.csv").Split('\n').Single(l => l.StartsWith(name + "," + criterion + ",", StringComparison.Ordinal));
        double[] e = line.Split(',')[2..].Select(Parse).ToArray();
        Assert.Equal(e[0], result.Elpd.Value, Tolerance);
        Assert.Equal(e[1], result.Elpd.StandardError, Tolerance);
        Assert.Equal(e[2], result.EffectiveParameters.Value, Tolerance);
        Assert.Equal(e[3], result.EffectiveParameters.StandardError, Tolerance);
        Assert.Equal(e[4], result.InformationCriterion.Value, Tolerance);
        Assert.Equal(e[5], result.InformationCriterion.StandardError, Tolerance);
    }

    private static LogLikelihoodMatrix ReadMatrix(string name, int chains)
    {
        Table table = ReadTable(name + ".csv.gz");
        int n = table.Columns.Length;
        int s = table.Columns[0].Length;
        var values = new double[s * n];
        for (int i = 0; i < n; i++)
        {
            for (int d = 0; d < s; d++)
            {
                values[(d * n) + i] = table.Columns[i][d];
            }
        }

        return new LogLikelihoodMatrix(values, s, n, chains);
    }

    private static string ReadText(string file) => File.ReadAllText(Path.Combine(LooData, file));

    private static Table ReadTable(string file)
    {
        string path = Path.Combine(LooData, file);
        using Stream stream = file.EndsWith(".gz", StringComparison.Ordinal)
            ? new GZipStream(File.OpenRead(path), CompressionMode.Decompress)
            : File.OpenRead(path);
        using var reader = new StreamReader(stream);
        string[] header = reader.ReadLine()!.Split(',');
        var columns = header.Select(_ => new List<double>()).ToArray();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] cells = line.Split(',');
            for (int c = 0; c < header.Length; c++)
            {
                columns[c].Add(Parse(cells[c]));
            }
        }

        return new Table(header, columns.Select(c => c.ToArray()).ToArray());
    }

    private static double Parse(string s) => double.Parse(s.Trim(), CultureInfo.InvariantCulture);

    private sealed record Table(string[] Header, double[][] Columns)
    {
        public double[] this[string column] => Columns[Array.IndexOf(Header, column)];
    }
}
