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
        var rng = new Random.Rng(5);
        var x = new double[8, 4];
        var y = new double[8];
        for (int r = 0; r < 8; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                x[r, c] = rng.NextNormal();
            }

            y[r] = rng.NextNormal();
        }

        var model = new OrthogonalRegressionModel(x, y);
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
}
