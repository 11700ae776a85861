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

    /// <summary>
    /// A calibration plot for a Bernoulli likelihood: the rows binned by their predicted P(y = 1) (the posterior
    /// predictive mean, <c>model.Predict(x, draws).Mean</c>), and per bin the observed frequency of 1 against the mean
    /// prediction, with a 90 % binomial interval; a calibrated model's points lie on the diagonal.
    /// </summary>
    /// <param name="modelName">The model's name for the title.</param>
    /// <param name="observedName">The observed element's name (e.g. "Y").</param>
    /// <param name="observed">The observed labels, 0 or 1, one per row.</param>
    /// <param name="predicted">P(y = 1) per row.</param>
    /// <param name="bins">Equal-width bins of the predicted probability.</param>
    public static Figure CalibrationPlot<T>(string modelName, string observedName, T[] observed, double[] predicted, int bins = 10)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        if (observed.Length != predicted.Length || observed.Length == 0)
        {
            throw new ArgumentException($"'{observedName}' has {observed.Length} observed rows and {predicted.Length} predictions; they must match and not be empty.", nameof(predicted));
        }

        double[] labels = [.. observed.Select(double.CreateChecked)];
        for (int r = 0; r < labels.Length; r++)
        {
            if (labels[r] is not (0 or 1))
            {
                throw new ArgumentException($"'{observedName}' row {r} is {labels[r]}; a calibration plot needs labels 0 or 1.", nameof(observed));
            }
        }

        (int[] counts, int[] ones, double[] sums) = CalibrationBins(labels, predicted, bins);
        var figure = new Figure($"{modelName}: calibration of {observedName}", Style.Width, 460);
        figure.Note(string.Create(CultureInfo.InvariantCulture, $"{observed.Length} rows in {bins} bins of the predicted P({observedName} = 1); bars: 90 % binomial intervals."));
        Plot plot = Style.Panel($"Observed frequency of {observedName} = 1 against the prediction", $"predicted P({observedName} = 1), bin mean", "observed frequency");
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.MarkerSize = 0;
        diagonal.LegendText = "calibrated";
        var xs = new List<double>();
        var ys = new List<double>();
        for (int b = 0; b < bins; b++)
        {
            if (counts[b] == 0)
            {
                continue;
            }

            double p = (double)ones[b] / counts[b];
            double x = sums[b] / counts[b];

            // Wilson's interval at 90 % (z = 1.645): it stays inside [0, 1] and is sensible for small bins.
            const double Z = 1.6448536269514722;
            double n = counts[b];
            double centre = (p + (Z * Z / (2 * n))) / (1 + (Z * Z / n));
            double half = Z * Math.Sqrt((p * (1 - p) / n) + (Z * Z / (4 * n * n))) / (1 + (Z * Z / n));
            var interval = plot.Add.Line(x, centre - half, x, centre + half);
            interval.LineColor = Style.Chain(0);
            interval.LineWidth = 2;
            interval.MarkerSize = 0;
            xs.Add(x);
            ys.Add(p);
        }

        var points = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 8, Style.Chain(0));
        points.LegendText = "bins";
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.ShowLegend(Alignment.UpperLeft);
        figure.PlaceInGrid(plot, 0, 0, 1, 1);
        return figure;
    }

    /// <summary>Per bin of a calibration plot (equal width over [0, 1], 1 in the last): rows, rows with label 1, and the sum of their predictions.</summary>
    internal static (int[] Counts, int[] Ones, double[] Sums) CalibrationBins(double[] labels, double[] predicted, int bins)
    {
        var counts = new int[bins];
        var ones = new int[bins];
        var sums = new double[bins];
        for (int r = 0; r < labels.Length; r++)
        {
            int b = Math.Clamp((int)(predicted[r] * bins), 0, bins - 1);
            counts[b]++;
            ones[b] += (int)labels[r];
            sums[b] += predicted[r];
        }

        return (counts, ones, sums);
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
