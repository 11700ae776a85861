using System.Buffers.Binary;
using SkiaSharp;

namespace ModelGen.Plots.Tests;

/// <summary>Every plot kind drawn for the three models: a real PNG of the stated size, not blank, no empty panel, the model's names.</summary>
public sealed class FigureTests
{
    public static TheoryData<string, string> Every()
    {
        var data = new TheoryData<string, string>();
        foreach (string model in new[] { "moons", "schools", "counts" })
        {
            foreach (string kind in new[] { "trace", "trace-draws", "rank", "pairs", "forest", "density", "autocorrelation", "energy", "elbo", "predictive", "prior-predictive", "pareto-k", "loo-pit" })
            {
                data.Add(model, kind);
            }
        }

        data.Add("moons", "calibration");
        data.Add("moons", "mean-map");
        data.Add("moons", "uncertainty-map");
        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void EveryPlotIsAPngOfItsSizeWithDataInEveryPanel(string model, string kind)
    {
        Figure figure = Fits.Named(model).Figures[kind];
        byte[] png = figure.ToPng();
        Assert.Equal((figure.Width, figure.Height), PngSize(png));
        Assert.True(png.Length > 10_000, $"{kind} of {model}: only {png.Length} bytes");

        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.Equal(figure.Width, bitmap.Width);

        // Text, frames and ticks are black or grey; only data is drawn in colour. Every panel must hold some.
        var rectangles = figure.PanelRectangles(bitmap.Width, bitmap.Height);
        Assert.Equal(figure.Panels.Count, rectangles.Count);
        Assert.NotEmpty(rectangles);
        foreach (var (left, top, right, bottom) in rectangles)
        {
            int coloured = 0, ink = 0;
            for (int y = top; y < bottom; y++)
            {
                for (int x = left; x < right; x++)
                {
                    SKColor c = bitmap.GetPixel(x, y);
                    int max = Math.Max(c.Red, Math.Max(c.Green, c.Blue)), min = Math.Min(c.Red, Math.Min(c.Green, c.Blue));
                    coloured += max - min > 60 ? 1 : 0;
                    ink += max < 200 ? 1 : 0;
                }
            }

            int area = (right - left) * (bottom - top);
            Assert.True(coloured > 150, $"{kind} of {model}: a panel at ({left}, {top}) has only {coloured} coloured pixels of {area}");
            Assert.True(ink > 100, $"{kind} of {model}: a panel at ({left}, {top}) is nearly blank ({ink} dark pixels of {area})");
        }
    }

    [Theory]
    [InlineData(640, 360)]
    [InlineData(1200, 900)]
    public void AFigureRendersAtAnySize(int width, int height)
    {
        Figure figure = Fits.Schools.Figures["trace"];
        Assert.Equal((width, height), PngSize(figure.ToPng(width, height)));
        string path = Path.Combine(Path.GetTempPath(), $"modelgen-plots-{Guid.NewGuid():N}", "trace.png");
        try
        {
            Assert.Equal(path, figure.Save(path, width, height));
            Assert.Equal((width, height), PngSize(File.ReadAllBytes(path)));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void PanelsAreTitledWithTheModelsOwnNames()
    {
        // Eight schools: Mu, Tau, then Theta[1..8] (1-based, Stan's style); 10 scalars, all shown by default.
        string[] schools = ["Mu", "Tau", "Theta[1]", "Theta[2]", "Theta[3]", "Theta[4]", "Theta[5]", "Theta[6]", "Theta[7]", "Theta[8]"];
        Figure trace = Fits.Schools.Figures["trace"];
        Assert.StartsWith("NonCentred: trace", trace.Title, StringComparison.Ordinal);
        Assert.Equal(schools.SelectMany(n => new[] { n, n }), trace.Panels.Select(p => p.Title));
        Assert.Equal(schools, Fits.Schools.Figures["density"].Panels.Select(p => p.Title));
        Assert.Equal(schools.SelectMany(n => new[] { n, n }), Fits.Schools.Figures["trace-draws"].Panels.Select(p => p.Title));
        Assert.Equal("NonCentred: trace (1000 draws)", Fits.Schools.Figures["trace-draws"].Title);
        Assert.Equal(schools, Fits.Schools.Figures["rank"].Panels.Select(p => p.Title));
        Assert.Equal(schools, Fits.Schools.Figures["autocorrelation"].Panels.Select(p => p.Title));

        // The seed network: 40 weights, the first 10 shown by default, and the figure says so.
        Figure moons = Fits.Moons.Figures["rank"];
        Assert.Equal("Hidden1.Weights[1,1]", moons.Panels[0].Title);
        Assert.Equal("Hidden1.Weights[2,5]", moons.Panels[9].Title);
        Assert.Contains("The first 10 of 40 parameters; pass their names to choose others.", moons.Notes);

        // The count regression: a layer's weights and bias.
        Assert.Equal(["LogRate.Weights[1,1]", "LogRate.Weights[2,1]", "LogRate.Weights[3,1]", "LogRate.Bias[1,1]"], Fits.Counts.Figures["trace"].Panels.Where((_, i) => i % 2 == 0).Select(p => p.Title));

        // Pairs: the diagonal titles and the outer axes carry the chosen names.
        Figure pairs = Fits.Schools.Figures["pairs"];
        Assert.Equal(["Mu", string.Empty, "Tau", string.Empty, string.Empty, "Theta[1]"], pairs.Panels.Select(p => p.Title));
        Assert.Equal(["Mu", "Tau", "Theta[1]"], pairs.Panels.Skip(3).Select(p => p.XLabel));
    }

    [Fact]
    public void DivergentTransitionsAreMarkedInRed()
    {
        // The seed network's short run diverges (5 times with this seed since 3b0cc10; seed 3 no longer does); its pair and trace plots say so and draw them red.
        Assert.True(Fits.Moons.Divergences > 0, "the seed network's short run was expected to diverge");
        foreach (string kind in new[] { "pairs", "trace" })
        {
            Figure figure = Fits.Moons.Figures[kind];
            Assert.Contains($"{Fits.Moons.Divergences} divergent transitions after warm-up (marked in red): the draws may be biased.", figure.Notes);
            Assert.True(RedPixels(figure) > 20, $"{kind}: no divergences drawn");
        }

        // Without divergences nothing is red (the non-centred eight schools' short run has none with this seed).
        Assert.Equal(0, Fits.Schools.Divergences);
        Assert.Equal(0, RedPixels(Fits.Schools.Figures["pairs"]));
    }

    /// <summary>Pixels of the divergence colour, #d62728 (within a small tolerance for anti-aliasing).</summary>
    private static int RedPixels(Figure figure)
    {
        using SKBitmap bitmap = SKBitmap.Decode(figure.ToPng());
        int count = 0;
        foreach (SKColor c in bitmap.Pixels)
        {
            count += Math.Abs(c.Red - 0xd6) < 12 && Math.Abs(c.Green - 0x27) < 12 && Math.Abs(c.Blue - 0x28) < 12 ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public void NamesMayBeBlocksElementsOrStanColumns()
    {
        Figure figure = Fits.Moons.Figures["trace"];
        _ = figure;
        var info = Fits.Moons.Info;
        Assert.Equal(["Hidden1.Weights[1,2]", "Output.Weights[3,1]", "Output.Weights[1,1]"], Selection.Resolve(info, ["Hidden1_Weights.1.2", "Output.Weights[3,1]", "Output_Weights.1.1"], 10).Select(s => s.Name));
        Assert.Equal(5, Selection.Resolve(info, ["Output.Weights"], 10).Count);
        ArgumentException error = Assert.Throws<ArgumentException>(() => Selection.Resolve(info, ["Hidden3.Weights"], 10));
        Assert.Contains("Model 'MoonsNetwork' has no parameter 'Hidden3.Weights'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hidden1.Weights, Hidden2.Weights, Output.Weights", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APriorThatCannotBeSampledIsSaidNotDrawn()
    {
        // A model with an improper flat prior throws from SamplePrior: the densities are drawn, the prior is named as missing.
        var info = Fits.Schools.Info;
        var draws = new Draws.Draws<double>(info, [.. Enumerable.Range(0, 400 * info.Dimension).Select(i => Math.Sin(i * 0.37) + (i % info.Dimension))], 400);
        Figure figure = draws.DensityPlot((_, _) => throw new NotSupportedException("Mu has a flat prior, which has no draws."));
        string note = "The prior cannot be sampled, so it is not shown: Mu has a flat prior, which has no draws.";
        Assert.Contains(note, figure.Notes);
        Assert.All(figure.Panels, p => Assert.Equal([note], p.Notes));
        Assert.True(figure.ToPng().Length > 10_000);

        Figure without = draws.DensityPlot();
        Assert.Contains("No prior sampler given: the prior is not shown.", without.Notes);
        Assert.Contains("Solid: posterior. Dashed: prior (its density over the posterior's range).", Fits.Schools.Figures["density"].Notes);
    }

    [Fact]
    public void ForestShowsEveryFitAndTheDiagnosticsOfChains()
    {
        Figure forest = Fits.Schools.Figures["forest"];
        Assert.Equal(2, forest.Panels.Count);
        Assert.Equal("R-hat, bulk ESS", forest.Panels[1].Title);
        Assert.Contains("R-hat above 1.01 or bulk ESS below 100 in red: do not trust that row yet.", forest.Notes);
        Assert.Throws<ArgumentException>(() => FitPlots.ForestPlot([]));
    }

    [Fact]
    public void EnergyAndElboSayTheirDiagnosticsInWords()
    {
        Assert.Matches(@"^E-BFMI chain 1: \d\.\d\d, chain 2: \d\.\d\d", Fits.Schools.Figures["energy"].Notes[0]);
        Assert.Matches(@"iterations, stopped: \w+; Pareto k-hat -?\d+\.\d\d \((good|ok|bad|very bad), reliable below 0\.\d\d\)$", Fits.Schools.Figures["elbo"].Notes[0]);
        Assert.Equal("Pareto k-hat not computed", FitPlots.ParetoKText(null));
    }

    [Fact]
    public void PredictiveChecksUseBarsForCountsAndDensitiesOtherwise()
    {
        Assert.StartsWith("Frequency of each value of Y", Fits.Counts.Figures["predictive"].Panels[0].Title, StringComparison.Ordinal);
        Assert.StartsWith("Frequency of each value of Y", Fits.Moons.Figures["predictive"].Panels[0].Title, StringComparison.Ordinal);
        Assert.StartsWith("Density of Y", Fits.Schools.Figures["predictive"].Panels[0].Title, StringComparison.Ordinal);
        Assert.Equal("PoissonRegression: posterior predictive check of Y", Fits.Counts.Figures["predictive"].Title);
        Assert.Equal("300 observed rows against 100 data sets simulated from posterior draws.", Fits.Counts.Figures["predictive"].Notes[0]);
        Assert.Equal("NonCentred: prior predictive check of Y", Fits.Schools.Figures["prior-predictive"].Title);
    }

    [Fact]
    public void CalibrationNeedsLabelsAndOnePredictionPerRow()
    {
        Assert.Equal("MoonsNetwork: calibration of Y", Fits.Moons.Figures["calibration"].Title);
        Assert.Throws<ArgumentException>(() => FitPlots.CalibrationPlot("Test", "Y", new double[] { 0, 2 }, [0.1, 0.9]));
        Assert.Throws<ArgumentException>(() => FitPlots.CalibrationPlot("Test", "Y", new double[] { 0, 1 }, [0.1]));
    }

    [Fact]
    public void PredictiveMapHoldsGridPointIJAtTheIthFirstAndJthSecondFeatureValue()
    {
        // A prediction whose mean is x1 + 10·x2 and sd |x1|, row by row: the map must give back exactly that.
        PredictiveMap map = PredictiveMap.Of<double>(grid => Linear(grid, (x1, x2) => x1 + (10 * x2)), (-2, 4), (0, 1), side: 7);
        Assert.Equal([-2, -1, 0, 1, 2, 3, 4], map.FirstFeature);
        for (int i = 0; i < 7; i++)
        {
            for (int j = 0; j < 7; j++)
            {
                double x1 = -2 + i, x2 = j / 6.0;
                Assert.Equal(x1 + (10 * x2), map.MeanAt(i, j), 12);
                Assert.Equal(Math.Abs(x1), map.StandardDeviationAt(i, j), 12);
            }
        }

        Assert.Throws<ArgumentException>(() => PredictiveMap.Of<double>(grid => new Prediction.PosteriorPredictive([1.0], [0.0], 1), (-1, 1), (-1, 1), side: 5));
        Assert.Throws<ArgumentException>(() => FitPlots.MeanMapPlot("Test", "Y", map, new double[3, 2], new double[2]));
    }

    [Fact]
    public void MeanMapDrawsTheFirstFeatureAcrossAndTheSecondUp()
    {
        // A step in x1 (0 left of 0, 1 right of it) must show blue on the left and red on the right; a step in x2 red
        // above and blue below (Balance: blue low, red high). A transposed or flipped heat map fails one of the two.
        PredictiveMap across = PredictiveMap.Of<double>(grid => Linear(grid, (x1, _) => x1 > 0 ? 1 : 0), (-3, 3), (-3, 3), side: 40);
        PredictiveMap up = PredictiveMap.Of<double>(grid => Linear(grid, (_, x2) => x2 > 0 ? 1 : 0), (-3, 3), (-3, 3), side: 40);
        (SKColor left, SKColor right) = Sample(FitPlots.MeanMapPlot<double>("Step", "Y", across, range: (0, 1)), (0.3, 0.5), (0.7, 0.5));
        (SKColor top, SKColor bottom) = Sample(FitPlots.MeanMapPlot<double>("Step", "Y", up, range: (0, 1)), (0.45, 0.3), (0.45, 0.7));
        Assert.True(left.Blue > left.Red + 30 && right.Red > right.Blue + 30, $"x1 step: left {left}, right {right}");
        Assert.True(top.Red > top.Blue + 30 && bottom.Blue > bottom.Red + 30, $"x2 step: top {top}, bottom {bottom}");
    }

    /// <summary>Mean f(x1, x2) and sd |x1| per grid row.</summary>
    private static Prediction.PosteriorPredictive Linear(double[,] grid, Func<double, double, double> f)
    {
        int rows = grid.GetLength(0);
        return new Prediction.PosteriorPredictive(
            [.. Enumerable.Range(0, rows).Select(r => f(grid[r, 0], grid[r, 1]))],
            [.. Enumerable.Range(0, rows).Select(r => Math.Abs(grid[r, 0]))],
            1);
    }

    /// <summary>The colours at two points of a one-panel figure, as fractions of its panel's width and height.</summary>
    private static (SKColor A, SKColor B) Sample(Figure figure, (double X, double Y) a, (double X, double Y) b)
    {
        using SKBitmap bitmap = SKBitmap.Decode(figure.ToPng());
        var (left, top, right, bottom) = figure.PanelRectangles(bitmap.Width, bitmap.Height)[0];
        SKColor At((double X, double Y) p) => bitmap.GetPixel(left + (int)(p.X * (right - left)), top + (int)(p.Y * (bottom - top)));
        return (At(a), At(b));
    }

    [Fact]
    public void CountBarsGatherTheTailInTheLastBar()
    {
        // Observed 0, 1, 2 (two of each) and one 100: the 99 % quantile of the observed values is below 100, so the last bar gathers it.
        double[] y = [0, 0, 1, 1, 2, 2, 100];
        var simulated = new double[3, 7];
        for (int s = 0; s < 3; s++)
        {
            for (int r = 0; r < 7; r++)
            {
                simulated[s, r] = y[r];
            }
        }

        Figure figure = FitPlots.PredictiveCheckPlot("Test", "Y", y, simulated);
        Assert.StartsWith("Frequency of each value of Y", figure.Panels[0].Title, StringComparison.Ordinal);
        Assert.Matches(@"^The last bar, \d+, counts every value ≥ \d+, observed and simulated\.$", figure.Notes[1]);
        Assert.Throws<ArgumentException>(() => FitPlots.PredictiveCheckPlot("Test", "Y", y, new double[3, 6]));
    }

    /// <summary>Checks the PNG signature and the IHDR chunk, and returns the image's size.</summary>
    private static (int Width, int Height) PngSize(byte[] bytes)
    {
        Assert.True(bytes.Length > 33);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        Assert.Equal("IEND"u8.ToArray(), bytes[^8..^4]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
