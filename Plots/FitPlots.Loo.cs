using System.Globalization;
using ModelGen.Diagnostics;
using ScottPlot;

namespace ModelGen.Plots;

public static partial class FitPlots
{
    /// <summary>
    /// The Pareto k̂ of each observation's leave-one-out importance ratios against its index, as loo's
    /// <c>plot(loo)</c>: loo 2.5's fixed lines at 0.5, 0.7 and 1 and the sample-size-dependent threshold
    /// min(1 − 1/log₁₀ S, 0.7) dashed, each point coloured by its reading. Observations above the threshold are the
    /// ones the fit leans on, whose LOO estimate cannot be trusted; the notes name up to eight of them.
    /// </summary>
    /// <param name="loo">A PSIS-LOO result (<see cref="Loo.Compute"/>).</param>
    /// <param name="title">The figure's title; by default "PSIS-LOO: Pareto k̂ per observation".</param>
    public static Figure ParetoKPlot(this LooResult loo, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(loo);
        var figure = new Figure(title ?? "PSIS-LOO: Pareto k-hat per observation", Style.Width, 420);
        int[] counts = [.. loo.ParetoKCounts];
        figure.Note(string.Create(CultureInfo.InvariantCulture, $"{loo.Observations} observations, {loo.Draws} draws: {counts[0]} good (k <= 0.5), {counts[1]} ok (<= 0.7), {counts[2]} bad (<= 1), {counts[3]} very bad"));
        IReadOnlyList<int> unreliable = loo.UnreliableObservations;
        figure.Note(unreliable.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"every k-hat is below the sample-size threshold {loo.ParetoKThreshold:0.00}: the LOO estimate can be used")
            : string.Create(CultureInfo.InvariantCulture, $"above the threshold {loo.ParetoKThreshold:0.00}: observation{(unreliable.Count == 1 ? string.Empty : "s")} {string.Join(", ", unreliable.Take(8))}{(unreliable.Count > 8 ? $" and {unreliable.Count - 8} more" : string.Empty)} (the fit leans on them; use k-fold or refit without them)"));

        Plot plot = Style.Panel("Pareto k-hat of each observation's LOO weights", "observation (from 0, as the rows)", "k-hat");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        double top = 1.1;
        foreach (ParetoKReading reading in Enum.GetValues<ParetoKReading>())
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < loo.Observations; i++)
            {
                if (loo.ParetoK[i].Reading == reading)
                {
                    // An infinite k̂ (no tail could be fitted) is drawn at the top of the panel.
                    double k = loo.ParetoK[i].K;
                    xs.Add(i);
                    ys.Add(double.IsFinite(k) ? k : double.NaN);
                    top = Math.Max(top, double.IsFinite(k) ? k + 0.1 : top);
                }
            }

            if (xs.Count > 0)
            {
                var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), ReadingColour(reading));
                points.MarkerSize = loo.Observations > 500 ? 3 : 6;
                points.LegendText = ReadingText(reading);
            }
        }

        foreach (double line in new[] { 0.5, 0.7, 1.0 })
        {
            plot.Add.HorizontalLine(line, 1, Colors.Gray.WithAlpha(0.7), LinePattern.Dotted).LabelText = string.Empty;
        }

        var threshold = plot.Add.HorizontalLine(loo.ParetoKThreshold, 1.5f, Colors.Black.WithAlpha(0.8), LinePattern.Dashed);
        threshold.LegendText = string.Create(CultureInfo.InvariantCulture, $"threshold {loo.ParetoKThreshold:0.00}");
        double bottom = Math.Min(0, loo.ParetoK.Where(k => double.IsFinite(k.K)).Select(k => k.K - 0.1).DefaultIfEmpty(0).Min());
        plot.Axes.SetLimits(-0.5, loo.Observations - 0.5, bottom, top);
        Style.SmallLegend(plot);
        figure.PlaceInGrid(plot, 0, 0, 1, 1);
        return figure;
    }

    /// <summary>
    /// A histogram of LOO-PIT values (<see cref="Loo.Pit"/>) against the uniform they follow when the model is
    /// calibrated, with the band a uniform sample of that size stays in 95 % of the time bin by bin: a U shape says the
    /// predictions are too narrow, a hump too wide, a slope biased.
    /// </summary>
    /// <param name="pit">The LOO-PIT value of each observation, in [0, 1].</param>
    /// <param name="title">The figure's title; by default "LOO-PIT".</param>
    public static Figure LooPitPlot(IReadOnlyList<double> pit, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(pit);
        int n = pit.Count;
        int bins = Math.Clamp(n / 10, 5, 20);
        var figure = new Figure(title ?? "LOO-PIT", Style.Width, 420);
        figure.Note(string.Create(CultureInfo.InvariantCulture, $"{n} observations in {bins} bins; uniform when the leave-one-out predictions are calibrated"));
        Plot plot = Style.Panel("LOO probability integral transform", "LOO-PIT", "density");
        var counts = new int[bins];
        foreach (double v in pit)
        {
            counts[Math.Clamp((int)(v * bins), 0, bins - 1)]++;
        }

        var bars = new List<ScottPlot.Bar>(bins);
        for (int b = 0; b < bins; b++)
        {
            bars.Add(new ScottPlot.Bar { Position = (b + 0.5) / bins, Value = n == 0 ? 0 : counts[b] * (double)bins / n, Size = 1.0 / bins, FillColor = Style.Chain(0).WithAlpha(0.8), LineWidth = 0 });
        }

        plot.Add.Bars(bars);

        // A bin's count is Binomial(n, 1/bins): its 95 % range, by the normal approximation, on the density scale.
        double p = 1.0 / bins;
        double half = n == 0 ? 0 : 1.96 * Math.Sqrt(n * p * (1 - p)) * bins / n;
        plot.Add.HorizontalLine(1, 1.5f, Colors.Black, LinePattern.Solid).LegendText = "uniform";
        plot.Add.HorizontalLine(Math.Max(0, 1 - half), 1, Colors.Black.WithAlpha(0.6), LinePattern.Dashed).LegendText = "95 % band";
        plot.Add.HorizontalLine(1 + half, 1, Colors.Black.WithAlpha(0.6), LinePattern.Dashed).LabelText = string.Empty;
        double highest = counts.Length == 0 || n == 0 ? 1 : counts.Max() * (double)bins / n;
        plot.Axes.SetLimits(0, 1, 0, Math.Max(highest, 1 + half) * 1.15);
        Style.SmallLegend(plot);
        figure.PlaceInGrid(plot, 0, 0, 1, 1);
        return figure;
    }

    private static Color ReadingColour(ParetoKReading reading) => reading switch
    {
        ParetoKReading.Good => Style.Chain(0),
        ParetoKReading.Ok => Color.FromHex("#ff7f0e"),
        ParetoKReading.Bad => Style.Divergent,
        _ => Color.FromHex("#7f0000"),
    };
}
