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

    /// <summary>Σ log C(nᵣ, yᵣ): the binomial likelihood's constant with <paramref name="trials"/>[r] trials in row r.</summary>
    public static double Binomial<T>(ReadOnlySpan<T> counts, ReadOnlySpan<T> trials, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            double y = double.CreateChecked(counts[r]);
            double n = double.CreateChecked(trials[r]);
            sum += SpecialFunctions.LogGamma(n + 1) - SpecialFunctions.LogGamma(y + 1) - SpecialFunctions.LogGamma(n - y + 1);
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

    /// <summary>Counts up to this size are summed through their tally (<see cref="NegativeBinomialDispersion"/>); larger ones row by row.</summary>
    private const int TallyLimit = 4096;

    /// <summary>
    /// For a learned dispersion φ: Σ [log Γ(yᵣ + φ) − log Γ(φ)] over the first <paramref name="rows"/> counts, and its
    /// derivative Σ [ψ(yᵣ + φ) − ψ(φ)] in <paramref name="derivative"/>. (−Σ log yᵣ! comes from <see cref="Poisson"/>.)
    /// </summary>
    /// <remarks>
    /// Counts are whole, so log Γ(y + φ) − log Γ(φ) = Σₖ₌₀^{y−1} log(φ + k): summed over rows, each k counts once per row
    /// with y &gt; k, Σᵣ = Σₖ #{y &gt; k}·log(φ + k), and likewise ψ(y + φ) − ψ(φ) = Σₖ 1/(φ + k). That is max(y) logs per
    /// evaluation instead of a log Γ and a ψ per row (and exact, with no series); counts above 4,096 fall back to those.
    /// </remarks>
    public static T NegativeBinomialDispersion<T>(ReadOnlySpan<T> counts, int rows, T dispersion, out T derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double phi = double.CreateChecked(dispersion);
        ReadOnlySpan<T> used = counts[..rows];
        int max = 0;
        foreach (T value in used)
        {
            double y = double.CreateChecked(value);
            max = y > TallyLimit ? int.MaxValue : Math.Max(max, (int)y);
        }

        if (max == int.MaxValue)
        {
            return RowByRow(used, phi, out derivative);
        }

        // above[k] = #{rows with y > k}: a tally of the counts, then suffix sums. Pooled beyond the stack's share.
        int[]? rented = max < 512 ? null : System.Buffers.ArrayPool<int>.Shared.Rent(max + 1);
        Span<int> above = rented is null ? stackalloc int[max + 1] : rented.AsSpan(0, max + 1);
        above.Clear();
        foreach (T value in used)
        {
            int y = int.CreateChecked(value);
            if (y > 0)
            {
                above[y - 1]++;
            }
        }

        double sum = 0;
        double slope = 0;
        int exceeding = 0;
        for (int k = max - 1; k >= 0; k--)
        {
            exceeding += above[k];
            sum += exceeding * Math.Log(phi + k);
            slope += exceeding / (phi + k);
        }

        if (rented is not null)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(rented);
        }

        derivative = T.CreateChecked(slope);
        return T.CreateChecked(sum);
    }

    private static T RowByRow<T>(ReadOnlySpan<T> counts, double phi, out T derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double logGammaPhi = SpecialFunctions.LogGamma(phi);
        double digammaPhi = SpecialFunctions.Digamma(phi);
        double sum = 0;
        double slope = 0;
        foreach (T value in counts)
        {
            double y = double.CreateChecked(value);
            sum += SpecialFunctions.LogGamma(y + phi) - logGammaPhi;
            slope += SpecialFunctions.Digamma(y + phi) - digammaPhi;
        }

        derivative = T.CreateChecked(slope);
        return T.CreateChecked(sum);
    }
}
