using System.Globalization;
using System.Text;

namespace ModelGen.Diagnostics;

/// <summary>
/// PSIS-LOO (Vehtari, Gelman and Gabry 2017): leave-one-out cross-validation estimated from one fit by Pareto
/// smoothed importance sampling, as loo's <c>loo()</c> (2.5.1) computes and prints it.
/// </summary>
public sealed class LooResult : ElpdResult
{
    internal LooResult(int draws, double[] elpd, double[] pLoo, double[] mcse, ParetoK[] k, double[] nEff, double[] rEff, bool approximatePosterior)
        : base("loo", draws, elpd, pLoo)
    {
        PointwiseMcse = mcse;
        ParetoK = k;
        EffectiveSampleSizes = nEff;
        RelativeEfficiencies = rEff;
        IsApproximatePosterior = approximatePosterior;
        double sum = 0;
        bool bad = false;
        for (int i = 0; i < k.Length; i++)
        {
            sum += mcse[i] * mcse[i];
            bad |= k[i].K > 0.7;
        }

        // loo's mcse_loo: NA as soon as one k̂ exceeds 0.7, since the estimate's error is then not known.
        McseElpd = bad ? double.NaN : Math.Sqrt(sum);
    }

    /// <summary>The Pareto k̂ of each observation's importance ratios (its influence: high k̂ marks an observation the fit leans on).</summary>
    public IReadOnlyList<ParetoK> ParetoK { get; }

    /// <summary>PSIS effective sample size of each observation's weights, r_eff / Σ w̃²  (loo's <c>n_eff</c>).</summary>
    public IReadOnlyList<double> EffectiveSampleSizes { get; }

    /// <summary>r_eff of each observation (<see cref="Loo.RelativeEfficiency"/>; 1 for independent draws).</summary>
    public IReadOnlyList<double> RelativeEfficiencies { get; }

    /// <summary>The Monte Carlo standard error of each observation's elpd (loo's <c>mcse_elpd_loo</c>).</summary>
    public IReadOnlyList<double> PointwiseMcse { get; }

    /// <summary>√Σ mcse²: the Monte Carlo standard error of elpd_loo; NaN (loo's NA) when a k̂ exceeds 0.7.</summary>
    public double McseElpd { get; }

    /// <summary>
    /// Whether the draws came from an approximation (ADVI, Pathfinder) and the ratios were corrected by log p − log g
    /// (loo's <c>loo_approximate_posterior</c>).
    /// </summary>
    public bool IsApproximatePosterior { get; }

    /// <summary>How many observations fall in each of loo 2.5's fixed bins (good ≤ 0.5 &lt; ok ≤ 0.7 &lt; bad ≤ 1 &lt; very bad), in that order.</summary>
    public IReadOnlyList<int> ParetoKCounts
    {
        get
        {
            var counts = new int[4];
            foreach (ParetoK k in ParetoK)
            {
                counts[(int)k.Reading]++;
            }

            return counts;
        }
    }

    /// <summary>min(1 − 1/log₁₀ S, 0.7), the sample-size-dependent threshold of Vehtari et al. (2024) for these S draws.</summary>
    public double ParetoKThreshold => Psis.Threshold(Draws);

    /// <summary>Observations whose k̂ exceeds <see cref="ParetoKThreshold"/>: their LOO estimate is not reliable at this many draws.</summary>
    public IReadOnlyList<int> UnreliableObservations => Enumerable.Range(0, Observations).Where(i => !ParetoK[i].IsReliable).ToArray();

    /// <summary>loo's printout (<c>print.psis_loo</c>, or <c>print.psis_loo_ap</c> for an approximate posterior), then one line on the sample-size-dependent threshold.</summary>
    public override string ToString(int digits)
    {
        var text = new StringBuilder(base.ToString(digits));
        text.Append("------\n");
        if (IsApproximatePosterior)
        {
            text.Append("Posterior approximation correction used.\n");
        }

        text.Append("Monte Carlo SE of elpd_loo is ").Append(RTable.Number(McseElpd, digits)).Append(".\n");
        IReadOnlyList<int> counts = ParetoKCounts;
        if (counts[1] + counts[2] + counts[3] > 0)
        {
            text.Append('\n');
        }

        AppendParetoKTable(text, counts, digits);
        text.Append("See help('pareto-k-diagnostic') for details.\n");
        int unreliable = UnreliableObservations.Count;
        text.Append(CultureInfo.InvariantCulture, $"Sample-size-dependent k̂ threshold for S = {Draws} draws (Vehtari et al. 2024): {ParetoKThreshold:F2}; {unreliable} of {Observations} observations above it.\n");
        return text.ToString();
    }

