using ModelGen.Diagnostics;

namespace ModelGen.Sampling;

/// <summary>
/// Summary of one scalar quantity over every chain, with posterior's convergence diagnostics: the columns of
/// CmdStan's <c>stansummary</c> and posterior's <c>summarise_draws</c>.
/// </summary>
/// <param name="Name">The quantity, e.g. <c>Hidden1.Weights[0,1]</c> or <c>lp__</c>.</param>
/// <param name="Mean">Mean over every draw of every chain.</param>
/// <param name="StandardDeviation">Sample standard deviation over every draw.</param>
/// <param name="Q5">5 % quantile (R's type 7).</param>
/// <param name="Q50">Median.</param>
/// <param name="Q95">95 % quantile.</param>
/// <param name="McseMean">Monte Carlo standard error of the mean.</param>
/// <param name="EssBulk">Bulk effective sample size.</param>
/// <param name="EssTail">Tail effective sample size.</param>
/// <param name="Rhat">Rank-normalised split R-hat.</param>
public readonly record struct NutsSummary(string Name, double Mean, double StandardDeviation, double Q5, double Q50, double Q95, double McseMean, double EssBulk, double EssTail, double Rhat)
{
    /// <summary>Summarises <paramref name="chains"/> (one array of draws per chain).</summary>
    public static NutsSummary Of(string name, IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var all = new List<double>();
        foreach (double[] chain in chains)
        {
            all.AddRange(chain);
        }

        double[] sorted = [.. all];
        Array.Sort(sorted);
        double mean = sorted.Average();
        double sumSquares = 0;
        foreach (double v in sorted)
        {
            sumSquares += (v - mean) * (v - mean);
        }

        double sd = Math.Sqrt(sumSquares / (sorted.Length - 1));
        return new NutsSummary(
            name,
            mean,
            sd,
            Convergence.SortedQuantile(sorted, 0.05),
            Convergence.SortedQuantile(sorted, 0.5),
            Convergence.SortedQuantile(sorted, 0.95),
            Convergence.McseMean(chains),
            Convergence.EssBulk(chains),
            Convergence.EssTail(chains),
            Convergence.Rhat(chains));
    }
}
