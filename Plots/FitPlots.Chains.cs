using System.Globalization;
using System.Numerics;
using ModelGen.Draws;
using ModelGen.Sampling;
using ScottPlot;

namespace ModelGen.Plots;

/// <summary>
/// The standard diagnostic plots of a fit, for any generated model, labelled with the model's own names
/// (<see cref="ParameterBlock.ElementName"/>: "Theta[3]", "Hidden1.Weights[1,2]"). Each returns a <see cref="Figure"/>:
/// <c>fit.TracePlot().Save("trace.png")</c> or <c>.ToPng(width, height)</c>. Parameters are chosen by block
/// ("Theta": every element) or element name ("Theta[3]", or the Stan CSV column "Theta.3"); by default a plot shows
/// the first few scalars in layout order and says so in its notes.
/// </summary>
public static partial class FitPlots
{
    /// <summary>Scalars shown by default in per-parameter figures (trace, rank, densities, autocorrelation).</summary>
    public const int DefaultParameters = 10;

    /// <summary>Scalars shown by default in a pair plot.</summary>
    public const int DefaultPairParameters = 4;

    private const int RowHeight = 150;

    /// <summary>
    /// Trace plots, as ArviZ's <c>plot_trace</c>: one row per parameter, each chain's density on the left and its draws
    /// in order on the right, one colour per chain; divergent transitions are marked in red on the trace.
    /// </summary>
    public static Figure TracePlot<T>(this NutsFit<T> fit, IEnumerable<string>? parameters = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        var figure = new Figure($"{fit.Draws.Info.Name}: trace ({Chains(fit)})", Style.Width, 0);
        IReadOnlyList<Scalar> scalars = Selection.Resolve(fit.Draws.Info, parameters, DefaultParameters, figure);
        NoteDivergences(fit, figure);
        return Traces(figure, scalars, fit.ChainsOf, fit.Statistics.Divergent, fit.DrawsPerChain, "draw (after warm-up)");
    }

    /// <summary>
    /// As the NUTS overload, for draws without chains (an ADVI or Pathfinder fit's, or a file's): each parameter's
    /// density and its draws in order, as one sequence. Independent draws look like noise around a constant level.
    /// </summary>
    public static Figure TracePlot<T>(this Draws<T> draws, IEnumerable<string>? parameters = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(draws);
        var figure = new Figure(string.Create(CultureInfo.InvariantCulture, $"{draws.Info.Name}: trace ({draws.Count} draws)"), Style.Width, 0);
        IReadOnlyList<Scalar> scalars = Selection.Resolve(draws.Info, parameters, DefaultParameters, figure);
        return Traces(figure, scalars, index => [Column(draws, index)], null, draws.Count, "draw");
    }

    /// <summary>One row per scalar: the chains' densities (left) and traces (right); divergent draws (chain-major) in red.</summary>
    private static Figure Traces(Figure figure, IReadOnlyList<Scalar> scalars, Func<int, double[][]> chainsOf, bool[]? divergent, int drawsPerChain, string xLabel)
    {
        figure.BodyHeight = RowHeight * scalars.Count;
        for (int r = 0; r < scalars.Count; r++)
        {
            Scalar s = scalars[r];
            double[][] chains = chainsOf(s.Index);
            double[] pooled = [.. chains.SelectMany(c => c).Order()];
            (double lo, double hi) = Kde.Range(pooled, s.LowerBound);
            double h = Kde.Bandwidth(pooled);

            Plot density = Style.Panel(s.Name, r == scalars.Count - 1 ? "value" : string.Empty, "density");
            for (int c = 0; c < chains.Length; c++)
            {
                (double[] xs, double[] ys) = Kde.Estimate(chains[c], lo, hi, 150, s.LowerBound, h);
                var line = density.Add.ScatterLine(xs, ys, Style.Chain(c));
                line.LineWidth = 1.5f;
                line.LegendText = r == 0 && chains.Length > 1 ? ChainName(c) : string.Empty;
            }

            if (r == 0 && chains.Length > 1)
            {
                Style.SmallLegend(density);
            }

            density.Axes.SetLimitsX(lo, hi);
            figure.Place(density, 0, (double)r / scalars.Count, 0.35, (double)(r + 1) / scalars.Count);

            Plot trace = Style.Panel(s.Name, r == scalars.Count - 1 ? xLabel : string.Empty, "value");
            var divergentX = new List<double>();
            var divergentY = new List<double>();
            for (int c = 0; c < chains.Length; c++)
            {
                var signal = trace.Add.Signal(chains[c], color: Style.Chain(c).WithAlpha(0.75));
                signal.LineWidth = 1;
                signal.MaximumMarkerSize = 0;
                for (int i = 0; divergent is not null && i < drawsPerChain; i++)
                {
                    if (divergent[(c * drawsPerChain) + i])
                    {
                        divergentX.Add(i);
                        divergentY.Add(chains[c][i]);
                    }
                }
            }

            if (divergentX.Count > 0)
            {
                trace.Add.Markers(divergentX.ToArray(), divergentY.ToArray(), MarkerShape.FilledCircle, 4, Style.Divergent);
            }

            figure.Place(trace, 0.35, (double)r / scalars.Count, 1, (double)(r + 1) / scalars.Count);
        }

        return figure;
    }

