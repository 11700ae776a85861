namespace ModelGen.Diagnostics;

/// <summary>
/// Convergence diagnostics of Markov chains: rank-normalised split R-hat and the bulk and tail effective sample
/// sizes of Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021, "Rank-normalization, folding, and
/// localization"), computed as R's <c>posterior</c> package 1.4 computes <c>rhat</c>, <c>ess_bulk</c>,
/// <c>ess_tail</c>, <c>ess_mean</c>, <c>mcse_mean</c> and <c>mcse_sd</c>, so the numbers match it (and ArviZ,
/// CmdStan's <c>stansummary</c>) for the same draws.
/// </summary>
/// <remarks>
/// <para>Each method takes the draws of one scalar quantity as one array per chain, all of one length. A
/// quantity that is constant, or has a non-finite draw, gives NaN (posterior's NA). Fewer than 3 draws per
/// split chain give NaN for the effective sample sizes.</para>
/// <para>Autocovariances are summed directly, lag by lag, and only as far as Geyer's initial positive sequence
/// needs them, rather than by FFT as posterior does; the two agree to rounding.</para>
/// </remarks>
public static class Convergence
{
    /// <summary>
    /// Rank-normalised split R-hat: the larger of the split R-hat of the rank-normalised draws (bulk) and of the
    /// rank-normalised draws folded about their median (tail). Below 1.01 is Vehtari et al.'s threshold.
    /// </summary>
    /// <param name="chains">One array of draws per chain, all the same length.</param>
    public static double Rhat(IReadOnlyList<double[]> chains)
    {
        double[][] x = Validate(chains);
        if (ShouldReturnNaN(x))
        {
            return double.NaN;
        }

        double bulk = BasicRhat(ZScale(Split(x)));
        double median = Median(x);
        double[][] folded = Map(x, v => Math.Abs(v - median));
        double tail = BasicRhat(ZScale(Split(folded)));
        return Math.Max(bulk, tail);
    }

    /// <summary>Bulk effective sample size: the ESS of the rank-normalised split chains.</summary>
    /// <param name="chains">One array of draws per chain, all the same length.</param>
    public static double EssBulk(IReadOnlyList<double[]> chains)
    {
        double[][] x = Validate(chains);
        return ShouldReturnNaN(x) ? double.NaN : BasicEss(ZScale(Split(x)));
    }

    /// <summary>Tail effective sample size: the smaller of the ESS of the 5 % and 95 % quantiles.</summary>
    /// <param name="chains">One array of draws per chain, all the same length.</param>
    public static double EssTail(IReadOnlyList<double[]> chains)
    {
        double[][] x = Validate(chains);
        return Math.Min(QuantileEss(x, 0.05), QuantileEss(x, 0.95));
    }

