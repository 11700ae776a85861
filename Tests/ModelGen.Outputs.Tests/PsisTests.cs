using System.Globalization;
using ModelGen.Diagnostics;
using ModelGen.Export;
using ModelGen.Inference;

namespace ModelGen.Outputs.Tests;

/// <summary>
/// Psis against R's loo 2.5.1 (Data/psis, made by scripts/psis-reference.R; README.md there). Tolerances: loo sums
/// in R's 80-bit long double (mean, logSumExp) where we use double with compensated sums, so the last few bits
/// differ. Measured: k̂ agrees to 1e-14 or better on every case and n_eff to 1e-11; the tests allow 1e-12 and 1e-8,
/// a hundredfold margin over rounding and still far below anything that could change a reading.
/// </summary>
public sealed class PsisTests
{
    private const double KTolerance = 1e-12;

    private static readonly string PsisData = Path.Combine(AppContext.BaseDirectory, "Data", "psis");

    public static TheoryData<string> Cases => ["light", "heavy", "normal_t3", "pareto03", "meanfield"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void KAndTailLengthMatchLoo(string name)
    {
        double[] ratios = ReadColumn(Path.Combine(PsisData, name + ".csv"), "log_ratio");
        Reference reference = References()[name];
        double[] before = [.. ratios];

        ParetoK k = Psis.Estimate(ratios);

        Assert.Equal(before, ratios);
        Assert.Equal(reference.Draws, k.DrawCount);
        Assert.Equal(reference.TailLength, k.TailLength);
        Assert.Equal(reference.K, k.K, KTolerance);
        Assert.True(k.Sigma > 0, $"σ̂ = {k.Sigma}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EffectiveSampleSizeMatchesLoo(string name)
    {
        double[] weights = ReadColumn(Path.Combine(PsisData, name + ".csv"), "log_ratio");
        Psis.Smooth(weights);
        Assert.Equal(References()[name].EffectiveSampleSize, Psis.EffectiveSampleSize(weights), 1e-8);
    }

    [Fact]
    public void SmoothedWeightsMatchLoo()
    {
        double[] weights = ReadColumn(Path.Combine(PsisData, "heavy.csv"), "log_ratio");
        double[] raw = [.. weights];
        double[] expected = ReadColumn(Path.Combine(PsisData, "heavy-log-weights.csv"), "log_weight");

        ParetoK k = Psis.Smooth(weights);

        Assert.Equal(References()["heavy"].K, k.K, KTolerance);
        // Exactly the tail was replaced (this fails if smoothing were skipped or misplaced): the body is the raw
        // ratios again, the M largest raw ratios moved (a smoothed value may land near its raw one, so not all of them).
        double cutoff = raw.Order().ElementAt(raw.Length - k.TailLength - 1);
        int moved = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - weights[i]) <= 1e-10, $"weight {i}: loo {expected[i]:R}, ours {weights[i]:R}");
            if (raw[i] <= cutoff)
            {
                Assert.Equal(raw[i], weights[i], 1e-12);
            }
            else
            {
                moved += Math.Abs(raw[i] - weights[i]) > 1e-6 ? 1 : 0;
            }
        }

        Assert.True(moved > k.TailLength * 9 / 10, $"{moved} of {k.TailLength} tail weights moved");
        Assert.True(weights.Max() <= raw.Max(), "no smoothed weight exceeds the largest raw ratio");
    }

    [Fact]
    public void TailLengthIsLoosRuleForReffOne()
    {
        Assert.Equal(95, Psis.TailLength(1000));
        Assert.Equal(190, Psis.TailLength(4000));
        Assert.Equal(20, Psis.TailLength(100));
        Assert.Equal(4, Psis.TailLength(20));
        Assert.Equal(5, Psis.TailLength(25));
    }

