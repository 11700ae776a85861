using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using ModelGen.Draws;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Sampling;

namespace ModelGen.Plots;

/// <summary>
/// <c>fit.Report(path)</c>: one self-contained HTML file a person reads after a fit — the model's parameter blocks and
/// priors, the fit's settings and timings, warnings in words, the summary table and the diagnostic plots, every image
/// embedded as a PNG data URI, with no script, no style sheet or font fetched and no link that leaves the file.
/// </summary>
public static class FitReport
{
    /// <summary>R-hat above this marks a row (Vehtari et al. 2021's recommendation).</summary>
    public const double RhatLimit = 1.01;

    /// <summary>Bulk or tail ESS below this marks a row (100 per chain for 4 chains, as Stan's summaries flag it).</summary>
    public const double EssLimit = 400;

    /// <summary>A NUTS report draws trace and rank plots of every parameter up to this many, of the first this many beyond.</summary>
    public const int PlottedParameters = 100;

    /// <summary>Parameters in one trace or rank figure of a report (a larger model gets several figures of each).</summary>
    public const int ParametersPerFigure = 10;

    /// <summary>
    /// The height in pixels of a trace row when a report splits the traces into several figures (a model of more than
    /// <see cref="ParametersPerFigure"/> parameters), against 150 in a plot of its own: a fifth fewer pixels to draw and encode.
    /// </summary>
    public const int SplitTraceRowHeight = 120;

    /// <summary>Writes the report of a NUTS fit to <paramref name="path"/> (atomically) and returns the path.</summary>
    /// <param name="fit">The fit.</param>
    /// <param name="path">The HTML file to write.</param>
    /// <param name="samplePrior">The model's <c>SamplePrior</c>, to overlay the priors on the posterior densities; null for none.</param>
    public static string Report<T>(this NutsFit<T> fit, string path, PriorSampler<T>? samplePrior = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        // fit.Summarize(), one parameter to a thread: R-hat and the ESSs of a large model are a third of its report's work.
        IReadOnlyList<Scalar> scalars = Selection.Resolve(fit.Draws.Info, null, int.MaxValue);
        var summary = new NutsSummary[scalars.Count];
        Parallel.For(0, scalars.Count, i => summary[i] = NutsSummary.Of(scalars[i].Name, fit.ChainsOf(scalars[i].Index)));
        var warnings = new List<string>(fit.Warnings());
        NutsSummary[] poor = summary.Where(r => r.Rhat > RhatLimit || r.EssBulk < EssLimit || r.EssTail < EssLimit).ToArray();
        if (poor.Length > 0)
        {
            // One line for all of them, worst R-hat first: a long model's report should not open with a page of warnings.
            string list = string.Join("; ", poor.OrderByDescending(r => r.Rhat).Take(8).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name} (R-hat {r.Rhat:0.000}, bulk ESS {r.EssBulk:0}, tail ESS {r.EssTail:0})")));
            string more = poor.Length > 8 ? Invariant($"; and {poor.Length - 8} more, shaded in the summary") : string.Empty;
            warnings.Add(Invariant($"{poor.Length} of {summary.Length} parameters: the chains have not mixed well enough to trust their summaries (R-hat ≤ {RhatLimit} and ESS ≥ {EssLimit} wanted): {list}{more}. Run longer or reparameterise."));
        }

        var settings = new List<(string, string)>
        {
            ("method", "NUTS (Stan's No-U-Turn sampler with its warm-up)"),
            ("chains × (warm-up + draws)", Invariant($"{fit.Chains} × ({fit.Warmup} + {fit.DrawsPerChain})")),
            ("seed", Invariant($"{fit.Seed}")),
            ("step sizes", string.Join(", ", fit.StepSizes.ToArray().Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))),
            ("divergences", Invariant($"{fit.Divergences}")),
            ("maximum tree depth reached", Invariant($"{fit.TreeDepthSaturations} times (depth {fit.MaxTreeDepth})")),
            ("E-BFMI per chain", string.Join(", ", fit.Ebfmi.ToArray().Select(e => e.ToString("0.00", CultureInfo.InvariantCulture)))),
            ("gradients", Invariant($"{fit.WarmupLeapfrogs + fit.Leapfrogs:N0} ({fit.WarmupLeapfrogs:N0} in warm-up)")),
            ("wall time", Invariant($"{fit.Elapsed.TotalSeconds:0.00} s")),
        };
        var columns = new[] { "parameter", "mean", "sd", "5 %", "50 %", "95 %", "MCSE", "bulk ESS", "tail ESS", "R-hat" };
        IEnumerable<string[]> rows = summary.Select(r => new[]
        {
            r.Name, Number(r.Mean), Number(r.StandardDeviation), Number(r.Q5), Number(r.Q50), Number(r.Q95), Number(r.McseMean),
            r.EssBulk.ToString("0", CultureInfo.InvariantCulture), r.EssTail.ToString("0", CultureInfo.InvariantCulture), r.Rhat.ToString("0.000", CultureInfo.InvariantCulture),
        });
        var flagged = new HashSet<int>(summary.Select((r, i) => (r, i)).Where(p => p.r.Rhat > RhatLimit || p.r.EssBulk < EssLimit || p.r.EssTail < EssLimit).Select(p => p.i));