    /// <summary>
    /// The effective sample size of the <paramref name="probability"/> quantile: the ESS of the split chains of the
    /// indicator draw ≤ the quantile (posterior's <c>ess_quantile</c>).
    /// </summary>
    /// <param name="chains">One array of draws per chain, all the same length.</param>
    /// <param name="probability">The quantile's probability, in (0, 1].</param>
    public static double EssQuantile(IReadOnlyList<double[]> chains, double probability)
    {
        if (!(probability > 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The quantile's probability must be in (0, 1].");
        }

        return QuantileEss(Validate(chains), probability);
    }

    /// <summary>The ESS of the mean: the ESS of the split chains without rank normalisation (posterior's <c>ess_mean</c>).</summary>
    /// <param name="chains">One array of draws per chain, all the same length.</param>
    public static double EssMean(IReadOnlyList<double[]> chains)
    {
        double[][] x = Validate(chains);
        return ShouldReturnNaN(x) ? double.NaN : BasicEss(Split(x));
    }

    /// <summary>The Monte Carlo standard error of the mean: sd / √ESS_mean.</summary>
    /// <param name="chains">One array of draws per chain, all the same length.</param>
    public static double McseMean(IReadOnlyList<double[]> chains)
    {
        double[][] x = Validate(chains);
        return StandardDeviation(x) / Math.Sqrt(ShouldReturnNaN(x) ? double.NaN : BasicEss(Split(x)));
    }

    /// <summary>
    /// The Monte Carlo standard error of the standard deviation, by the delta method on the variance with the ESS of
    /// the squared deviations (posterior's <c>mcse_sd</c>).
    /// </summary>
    /// <param name="chains">One array of draws per chain, all the same length.</param>
    public static double McseSd(IReadOnlyList<double[]> chains)
    {
        double[][] x = Validate(chains);
        double mean = Mean(x);
        double[][] squared = Map(x, v => (v - mean) * (v - mean));
        double ess = ShouldReturnNaN(squared) ? double.NaN : BasicEss(Split(squared));
        double second = Mean(squared);
        double fourth = Mean(Map(squared, v => v * v));
        double varianceOfVariance = (fourth - (second * second)) / ess;
        return Math.Sqrt(varianceOfVariance / second / 4);
    }

    /// <summary>Quantile of every draw of every chain by R's default rule (type 7: linear between order statistics).</summary>
    /// <param name="chains">One array of draws per chain.</param>
    /// <param name="probability">In [0, 1].</param>
    public static double Quantile(IReadOnlyList<double[]> chains, double probability)
    {
        double[] all = Flatten(Validate(chains));
        Array.Sort(all);
        return SortedQuantile(all, probability);
    }

    /// <summary>
    /// The energy Bayesian fraction of missing information of one chain (Betancourt 2016): the mean squared change
    /// of the Hamiltonian between successive draws over its variance, as ArviZ's <c>bfmi</c> computes it. Below 0.3
    /// suggests the momentum resampling explores the energy distribution poorly (heavy tails, funnels).
    /// </summary>
    /// <param name="energy">The chain's <c>energy__</c> per draw, in order; at least 2.</param>
    public static double Ebfmi(ReadOnlySpan<double> energy)
    {
        if (energy.Length < 2)
        {
            throw new ArgumentException($"E-BFMI needs at least 2 energies; got {energy.Length}.", nameof(energy));
        }

        double mean = 0;
        foreach (double e in energy)
        {
            mean += e;
        }

        mean /= energy.Length;
        double squaredJumps = 0;
        double squaredDeviations = 0;
        for (int i = 0; i < energy.Length; i++)
        {
            squaredDeviations += (energy[i] - mean) * (energy[i] - mean);
            if (i > 0)
            {
                squaredJumps += (energy[i] - energy[i - 1]) * (energy[i] - energy[i - 1]);
            }
        }

        // ArviZ: mean(diff(E)²) / var(E), the variance with denominator n.
        return (squaredJumps / (energy.Length - 1)) / (squaredDeviations / energy.Length);
    }

    /// <summary>The split R-hat of Gelman et al. (BDA3) on already split (and, here, rank-normalised) chains.</summary>
    internal static double BasicRhat(double[][] x)
    {
        if (ShouldReturnNaN(x))
        {
            return double.NaN;
        }

        int chains = x.Length;
        int n = x[0].Length;
        var means = new double[chains];
        double withinSum = 0;
        for (int c = 0; c < chains; c++)
        {
            means[c] = x[c].Average();
            withinSum += SampleVariance(x[c], means[c]);
        }

        double between = n * SampleVariance(means, means.Average());
        double within = withinSum / chains;
        return Math.Sqrt(((between / within) + n - 1) / n);
    }

    /// <summary>
    /// The effective sample size of (already split) chains by Geyer's initial monotone sequence, with the
    /// "improved" last term and the 1/log10(S) floor on τ̂, exactly as posterior's internal <c>.ess</c>.
    /// </summary>
    internal static double BasicEss(double[][] x)
    {
        int chains = x.Length;
        int n = x[0].Length;
        if (n < 3 || ShouldReturnNaN(x))
        {
            return double.NaN;
        }

        var centred = new double[chains][];
        var chainMeans = new double[chains];
        for (int c = 0; c < chains; c++)
        {
            chainMeans[c] = x[c].Average();
            centred[c] = new double[n];
            for (int i = 0; i < n; i++)
            {
                centred[c][i] = x[c][i] - chainMeans[c];
            }
        }

        double meanVar = AutocovarianceMean(centred, 0) * n / (n - 1);
        double varPlus = meanVar * (n - 1) / n;
        if (chains > 1)
        {
            varPlus += SampleVariance(chainMeans, chainMeans.Average());
        }

        // ρ̂ at lags 0, 1, 2, …: the pairs (even, odd) are summed while their sum stays positive.
        var rho = new double[n];
        int t = 0;
        double rhoEven = 1;
        rho[0] = rhoEven;
        double rhoOdd = 1 - ((meanVar - AutocovarianceMean(centred, 1)) / varPlus);
        rho[1] = rhoOdd;
        while (t < n - 5 && !double.IsNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0)
        {
            t += 2;
            rhoEven = 1 - ((meanVar - AutocovarianceMean(centred, t)) / varPlus);
            rhoOdd = 1 - ((meanVar - AutocovarianceMean(centred, t + 1)) / varPlus);
            if (rhoEven + rhoOdd >= 0)
            {
                rho[t] = rhoEven;
                rho[t + 1] = rhoOdd;
            }
        }

        int maxT = t;
        if (rhoEven > 0)
        {
            rho[maxT] = rhoEven;
        }

        // Geyer's initial monotone sequence: no pair sum may exceed the one before it.
        t = 0;
        while (t <= maxT - 4)
        {
            t += 2;
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1])
            {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }

        double ess = (double)chains * n;

        // posterior's rho_hat_t[1:max_t] is 1-based and inclusive; with max_t = 0 R's 1:0 takes elements 1 and 0, i.e. just ρ̂₀.
        double sum = 0;
        int last = Math.Max(maxT, 1);
        for (int i = 0; i < last; i++)
        {
            sum += rho[i];
        }

        double tau = -1 + (2 * sum) + rho[maxT];
        tau = Math.Max(tau, 1 / Math.Log10(ess));
        return ess / tau;
    }

