using System.Globalization;
using System.Numerics;
using ModelGen.Diagnostics;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Sampling;
using ScottPlot;

namespace ModelGen.Plots;

/// <summary>Draws from a model's priors alone: every generated model's <c>SamplePrior</c> method fits (<c>model.SamplePrior</c>).</summary>
/// <typeparam name="T">The model's element type.</typeparam>
/// <param name="draws">How many draws.</param>
/// <param name="seed">The seed.</param>
public delegate Draws<T> PriorSampler<T>(int draws, ulong seed)
    where T : unmanaged, IFloatingPointIeee754<T>;

public static partial class FitPlots
{
    /// <summary>Prior draws taken for the prior's density in <see cref="DensityPlot{T}(Draws{T}, PriorSampler{T}?, IEnumerable{string}?, ulong)"/>.</summary>
    public const int PriorDraws = 4_000;

    /// <summary>
    /// Posterior densities of every chain's draws pooled, with the prior's density dashed over them when
    /// <paramref name="samplePrior"/> is given (<c>model.SamplePrior</c>): how far the data moved each parameter.
    /// </summary>
    public static Figure DensityPlot<T>(this NutsFit<T> fit, PriorSampler<T>? samplePrior = null, IEnumerable<string>? parameters = null, ulong seed = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Densities(fit.Draws, Chains(fit), samplePrior, parameters, seed);
    }

    /// <summary>As the NUTS overload, for an ADVI fit: the densities of <see cref="PriorDraws"/> draws from the approximation.</summary>
    public static Figure DensityPlot<T>(this AdviFit<T> fit, PriorSampler<T>? samplePrior = null, IEnumerable<string>? parameters = null, ulong seed = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Densities(fit.Sample(PriorDraws, seed), string.Create(CultureInfo.InvariantCulture, $"ADVI, {PriorDraws} draws"), samplePrior, parameters, seed);
    }

    /// <summary>As the NUTS overload, for any draws of a model (ADVI, Pathfinder, a file read back).</summary>
    public static Figure DensityPlot<T>(this Draws<T> draws, PriorSampler<T>? samplePrior = null, IEnumerable<string>? parameters = null, ulong seed = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(draws);
        return Densities(draws, string.Create(CultureInfo.InvariantCulture, $"{draws.Count} draws"), samplePrior, parameters, seed);
    }

    /// <summary>
    /// A forest plot: per parameter, each fit's mean (dot), 50 % interval (thick) and 90 % interval (thin), fits side by
    /// side in their own colours (e.g. ADVI beside NUTS), and on the right R-hat and bulk ESS of every fit with chains.
    /// </summary>
    /// <param name="series">The fits, e.g. <c>[ForestSeries.Of(nuts), ForestSeries.Of(advi.Sample(4000))]</c>; all of the same model.</param>
    /// <param name="parameters">Block or element names; null for the first <see cref="DefaultForestParameters"/>.</param>
    public static Figure ForestPlot(IReadOnlyList<ForestSeries> series, IEnumerable<string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("A forest plot needs at least one fit.", nameof(series));
        }

        ModelInfo info = series[0].Info;
        foreach (ForestSeries s in series)
        {
            if (s.Info.Name != info.Name || s.Info.Dimension != info.Dimension)
            {
                throw new ArgumentException($"Fit '{s.Label}' is of model '{s.Info.Name}' ({s.Info.Dimension} parameters), not of '{info.Name}' ({info.Dimension}) as '{series[0].Label}'.", nameof(series));
            }
        }

        var figure = new Figure($"{info.Name}: forest, mean with 50 % and 90 % intervals", Style.Width, 0);
        IReadOnlyList<Scalar> scalars = Selection.Resolve(info, parameters, DefaultForestParameters, figure);
        int n = scalars.Count;
        figure.BodyHeight = 90 + (n * Math.Max(24, 12 * series.Count));
        bool anyChains = series.Any(s => s.HasChains);

        // Both panels get the same fixed margins, so row r sits at the same height in each.
        int longest = scalars.Max(s => s.Name.Length);
        var padding = new PixelPadding(Math.Clamp(12 + (7 * longest), 60, 260), 10, 45, 30);
        Plot forest = Style.Panel(string.Empty, "value", string.Empty);
        forest.Layout.Fixed(padding);
        Plot text = Style.Panel(anyChains ? "R-hat, bulk ESS" : string.Empty, string.Empty, string.Empty);
        text.Layout.Fixed(new PixelPadding(5, 5, padding.Bottom, padding.Top));
        text.Axes.Bottom.IsVisible = false;
        text.Axes.Left.IsVisible = false;
        text.Axes.Right.IsVisible = false;
        text.Axes.Top.IsVisible = false;
        text.HideGrid();

