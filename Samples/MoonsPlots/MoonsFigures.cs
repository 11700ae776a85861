using ModelGen.Draws;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Plots;
using ModelGen.Samples.Moons;
using ScottPlot;

namespace ModelGen.Samples.MoonsPlots;

/// <summary>The Moons notebook's figures, written as PNGs with ScottPlot.</summary>
public static class MoonsFigures
{
    /// <summary>Width and height of the single-panel figures.</summary>
    public const int Width = 800, Height = 600;

    /// <summary>Width and height of each per-weight trace/density figure.</summary>
    public const int TraceWidth = 1000, TraceHeight = 320;

    private static readonly Color Class0 = Color.FromHex("#1f77b4");
    private static readonly Color Class1 = Color.FromHex("#d62728");

    /// <summary>Writes every figure into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> RenderAll(MoonsResults results, string directory)
    {
        ArgumentNullException.ThrowIfNull(results);
        Directory.CreateDirectory(directory);
        // The diagnostic pictures come from ModelGen.Plots; the data and the labels on the test set are the notebook's own.
        IReadOnlyList<double> axis = [.. Enumerable.Range(0, MoonsResults.Side).Select(i => -3 + (6.0 * i / (MoonsResults.Side - 1)))];
        PredictiveMap map = PredictiveMap.FromValues(axis, axis, results.GridMean, results.GridSd);
        var files = new List<string>
        {
            Save(Dataset(results), Path.Combine(directory, "data.png")),
            FitPlots.ElboPlot(nameof(MoonsNetwork), [.. results.Elbo.Select(p => new ElboPoint(p.Iteration, p.Value))]).Save(Path.Combine(directory, "elbo.png"), Width, Height),
            Save(Predictions(results), Path.Combine(directory, "predictions.png")),
            FitPlots.MeanMapPlot(nameof(MoonsNetwork), "Y", map, results.TestX, results.TestY, (0, 1)).Save(Path.Combine(directory, "mean.png"), Width, Height),
            FitPlots.UncertaintyMapPlot(nameof(MoonsNetwork), "Y", map, results.TestX, results.TestY).Save(Path.Combine(directory, "sd.png"), Width, Height),
        };
        string traces = Path.Combine(directory, "traces");
        Directory.CreateDirectory(traces);
        for (int p = 0; p < results.ParameterNames.Count; p++)
        {
            files.Add(Trace(results, p, Path.Combine(traces, results.ParameterNames[p] + ".png")));
        }

        return files;
    }

    /// <summary>The data set: training points by class (filled) and held-out points (open).</summary>
    public static Plot Dataset(MoonsResults r)
    {
        var plot = new Plot();
        AddPoints(plot, r.TrainX, r.TrainY, MarkerShape.FilledCircle, "train");
        AddPoints(plot, r.TestX, r.TestY, MarkerShape.OpenCircle, "test");
        plot.Title("Data: make_moons, train (filled) and test (open)");
        Axes(plot);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The held-out points coloured by predicted label (posterior-predictive mean &gt; 0.5); misclassified ones marked.</summary>
    public static Plot Predictions(MoonsResults r)
    {
        var plot = new Plot();
        double[] predicted = [.. r.TestMean.Select(m => m > 0.5 ? 1.0 : 0.0)];
        AddPoints(plot, r.TestX, predicted, MarkerShape.FilledCircle, "predicted");
        var wrongX = new List<double>();
        var wrongY = new List<double>();
        for (int i = 0; i < predicted.Length; i++)
        {
            if (predicted[i] != r.TestY[i])
            {
                wrongX.Add(r.TestX[i, 0]);
                wrongY.Add(r.TestX[i, 1]);
            }
        }

        var wrong = plot.Add.Markers(wrongX.ToArray(), wrongY.ToArray(), MarkerShape.Eks, 10, Colors.Black);
        wrong.LegendText = $"misclassified ({wrongX.Count})";
        double accuracy = 100.0 * (predicted.Length - wrongX.Count) / Math.Max(1, predicted.Length);
        plot.Title($"Predicted labels on the test set: accuracy {accuracy:F1} %");
        Axes(plot);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// Trace (value against draw) and density of parameter <paramref name="p"/> side by side: the ModelGen.Plots trace
    /// figure of the draws, drawn at <see cref="TraceWidth"/> × <see cref="TraceHeight"/>.
    /// </summary>
    public static string Trace(MoonsResults r, int p, string path)
    {
        ArgumentNullException.ThrowIfNull(r);
        return ModelDraws(r).TracePlot([r.ParameterNames[p]]).Save(path, TraceWidth, TraceHeight);
    }

    /// <summary>The draws (columns in Stan's order) as the seed model's own <see cref="Draws{T}"/> (flat, row-major order).</summary>
    private static Draws<double> ModelDraws(MoonsResults r)
    {
        ModelInfo info = ((IModel<float>)new MoonsNetwork()).Info;
        int[] order = StanCsv.ColumnOrder(info);
        int count = r.Draws.GetLength(0), d = info.Dimension;
        var values = new double[count * d];
        for (int k = 0; k < count; k++)
        {
            for (int c = 0; c < order.Length; c++)
            {
                values[(k * d) + order[c]] = r.Draws[k, c];
            }
        }

        return new Draws<double>(info, values, count);
    }

    private static string Save(Plot plot, string path)
    {
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static void Axes(Plot plot)
    {
        plot.XLabel("x1");
        plot.YLabel("x2");
        plot.Axes.SquareUnits();
    }

    private static void AddPoints(Plot plot, double[,] x, double[] y, MarkerShape shape, string label)
    {
        foreach ((double cls, Color color) in new[] { (0.0, Class0), (1.0, Class1) })
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < y.Length; i++)
            {
                if (y[i] == cls)
                {
                    xs.Add(x[i, 0]);
                    ys.Add(x[i, 1]);
                }
            }

            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), shape, 6, color);
            markers.LegendText = $"{label}, y = {cls:0}";
        }
    }
}