    /// <summary>Splits each chain into its first and second halves; an odd middle draw is dropped (posterior's <c>.split_chains</c>).</summary>
    internal static double[][] Split(double[][] x)
    {
        int n = x[0].Length;
        if (n == 1)
        {
            return x;
        }

        int half = n / 2;
        var result = new double[x.Length * 2][];
        for (int c = 0; c < x.Length; c++)
        {
            result[2 * c] = x[c].AsSpan(0, half).ToArray();
            result[(2 * c) + 1] = x[c].AsSpan(n - half, half).ToArray();
        }

        return result;
    }

    /// <summary>Rank normalisation: Φ⁻¹((r − 3/8) / (S − 3/4 + 1)) of the average-tie ranks r over all S draws (Blom's offset).</summary>
    internal static double[][] ZScale(double[][] x)
    {
        int chains = x.Length;
        int n = x[0].Length;
        int total = chains * n;
        var values = new double[total];
        var order = new int[total];
        for (int c = 0; c < chains; c++)
        {
            x[c].CopyTo(values, c * n);
        }

        for (int i = 0; i < total; i++)
        {
            order[i] = i;
        }

        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var ranks = new double[total];
        int start = 0;
        while (start < total)
        {
            int end = start + 1;
            while (end < total && keys[end] == keys[start])
            {
                end++;
            }

            // Ties share the average of the 1-based ranks start+1 … end.
            double rank = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end;
        }

        var result = new double[chains][];
        double denominator = total - (2 * 0.375) + 1;
        for (int c = 0; c < chains; c++)
        {
            result[c] = new double[n];
            for (int i = 0; i < n; i++)
            {
                result[c][i] = NormalQuantile.Of((ranks[(c * n) + i] - 0.375) / denominator);
            }
        }

        return result;
    }