    private void AppendParetoKTable(StringBuilder text, IReadOnlyList<int> counts, int digits)
    {
        if (counts[1] + counts[2] + counts[3] == 0)
        {
            text.Append("\nAll Pareto k estimates are good (k < 0.5).\n");
            return;
        }

        // R prints a character matrix left-aligned (quote = FALSE), its row names right-justified.
        string[] rowNames = ["(-Inf, 0.5]", "(0.5, 0.7]", "(0.7, 1]", "(1, Inf)"];
        string[] labels = ["(good)", "(ok)", "(bad)", "(very bad)"];
        string[][] columns =
        [
            ["", "", "", ""],
            labels,
            counts.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray(),
            counts.Select(c => RTable.Number(100.0 * c / Observations, digits) + "%").ToArray(),
            Enumerable.Range(0, 4).Select(bin => MinimumEffectiveSampleSize(bin)).ToArray(),
        ];

        // format() pads the counts to one width, right-justified, before print left-aligns the column.
        int countWidth = columns[2].Max(s => s.Length);
        columns[2] = columns[2].Select(s => s.PadLeft(countWidth)).ToArray();
        int percentWidth = columns[3].Max(s => s.Length);
        columns[3] = columns[3].Select(s => s.PadLeft(percentWidth)).ToArray();
        string[] headers = [" ", " ", "Count", "Pct.   ", "Min. n_eff"];
        int nameWidth = rowNames.Max(r => r.Length);
        text.Append("Pareto k diagnostic values:\n");
        text.Append(new string(' ', nameWidth));
        var widths = new int[headers.Length];
        for (int c = 0; c < headers.Length; c++)
        {
            widths[c] = Math.Max(headers[c].Length, columns[c].Max(s => s.Length));
            text.Append(' ').Append(headers[c].PadRight(widths[c]));
        }

        text.Append('\n');
        for (int r = 0; r < 4; r++)
        {
            text.Append(rowNames[r].PadLeft(nameWidth));
            for (int c = 0; c < headers.Length; c++)
            {
                text.Append(' ').Append(columns[c][r].PadRight(widths[c]));
            }

            text.Append('\n');
        }

        if (counts[2] + counts[3] == 0)
        {
            text.Append("\nAll Pareto k estimates are ok (k < 0.7).\n");
        }
    }

    private string MinimumEffectiveSampleSize(int bin)
    {
        double min = double.PositiveInfinity;
        for (int i = 0; i < Observations; i++)
        {
            if ((int)ParetoK[i].Reading == bin)
            {
                min = Math.Min(min, EffectiveSampleSizes[i]);
            }
        }

        return double.IsPositiveInfinity(min) ? "<NA>" : Math.Round(min, MidpointRounding.ToEven).ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>WAIC (Watanabe 2010) as loo's <c>waic()</c> computes it: lpd − Σ Var_s(log p(yᵢ | θˢ)).</summary>
public sealed class WaicResult : ElpdResult
{
    internal WaicResult(int draws, double[] elpd, double[] pWaic)
        : base("waic", draws, elpd, pWaic)
    {
    }

    /// <summary>Observations whose p_waic exceeds 0.4, where loo advises PSIS-LOO instead of WAIC.</summary>
    public IReadOnlyList<int> LargeEffectiveParameters => Enumerable.Range(0, Observations).Where(i => PointwiseEffectiveParameters[i] > 0.4).ToArray();

    /// <summary>loo's printout, with its p_waic warning when one applies.</summary>
    public override string ToString(int digits)
    {
        var text = new StringBuilder(base.ToString(digits));
        int large = LargeEffectiveParameters.Count;
        if (large > 0)
        {
            string percent = RTable.Number(100.0 * large / Observations, digits);
            text.Append(CultureInfo.InvariantCulture, $"\n{large} ({percent}%) p_waic estimates greater than 0.4. We recommend trying loo instead. \n");
        }

        return text.ToString();
    }
}
