using ModelGen.Diagnostics;
using ModelGen.Samples.EightSchools;
using ModelGen.Sampling;
using SkiaSharp;

namespace ModelGen.Plots.Tests;

/// <summary>The LOO plots: k̂ per observation and LOO-PIT, drawn from results whose content is known.</summary>
public sealed class LooPlotTests
{
    [Fact]
    public void ParetoKPlotDrawsEveryObservationAndNamesTheUnreliableOnes()
    {
        LooResult loo = Loo.Compute(Matrix(out int heavy), Enumerable.Repeat(1.0, 40).ToArray());
        Assert.True(loo.ParetoK[heavy].K > loo.ParetoKThreshold, $"k̂ of the heavy observation: {loo.ParetoK[heavy].K}");

        Figure figure = loo.ParetoKPlot();

        Assert.Contains(figure.Notes, n => n.Contains($"observation {heavy} ", StringComparison.Ordinal) || n.Contains($"observations {heavy},", StringComparison.Ordinal) || n.Contains($", {heavy}", StringComparison.Ordinal));
        Assert.Contains(figure.Notes, n => n.StartsWith("40 observations, 2000 draws:", StringComparison.Ordinal));
        AssertDrawn(figure);
    }

    [Fact]
    public void LooPitPlotDrawsTheHistogramAndTheUniform()
    {
        var rng = new Random.Rng(3);
        double[] pit = [.. Enumerable.Range(0, 300).Select(_ => rng.NextDouble())];
        Figure figure = FitPlots.LooPitPlot(pit);
        Assert.Contains(figure.Notes, n => n.StartsWith("300 observations in 20 bins", StringComparison.Ordinal));
        AssertDrawn(figure);
    }

    /// <summary>
    /// With MODELGEN_PLOTS_GALLERY set (the gallery command in <see cref="GalleryTests"/>), writes the LOO plots of
    /// eight schools (non-centred, 4 × (1,000 + 1,000) draws): log p(yⱼ | θⱼ) = log N(yⱼ | θⱼ, σⱼ) per school.
    /// </summary>
    [Fact]
    public void WriteLooGallery()
    {
        string? folder = Environment.GetEnvironmentVariable("MODELGEN_PLOTS_GALLERY");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        (double[,] x, double[] y) = Fits.SchoolsData();
        var schools = new NonCentred(x, y);
        NutsFit<double> nuts = schools.Nuts(new NutsOptions { Chains = 4, Warmup = 1_000, Draws = 1_000, Seed = 22 });
        ParameterBlock theta = nuts.Draws.Info.Parameters.Single(b => b.Name == "Theta");
        var values = new double[nuts.Draws.Count * 8];
        for (int s = 0; s < nuts.Draws.Count; s++)
        {
            for (int j = 0; j < 8; j++)
            {
                double z = (y[j] - nuts.Draws[s, theta.Offset + j]) / x[j, 1];
                values[(s * 8) + j] = (-0.5 * z * z) - Math.Log(x[j, 1]) - (0.5 * Math.Log(2 * Math.PI));
            }
        }

        var ll = new LogLikelihoodMatrix(values, nuts.Draws.Count, 8, nuts.Chains);
        LooResult loo = Loo.Compute(ll);
        loo.ParetoKPlot("NonCentred: Pareto k-hat per school (PSIS-LOO)").Save(Path.Combine(folder, "plots-pareto-k.png"));
        double[] pit = Loo.Pit(ll, y, schools.SamplePredictive(x, nuts.Draws, nuts.Draws.Count, 22));
        FitPlots.LooPitPlot(pit, "NonCentred: LOO-PIT of the eight schools").Save(Path.Combine(folder, "plots-loo-pit.png"));
    }

    // 40 observations × 2,000 independent draws: every log-likelihood a narrow normal in θ except one, whose
    // likelihood is so peaked that a few draws carry all the LOO weight (k̂ well above 0.7).
    private static LogLikelihoodMatrix Matrix(out int heavy)
    {
        heavy = 17;
        var rng = new Random.Rng(9);
        var values = new double[2000 * 40];
        for (int s = 0; s < 2000; s++)
        {
            double theta = rng.NextNormal();
            for (int i = 0; i < 40; i++)
            {
                double y = i == heavy ? 4 : 0.05 * (i - 20);
                double scale = i == heavy ? 0.2 : 2;
                values[(s * 40) + i] = -0.5 * Math.Pow((y - theta) / scale, 2) - Math.Log(scale);
            }
        }

        return new LogLikelihoodMatrix(values, 2000, 40);
    }

    // Text and frames are black or grey: a drawn plot has coloured pixels (points, bars) as well as dark ones.
    private static void AssertDrawn(Figure figure)
    {
        byte[] png = figure.ToPng();
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.Equal((figure.Width, figure.Height), (bitmap.Width, bitmap.Height));
        int coloured = 0;
        int dark = 0;
        foreach (SKColor c in bitmap.Pixels)
        {
            int max = Math.Max(c.Red, Math.Max(c.Green, c.Blue));
            int min = Math.Min(c.Red, Math.Min(c.Green, c.Blue));
            coloured += max - min > 60 ? 1 : 0;
            dark += max < 200 ? 1 : 0;
        }

        Assert.True(coloured > 300, $"{figure.Title}: {coloured} coloured pixels");
        Assert.True(dark > 1000, $"{figure.Title}: {dark} dark pixels");
    }
}