    internal static double SortedQuantile(double[] sorted, double probability)
    {
        double h = (sorted.Length - 1) * probability;
        int low = (int)Math.Floor(h);
        if (low >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        return sorted[low] + ((h - low) * (sorted[low + 1] - sorted[low]));
    }

    private static double QuantileEss(double[][] x, double probability)
    {
        if (ShouldReturnNaN(x))
        {
            return double.NaN;
        }

        if (probability == 1)
        {
            int length = x.Length * x[0].Length;
            probability = (length - 0.5) / length;
        }

        double[] all = Flatten(x);
        Array.Sort(all);
        double quantile = SortedQuantile(all, probability);
        double[][] indicator = Map(x, v => v <= quantile ? 1.0 : 0.0);
        return ShouldReturnNaN(indicator) ? double.NaN : BasicEss(Split(indicator));
    }

    // (1/n) Σᵢ yᵢ yᵢ₊ₗ averaged over chains: the biased autocovariance Geyer (1992) recommends.
    private static double AutocovarianceMean(double[][] centred, int lag)
    {
        double total = 0;
        int n = centred[0].Length;
        foreach (double[] y in centred)
        {
            double sum = 0;
            for (int i = 0; i + lag < n; i++)
            {
                sum += y[i] * y[i + lag];
            }

            total += sum / n;
        }

        return total / centred.Length;
    }

    private static double[][] Validate(IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        if (chains.Count == 0)
        {
            throw new ArgumentException("At least one chain is needed.", nameof(chains));
        }

        var result = new double[chains.Count][];
        for (int c = 0; c < chains.Count; c++)
        {
            result[c] = chains[c] ?? throw new ArgumentException($"Chain {c} is null.", nameof(chains));
            if (result[c].Length != result[0].Length)
            {
                throw new ArgumentException($"Chain {c} has {result[c].Length} draws and chain 0 has {result[0].Length}; every chain needs the same number.", nameof(chains));
            }

            if (result[c].Length == 0)
            {
                throw new ArgumentException($"Chain {c} has no draws.", nameof(chains));
            }
        }

        return result;
    }

    // posterior's should_return_NA: any non-finite draw, or every draw equal to within machine ε.
    private static bool ShouldReturnNaN(double[][] x)
    {
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        foreach (double[] chain in x)
        {
            foreach (double v in chain)
            {
                if (!double.IsFinite(v))
                {
                    return true;
                }

                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        // R's .Machine$double.eps, the spacing of doubles at 1.
        return Math.Abs(max - min) < 2.220446049250313e-16;
    }

    private static double[][] Map(double[][] x, Func<double, double> f)
    {
        var result = new double[x.Length][];
        for (int c = 0; c < x.Length; c++)
        {
            result[c] = new double[x[c].Length];
            for (int i = 0; i < x[c].Length; i++)
            {
                result[c][i] = f(x[c][i]);
            }
        }

        return result;
    }

    private static double[] Flatten(double[][] x)
    {
        var all = new double[x.Length * x[0].Length];
        for (int c = 0; c < x.Length; c++)
        {
            x[c].CopyTo(all, c * x[0].Length);
        }

        return all;
    }

    private static double Median(double[][] x)
    {
        double[] all = Flatten(x);
        Array.Sort(all);
        return SortedQuantile(all, 0.5);
    }

    private static double Mean(double[][] x)
    {
        double sum = 0;
        int count = 0;
        foreach (double[] chain in x)
        {
            foreach (double v in chain)
            {
                sum += v;
                count++;
            }
        }

        return sum / count;
    }

    private static double StandardDeviation(double[][] x)
    {
        double[] all = Flatten(x);
        return Math.Sqrt(SampleVariance(all, all.Average()));
    }

    private static double SampleVariance(double[] values, double mean)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return sum / (values.Length - 1);
    }
}
