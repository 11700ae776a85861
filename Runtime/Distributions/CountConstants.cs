using System.Numerics;

namespace ModelGen.Distributions;

/// <summary>
/// The parts of the count likelihoods' log densities that depend on the data alone (log y!, log C(n, y), and for a
/// fixed dispersion the negative binomial's gamma functions), summed once when rows are bound or a batch is filled,
/// so the kernels never call log Γ per row; and, for a learned dispersion, the per-row gamma terms and their derivative.
/// </summary>
public static class CountConstants
{
    /// <summary>−Σ log yᵣ!: the Poisson likelihood's constant over the first <paramref name="rows"/> counts.</summary>
    public static double Poisson<T>(ReadOnlySpan<T> counts, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T y in counts[..rows])
        {
            sum -= SpecialFunctions.LogGamma(double.CreateChecked(y) + 1);
        }

        return sum;
    }

    /// <summary>Σ log C(n, yᵣ): the binomial likelihood's constant with <paramref name="trials"/> trials per row.</summary>
    public static double Binomial<T>(ReadOnlySpan<T> counts, int rows, int trials)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double logNFactorial = SpecialFunctions.LogGamma(trials + 1.0);
        double sum = 0;
        foreach (T value in counts[..rows])
        {
            double y = double.CreateChecked(value);
            sum += logNFactorial - SpecialFunctions.LogGamma(y + 1) - SpecialFunctions.LogGamma(trials - y + 1);
        }

        return sum;
    }

    /// <summary>Σ [log Γ(yᵣ + φ) − log Γ(φ) − log yᵣ!]: the negative binomial's constant for a fixed dispersion φ.</summary>
    public static double NegativeBinomial<T>(ReadOnlySpan<T> counts, int rows, double dispersion)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double logGammaPhi = SpecialFunctions.LogGamma(dispersion);
        double sum = 0;
        foreach (T value in counts[..rows])
        {
            double y = double.CreateChecked(value);
            sum += SpecialFunctions.LogGamma(y + dispersion) - logGammaPhi - SpecialFunctions.LogGamma(y + 1);
        }

        return sum;
    }

    /// <summary>
    /// For a learned dispersion φ: Σ [log Γ(yᵣ + φ) − log Γ(φ)] over the first <paramref name="rows"/> counts, and its
    /// derivative Σ [ψ(yᵣ + φ) − ψ(φ)] in <paramref name="derivative"/>. (−Σ log yᵣ! comes from <see cref="Poisson"/>.)
    /// </summary>
    public static T NegativeBinomialDispersion<T>(ReadOnlySpan<T> counts, int rows, T dispersion, out T derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double phi = double.CreateChecked(dispersion);
        double logGammaPhi = SpecialFunctions.LogGamma(phi);
        double digammaPhi = SpecialFunctions.Digamma(phi);
        double sum = 0;
        double slope = 0;
        foreach (T value in counts[..rows])
        {
            double y = double.CreateChecked(value);
            sum += SpecialFunctions.LogGamma(y + phi) - logGammaPhi;
            slope += SpecialFunctions.Digamma(y + phi) - digammaPhi;
        }

        derivative = T.CreateChecked(slope);
        return T.CreateChecked(sum);
    }
}