    /// <summary>
    /// Rank plots, as ArviZ's <c>plot_rank</c>: the draws of every chain ranked together, and per chain a histogram of
    /// its ranks, chains stacked. Chains that sample the same distribution give flat histograms near the dashed line;
    /// a chain stuck high or low, or mixing slowly, shows as a slope or a hump.
    /// </summary>
    /// <param name="fit">The NUTS fit.</param>
    /// <param name="parameters">Block or element names; null for the first <see cref="DefaultParameters"/>.</param>
    /// <param name="bins">Rank bins per histogram; 0 for about one per 20 draws of a chain, between 5 and 30.</param>
    public static Figure RankPlot<T>(this NutsFit<T> fit, IEnumerable<string>? parameters = null, int bins = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentOutOfRangeException.ThrowIfNegative(bins);
        if (bins == 0)
        {
            bins = Math.Clamp(fit.DrawsPerChain / 20, 5, 30);
        }

        var figure = new Figure($"{fit.Draws.Info.Name}: rank histograms ({Chains(fit)})", Style.Width, 0);
        IReadOnlyList<Scalar> scalars = Selection.Resolve(fit.Draws.Info, parameters, DefaultParameters, figure);
        const int Columns = 2;
        int rows = Style.Rows(scalars.Count, Columns);
        figure.BodyHeight = (rows * (90 + (22 * fit.Chains))) + 20;
        int total = fit.Chains * fit.DrawsPerChain;
        double expected = (double)fit.DrawsPerChain / bins;
        for (int p = 0; p < scalars.Count; p++)
        {
            Scalar s = scalars[p];
            double[][] chains = fit.ChainsOf(s.Index);
            int[][] counts = RankCounts(chains, bins);
            double step = Math.Max(counts.Max(c => c.Max()), expected) * 1.15;
            Plot plot = Style.Panel(s.Name, p >= scalars.Count - Columns ? "rank (all chains)" : string.Empty, "chain");
            var bars = new List<Bar>();
            double width = (double)total / bins;
            for (int c = 0; c < chains.Length; c++)
            {
                double baseLine = c * step;
                for (int b = 0; b < bins; b++)
                {
                    bars.Add(new Bar
                    {
                        Position = (b + 0.5) * width,
                        Value = baseLine + counts[c][b],
                        ValueBase = baseLine,
                        Size = width * 0.9,
                        FillColor = Style.Chain(c),
                        LineWidth = 0,
                    });
                }

                var line = plot.Add.HorizontalLine(baseLine + expected, 1, Colors.Black.WithAlpha(0.6), LinePattern.Dashed);
                line.LabelText = string.Empty;
            }

            plot.Add.Bars(bars);
            double[] ticks = [.. Enumerable.Range(0, chains.Length).Select(c => (c * step) + (expected / 2))];
            string[] labels = [.. Enumerable.Range(1, chains.Length).Select(c => c.ToString(CultureInfo.InvariantCulture))];
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, labels);
            plot.Axes.SetLimits(0, total, 0, chains.Length * step);
            figure.PlaceInGrid(plot, p / Columns, p % Columns, rows, Columns);
        }