    [Fact]
    public void TooShortATailGivesInfinityAndLeavesTheRatios()
    {
        double[] ratios = [.. Enumerable.Range(0, 20).Select(i => Math.Sin(i) * 3)];
        double[] smoothed = [.. ratios];
        ParetoK k = Psis.Smooth(smoothed);
        Assert.Equal(double.PositiveInfinity, k.K);
        Assert.Equal(ParetoKReading.VeryBad, k.Reading);
        Assert.False(k.IsReliable);
        Assert.Equal(ratios, smoothed, (a, b) => Math.Abs(a - b) < 1e-14);

        ParetoK tied = Psis.Estimate([.. Enumerable.Repeat(1.0, 900), .. Enumerable.Repeat(2.0, 100)]);
        Assert.Equal(double.PositiveInfinity, tied.K);
    }

    [Fact]
    public void KDoesNotSeeAConstantShift()
    {
        // Why log_g__'s normalising constant (ours has it, Stan's does not) cannot change k̂.
        double[] ratios = ReadColumn(Path.Combine(PsisData, "meanfield.csv"), "log_ratio");
        double k = Psis.Estimate(ratios).K;
        Assert.Equal(k, Psis.Estimate([.. ratios.Select(r => r - 123.456)]).K, 1e-10);
    }

    [Fact]
    public void ReadingsAndThresholds()
    {
        Assert.Equal(ParetoKReading.Good, new ParetoK(-0.3, 1, 95, 1000).Reading);
        Assert.Equal(ParetoKReading.Good, new ParetoK(0.5, 1, 95, 1000).Reading);
        Assert.Equal(ParetoKReading.Ok, new ParetoK(0.5000001, 1, 95, 1000).Reading);
        Assert.Equal(ParetoKReading.Ok, new ParetoK(0.7, 1, 95, 1000).Reading);
        Assert.Equal(ParetoKReading.Bad, new ParetoK(0.71, 1, 95, 1000).Reading);
        Assert.Equal(ParetoKReading.Bad, new ParetoK(1, 1, 95, 1000).Reading);
        Assert.Equal(ParetoKReading.VeryBad, new ParetoK(1.01, 1, 95, 1000).Reading);

        // min(1 − 1/log10 S, 0.7): 2/3 at S = 1000, capped at 0.7 from S = 10^(10/3) ≈ 2154.
        Assert.Equal(2.0 / 3, Psis.Threshold(1000), 1e-15);
        Assert.Equal(0.7, Psis.Threshold(4000));
        Assert.False(new ParetoK(0.68, 1, 95, 1000).IsReliable);
        Assert.True(new ParetoK(0.68, 1, 190, 4000).IsReliable);
    }