        double[] positions = [.. Enumerable.Range(0, n).Select(r => (double)(n - 1 - r))];
        forest.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. scalars.Select(s => s.Name)]);
        double spread = series.Count == 1 ? 0 : Math.Min(0.6, 0.2 * (series.Count - 1));
        int withChains = 0;
        for (int f = 0; f < series.Count; f++)
        {
            ForestSeries s = series[f];
            Color colour = Style.Chain(f);
            double offset = series.Count == 1 ? 0 : (spread / 2) - (spread * f / (series.Count - 1));
            var means = new List<double>();
            var ys = new List<double>();
            for (int r = 0; r < n; r++)
            {
                ForestRow row = s.Rows[scalars[r].Index];
                double y = positions[r] + offset;
                var outer = forest.Add.Line(row.Q5, y, row.Q95, y);
                outer.LineWidth = 1.5f;
                outer.LineColor = colour;
                outer.MarkerSize = 0;
                var inner = forest.Add.Line(row.Q25, y, row.Q75, y);
                inner.LineWidth = 5;
                inner.LineColor = colour;
                inner.MarkerSize = 0;
                means.Add(row.Mean);
                ys.Add(y);
                if (s.HasChains)
                {
                    var label = text.Add.Text(string.Create(CultureInfo.InvariantCulture, $"{row.Rhat:0.000}  {row.EssBulk,5:0}"), 0.05 + (withChains * 0.5), y);
                    label.LabelFontSize = 11;
                    label.LabelFontColor = row.Rhat > 1.01 || row.EssBulk < 100 ? Style.Divergent : colour;
                    label.LabelAlignment = Alignment.MiddleLeft;
                }
            }

            var dots = forest.Add.Markers(means.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 7, colour);
            dots.LegendText = s.Label;
            if (s.HasChains)
            {
                withChains++;
            }
        }

        // A free row above the first parameter holds the legend, so it covers no interval.
        double legendRow = series.Count > 1 ? 0.9 : 0;
        forest.Axes.SetLimitsY(-0.7, n - 0.3 + legendRow);
        text.Axes.SetLimits(0, Math.Max(1, withChains * 0.5) + 0.05, -0.7, n - 0.3 + legendRow);
        if (series.Count > 1)
        {
            forest.ShowLegend(Alignment.UpperRight);
            forest.Legend.Orientation = Orientation.Horizontal;
        }
        if (anyChains)
        {
            figure.Note("R-hat above 1.01 or bulk ESS below 100 in red: do not trust that row yet.");
        }

        double split = anyChains ? 1 - Math.Min(0.45, 0.18 * withChains) : 1;
        figure.Place(forest, 0, 0, split, 1);
        if (anyChains)
        {
            figure.Place(text, split, 0, 1, 1);
        }

        return figure;
    }

    /// <summary>A forest plot of one NUTS fit, with R-hat and bulk ESS.</summary>
    public static Figure ForestPlot<T>(this NutsFit<T> fit, IEnumerable<string>? parameters = null)
        where T : unmanaged, IFloatingPointIeee754<T> => ForestPlot([ForestSeries.Of(fit)], parameters);

    /// <summary>Scalars shown by default in a forest plot (one row each).</summary>
    public const int DefaultForestParameters = 30;

    /// <summary>
    /// The ELBO estimates of an ADVI fit against the iteration, with the stop reason and the Pareto k̂ of its draws
    /// (PSIS over the approximation, when it was computed) in the notes: a rising curve that levels off, and k̂ below
    /// 0.7, say the approximation can be used.
    /// </summary>
    public static Figure ElboPlot<T>(this AdviFit<T> fit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Elbo($"{fit.Info.Name}: ELBO (ADVI, {fit.Family})", fit.Elbo, string.Create(CultureInfo.InvariantCulture, $"{fit.Iterations} iterations, stopped: {fit.StopReason}; {ParetoKText(fit.ParetoK)}"));
    }

    /// <summary>
    /// As the <see cref="AdviFit{T}"/> overload, for ELBO estimates without their fit (read back from a file, e.g. the
    /// Moons sample's elbo.csv): the estimates against the iteration, the y range of the last 90 % of the run.
    /// </summary>
    /// <param name="modelName">The model's name, for the title.</param>
    /// <param name="elbo">The estimates in iteration order.</param>
    public static Figure ElboPlot(string modelName, IReadOnlyList<ElboPoint> elbo)
    {
        ArgumentNullException.ThrowIfNull(elbo);
        return Elbo($"{modelName}: ELBO", elbo, string.Create(CultureInfo.InvariantCulture, $"{elbo.Count} estimates"));
    }

    private static Figure Elbo(string title, IReadOnlyList<ElboPoint> elbo, string note)
    {
        var figure = new Figure(title, Style.Width, 420);
        figure.Note(note);
        Plot plot = Style.Panel("ELBO estimate against the iteration", "iteration", "ELBO");
        double[] xs = [.. elbo.Select(p => (double)p.Iteration)];
        double[] ys = [.. elbo.Select(p => p.Value)];
        if (xs.Length > 0)
        {
            var line = plot.Add.ScatterLine(xs, ys, Style.Chain(0));
            line.LineWidth = 1.5f;
            line.MarkerSize = xs.Length <= 30 ? 5 : 0;

            // The first estimates are far below the rest: show the range of the last 90 % of the run.
            double[] tail = [.. ys.Skip(ys.Length / 10).Where(double.IsFinite)];
            if (tail.Length > 0)
            {
                double lo = tail.Min(), hi = tail.Max();
                double pad = Math.Max((hi - lo) * 0.08, 1e-6 * Math.Max(1, Math.Abs(hi)));
                plot.Axes.SetLimitsY(lo - pad, hi + pad);
            }
        }
        else
        {
            Style.Note(plot, "The fit recorded no ELBO estimates.");
        }

        figure.PlaceInGrid(plot, 0, 0, 1, 1, xs.Length > 0 ? null : ["The fit recorded no ELBO estimates."]);
        return figure;
    }

    /// <summary>The words for a Pareto k̂, e.g. "Pareto k-hat 0.42 (good)".</summary>
    internal static string ParetoKText(ParetoK? k) => k is ParetoK value
        ? string.Create(CultureInfo.InvariantCulture, $"Pareto k-hat {value.K:0.00} ({ReadingText(value.Reading)}, reliable below {value.Threshold:0.00})")
        : "Pareto k-hat not computed";

    private static string ReadingText(ParetoKReading reading) => reading switch
    {
        ParetoKReading.Good => "good",
        ParetoKReading.Ok => "ok",
        ParetoKReading.Bad => "bad",
        _ => "very bad",
    };

    private static Figure Densities<T>(Draws<T> draws, string source, PriorSampler<T>? samplePrior, IEnumerable<string>? parameters, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ModelInfo info = draws.Info;
        var figure = new Figure($"{info.Name}: posterior densities ({source})", Style.Width, 0);
        IReadOnlyList<Scalar> scalars = Selection.Resolve(info, parameters, DefaultParameters, figure);
        const int Columns = 3;
        int rows = Style.Rows(scalars.Count, Columns);
        figure.BodyHeight = rows * 180;

        Draws<T>? prior = null;
        string? noPrior = null;
        if (samplePrior is null)
        {
            noPrior = "No prior sampler given: the prior is not shown.";
        }
        else
        {
            try
            {
                prior = samplePrior(PriorDraws, seed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A model whose prior cannot be sampled (an improper flat prior) throws: say so instead of overlaying.
                noPrior = "The prior cannot be sampled, so it is not shown: " + e.Message;
            }
        }

        figure.Note(noPrior ?? "Solid: posterior. Dashed: prior (its density over the posterior's range).");
        for (int p = 0; p < scalars.Count; p++)
        {
            Scalar s = scalars[p];
            double[] posterior = Column(draws, s.Index);
            Array.Sort(posterior);
            (double lo, double hi) = Kde.Range(posterior, s.LowerBound);
            Plot plot = Style.Panel(s.Name, "value", p % Columns == 0 ? "density" : string.Empty);
            (double[] xs, double[] ys) = Kde.Estimate(posterior, lo, hi, 200, s.LowerBound);
            var line = plot.Add.ScatterLine(xs, ys, Style.Chain(0));
            line.LineWidth = 2;
            double top = ys.Max();
            if (prior is not null)
            {
                double[] priorValues = Column(prior, s.Index);
                (double[] px, double[] py) = Kde.Estimate(priorValues, lo, hi, 200, s.LowerBound);
                var priorLine = plot.Add.ScatterLine(px, py, Colors.Gray);
                priorLine.LineWidth = 1.5f;
                priorLine.LinePattern = LinePattern.Dashed;
                top = Math.Max(top, py.Max());
            }

            plot.Axes.SetLimits(lo, hi, 0, top * 1.08);
            figure.PlaceInGrid(plot, p / Columns, p % Columns, rows, Columns, noPrior is null ? null : [noPrior]);
        }

        return figure;
    }

    private static double[] Column<T>(Draws<T> draws, int index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new double[draws.Count];
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = double.CreateChecked(draws[k, index]);
        }

        return values;
    }
}