        return figure;
    }

    /// <summary>
    /// A pair plot, as bayesplot's <c>mcmc_pairs</c>: every pair of the chosen parameters as a scatter of the draws
    /// (below the diagonal), each parameter's histogram on the diagonal, and divergent transitions in red, where a
    /// funnel or a ridge the sampler cannot follow shows.
    /// </summary>
    /// <param name="fit">The NUTS fit.</param>
    /// <param name="parameters">Block or element names (2 to 6 scalars read well); null for the first <see cref="DefaultPairParameters"/>.</param>
    public static Figure PairPlot<T>(this NutsFit<T> fit, IEnumerable<string>? parameters = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        var figure = new Figure($"{fit.Draws.Info.Name}: pairs ({Chains(fit)})", Style.Width, 0);
        IReadOnlyList<Scalar> scalars = Selection.Resolve(fit.Draws.Info, parameters, DefaultPairParameters, figure);
        int k = scalars.Count;
        figure.BodyHeight = Math.Max(Style.Width * 3 / 4, 180 * k);
        NoteDivergences(fit, figure);
        if (fit.Divergences > 0)
        {
            figure.Note("Red: divergent transitions.");
        }

        bool[] divergent = fit.Statistics.Divergent;
        double[][] values = [.. scalars.Select(s => fit.ChainsOf(s.Index).SelectMany(c => c).ToArray())];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                string xLabel = i == k - 1 ? scalars[j].Name : string.Empty;
                string yLabel = j == 0 && i > 0 ? scalars[i].Name : string.Empty;
                Plot plot = Style.Panel(i == j ? scalars[i].Name : string.Empty, xLabel, yLabel);
                if (i == j)
                {
                    Histogram(plot, values[i], 30, Style.Chain(0));
                }
                else
                {
                    var xs = new List<double>();
                    var ys = new List<double>();
                    var dx = new List<double>();
                    var dy = new List<double>();
                    for (int n = 0; n < values[i].Length; n++)
                    {
                        (divergent[n] ? dx : xs).Add(values[j][n]);
                        (divergent[n] ? dy : ys).Add(values[i][n]);
                    }

                    plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 3, Style.Chain(0).WithAlpha(0.35));
                    if (dx.Count > 0)
                    {
                        plot.Add.Markers(dx.ToArray(), dy.ToArray(), MarkerShape.FilledCircle, 5, Style.Divergent);
                    }
                }

                figure.PlaceInGrid(plot, i, j, k, k);
            }
        }

        return figure;
    }

    /// <summary>
    /// Autocorrelation of each chain against the lag, one panel per parameter: how fast the draws forget where they
    /// were. Slow decay means few effective draws (compare the ESS of the forest plot).
    /// </summary>
    /// <param name="fit">The NUTS fit.</param>
    /// <param name="parameters">Block or element names; null for the first <see cref="DefaultParameters"/>.</param>
    /// <param name="maxLag">The largest lag shown; capped at half a chain.</param>
    public static Figure AutocorrelationPlot<T>(this NutsFit<T> fit, IEnumerable<string>? parameters = null, int maxLag = 50)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLag, 1);
        maxLag = Math.Max(1, Math.Min(maxLag, fit.DrawsPerChain / 2));
        var figure = new Figure($"{fit.Draws.Info.Name}: autocorrelation ({Chains(fit)})", Style.Width, 0);
        IReadOnlyList<Scalar> scalars = Selection.Resolve(fit.Draws.Info, parameters, DefaultParameters, figure);
        const int Columns = 3;
        int rows = Style.Rows(scalars.Count, Columns);
        figure.BodyHeight = rows * 170;
        double[] lags = [.. Enumerable.Range(0, maxLag + 1).Select(l => (double)l)];
        for (int p = 0; p < scalars.Count; p++)
        {
            Plot plot = Style.Panel(scalars[p].Name, p >= scalars.Count - Columns ? "lag" : string.Empty, p % Columns == 0 ? "autocorrelation" : string.Empty);
            double[][] chains = fit.ChainsOf(scalars[p].Index);
            double lowest = -0.2;
            for (int c = 0; c < chains.Length; c++)
            {
                double[] rho = Autocorrelation(chains[c], maxLag);
                var line = plot.Add.ScatterLine(lags, rho, Style.Chain(c));
                line.LineWidth = 1.5f;
                line.LegendText = p == 0 ? ChainName(c) : string.Empty;
                lowest = Math.Min(lowest, rho.Min());
            }

            if (p == 0)
            {
                Style.SmallLegend(plot);
            }

            plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
            plot.Axes.SetLimits(0, maxLag, lowest - 0.05, 1.05);
            figure.PlaceInGrid(plot, p / Columns, p % Columns, rows, Columns);
        }

        return figure;
    }

    /// <summary>
    /// The energy plot (Betancourt 2016, ArviZ's <c>plot_energy</c>): the marginal distribution of the Hamiltonian
    /// (centred per chain) against the distribution of its change between successive draws. When the transition
    /// histogram is much narrower than the marginal one, momentum resampling cannot move the chain through the energy
    /// levels (E-BFMI below 0.3, given per chain in the notes).
    /// </summary>
    public static Figure EnergyPlot<T>(this NutsFit<T> fit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        var figure = new Figure($"{fit.Draws.Info.Name}: energy ({Chains(fit)})", Style.Width, 420);
        ReadOnlySpan<double> ebfmi = fit.Ebfmi;
        var parts = new List<string>();
        for (int c = 0; c < fit.Chains; c++)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"chain {c + 1}: {ebfmi[c]:0.00}"));
        }

        figure.Note("E-BFMI " + string.Join(", ", parts) + (ebfmi.ToArray().Any(e => e < 0.3) ? " (below 0.3: poor exploration of the energy levels)" : " (all above 0.3)"));
        var marginal = new List<double>();
        var transitions = new List<double>();
        for (int c = 0; c < fit.Chains; c++)
        {
            ReadOnlySpan<double> energy = fit.Statistics.OfChain(fit.Statistics.Energy, c);
            double mean = 0;
            foreach (double e in energy)
            {
                mean += e / energy.Length;
            }

            for (int i = 0; i < energy.Length; i++)
            {
                marginal.Add(energy[i] - mean);
                if (i > 0)
                {
                    transitions.Add(energy[i] - energy[i - 1]);
                }
            }
        }

        Plot plot = Style.Panel("Marginal energy and energy transitions", "energy (centred per chain)", "density");
        double lo = Math.Min(marginal.Min(), transitions.DefaultIfEmpty(0).Min());
        double hi = Math.Max(marginal.Max(), transitions.DefaultIfEmpty(0).Max());
        var marginalBars = Histogram(plot, [.. marginal], 40, Color.FromHex("#1f77b4").WithAlpha(0.55), lo, hi);
        marginalBars.LegendText = "marginal energy E − mean";
        var transitionBars = Histogram(plot, [.. transitions], 40, Color.FromHex("#ff7f0e").WithAlpha(0.55), lo, hi);
        transitionBars.LegendText = "energy transition ΔE";
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0);
        figure.PlaceInGrid(plot, 0, 0, 1, 1);
        return figure;
    }

    /// <summary>Autocorrelation of one chain at lags 0 … <paramref name="maxLag"/> (biased estimator: divided by n at every lag, as ArviZ).</summary>
    internal static double[] Autocorrelation(double[] chain, int maxLag)
    {
        int n = chain.Length;
        double mean = chain.Average();
        var centred = new double[n];
        for (int i = 0; i < n; i++)
        {
            centred[i] = chain[i] - mean;
        }

        double variance = centred.Sum(v => v * v);
        var result = new double[maxLag + 1];
        for (int lag = 0; lag <= maxLag; lag++)
        {
            double sum = 0;
            for (int i = 0; i + lag < n; i++)
            {
                sum += centred[i] * centred[i + lag];
            }

            result[lag] = variance > 0 ? sum / variance : (lag == 0 ? 1 : 0);
        }

        return result;
    }

    /// <summary>Per chain, how many of its draws fall in each of <paramref name="bins"/> equal bins of the ranks over every chain.</summary>
    internal static int[][] RankCounts(double[][] chains, int bins)
    {
        int n = chains[0].Length;
        int total = chains.Length * n;
        var order = new int[total];
        var keys = new double[total];
        for (int c = 0; c < chains.Length; c++)
        {
            for (int i = 0; i < n; i++)
            {
                keys[(c * n) + i] = chains[c][i];
                order[(c * n) + i] = (c * n) + i;
            }
        }

        Array.Sort(keys, order);
        var counts = new int[chains.Length][];
        for (int c = 0; c < chains.Length; c++)
        {
            counts[c] = new int[bins];
        }

        for (int rank = 0; rank < total; rank++)
        {
            int bin = Math.Min(bins - 1, (int)((long)rank * bins / total));
            counts[order[rank] / n][bin]++;
        }

        return counts;
    }

    /// <summary>A density-scaled histogram of <paramref name="values"/> as bars.</summary>
    private static ScottPlot.Plottables.BarPlot Histogram(Plot plot, double[] values, int bins, Color colour, double? lo = null, double? hi = null)
    {
        double min = lo ?? values.Min(), max = hi ?? values.Max();
        if (!(max > min))
        {
            max = min + 1;
        }

        double width = (max - min) / bins;
        var counts = new double[bins];
        foreach (double v in values)
        {
            counts[Math.Clamp((int)((v - min) / width), 0, bins - 1)]++;
        }

        var bars = new List<Bar>(bins);
        for (int b = 0; b < bins; b++)
        {
            bars.Add(new Bar { Position = min + ((b + 0.5) * width), Value = counts[b] / (values.Length * width), Size = width, FillColor = colour, LineWidth = 0 });
        }

        return plot.Add.Bars(bars);
    }

    private static string ChainName(int chain) => "chain " + (chain + 1).ToString(CultureInfo.InvariantCulture);

    private static string Chains<T>(NutsFit<T> fit)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        string.Create(CultureInfo.InvariantCulture, $"NUTS, {fit.Chains} chains × {fit.DrawsPerChain} draws");

    private static void NoteDivergences<T>(NutsFit<T> fit, Figure figure)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (fit.Divergences > 0)
        {
            figure.Note(string.Create(CultureInfo.InvariantCulture, $"{fit.Divergences} divergent transition{(fit.Divergences == 1 ? string.Empty : "s")} after warm-up (marked in red): the draws may be biased."));
        }
    }
}
