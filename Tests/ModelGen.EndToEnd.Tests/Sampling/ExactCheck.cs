using ModelGen.Diagnostics;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Sampling;

/// <summary>
/// Compares NUTS draws of one quantity with its exact, normal marginal: mean, sd and the 5, 50 and 95 % quantiles,
/// each within <c>z</c> Monte Carlo standard errors estimated from the draws' own ESS, and R-hat below 1.01.
/// </summary>
/// <remarks>
/// The MCSEs are posterior's: sd/√ESS_mean for the mean, mcse_sd for the sd, and for a quantile q_p the asymptotic
/// √(p(1 − p)/ESS_p) / f(q_p) with the exact density f. The caller picks z for its number of comparisons: 4 for a
/// handful; for K comparisons, Bonferroni at a family-wise 1 % gives Φ⁻¹(1 − 0.005/K) (4.26 at K = 500).
/// </remarks>
internal static class ExactCheck
{
    private static readonly (double P, double Z)[] Quantiles = [(0.05, -1.6448536269514722), (0.5, 0), (0.95, 1.6448536269514722)];

    /// <summary>The number of comparisons <see cref="Normal"/> makes per quantity (R-hat aside).</summary>
    public const int ComparisonsPerQuantity = 5;

    public static void Normal(string name, double[][] chains, double mean, double sd, double z, List<string> failures)
    {
        double[] all = chains.SelectMany(c => c).ToArray();
        double sampleMean = all.Average();
        double sampleSd = Math.Sqrt(all.Sum(v => (v - sampleMean) * (v - sampleMean)) / (all.Length - 1));
        Check(failures, name, "mean", sampleMean, mean, Convergence.McseMean(chains), z);
        Check(failures, name, "sd", sampleSd, sd, Convergence.McseSd(chains), z);
        foreach ((double p, double zp) in Quantiles)
        {
            double exact = mean + (sd * zp);
            double density = Math.Exp(-0.5 * zp * zp) / (Math.Sqrt(2 * Math.PI) * sd);
            double mcse = Math.Sqrt(p * (1 - p) / Convergence.EssQuantile(chains, p)) / density;
            Check(failures, name, $"q{p * 100:0}", Convergence.Quantile(chains, p), exact, mcse, z);
        }

        double rhat = Convergence.Rhat(chains);
        if (!(rhat < 1.01))
        {
            failures.Add($"{name}: R-hat {rhat:0.0000} is not below 1.01");
        }
    }

    /// <summary>
    /// Any exact marginal, given by its mean, sd and its 5, 50 and 95 % quantiles with the density at each (for the
    /// quantiles' MCSE).
    /// </summary>
    public static void Marginal(string name, double[][] chains, double mean, double sd, (double Q, double Density)[] quantiles, double z, List<string> failures)
    {
        double[] all = chains.SelectMany(c => c).ToArray();
        double sampleMean = all.Average();
        double sampleSd = Math.Sqrt(all.Sum(v => (v - sampleMean) * (v - sampleMean)) / (all.Length - 1));
        Check(failures, name, "mean", sampleMean, mean, Convergence.McseMean(chains), z);
        Check(failures, name, "sd", sampleSd, sd, Convergence.McseSd(chains), z);
        for (int i = 0; i < Quantiles.Length; i++)
        {
            double p = Quantiles[i].P;
            double mcse = Math.Sqrt(p * (1 - p) / Convergence.EssQuantile(chains, p)) / quantiles[i].Density;
            Check(failures, name, $"q{p * 100:0}", Convergence.Quantile(chains, p), quantiles[i].Q, mcse, z);
        }

        double rhat = Convergence.Rhat(chains);
        if (!(rhat < 1.01))
        {
            failures.Add($"{name}: R-hat {rhat:0.0000} is not below 1.01");
        }
    }

    private static void Check(List<string> failures, string name, string what, double estimate, double exact, double mcse, double z)
    {
        if (!(Math.Abs(estimate - exact) <= z * mcse))
        {
            failures.Add($"{name} {what}: {estimate:0.0000} vs exact {exact:0.0000}, {Math.Abs(estimate - exact) / mcse:0.0} MCSE (MCSE {mcse:0.0000}, limit {z})");
        }
    }
}