    [Theory]
    [InlineData(-0.3, "good")]
    [InlineData(0.5, "good")]
    [InlineData(0.6, "ok")]
    [InlineData(0.7, "ok")]
    [InlineData(0.71, "bad")]
    [InlineData(1.0, "bad")]
    [InlineData(1.41, "very bad")]
    [InlineData(double.PositiveInfinity, "very bad")]
    public void EachReadingSaysWhatItMeansForTheResultsAndWhatToDoInOneLine(double k, string reading)
    {
        var pareto = new ParetoK(k, 1, 95, 1000);
        string advice = pareto.Advice;
        Assert.DoesNotContain('\n', advice);
        Assert.StartsWith(reading + ":", advice, StringComparison.Ordinal);
        switch (reading)
        {
            case "good":
            case "ok":
                // Usable: the draws may be used, and nothing else needs running.
                Assert.Contains("can be used", advice, StringComparison.Ordinal);
                Assert.DoesNotContain("Nuts", advice, StringComparison.Ordinal);
                break;
            case "bad":
                // The uncertainties are not to be trusted; check with NUTS or a full-rank fit.
                Assert.Contains("do not trust its uncertainties", advice, StringComparison.Ordinal);
                Assert.Contains("model.Nuts()", advice, StringComparison.Ordinal);
                Assert.Contains("VariationalFamily.FullRank", advice, StringComparison.Ordinal);
                break;
            default:
                // Not reliable for importance sampling at all: use NUTS, or try full rank.
                Assert.Contains("not reliable", advice, StringComparison.Ordinal);
                Assert.Contains("importance sampling", advice, StringComparison.Ordinal);
                Assert.Contains("model.Nuts()", advice, StringComparison.Ordinal);
                Assert.Contains("VariationalFamily.FullRank", advice, StringComparison.Ordinal);
                break;
        }

        // ToString is the line a program prints: the value, the draws and the advice.
        string line = pareto.ToString();
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("Pareto k̂ = " + (double.IsFinite(k) ? k.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "∞") + " over 1000 draws", line, StringComparison.Ordinal);
        Assert.EndsWith(advice, line, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidRatiosAreRefusedWithTheirIndex()
    {
        ArgumentException nan = Assert.Throws<ArgumentException>(() => Psis.Estimate([0, 1, double.NaN]));
        Assert.Contains("Log ratio 2 of 3 is NaN", nan.Message, StringComparison.Ordinal);
        Assert.Contains("+∞", Assert.Throws<ArgumentException>(() => Psis.Estimate([double.PositiveInfinity])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Psis.Estimate([]));
        Assert.Throws<ArgumentException>(() => Psis.Estimate([double.NegativeInfinity, double.NegativeInfinity]));

        // −∞ is a zero ratio, which is allowed.
        double[] withZero = [.. ReadColumn(Path.Combine(PsisData, "light.csv"), "log_ratio")];
        withZero[0] = double.NegativeInfinity;
        Assert.True(double.IsFinite(Psis.Estimate(withZero).K));
    }

    [Fact]
    public void AGoodFitIsGoodAndAMismatchIsNot()
    {
        AdviFit<double> fit = Fixtures.FitSmall();

        // q fitted to N(0, I): the ratios are nearly constant.
        ParetoK good = Psis.EstimateForFit(fit, StandardNormal.Density, 1000, seed: 3);
        Assert.Equal(ParetoKReading.Good, good.Reading);
        Assert.Equal(95, good.TailLength);
        var density = new StandardNormal(Fixtures.Small.Dimension);
        Assert.Equal(good, Psis.EstimateForFit(fit, ref density, 1000, seed: 3));

        // The same q against N(0, 3² I): q is far too narrow, the ratios heavy-tailed (k near 1 − 1/9 per coordinate and worse jointly).
        static double Wide(ReadOnlySpan<double> theta) => StandardNormal.Density([.. theta.ToArray().Select(t => t / 3)]) - (theta.Length * Math.Log(3));
        ParetoK bad = Psis.EstimateForFit(fit, Wide, 1000, seed: 3);
        Assert.True(bad.K > 0.7, $"k̂ = {bad.K}");
        Assert.False(bad.IsReliable);

        // The same number from the file StanCsv writes with the same draws: log_p__ − log_g__.
        var text = new StringWriter(CultureInfo.InvariantCulture);
        StanCsv.Write(text, fit, Wide, 1000, seed: 3);
        StanCsvTable table = StanCsv.Read(new StringReader(text.ToString()));
        Assert.Equal(bad.K, Psis.Estimate(table.LogRatios()).K, 1e-12);
    }

    internal static double[] ReadColumn(string path, string header)
    {
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(header, lines[0]);
        return [.. lines.Skip(1).Select(l => double.Parse(l, CultureInfo.InvariantCulture))];
    }

    private static Dictionary<string, Reference> References()
    {
        string[] lines = File.ReadAllLines(Path.Combine(PsisData, "reference.csv"));
        Assert.Equal("case,draws,tail_length,k,n_eff", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            c => c[0],
            c => new Reference(int.Parse(c[1], CultureInfo.InvariantCulture), int.Parse(c[2], CultureInfo.InvariantCulture), double.Parse(c[3], CultureInfo.InvariantCulture), double.Parse(c[4], CultureInfo.InvariantCulture)));
    }

    private sealed record Reference(int Draws, int TailLength, double K, double EffectiveSampleSize);
}
