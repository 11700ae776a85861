using ModelGen.Inference;
using ModelGen.Samples.CountRegression;
using ModelGen.Samples.EightSchools;
using ModelGen.Samples.Moons;
using ModelGen.Sampling;

namespace ModelGen.Plots.Tests;

/// <summary>
/// Writes the gallery of docs/plots.md: with MODELGEN_PLOTS_GALLERY set to a folder, one image per plot kind there,
/// from fits longer than the other tests' (4 chains × (1,000 + 1,000) for eight schools); otherwise does nothing.
/// <code>MODELGEN_PLOTS_GALLERY=$PWD/docs/images dotnet test Tests/ModelGen.Plots.Tests -c Release --filter FullyQualifiedName~Gallery</code>
/// </summary>
public sealed class GalleryTests
{
    [Fact]
    public void WriteGallery()
    {
        string? folder = Environment.GetEnvironmentVariable("MODELGEN_PLOTS_GALLERY");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        var options = new NutsOptions { Chains = 4, Warmup = 1_000, Draws = 1_000, Seed = 22 };
        (double[,] x, double[] y) = Fits.SchoolsData();
        var schools = new NonCentred(x, y);
        NutsFit<double> nuts = schools.Nuts(options);
        AdviFit<double> advi = schools.Fit(new AdviOptions { Iterations = 20_000, Seed = 22 });
        Save(nuts.TracePlot(["Mu", "Tau", "Theta[1]"]), folder, "trace");
        Save(nuts.RankPlot(["Mu", "Tau", "Theta[1]", "Theta[2]"]), folder, "rank");
        Save(FitPlots.ForestPlot([ForestSeries.Of(nuts), ForestSeries.Of(advi.Sample(4_000, 22), "ADVI")]), folder, "forest");
        Save(nuts.DensityPlot(schools.SamplePrior, ["Mu", "Tau", "Theta[1]", "Theta[3]", "Theta[5]", "Theta[7]"]), folder, "density");
        Save(nuts.EnergyPlot(), folder, "energy");
        Save(FitPlots.PredictiveCheckPlot("NonCentred", "Y", y, schools.SamplePredictive(x, nuts.Draws, 100, 22)), folder, "predictive-continuous");
        Save(FitPlots.PredictiveCheckPlot("NonCentred", "Y", y, schools.SamplePredictive(x, schools.SamplePrior(100, 22), 100, 22), prior: true), folder, "predictive-prior");

        // The centred parameterisation's funnel: divergences where τ is small.
        var centred = new Centred(x, y);
        Save(centred.Nuts(options).PairPlot(["Mu", "Tau", "Theta[1]"]), folder, "pairs");

        // The seed network: slow mixing shows in the autocorrelation.
        MoonsData data = Fits.MoonsData();
        var moons = new MoonsNetwork(data.TrainX, data.TrainY);
        NutsFit<float> moonsFit = moons.Nuts(new NutsOptions { Chains = 4, Warmup = 300, Draws = 300, Seed = 22 });
        Save(FitPlots.CalibrationPlot("MoonsNetwork", "Y", data.TestY, moons.Predict(data.TestX, moonsFit.Draws).Mean), folder, "calibration");
        PredictiveMap map = PredictiveMap.Of<float>(grid => moons.Predict(grid, moonsFit.Draws), (-3, 3), (-3, 3));
        Save(FitPlots.MeanMapPlot("MoonsNetwork", "Y", map, data.TestX, data.TestY, (0, 1)), folder, "map-mean");
        Save(FitPlots.UncertaintyMapPlot("MoonsNetwork", "Y", map, data.TestX, data.TestY), folder, "map-sd");
        Save(moonsFit.AutocorrelationPlot(["Hidden1.Weights[1,1]", "Hidden1.Weights[1,2]", "Hidden2.Weights[1,1]", "Output.Weights[1,1]", "Output.Weights[2,1]", "Output.Weights[3,1]"]), folder, "autocorrelation");

        // Counts: the ELBO of an ADVI fit and the predictive check as bars.
        (double[,] cx, double[] cy) = Fits.CountsData(1_000, 22);
        var counts = new PoissonRegression(cx, cy);
        AdviFit<double> countsFit = counts.Fit(new AdviOptions { Iterations = 10_000, Seed = 22, InitialRho = -4 });
        Save(countsFit.ElboPlot(), folder, "elbo");
        Save(FitPlots.PredictiveCheckPlot("PoissonRegression", "Y", cy, counts.SamplePredictive(cx, countsFit.Sample(100, 22), 100, 22)), folder, "predictive-counts");

    }

    private static void Save(Figure figure, string folder, string kind) => figure.Save(Path.Combine(folder, $"plots-{kind}.png"));
}
