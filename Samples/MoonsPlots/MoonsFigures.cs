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
        var files = new List<string>
        {
            Save(Dataset(results), Path.Combine(directory, "data.png")),
            Save(Elbo(results), Path.Combine(directory, "elbo.png")),
            Save(Predictions(results), Path.Combine(directory, "predictions.png")),
            Save(Surface(results, results.GridMean, "Posterior predictive mean of P(y = 1)", new ScottPlot.Colormaps.Balance(), (0, 1)), Path.Combine(directory, "mean.png")),
            Save(Surface(results, results.GridSd, "Uncertainty: posterior predictive sd of P(y = 1)", new ScottPlot.Colormaps.Viridis(), null), Path.Combine(directory, "sd.png")),
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

    /// <summary>The ELBO estimates against the iteration.</summary>
    public static Plot Elbo(MoonsResults r)
    {
        var plot = new Plot();
        double[] xs = [.. r.Elbo.Select(p => (double)p.Iteration)];
        double[] ys = [.. r.Elbo.Select(p => p.Value)];
        var line = plot.Add.ScatterLine(xs, ys);
        line.LineWidth = 1.5f;
        plot.Title("ELBO");
        plot.XLabel("iteration");
        plot.YLabel("ELBO estimate");
        if (ys.Length > 0)
        {
            // The first estimates are far below the rest; show the last 90 % of the run's range.
            double[] tail = [.. ys.Skip(ys.Length / 10)];
            double lo = tail.Min(), hi = ys.Max();
            double pad = Math.Max((hi - lo) * 0.05, 1);
            plot.Axes.SetLimitsY(lo - pad, hi + pad);
        }

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

    /// <summary>A surface over the 100×100 grid (heat map and contour lines) with the test points on top.</summary>
    public static Plot Surface(MoonsResults r, double[,] values, string title, IColormap colormap, (double Min, double Max)? range)
    {
        ArgumentNullException.ThrowIfNull(values);
        int side = MoonsResults.Side;
        double step = 6.0 / (side - 1);

        // Heat map rows run top to bottom: row k holds x2 = 3 − k·step, column i holds x1 = −3 + i·step.
        var intensities = new double[side, side];
        var points = new Coordinates3d[side, side];
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                intensities[side - 1 - j, i] = values[i, j];
                points[j, i] = new Coordinates3d(-3 + (i * step), -3 + (j * step), values[i, j]);
            }
        }

        var plot = new Plot();
        var heat = plot.Add.Heatmap(intensities);
        heat.Colormap = colormap;
        heat.Extent = new CoordinateRect(-3 - (step / 2), 3 + (step / 2), -3 - (step / 2), 3 + (step / 2));
        if (range is (double lo, double hi))
        {
            heat.ManualRange = new ScottPlot.Range(lo, hi);
        }

        var contours = plot.Add.ContourLines(points, 9);
        contours.LineColor = Colors.Black.WithAlpha(0.45);
        contours.LineWidth = 1;
        contours.LabelStyle.IsVisible = false;
        AddPoints(plot, r.TestX, r.TestY, MarkerShape.FilledCircle, "test", size: 5, outline: true);
        plot.Add.ColorBar(heat);
        plot.Title(title);
        plot.XLabel("x1");
        plot.YLabel("x2");
        plot.Axes.SetLimits(-3, 3, -3, 3);
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

    private static void AddPoints(Plot plot, double[,] x, double[] y, MarkerShape shape, string label, float size = 6, bool outline = false)
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

            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), shape, size, color);
            markers.LegendText = $"{label}, y = {cls:0}";
            if (outline)
            {
                markers.MarkerStyle.OutlineColor = Colors.White;
                markers.MarkerStyle.OutlineWidth = 1;
            }
        }
    }
}
