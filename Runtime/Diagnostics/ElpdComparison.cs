using System.Text;

namespace ModelGen.Diagnostics;

/// <summary>One fit in an <see cref="ElpdComparison"/>: its elpd difference from the best fit and that difference's standard error.</summary>
/// <param name="Name">The fit's name, as given to <see cref="Loo.Compare"/>.</param>
/// <param name="ElpdDifference">elpd of this fit minus the best fit's (0 for the best, negative for the rest).</param>
/// <param name="StandardError">√N · sd of the pointwise differences (0 for the best).</param>
/// <param name="Result">The fit's own estimates.</param>
public sealed record ElpdComparisonRow(string Name, double ElpdDifference, double StandardError, ElpdResult Result);

/// <summary>Fits of the same data ranked by elpd, best first, as loo's <c>loo_compare</c>.</summary>
public sealed class ElpdComparison
{
    internal ElpdComparison(IReadOnlyList<ElpdComparisonRow> rows) => Rows = rows;

    /// <summary>The fits, best first.</summary>
    public IReadOnlyList<ElpdComparisonRow> Rows { get; }

    /// <summary>loo's <c>print(loo_compare(…))</c>: elpd_diff and se_diff, one decimal.</summary>
    public override string ToString() => ToString(1, simplify: true);

    /// <summary>
    /// loo's printout with <paramref name="digits"/> decimals; <paramref name="simplify"/> false adds the columns
    /// elpd, se_elpd, p, se_p, ic, se_ic of each fit, as <c>print(…, simplify = FALSE)</c>.
    /// </summary>
    public string ToString(int digits, bool simplify)
    {
        string c = Rows[0].Result.Criterion;
        string ic = c == "loo" ? "looic" : "waic";
        var columns = new List<(string Name, Func<ElpdComparisonRow, double> Value)>
        {
            ("elpd_diff", r => r.ElpdDifference),
            ("se_diff", r => r.StandardError),
        };
        if (!simplify)
        {
            columns.Add(($"elpd_{c}", r => r.Result.Elpd.Value));
            columns.Add(($"se_elpd_{c}", r => r.Result.Elpd.StandardError));
            columns.Add(($"p_{c}", r => r.Result.EffectiveParameters.Value));
            columns.Add(($"se_p_{c}", r => r.Result.EffectiveParameters.StandardError));
            columns.Add((ic, r => r.Result.InformationCriterion.Value));
            columns.Add(($"se_{ic}", r => r.Result.InformationCriterion.StandardError));
        }

        // R formats the whole matrix to one width (format() of a numeric matrix), then prints it left-aligned.
        string[][] cells = columns.Select(col => Rows.Select(r => RTable.Number(col.Value(r), digits)).ToArray()).ToArray();
        int width = cells.SelectMany(x => x).Max(s => s.Length);
        int nameWidth = Rows.Max(r => r.Name.Length);
        var text = new StringBuilder();
        text.Append(new string(' ', nameWidth));
        var widths = new int[columns.Count];
        for (int k = 0; k < columns.Count; k++)
        {
            widths[k] = Math.Max(width, columns[k].Name.Length);
            text.Append(' ').Append(columns[k].Name.PadRight(widths[k]));
        }

        text.Append('\n');
        for (int r = 0; r < Rows.Count; r++)
        {
            text.Append(Rows[r].Name.PadRight(nameWidth));
            for (int k = 0; k < columns.Count; k++)
            {
                text.Append(' ').Append(cells[k][r].PadLeft(width).PadRight(widths[k]));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