        // Trace and rank plots of every parameter (up to PlottedParameters), ParametersPerFigure to a figure; the other
        // plots with their own defaults. Drawn in parallel, in this order.
        var figures = new List<Func<Figure>>();
        string[][] groups = Groups(scalars, out string? leftOut);
        figures.AddRange(groups.Select((g, i) => (Func<Figure>)(() => Part(fit.TracePlot(g), i, groups, leftOut, SplitTraceRowHeight))));
        figures.AddRange(groups.Select((g, i) => (Func<Figure>)(() => Part(fit.RankPlot(g), i, groups, leftOut, null))));
        figures.Add(() => FitPlots.ForestPlot([ForestSeries.Of(fit, summary)]));
        figures.Add(() => fit.DensityPlot(samplePrior));
        figures.Add(() => fit.PairPlot());
        figures.Add(() => fit.AutocorrelationPlot());
        figures.Add(fit.EnergyPlot);
        return Write(path, fit.Draws.Info, settings, warnings, columns, rows, flagged, figures);
    }

    /// <summary>Writes the report of an ADVI fit to <paramref name="path"/> (atomically) and returns the path.</summary>
    /// <param name="fit">The fit.</param>
    /// <param name="path">The HTML file to write.</param>
    /// <param name="samplePrior">The model's <c>SamplePrior</c>, to overlay the priors on the posterior densities; null for none.</param>
    /// <param name="draws">Draws from the approximation for the summary and the plots.</param>
    /// <param name="seed">Their seed.</param>
    public static string Report<T>(this AdviFit<T> fit, string path, PriorSampler<T>? samplePrior = null, int draws = 4_000, ulong seed = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2);
        Draws<T> sample = fit.Sample(draws, seed);
        IReadOnlyList<ParameterSummary> summary = sample.Summarize();
        var warnings = new List<string>();
        if (fit.StopReason != StopReason.Converged)
        {
            warnings.Add(Invariant($"The fit stopped by {fit.StopReason} after {fit.Iterations} iterations, not by convergence: check the ELBO curve below before using it."));
        }

        if (fit.ParetoK is { } k && !k.IsReliable)
        {
            warnings.Add(k.ToString());
        }

        if (!string.IsNullOrEmpty(fit.Message) && fit.StopReason != StopReason.Converged)
        {
            warnings.Add(fit.Message); // a stop other than convergence says in words what it means
        }

        warnings.Add("ADVI's draws come from its approximation, not from the posterior: mean-field underestimates the sds where parameters are correlated. Check a fit you rely on with NUTS.");
        var settings = new List<(string, string)>
        {
            ("method", Invariant($"ADVI, {fit.Family}")),
            ("iterations", Invariant($"{fit.Iterations:N0} (stopped: {fit.StopReason})")),
            ("how it stopped", string.IsNullOrEmpty(fit.Message) ? "—" : fit.Message),
            ("seed", Invariant($"{fit.Seed}")),
            ("Pareto k̂", fit.ParetoK is { } p ? p.ToString() : "not estimated"),
            ("wall time", Invariant($"{fit.Elapsed.TotalSeconds:0.00} s (ELBO estimates {fit.ElboElapsed.TotalSeconds:0.00} s)")),
            ("draws summarised", Invariant($"{draws:N0} (seed {seed})")),
        };
        var columns = new[] { "parameter", "mean", "sd", "5 %", "50 %", "95 %" };
        IEnumerable<string[]> rows = summary.Select(r => new[] { r.Name, Number(r.Mean), Number(r.StandardDeviation), Number(r.Q5), Number(r.Q50), Number(r.Q95) });
        var figures = new List<Func<Figure>>
        {
            fit.ElboPlot,
            () => FitPlots.ForestPlot([ForestSeries.Of(sample, "ADVI")]),
            () => fit.DensityPlot(samplePrior),
            () => sample.TracePlot(),
        };
        return Write(path, fit.Info, settings, warnings, columns, rows, new HashSet<int>(), figures);
    }

    /// <summary>
    /// The parameters a NUTS report draws trace and rank plots of, <see cref="ParametersPerFigure"/> to a figure: all of
    /// them up to <see cref="PlottedParameters"/>, else the first that many (<paramref name="leftOut"/> says so).
    /// </summary>
    private static string[][] Groups(IReadOnlyList<Scalar> scalars, out string? leftOut)
    {
        string[] names = [.. scalars.Select(s => s.Name)];
        leftOut = names.Length > PlottedParameters
            ? Invariant($"Trace and rank plots of the first {PlottedParameters} of {names.Length} parameters; the summary has them all, and fit.TracePlot(names) draws any others.")
            : null;
        return [.. names.Take(PlottedParameters).Chunk(ParametersPerFigure)];
    }

    /// <summary>
    /// Notes which part of the parameters a figure of a split trace or rank plot holds; when split, a figure with a row
    /// per parameter draws its rows <paramref name="rowHeight"/> pixels tall.
    /// </summary>
    private static Figure Part(Figure figure, int index, string[][] groups, string? leftOut, int? rowHeight)
    {
        if (groups.Length > 1 || leftOut is not null)
        {
            if (rowHeight is { } height)
            {
                figure.BodyHeight = height * groups[index].Length;
            }

            int first = (index * ParametersPerFigure) + 1;
            int total = groups.Sum(g => g.Length);
            figure.Note(Invariant($"Parameters {first}–{first + groups[index].Length - 1} of the {total} drawn ({groups.Length} figures)."));
        }

        if (index == 0 && leftOut is not null)
        {
            figure.Note(leftOut);
        }

        return figure;
    }

    private static string Write(string path, ModelInfo info, List<(string Name, string Value)> settings, List<string> warnings, string[] columns, IEnumerable<string[]> rows, HashSet<int> flagged, List<Func<Figure>> makers)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // Each figure drawn and encoded on its own thread: a figure owns its plots and its Skia surface.
        var figures = new Figure[makers.Count];
        var pngs = new byte[makers.Count][];
        Parallel.For(0, makers.Count, i =>
        {
            figures[i] = makers[i]();
            pngs[i] = figures[i].ToPng();
        });

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Encode(info.Name)).Append(": fit report</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Encode(info.Name)).Append("</h1>\n");
        html.Append("<p class=\"lead\">").Append(Encode(settings[0].Value)).Append(" · ").Append(info.Parameters.Sum(b => b.Length).ToString(CultureInfo.InvariantCulture))
            .Append(" parameters · ").Append(Encode(info.ElementType)).Append("</p>\n");

        html.Append("<section id=\"warnings\">\n<h2>Warnings</h2>\n");
        if (warnings.Count == 0)
        {
            html.Append("<p class=\"ok\">None: no divergences, saturated trees, low E-BFMI, poor mixing or unreliable approximation were found.</p>\n");
        }
        else
        {
            html.Append("<ul class=\"warnings\">\n");
            foreach (string w in warnings)
            {
                html.Append("<li>").Append(Encode(w)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n<section id=\"model\">\n<h2>Model</h2>\n<table>\n<thead><tr><th>block</th><th>shape</th><th>θ offset</th><th>prior</th></tr></thead>\n<tbody>\n");
        foreach (ParameterBlock block in info.Parameters)
        {
            html.Append("<tr><td>").Append(Encode(block.Name)).Append("</td><td>").Append(Encode(block.Length == 1 && block.Shape.ToString() == "()" ? "scalar" : block.Shape.ToString() ?? string.Empty)).Append("</td><td class=\"n\">")
                .Append(block.Offset.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Encode(block.Prior)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n<section id=\"settings\">\n<h2>Fit</h2>\n<table>\n<tbody>\n");
        foreach ((string name, string value) in settings)
        {
            html.Append("<tr><th>").Append(Encode(name)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">\n<thead><tr>");
        foreach (string c in columns)
        {
            html.Append("<th>").Append(Encode(c)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        int index = 0;
        foreach (string[] row in rows)
        {
            html.Append(flagged.Contains(index++) ? "<tr class=\"flag\">" : "<tr>");
            for (int c = 0; c < row.Length; c++)
            {
                html.Append(c == 0 ? "<td>" : "<td class=\"n\">").Append(Encode(row[c])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n<section id=\"plots\">\n<h2>Plots</h2>\n");
        for (int f = 0; f < figures.Length; f++)
        {
            Figure figure = figures[f];
            html.Append("<figure>\n<img alt=\"").Append(Encode(Description(figure))).Append("\" width=\"").Append(figure.Width.ToString(CultureInfo.InvariantCulture))
                .Append("\" height=\"").Append(figure.Height.ToString(CultureInfo.InvariantCulture)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(pngs[f])).Append("\">\n<figcaption>").Append(Encode(figure.Title));
            foreach (string note in figure.Notes)
            {
                html.Append("<br>").Append(Encode(note));
            }

            html.Append("</figcaption>\n</figure>\n");
        }

        html.Append("</section>\n<footer>Written by ModelGen.Plots ").Append(Encode(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append(".</footer>\n</body>\n</html>\n");
        AtomicFile.WriteAllText(path, html.ToString());
        return path;
    }

    /// <summary>An image's text alternative: the figure's title and its panels' titles (the parameters it shows).</summary>
    private static string Description(Figure figure)
    {
        string[] panels = [.. figure.Panels.Select(p => p.Title).Where(t => t.Length > 0).Distinct()];
        return panels.Length == 0 ? figure.Title : figure.Title + " — " + string.Join(", ", panels);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => Math.Abs(value) is >= 1e4 or (< 1e-3 and > 0)
        ? value.ToString("0.###e0", CultureInfo.InvariantCulture)
        : value.ToString("0.####", CultureInfo.InvariantCulture);

    private const string Css = """
        body { font-family: sans-serif; margin: 2em auto; max-width: 1000px; color: #222; padding: 0 1em; }
        h1 { margin-bottom: 0.1em; } .lead { color: #555; margin-top: 0; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
        th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.7em; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.flag td { background: #fde2e1; }
        ul.warnings li { color: #a40000; margin: 0.3em 0; } p.ok { color: #1a6b1a; }
        figure { margin: 1.5em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { color: #555; font-size: 0.85em; } footer { color: #888; font-size: 0.8em; margin-top: 3em; }

        """;
}
