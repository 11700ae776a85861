using System.Globalization;
using System.Numerics;
using ScottPlot;

namespace ModelGen.Plots;

public static partial class FitPlots
{
    /// <summary>The most bars a predictive check of counts draws; larger counts are gathered in the last.</summary>
    private const int MaxBars = 40;

    /// <summary>
    /// A posterior (or prior) predictive check: the observed data against data sets simulated from the fit, e.g.
    /// <c>model.SamplePredictive(x, fit.Draws, 100, seed)</c>. Continuous data: the observed density (black) over the
    /// densities of up to <paramref name="curves"/> simulated data sets (bayesplot's <c>ppc_dens_overlay</c>). Counts and
    /// labels (every value a whole number): the observed frequency of each value as bars, with the simulated frequencies'
    /// median and 90 % interval (bayesplot's <c>ppc_bars</c>), from the smallest observed value to the observed 99 %
    /// quantile (at most 40 bars; values beyond are counted in the end bars, and the notes say so).
    /// </summary>
    /// <param name="modelName">The model's name for the title (e.g. <c>model.Info.Name</c>).</param>
    /// <param name="observedName">The observed element's name (e.g. "Y").</param>
    /// <param name="observed">The observed values, one per row.</param>
    /// <param name="replicated">Simulated data sets, draws × rows (as <c>SamplePredictive</c> returns them).</param>
    /// <param name="curves">Simulated data sets drawn as densities (continuous data); the first ones are taken.</param>
    /// <param name="prior">
    /// Whether the data sets were simulated from prior draws (<c>model.SamplePredictive(x, model.SamplePrior(100, seed), 100, seed)</c>):
    /// a prior predictive check, titled so.
    /// </param>
    public static Figure PredictiveCheckPlot<T>(string modelName, string observedName, T[] observed, T[,] replicated, int curves = 50, bool prior = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(replicated);
        ArgumentOutOfRangeException.ThrowIfLessThan(curves, 1);
        int sets = replicated.GetLength(0), rows = replicated.GetLength(1);
        if (rows != observed.Length)
        {
            throw new ArgumentException($"'{observedName}' has {observed.Length} observed rows but the simulated data sets have {rows}.", nameof(replicated));
        }

        if (sets == 0 || rows == 0)
        {
            throw new ArgumentException($"No simulated data sets of '{observedName}' to compare ({sets} sets of {rows} rows).", nameof(replicated));
        }

        double[] y = [.. observed.Select(double.CreateChecked)];
        var simulated = new double[sets][];
        for (int s = 0; s < sets; s++)
        {
            simulated[s] = new double[rows];
            for (int r = 0; r < rows; r++)
            {
                simulated[s][r] = double.CreateChecked(replicated[s, r]);
            }
        }

        bool whole = y.All(IsWhole) && simulated.All(set => set.All(IsWhole));
        bool bars = whole;
        var figure = new Figure($"{modelName}: {(prior ? "prior" : "posterior")} predictive check of {observedName}", Style.Width, 420);
        figure.Note(string.Create(CultureInfo.InvariantCulture, $"{rows} observed rows against {sets} data sets simulated from {(prior ? "prior" : "posterior")} draws."));
        return bars ? Bars(figure, observedName, y, simulated) : Densities(figure, observedName, y, simulated, curves);
    }

