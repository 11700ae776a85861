using System.Globalization;
using ModelGen.Draws;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Samples.Moons;

namespace ModelGen.Outputs.Tests;

public sealed class StanCsvTests
{
    private static readonly string ReferencePath = Path.Combine(AppContext.BaseDirectory, "Reference", "cmdstan-variational.csv");

    [Fact]
    public void LayoutMatchesTheCmdStanReference()
    {
        AdviFit<double> fit = Fixtures.FitSmall();
        var text = new StringWriter(CultureInfo.InvariantCulture);
        StanCsv.Write(text, fit, StandardNormal.Density, 3);
        string[] ours = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] reference = File.ReadAllLines(ReferencePath);

        // Comment lines first, then the same header row, then comments, then mean row + one row per draw.
        Assert.Equal(Header(reference), Header(ours));
        Assert.StartsWith("#", ours[0], StringComparison.Ordinal);
        Assert.Equal(Shape(reference), Shape(ours));
        string[] oursRows = Rows(ours);
        string[] referenceRows = Rows(reference);
        Assert.Equal(referenceRows.Length, oursRows.Length);
        Assert.StartsWith("0,0,0,", oursRows[0], StringComparison.Ordinal);
        Assert.StartsWith("0,0,0,", referenceRows[0], StringComparison.Ordinal);
        foreach (string row in oursRows.Skip(1))
        {
            Assert.StartsWith("0,", row, StringComparison.Ordinal);
            Assert.Equal(Header(ours).Split(',').Length, row.Split(',').Length);
        }

        Assert.Contains("# method = variational", ours);
    }

    [Fact]
    public void ValuesAreTheMeanThenTheDrawsWithTheirDensities()
    {
        AdviFit<double> fit = Fixtures.FitSmall();
        var text = new StringWriter(CultureInfo.InvariantCulture);
        Draws<double> draws = StanCsv.Write(text, fit, StandardNormal.Density, 50);
        double[][] rows = [.. Rows(text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(r => r.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
        int[] order = StanCsv.ColumnOrder(fit.Info);
        Assert.Equal([0, 2, 1, 3, 4], order);

        // The mean row: μ through the (identity) constraint map, Stan's column order.
        Assert.Equal(order.Select(i => fit.Mean[i]), rows[0][3..]);

        // The draws are Sample's draws; log_p__ and log_g__ are the densities at the unconstrained draw.
        Draws<double> sampled = fit.Sample(50);
        Assert.Equal(sampled.Values.ToArray(), draws.Values.ToArray());
        double[] sigma = fit.StandardDeviation();
        for (int k = 0; k < 50; k++)
        {
            double[] theta = draws[k].ToArray();
            Assert.Equal(order.Select(i => theta[i]), rows[k + 1][3..]);
            Assert.Equal(StandardNormal.Density(theta), rows[k + 1][1], 12);
            double logG = 0;
            for (int i = 0; i < theta.Length; i++)
            {
                double z = (theta[i] - fit.Mean[i]) / sigma[i];
                logG += (-0.5 * z * z) - Math.Log(sigma[i]) - (0.5 * Math.Log(2 * Math.PI));
            }

            Assert.Equal(logG, rows[k + 1][2], 10);
        }
    }

    [Fact]
    public void NamesAreStanStyle()
    {
        Assert.Equal("Hidden1.Weights.1.2", StanCsv.ColumnName(MoonsNetwork.Layout["Hidden1.Weights"], 1));
        IReadOnlyList<string> names = StanCsv.ColumnNames(MoonsNetwork.Layout);
        Assert.Equal(40, names.Count);
        Assert.Equal(["Hidden1.Weights.1.1", "Hidden1.Weights.2.1", "Hidden1.Weights.1.2"], names.Take(3));
        Assert.Equal("Output.Weights.5.1", names[^1]);
        Assert.Equal(["W.1.1", "W.2.1", "W.1.2", "W.2.2", "b"], StanCsv.ColumnNames(Fixtures.Small));
    }

    [Fact]
    public void SummaryTableAsCsvAndText()
    {
        AdviFit<double> fit = Fixtures.FitSmall();
        IReadOnlyList<ParameterSummary> summaries = fit.Sample(400).Summarize();
        string[] csv = SummaryTable.ToCsv(summaries).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(SummaryTable.CsvHeader, csv[0]);
        Assert.Equal(6, csv.Length);
        Assert.StartsWith("\"W[1,1]\",", csv[1], StringComparison.Ordinal);
        string[] cells = csv[1][(csv[1].IndexOf("\",", StringComparison.Ordinal) + 2)..].Split(',');
        Assert.Equal(summaries[0].Mean, double.Parse(cells[0], CultureInfo.InvariantCulture));
        Assert.Equal(summaries[0].Q95, double.Parse(cells[4], CultureInfo.InvariantCulture));

        string[] text = SummaryTable.ToText(summaries).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, text.Length);
        Assert.Matches(@"^parameter\s+mean\s+sd\s+5%\s+50%\s+95%$", text[0]);
        Assert.Matches(@"^b\s+-?\d+\.\d{4}\s+\d+\.\d{4}", text[5]);
        Assert.Single(text.Select(l => l.Length).Distinct());
    }

    [Fact]
    public void FileIsWrittenAtomically()
    {
        string dir = Fixtures.TempDirectory();
        try
        {
            string path = Path.Combine(dir, "draws.csv");
            StanCsv.Write(path, Fixtures.FitSmall(), StandardNormal.Density, 10);
            Assert.Equal(["draws.csv"], Directory.GetFiles(dir).Select(Path.GetFileName));
            Assert.Equal(11, Rows(File.ReadAllLines(path)).Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Header(string[] lines) => lines.First(l => !l.StartsWith('#'));

    private static string[] Rows(string[] lines) => [.. lines.Where(l => !l.StartsWith('#')).Skip(1)];

    /// <summary>The file's outline: C for a run of comment lines, H for the header, R for a run of rows.</summary>
    private static string Shape(string[] lines)
    {
        var shape = new System.Text.StringBuilder();
        bool header = false;
        foreach (string line in lines)
        {
            char c = line.StartsWith('#') ? 'C' : header ? 'R' : 'H';
            header |= c == 'H';
            if (shape.Length == 0 || shape[^1] != c)
            {
                shape.Append(c);
            }
        }

        return shape.ToString();
    }
}
