using System.Globalization;
using System.Text;

namespace ModelGen.Diagnostics;

/// <summary>A summed estimate and its standard error √N · sd(pointwise), as loo's <c>estimates</c> table.</summary>
/// <param name="Value">The sum over observations.</param>
/// <param name="StandardError">√N times the sample standard deviation of the pointwise values.</param>
public readonly record struct ElpdEstimate(double Value, double StandardError);

/// <summary>
/// An estimate of the expected log pointwise predictive density (elpd) from a log-likelihood matrix: PSIS-LOO
/// (<see cref="LooResult"/>) or WAIC (<see cref="WaicResult"/>). The pointwise values are kept, so fits can be
/// compared (<see cref="Loo.Compare"/>) and stacked (<see cref="Loo.StackingWeights"/>).
/// </summary>
public abstract class ElpdResult
{
    private protected ElpdResult(string criterion, int draws, double[] elpd, double[] effectiveParameters)
    {
        Criterion = criterion;
        Draws = draws;
        PointwiseElpd = elpd;
        PointwiseEffectiveParameters = effectiveParameters;
        double[] ic = Array.ConvertAll(elpd, e => -2 * e);
        PointwiseInformationCriterion = ic;
        Elpd = Estimate(elpd);
        EffectiveParameters = Estimate(effectiveParameters);
        InformationCriterion = Estimate(ic);
    }

    /// <summary>"loo" or "waic": the names of the rows, elpd_loo / p_loo / looic or elpd_waic / p_waic / waic.</summary>
    public string Criterion { get; }

    /// <summary>S, the draws the matrix had.</summary>
    public int Draws { get; }

    /// <summary>N, the observations.</summary>
    public int Observations => PointwiseElpd.Count;

    /// <summary>elpd_loo or elpd_waic: the sum of <see cref="PointwiseElpd"/>, with its standard error.</summary>
    public ElpdEstimate Elpd { get; }

    /// <summary>p_loo or p_waic, the effective number of parameters.</summary>
    public ElpdEstimate EffectiveParameters { get; }

    /// <summary>looic or waic: −2 elpd, the deviance scale.</summary>
    public ElpdEstimate InformationCriterion { get; }

    /// <summary>The elpd of each observation.</summary>
    public IReadOnlyList<double> PointwiseElpd { get; }

    /// <summary>The effective number of parameters of each observation.</summary>
    public IReadOnlyList<double> PointwiseEffectiveParameters { get; }

    /// <summary>−2 × <see cref="PointwiseElpd"/>.</summary>
    public IReadOnlyList<double> PointwiseInformationCriterion { get; }

    /// <summary>The estimates block as loo prints it (one decimal by default).</summary>
    public override string ToString() => ToString(1);

    /// <summary>The printout of loo's <c>print()</c> for this object, with <paramref name="digits"/> decimals.</summary>
    public virtual string ToString(int digits)
    {
        var text = new StringBuilder();
        text.Append('\n').Append(CultureInfo.InvariantCulture, $"Computed from {Draws} by {Observations} log-likelihood matrix\n").Append('\n');
        string[] rows = [$"elpd_{Criterion}", $"p_{Criterion}", Criterion == "loo" ? "looic" : "waic"];
        ElpdEstimate[] values = [Elpd, EffectiveParameters, InformationCriterion];
        RTable.Append(text, rows, ["Estimate", "SE"], [values.Select(v => v.Value).ToArray(), values.Select(v => v.StandardError).ToArray()], digits);
        return text.ToString();
    }

    private static ElpdEstimate Estimate(double[] pointwise)
    {
        double sum = 0;
        foreach (double v in pointwise)
        {
            sum += v;
        }

        return new ElpdEstimate(sum, Math.Sqrt(pointwise.Length * Loo.SampleVariance(pointwise)));
    }
}

/// <summary>Formats numbers the way R prints a data frame or matrix of <c>format(round(x, digits), nsmall = digits)</c>.</summary>
internal static class RTable
{
    /// <summary>Rows named <paramref name="rows"/>, columns <paramref name="columns"/> (values column by column); names left-aligned, columns right-aligned.</summary>
    public static void Append(StringBuilder text, IReadOnlyList<string> rows, IReadOnlyList<string> columns, IReadOnlyList<double[]> values, int digits)
    {
        int nameWidth = rows.Max(r => r.Length);
        var cells = new string[columns.Count][];
        var widths = new int[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            cells[c] = values[c].Select(v => Number(v, digits)).ToArray();
            int cellWidth = cells[c].Max(s => s.Length);
            cells[c] = cells[c].Select(s => s.PadLeft(cellWidth)).ToArray();
            widths[c] = Math.Max(cellWidth, columns[c].Length);
        }

        text.Append(new string(' ', nameWidth));
        for (int c = 0; c < columns.Count; c++)
        {
            text.Append(' ').Append(columns[c].PadLeft(widths[c]));
        }

        text.Append('\n');
        for (int r = 0; r < rows.Count; r++)
        {
            text.Append(rows[r].PadRight(nameWidth));
            for (int c = 0; c < columns.Count; c++)
            {
                text.Append(' ').Append(cells[c][r].PadLeft(widths[c]));
            }

            text.Append('\n');
        }
    }

    /// <summary>round(x, digits) printed with exactly <paramref name="digits"/> decimals; NA for NaN, as R.</summary>
    public static string Number(double value, int digits)
    {
        if (double.IsNaN(value))
        {
            return "NA";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Inf" : "-Inf";
        }

        double rounded = Math.Round(value, digits, MidpointRounding.ToEven);
        string s = rounded.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.StartsWith("-0", StringComparison.Ordinal) && rounded == 0 ? s[1..] : s;
    }
}
