using System.Globalization;
using ModelGen.Diagnostics;

namespace ModelGen.Runtime.Tests.Sampling;

/// <summary>
/// R-hat, ESS and MCSE against R's posterior 1.4.0 on fixed draws (Tests/Data/posterior/make-reference.R): eight
/// cases covering mild and strong autocorrelation, heavy tails, antithetic chains (the ESS cap), a stuck chain, an
/// odd draw count, ties and a single chain.
/// </summary>
public sealed class ConvergenceReferenceTests
{
    // posterior sums autocovariances by FFT and we sum them directly; the two agree to rounding (~1e-13 relative),
    // far inside posterior's printed precision (3 significant digits for R-hat, whole draws for ESS).
    private const double RelativeTolerance = 1e-9;

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Data", "posterior");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string line in File.ReadLines(Path.Combine(Folder, "reference.csv")).Skip(1))
        {
            string[] parts = line.Split(',');
            data.Add(parts[0], parts[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPosterior(string name, string statistic)
    {
        double expected = Reference(name, statistic);
        double[][] chains = ReadChains(name);
        double actual = statistic switch
        {
            "rhat" => Convergence.Rhat(chains),
            "ess_bulk" => Convergence.EssBulk(chains),
            "ess_tail" => Convergence.EssTail(chains),
            "ess_mean" => Convergence.EssMean(chains),
            "mcse_mean" => Convergence.McseMean(chains),
            "mcse_sd" => Convergence.McseSd(chains),
            "ess_q05" => Convergence.EssQuantile(chains, 0.05),
            _ => throw new InvalidOperationException($"Unknown statistic '{statistic}' in reference.csv."),
        };

        Assert.True(
            Math.Abs(actual - expected) <= RelativeTolerance * Math.Abs(expected),
            $"{name} {statistic}: posterior {expected:R}, ours {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2}).");
    }

    [Fact]
    public void ShiftedChainIsFlaggedAndMildChainsAreNot()
    {
        // The reference cases are chosen so the threshold means something: one stuck chain is caught, good chains pass.
        Assert.True(Convergence.Rhat(ReadChains("shifted")) > 1.1);
        Assert.True(Convergence.Rhat(ReadChains("ar_mild")) < 1.01);
    }

    [Fact]
    public void ConstantOrNonFiniteDrawsGiveNaN()
    {
        double[][] constant = [[1, 1, 1, 1], [1, 1, 1, 1]];
        Assert.True(double.IsNaN(Convergence.Rhat(constant)));
        Assert.True(double.IsNaN(Convergence.EssBulk(constant)));
        double[][] infinite = [[1, 2, double.PositiveInfinity, 4], [1, 2, 3, 4]];
        Assert.True(double.IsNaN(Convergence.EssTail(infinite)));
    }

    [Fact]
    public void BadChainsNameTheChain()
    {
        var error = Assert.Throws<ArgumentException>(() => Convergence.Rhat([[1, 2, 3], [1, 2]]));
        Assert.Contains("Chain 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Convergence.Rhat([]));
    }

    [Theory]
    [InlineData(1e-300, -37.047096299361201)]
    [InlineData(9.9999999999999995e-21, -9.2623400897984052)]
    [InlineData(1e-10, -6.3613409024040557)]
    [InlineData(0.001, -3.0902323061678132)]
    [InlineData(0.024250000000000001, -1.9729610513118845)]
    [InlineData(0.074999999999999997, -1.4395314709384557)]
    [InlineData(0.29999999999999999, -0.52440051270804067)]
    [InlineData(0.5, 0)]
    [InlineData(0.69999999999999996, 0.52440051270804067)]
    [InlineData(0.94999999999999996, 1.6448536269514715)]
    [InlineData(0.97499999999999998, 1.9599639845400536)]
    [InlineData(0.99999899999999997, 4.7534243088170891)]
    public void NormalQuantileMatchesRsQnorm(double p, double expected)
    {
        // R's qnorm is AS 241 too: agreement to a few ulps (the far tail of 1 − p loses bits in 1 − p itself).
        double actual = NormalQuantile.Of(p);
        Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected)) * (p > 0.99 ? 1e4 : 1), $"qnorm({p:R}): R {expected:R}, ours {actual:R}.");
    }

    [Fact]
    public void EbfmiOfIndependentEnergiesIsNearTwoAndOfARandomWalkIsSmall()
    {
        // For independent draws E[(Eₙ − Eₙ₋₁)²] = 2 var E; for a random walk the jumps are small beside the spread.
        var rng = new ModelGen.Random.Rng(7);
        var independent = new double[4000];
        var walk = new double[4000];
        for (int i = 0; i < independent.Length; i++)
        {
            independent[i] = rng.NextNormal();
            walk[i] = (i == 0 ? 0 : walk[i - 1]) + (0.05 * rng.NextNormal());
        }

        // The ratio's sd is about 2·sqrt(3/n) ≈ 0.055 at n = 4000; 4 of them.
        Assert.InRange(Convergence.Ebfmi(independent), 2 - 0.22, 2 + 0.22);
        Assert.True(Convergence.Ebfmi(walk) < 0.3);
    }

    private static double Reference(string name, string statistic)
    {
        foreach (string line in File.ReadLines(Path.Combine(Folder, "reference.csv")).Skip(1))
        {
            string[] parts = line.Split(',');
            if (parts[0] == name && parts[1] == statistic)
            {
                return double.Parse(parts[2], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"No reference for {name} {statistic}.");
    }

    private static double[][] ReadChains(string name)
    {
        string[] lines = File.ReadAllLines(Path.Combine(Folder, name + ".csv"));
        int chains = lines[0].Split(',').Length;
        var result = new double[chains][];
        for (int c = 0; c < chains; c++)
        {
            result[c] = new double[lines.Length - 1];
        }

        for (int i = 1; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split(',');
            for (int c = 0; c < chains; c++)
            {
                result[c][i - 1] = double.Parse(parts[c], CultureInfo.InvariantCulture);
            }
        }

        return result;
    }
}
