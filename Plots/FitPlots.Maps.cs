using System.Globalization;
using System.Numerics;
using ScottPlot;

namespace ModelGen.Plots;

public static partial class FitPlots
{
    /// <summary>
    /// For a model over a two-feature input (the seed network): the posterior-predictive mean over the grid of
    /// <paramref name="map"/> as a heat map with contour lines and a colour bar, with <paramref name="points"/> on top
    /// coloured by <paramref name="labels"/> — the seed notebook's decision surface.
    /// </summary>
    /// <param name="modelName">The model's name, for the title.</param>
    /// <param name="observedName">The predicted element, e.g. "Y" (for a 0/1 outcome its mean is P(Y = 1)).</param>
    /// <param name="map">The prediction over the grid: <see cref="PredictiveMap.Of{T}"/>.</param>
    /// <param name="points">Inputs to draw on top (rows × 2), e.g. the held-out rows; null for none.</param>
    /// <param name="labels">Their observed values, one colour per distinct value; null to draw them in one colour.</param>
    /// <param name="range">The colour scale's range, e.g. (0, 1) for a probability; null for the values' own range.</param>
    public static Figure MeanMapPlot<T>(string modelName, string observedName, PredictiveMap map, T[,]? points = null, T[]? labels = null, (double Min, double Max)? range = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(map);
        return Map($"{modelName}: posterior predictive mean of {observedName}", $"Mean of {observedName} over the draws", map, map.Mean, new ScottPlot.Colormaps.Balance(), range, points, labels, observedName);
    }

    /// <summary>
    /// As <see cref="MeanMapPlot{T}"/>, the posterior-predictive sd over the grid: the model's uncertainty, low where
    /// the data pin the prediction down and high between the classes and away from the data.
    /// </summary>
    /// <param name="modelName">The model's name, for the title.</param>
    /// <param name="observedName">The predicted element, e.g. "Y".</param>
    /// <param name="map">The prediction over the grid: <see cref="PredictiveMap.Of{T}"/>.</param>
    /// <param name="points">Inputs to draw on top (rows × 2); null for none.</param>
    /// <param name="labels">Their observed values; null to draw them in one colour.</param>
    public static Figure UncertaintyMapPlot<T>(string modelName, string observedName, PredictiveMap map, T[,]? points = null, T[]? labels = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(map);
        return Map($"{modelName}: uncertainty, posterior predictive sd of {observedName}", $"Sd of {observedName} over the draws", map, map.StandardDeviation, new ScottPlot.Colormaps.Viridis(), null, points, labels, observedName);
    }

    private static Figure Map<T>(string title, string panelTitle, PredictiveMap map, double[,] values, IColormap colormap, (double Min, double Max)? range, T[,]? points, T[]? labels, string observedName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (points is not null && points.GetLength(1) != 2)
        {
            throw new ArgumentException($"The points drawn on a predictive map need two columns (the two features); got {points.GetLength(1)}.", nameof(points));
        }

        if (labels is not null && (points is null || labels.Length != points.GetLength(0)))
        {
            throw new ArgumentException($"'{observedName}' has {labels.Length} labels for {points?.GetLength(0) ?? 0} points; they must match.", nameof(labels));
        }

        int n1 = map.X1.Length, n2 = map.X2.Length;
        double step1 = (map.X1[^1] - map.X1[0]) / (n1 - 1), step2 = (map.X2[^1] - map.X2[0]) / (n2 - 1);

        // Heat map rows run top to bottom: row k holds the second feature's (n2 − 1 − k)-th value, column i the first's i-th.
        var intensities = new double[n2, n1];
        var contourPoints = new Coordinates3d[n2, n1];
        for (int i = 0; i < n1; i++)
        {
            for (int j = 0; j < n2; j++)
            {
                intensities[n2 - 1 - j, i] = values[i, j];
                contourPoints[j, i] = new Coordinates3d(map.X1[i], map.X2[j], values[i, j]);
            }
        }

        var figure = new Figure(title, Style.Width, 620);
        figure.Note(string.Create(CultureInfo.InvariantCulture, $"{n1} × {n2} grid, 9 contour lines{(points is null ? string.Empty : $"; {points.GetLength(0)} rows on top")}."));
        Plot plot = Style.Panel(panelTitle, "x1", "x2");
        var heat = plot.Add.Heatmap(intensities);
        heat.Colormap = colormap;
        heat.Extent = new CoordinateRect(map.X1[0] - (step1 / 2), map.X1[^1] + (step1 / 2), map.X2[0] - (step2 / 2), map.X2[^1] + (step2 / 2));
        if (range is (double lo, double hi))
        {
            heat.ManualRange = new ScottPlot.Range(lo, hi);
        }

        var contours = plot.Add.ContourLines(contourPoints, 9);
        contours.LineColor = Colors.Black.WithAlpha(0.45);
        contours.LineWidth = 1;
        contours.LabelStyle.IsVisible = false;
        if (points is not null)
        {
            double[] classes = labels is null ? [double.NaN] : [.. labels.Select(double.CreateChecked).Distinct().Order()];
            for (int c = 0; c < classes.Length; c++)
            {
                var xs = new List<double>();
                var ys = new List<double>();
                for (int r = 0; r < points.GetLength(0); r++)
                {
                    if (labels is null || double.CreateChecked(labels[r]) == classes[c])
                    {
                        xs.Add(double.CreateChecked(points[r, 0]));
                        ys.Add(double.CreateChecked(points[r, 1]));
                    }
                }

                // The classes in the chain palette's first colour and the divergence red, as the seed notebook draws them.
                Color colour = labels is null ? Colors.Black : c == 1 ? Style.Divergent : Style.Chain(c == 0 ? 0 : c + 1);
                var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 5, colour);
                markers.MarkerStyle.OutlineColor = Colors.White;
                markers.MarkerStyle.OutlineWidth = 1;
                markers.LegendText = labels is null ? "rows" : string.Create(CultureInfo.InvariantCulture, $"{observedName} = {classes[c]:0.###}");
            }

            Style.SmallLegend(plot);
        }

        plot.Add.ColorBar(heat);
        plot.Axes.SetLimits(map.X1[0], map.X1[^1], map.X2[0], map.X2[^1]);
        figure.Place(plot, 0, 0, 1, 1);
        return figure;
    }
}