    private static Figure Densities(Figure figure, string observedName, double[] y, double[][] simulated, int curves)
    {
        // The observed range, widened to the middle 95 % of every simulated value: a prior predictive check's wide
        // spread shows rather than being cut at the data.
        double[] sorted = [.. y.Order()];
        double[] pooled = [.. simulated.SelectMany(v => v).Where(double.IsFinite).Order()];
        (double lo, double hi) = Kde.Range(sorted, null);
        if (pooled.Length > 0)
        {
            lo = Math.Min(lo, Kde.Quantile(pooled, 0.025));
            hi = Math.Max(hi, Kde.Quantile(pooled, 0.975));
        }
        Plot plot = Style.Panel($"Density of {observedName}: observed and simulated", observedName, "density");
        double top = 0;
        int shown = Math.Min(curves, simulated.Length);
        for (int s = 0; s < shown; s++)
        {
            (double[] xs, double[] ys) = Kde.Estimate(simulated[s], lo, hi, 200);
            var line = plot.Add.ScatterLine(xs, ys, Style.Chain(0).WithAlpha(0.25));
            line.LineWidth = 1;
            top = Math.Max(top, ys.Max());
            if (s == 0)
            {
                line.LegendText = string.Create(CultureInfo.InvariantCulture, $"simulated ({shown} data sets)");
            }
        }

        (double[] ox, double[] oy) = Kde.Estimate(y, lo, hi, 200);
        var observedLine = plot.Add.ScatterLine(ox, oy, Colors.Black);
        observedLine.LineWidth = 2.5f;
        observedLine.LegendText = "observed";
        plot.Axes.SetLimits(lo, hi, 0, Math.Max(top, oy.Max()) * 1.08);
        plot.ShowLegend(Alignment.UpperRight);
        figure.PlaceInGrid(plot, 0, 0, 1, 1);
        return figure;
    }

    private static Figure Bars(Figure figure, string observedName, double[] y, double[][] simulated)
    {
        // From the smallest observed value to the 99 % quantile of the observed ones (at most 40 bars), so a long tail
        // of rare large counts does not squeeze the bars that matter.
        double[] sortedY = [.. y.Order()];
        int lo = (int)sortedY[0];
        int hi = (int)Math.Min(Math.Max(Math.Ceiling(Kde.Quantile(sortedY, 0.99)), lo + 1), lo + MaxBars - 1);
        double[] values = [.. Enumerable.Range(lo, hi - lo + 1).Select(v => (double)v)];
        int Index(double v) => Math.Clamp((int)v, lo, hi) - lo;
        var observedCounts = new double[values.Length];
        foreach (double v in y)
        {
            observedCounts[Index(v)]++;
        }

        if (y.Max() > hi || simulated.Any(set => set.Any(v => v > hi)))
        {
            figure.Note(string.Create(CultureInfo.InvariantCulture, $"The last bar, {hi}, counts every value ≥ {hi}, observed and simulated."));
        }

        if (simulated.Any(set => set.Any(v => v < lo)))
        {
            figure.Note(string.Create(CultureInfo.InvariantCulture, $"The first bar, {lo}, counts every simulated value ≤ {lo}."));
        }

        var perSet = new double[values.Length][];
        for (int i = 0; i < values.Length; i++)
        {
            perSet[i] = new double[simulated.Length];
        }

        for (int s = 0; s < simulated.Length; s++)
        {
            foreach (double v in simulated[s])
            {
                perSet[Index(v)][s]++;
            }
        }

        Plot plot = Style.Panel($"Frequency of each value of {observedName}: observed and simulated", observedName, "rows");
        var bars = plot.Add.Bars(values, observedCounts);
        bars.Color = Style.Chain(0).WithAlpha(0.55);
        bars.LegendText = "observed";
        var medians = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double[] sorted = [.. perSet[i].Order()];
            medians[i] = Kde.Quantile(sorted, 0.5);
            var interval = plot.Add.Line(values[i], Kde.Quantile(sorted, 0.05), values[i], Kde.Quantile(sorted, 0.95));
            interval.LineColor = Colors.Black;
            interval.LineWidth = 2;
            interval.MarkerSize = 0;
        }

        var points = plot.Add.Markers(values, medians, MarkerShape.FilledCircle, 6, Colors.Black);
        points.LegendText = "simulated: median and 90 % interval";
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        figure.PlaceInGrid(plot, 0, 0, 1, 1);
        return figure;
    }

    private static bool IsWhole(double v) => double.IsFinite(v) && v == Math.Round(v);
}
