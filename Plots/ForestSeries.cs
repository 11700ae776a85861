using System.Numerics;
using ModelGen.Diagnostics;
using ModelGen.Draws;
using ModelGen.Sampling;

namespace ModelGen.Plots;

/// <summary>One row of a forest plot: a scalar's mean, 50 % and 90 % intervals, and (for a fit with chains) R-hat and bulk ESS.</summary>
/// <param name="Name">The scalar's name, e.g. "Theta[3]".</param>
/// <param name="Mean">Posterior mean.</param>
/// <param name="Q5">5 % quantile.</param>
/// <param name="Q25">25 % quantile.</param>
/// <param name="Q75">75 % quantile.</param>
/// <param name="Q95">95 % quantile.</param>
/// <param name="Rhat">Rank-normalised split R-hat; NaN for draws without chains.</param>
/// <param name="EssBulk">Bulk effective sample size; NaN for draws without chains.</param>
public readonly record struct ForestRow(string Name, double Mean, double Q5, double Q25, double Q75, double Q95, double Rhat, double EssBulk);

/// <summary>One fit's rows in a forest plot (<see cref="FitPlots.ForestPlot(IReadOnlyList{ForestSeries}, IEnumerable{string}?)"/>), in layout order.</summary>
public sealed class ForestSeries
{
    private ForestSeries(string label, ModelInfo info, IReadOnlyList<ForestRow> rows, bool hasChains)
    {
        Label = label;
        Info = info;
        Rows = rows;
        HasChains = hasChains;
    }

    /// <summary>The fit's name in the legend, e.g. "NUTS".</summary>
    public string Label { get; }

    /// <summary>The model's layout.</summary>
    public ModelInfo Info { get; }

    /// <summary>One row per scalar, in the flat parameter order.</summary>
    public IReadOnlyList<ForestRow> Rows { get; }

    /// <summary>Whether the rows carry R-hat and ESS (a fit with chains).</summary>
    public bool HasChains { get; }

    /// <summary>The rows of a NUTS fit: summaries over every chain (<see cref="NutsSummary"/>), with R-hat and bulk ESS.</summary>
    public static ForestSeries Of<T>(NutsFit<T> fit, string label = "NUTS")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Of(fit, fit.Summarize(), label);
    }

    /// <summary>As <see cref="Of{T}(NutsFit{T}, string)"/>, from the fit's summaries already computed (a report has them).</summary>
    internal static ForestSeries Of<T>(NutsFit<T> fit, IReadOnlyList<NutsSummary> summaries, string label = "NUTS")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = new ForestRow[summaries.Count];
        for (int p = 0; p < rows.Length; p++)
        {
            NutsSummary s = summaries[p];
            double[][] chains = fit.ChainsOf(p);
            rows[p] = new ForestRow(s.Name, s.Mean, s.Q5, Convergence.Quantile(chains, 0.25), Convergence.Quantile(chains, 0.75), s.Q95, s.Rhat, s.EssBulk);
        }

        return new ForestSeries(label, fit.Draws.Info, rows, hasChains: true);
    }

    /// <summary>The rows of independent draws (an ADVI or Pathfinder fit's): mean and quantiles, no R-hat or ESS.</summary>
    public static ForestSeries Of<T>(Draws<T> draws, string label = "ADVI")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(draws);
        var rows = new ForestRow[draws.Dimension];
        var column = new double[draws.Count];
        foreach (ParameterBlock block in draws.Info.Parameters)
        {
            for (int i = 0; i < block.Length; i++)
            {
                int p = block.Offset + i;
                for (int k = 0; k < column.Length; k++)
                {
                    column[k] = double.CreateChecked(draws[k, p]);
                }

                ParameterSummary s = ParameterSummary.Of(block.ElementName(i), column);

                // Of sorted the column in place.
                rows[p] = new ForestRow(s.Name, s.Mean, s.Q5, ParameterSummary.Quantile(column, 0.25), ParameterSummary.Quantile(column, 0.75), s.Q95, double.NaN, double.NaN);
            }
        }

        return new ForestSeries(label, draws.Info, rows, hasChains: false);
    }
}
