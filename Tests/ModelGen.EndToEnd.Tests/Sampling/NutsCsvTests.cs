using System.Globalization;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Sampling;

/// <summary>A NUTS run written as CmdStan's per-chain CSV: the sampler columns, Stan's names, the adaptation block.</summary>
public sealed class NutsCsvTests
{
    [Fact]
    public void Each_chain_is_written_as_cmdstan_writes_it()
    {
        OrthogonalRegressionModel model = Model(seed: 5, rows: 8);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 9, Chains = 2, Warmup = 100, Draws = 50 });
        string folder = Path.Combine(Path.GetTempPath(), "modelgen-nutscsv-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            IReadOnlyList<string> paths = NutsCsv.Write(Path.Combine(folder, "draws"), fit);
            Assert.Equal(2, paths.Count);
            Assert.EndsWith("draws-2.csv", paths[1], StringComparison.Ordinal);
            string[] lines = File.ReadAllLines(paths[1]);
            string header = lines.First(l => !l.StartsWith('#'));
            Assert.Equal("lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,Line_Weights.1.1,Line_Weights.2.1,Line_Weights.3.1,Line_Weights.4.1", header);
            int at = Array.IndexOf(lines, header);
            Assert.Equal("# Adaptation terminated", lines[at + 1]);
            Assert.Equal("# Step size = " + fit.StepSizes[1].ToString("R", CultureInfo.InvariantCulture), lines[at + 2]);
            Assert.Equal(4, lines[at + 4].Split(',').Length);

            string[] rows = [.. lines.Skip(at + 5).Where(l => !l.StartsWith('#'))];
            Assert.Equal(50, rows.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                double[] v = [.. rows[i].Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture))];
                int k = 50 + i;
                Assert.Equal(fit.Statistics.LogDensity[k], v[0]);
                Assert.Equal(fit.Statistics.TreeDepth[k], v[3]);
                Assert.Equal(fit.Statistics.Energy[k], v[6]);
                for (int p = 0; p < 4; p++)
                {
                    Assert.Equal(fit.Draws[k, p], v[7 + p]);
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_pointwise_log_likelihood_goes_after_the_parameters_as_log_lik_columns()
    {
        OrthogonalRegressionModel model = Model(seed: 6, rows: 5);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 3, Chains = 2, Warmup = 50, Draws = 20 });

        // Any matrix of the fit's shape: value (draw, row) = −(draw + row / 10), to see each lands in its place.
        var values = new double[40 * 5];
        for (int s = 0; s < 40; s++)
        {
            for (int i = 0; i < 5; i++)
            {
                values[(s * 5) + i] = -(s + (i / 10.0));
            }
        }

        var ll = new ModelGen.Diagnostics.LogLikelihoodMatrix(values, 40, 5, chains: 2);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        NutsCsv.Write(text, fit, 1, ll);
        string[] lines = text.ToString().Split('\n');
        string header = lines.First(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.EndsWith("Line_Weights.4.1,log_lik.1,log_lik.2,log_lik.3,log_lik.4,log_lik.5", header, StringComparison.Ordinal);
        string[] rows = [.. lines.Skip(Array.IndexOf(lines, header) + 5).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        Assert.Equal(20, rows.Length);
        for (int d = 0; d < rows.Length; d++)
        {
            string[] cells = rows[d].Split(',');
            Assert.Equal(7 + 4 + 5, cells.Length);
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(-(20 + d + (i / 10.0)), double.Parse(cells[11 + i], CultureInfo.InvariantCulture));
            }
        }

        var wrong = new ModelGen.Diagnostics.LogLikelihoodMatrix(values, 40, 5, chains: 4);
        ArgumentException e = Assert.Throws<ArgumentException>(() => NutsCsv.Write(new StringWriter(), fit, 0, wrong));
        Assert.Contains("40 draws in 4 chains", e.Message, StringComparison.Ordinal);
    }

    // Four standard-normal predictors and outcome per row.
    private static OrthogonalRegressionModel Model(ulong seed, int rows)
    {
        var rng = new Random.Rng(seed);
        var x = new double[rows, 4];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                x[r, c] = rng.NextNormal();
            }

            y[r] = rng.NextNormal();
        }

        return new OrthogonalRegressionModel(x, y);
    }
}
