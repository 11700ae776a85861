using System.Globalization;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;
using ModelGen.Samples.MoonsPlots;

namespace ModelGen.Outputs.Tests;

public sealed class MoonsResultsTests
{
    /// <summary>The files the Moons sample writes (formats of docs/outputs.md) read back as the fit itself gives them.</summary>
    [Fact]
    public void ReadingTheSampleFilesGivesWhatTheFitGives()
    {
        string dir = Fixtures.TempDirectory();
        try
        {
            MoonsData data = Fixtures.Moons();
            var model = new MoonsNetwork(data.TrainX, data.TrainY);
            AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = 1_000, Seed = 9 });
            MoonsResults direct = MoonsResults.FromFit(data, model, fit, 100);

            PosteriorPredictive test = model.Predict(data.TestX, fit.Sample(100));
            int side = MoonsResults.Side;
            File.WriteAllLines(Path.Combine(dir, "train.csv"), ["x1,x2,y", .. Enumerable.Range(0, data.TrainY.Length).Select(r => F(data.TrainX[r, 0], data.TrainX[r, 1], data.TrainY[r]))]);
            File.WriteAllLines(Path.Combine(dir, "test.csv"), ["x1,x2,y,mean,sd", .. Enumerable.Range(0, data.TestY.Length).Select(r => F(data.TestX[r, 0], data.TestX[r, 1], data.TestY[r], test.Mean[r], test.StandardDeviation[r]))]);
            File.WriteAllLines(Path.Combine(dir, "grid.csv"), ["x1,x2,mean,sd", .. Enumerable.Range(0, side * side).Select(r => F(-3 + (6.0 * (r / side) / (side - 1)), -3 + (6.0 * (r % side) / (side - 1)), direct.GridMean[r / side, r % side], direct.GridSd[r / side, r % side]))]);
            File.WriteAllLines(Path.Combine(dir, "elbo.csv"), ["iteration,elbo", .. fit.Elbo.Select(p => F(p.Iteration, p.Value))]);
            StanCsv.Write(Path.Combine(dir, "draws.csv"), fit, model.LogDensity, 100);

            MoonsResults read = MoonsResults.FromDirectory(dir);
            Assert.Equal(direct.ParameterNames, read.ParameterNames);
            // draws.csv holds each float in its shortest form; read back as a double it is the float again once rounded.
            Assert.Equal(direct.Draws.Cast<double>().Select(v => (float)v), read.Draws.Cast<double>().Select(v => (float)v));
            Assert.Equal(direct.TestMean, read.TestMean);
            Assert.Equal(direct.GridMean, read.GridMean);
            Assert.Equal(direct.Elbo, read.Elbo);
            Assert.Equal(direct.TrainX, read.TrainX);
            Assert.Equal(direct.TestY, read.TestY);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string F(params double[] values) => string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
