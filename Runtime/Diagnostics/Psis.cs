using System.Globalization;
using System.Numerics;
using ModelGen.Export;
using ModelGen.Inference;

namespace ModelGen.Diagnostics;

/// <summary>
/// Pareto smoothed importance sampling (Vehtari, Simpson, Gelman, Yao and Gabry, "Pareto smoothed importance
/// sampling", JMLR 25(72), 2024): fits a generalized Pareto distribution to the largest importance ratios and
/// reports its shape k̂, which says how many moments the ratios have and so whether estimates built on them can be
/// trusted. For ADVI the ratios are log p(θ) − log q(θ) at draws θ ~ q (Yao, Vehtari, Simpson and Gelman, "Yes, but
/// did it work?", ICML 2018): k̂ ≤ 0.7 says the approximation is close enough for its draws to be used.
/// </summary>
/// <remarks>
/// The procedure is loo's <c>psis(log_ratios, r_eff = 1)</c> (loo 2.5.1), written from the papers and checked
/// against loo's output (Tests/ModelGen.Outputs.Tests/Data/psis): the ratios are shifted by their maximum; the
/// M = ⌈min(S/5, 3√S)⌉ largest form the tail; their exceedances exp(r) − exp(cutoff) over the next largest ratio are
/// fitted by Zhang and Stephens' (2009) empirical-Bayes estimator (a grid of 30 + ⌊√M⌋ points, prior 3) and k̂ is
/// pulled towards 0.5 by the weakly informative prior (M·k̂ + 10·0.5)/(M + 10). Smoothing replaces the tail by the
/// fitted distribution's quantiles at (i − ½)/M and truncates every log weight at the largest raw ratio.
/// </remarks>
public static class Psis
{
    /// <summary>R's .Machine$double.eps (2⁻⁵²); not <see cref="double.Epsilon"/>, which is the smallest denormal.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Fewer tail draws than this and no distribution is fitted (k̂ = ∞), as loo.</summary>
    private const int MinimumTailLength = 5;

    /// <summary>
    /// M = ⌈min(S/5, 3√(S/r_eff))⌉: how many of <paramref name="drawCount"/> ratios form the tail (loo's
    /// <c>n_pareto_tail</c>); <paramref name="relativeEfficiency"/> is r_eff, the draws' effective sample size over S
    /// (1 for independent draws; <see cref="Loo.RelativeEfficiency"/> for Markov chains).
    /// </summary>
    public static int TailLength(int drawCount, double relativeEfficiency = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(drawCount);
        if (!(relativeEfficiency > 0) || double.IsPositiveInfinity(relativeEfficiency))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeEfficiency), relativeEfficiency, "The relative efficiency r_eff must be positive and finite.");
        }

        return (int)Math.Ceiling(Math.Min(0.2 * drawCount, 3 * Math.Sqrt(drawCount / relativeEfficiency)));
    }

    /// <summary>min(1 − 1/log₁₀ S, 0.7): the largest k̂ for which <paramref name="drawCount"/> draws give a reliable estimate (Vehtari et al. 2024).</summary>
    public static double Threshold(int drawCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(drawCount);
        return Math.Min(1 - (1 / Math.Log10(drawCount)), 0.7);
    }

    /// <summary>Estimates k̂ for the log importance ratios <paramref name="logRatios"/> (log p − log q per draw); the input is not changed.</summary>
    /// <exception cref="ArgumentException">A ratio is NaN or +∞, or every ratio is −∞.</exception>
    public static ParetoK Estimate(ReadOnlySpan<double> logRatios)
    {
        double[] copy = logRatios.ToArray();
        return Smooth(copy);
    }

    /// <summary>
    /// Replaces <paramref name="logRatios"/> by the Pareto smoothed log weights, as loo's <c>psis(…)$log_weights</c>:
    /// not normalised (subtract their log-sum-exp to normalise), the tail replaced by the fitted quantiles, every
    /// value at most the largest raw ratio. When no distribution is fitted (k̂ = ∞) the ratios are left as they are
    /// (up to the rounding of subtracting the largest ratio and adding it back, which loo does too).
    /// </summary>
    /// <returns>The k̂ of the tail.</returns>
    /// <exception cref="ArgumentException">A ratio is NaN or +∞, or every ratio is −∞.</exception>
    public static ParetoK Smooth(Span<double> logRatios) => Smooth(logRatios, 1);

    /// <summary>
    /// As <see cref="Smooth(Span{double})"/> for draws whose relative efficiency is <paramref name="relativeEfficiency"/>
    /// (loo's <c>psis(log_ratios, r_eff)</c>): r_eff sets the tail's length, <see cref="TailLength"/>.
    /// </summary>
    public static ParetoK Smooth(Span<double> logRatios, double relativeEfficiency)
    {
        int s = logRatios.Length;
        int m = TailLength(s, relativeEfficiency);
        double max = Maximum(logRatios);
        for (int i = 0; i < s; i++)
        {
            logRatios[i] -= max;
        }

        double k = double.PositiveInfinity;
        double sigma = double.NaN;
        if (m >= MinimumTailLength)
        {
            // Stable order (ties by index), as R's sort.int(index.return = TRUE): tied ratios get their smoothed values in draw order.
            int[] order = new int[s];
            for (int i = 0; i < s; i++)
            {
                order[i] = i;
            }

            double[] values = logRatios.ToArray();
            Array.Sort(order, (a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
            var tail = new double[m];
            for (int i = 0; i < m; i++)
            {
                tail[i] = values[order[s - m + i]];
            }

            double cutoff = values[order[s - m - 1]];
            if (Math.Abs(tail[m - 1] - tail[0]) >= MachineEpsilon / 100)
            {
                (k, sigma) = SmoothTail(tail, cutoff);
                for (int i = 0; i < m; i++)
                {
                    logRatios[order[s - m + i]] = tail[i];
                }
            }
        }

        for (int i = 0; i < s; i++)
        {
            // Truncation at the largest raw ratio, then back to the caller's scale (loo adds the maximum back too).
            logRatios[i] = Math.Min(logRatios[i], 0) + max;
        }

        return new ParetoK(k, sigma, m, s);
    }

    /// <summary>
    /// The PSIS effective sample size 1 / Σ w̃ᵢ² of log weights (e.g. <see cref="Smooth(Span{double})"/>'s), w̃ normalised to sum
    /// to 1: loo's <c>psis_n_eff</c> with r_eff = 1.
    /// </summary>
    /// <exception cref="ArgumentException">There are no weights.</exception>
    public static double EffectiveSampleSize(ReadOnlySpan<double> logWeights)
    {
        if (logWeights.IsEmpty)
        {
            throw new ArgumentException("The effective sample size needs at least one log weight.", nameof(logWeights));
        }

        double total = LogSumExp(logWeights);
        double squares = 0;
        foreach (double w in logWeights)
        {
            squares += Math.Exp(2 * (w - total));
        }

        return 1 / squares;
    }

    /// <summary>
    /// k̂ of an ADVI fit (Yao et al. 2018): draws <paramref name="count"/> points θ from the approximation (the
    /// draws of <c>fit.SampleUnconstrained(count, seed)</c>) and estimates k̂ for log p(θ) − log q(θ), p being
    /// <paramref name="logDensity"/> (every generated model's <c>LogDensity</c>) and q <see cref="AdviFit{T}.LogApproximation"/>.
    /// </summary>
    /// <param name="fit">The fit.</param>
    /// <param name="logDensity">The model's log density over the unconstrained vector, with its log-Jacobian.</param>
    /// <param name="count">Draws, at least 25 for a tail of 5; rstan uses 1000 (its output_samples).</param>
    /// <param name="seed">As in <see cref="AdviFit{T}.Sample"/>.</param>
    /// <exception cref="ArgumentException">The log density is NaN or +∞ at a draw (the message names the draw).</exception>
    public static ParetoK EstimateForFit<T>(AdviFit<T> fit, LogDensityFunction<T> logDensity, int count = 1000, ulong? seed = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(logDensity);
        int d = fit.Info.Dimension;
        T[] theta = fit.SampleUnconstrained(count, seed);
        var ratios = new double[count];
        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<T> draw = theta.AsSpan(k * d, d);
            ratios[k] = double.CreateChecked(logDensity(draw)) - fit.LogApproximation(draw);
        }

        return Smooth(ratios);
    }

    /// <summary>
    /// As <see cref="EstimateForFit{T}(AdviFit{T}, LogDensityFunction{T}, int, ulong?)"/> with the density the fit
    /// optimised (the <c>ref TDensity</c> of <see cref="Advi.Fit{TDensity, T}"/>), so the driver can report k̂ with the
    /// fit. The density must be full-batch: a minibatch density's value is a noisy estimate, and k̂ of noisy ratios
    /// means nothing.
    /// </summary>
    public static ParetoK EstimateForFit<TDensity, T>(AdviFit<T> fit, ref TDensity density, int count = 1000, ulong? seed = null)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (density.Dimension != fit.Info.Dimension)
        {
            throw new ArgumentException($"The density has dimension {density.Dimension} but the fit of '{fit.Info.Name}' has {fit.Info.Dimension}.", nameof(density));
        }

        int d = fit.Info.Dimension;
        T[] theta = fit.SampleUnconstrained(count, seed);
        var ratios = new double[count];
        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<T> draw = theta.AsSpan(k * d, d);
            ratios[k] = double.CreateChecked(density.LogDensity(draw)) - fit.LogApproximation(draw);
        }

        return Smooth(ratios);
    }

    /// <summary>
    /// Fits the generalized Pareto distribution to the sorted tail <paramref name="tail"/> (log ratios relative to
    /// the maximum) above <paramref name="cutoff"/> and overwrites the tail with the log of its quantiles at
    /// (i − ½)/M, unless k̂ is not finite.
    /// </summary>
    private static (double K, double Sigma) SmoothTail(double[] tail, double cutoff)
    {
        int m = tail.Length;
        double expCutoff = Math.Exp(cutoff);
        var exceedances = new double[m];
        for (int i = 0; i < m; i++)
        {
            exceedances[i] = Math.Exp(tail[i]) - expCutoff;
        }

        (double k, double sigma) = FitGeneralizedPareto(exceedances);
        if (double.IsFinite(k) && sigma > 0)
        {
            for (int i = 0; i < m; i++)
            {
                double p = (i + 0.5) / m;
                // The GPD quantile σ((1 − p)^(−k) − 1)/k, through expm1/log1p so that small k and p lose nothing.
                double quantile = k == 0 ? -sigma * Math.Log(1 - p) : sigma * ExpM1(-k * Math.Log(1 - p)) / k;
                tail[i] = Math.Log(quantile + expCutoff);
            }
        }

        return (k, sigma);
    }

    /// <summary>
    /// Zhang and Stephens' (2009) estimator of the generalized Pareto distribution's shape k and scale σ for the
    /// sorted, non-negative exceedances <paramref name="x"/>, with the weakly informative prior on k. In their
    /// parameterisation θ = −k/σ; k̂ and σ̂ follow from the posterior mean of θ over a grid, weighted by the
    /// profile likelihood.
    /// </summary>
    internal static (double K, double Sigma) FitGeneralizedPareto(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        const double prior = 3;
        int gridSize = 30 + (int)Math.Floor(Math.Sqrt(n));
        double firstQuartile = x[(int)Math.Floor((n / 4.0) + 0.5) - 1];
        var theta = new double[gridSize];
        var logLikelihood = new double[gridSize];
        for (int j = 0; j < gridSize; j++)
        {
            // The grid's points are the quantiles (j − ½)/grid of the prior, placed between 1/x_max and 1/x_(n/4).
            theta[j] = (1 / x[n - 1]) + ((1 - Math.Sqrt(gridSize / (j + 0.5))) / prior / firstQuartile);
            logLikelihood[j] = n * ProfileLogLikelihood(theta[j], x);
        }

        double total = LogSumExp(logLikelihood);
        double thetaHat = 0;
        for (int j = 0; j < gridSize; j++)
        {
            thetaHat += theta[j] * Math.Exp(logLikelihood[j] - total);
        }

        double k = MeanLog1p(-thetaHat, x);
        double sigma = -k / thetaHat;

        // The prior: k̂ shrunk towards 0.5 as if 10 more observations had k = 0.5 (loo's adjust_k_wip).
        const double a = 10;
        double nPlusA = n + a;
        k = (k * n / nPlusA) + (a * 0.5 / nPlusA);
        return (double.IsNaN(k) ? double.PositiveInfinity : k, sigma);
    }

    /// <summary>The profile log-likelihood per observation of the GPD at θ: log(−θ/k) − k − 1 with k = mean log(1 − θx).</summary>
    private static double ProfileLogLikelihood(double theta, ReadOnlySpan<double> x)
    {
        double b = -theta;
        double k = MeanLog1p(b, x);
        return Math.Log(b / k) - k - 1;
    }

    /// <summary>mean(log1p(b·xᵢ)), summed as R's mean does: a first pass, then the mean of the residuals added back.</summary>
    private static double MeanLog1p(double b, ReadOnlySpan<double> x)
    {
        Span<double> terms = x.Length <= 512 ? stackalloc double[x.Length] : new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            terms[i] = Log1p(b * x[i]);
        }

        return Mean(terms);
    }

    /// <summary>The arithmetic mean with R's correction pass (R sums in long double; the second pass recovers most of that here).</summary>
    internal static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        double compensation = 0;
        foreach (double v in values)
        {
            // Neumaier summation: the first pass as accurate as R's 80-bit accumulator for these sizes.
            double t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }

        double mean = (sum + compensation) / values.Length;
        if (!double.IsFinite(mean))
        {
            return mean;
        }

        double residual = 0;
        foreach (double v in values)
        {
            residual += v - mean;
        }

        return mean + (residual / values.Length);
    }

    internal static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            max = Math.Max(max, v);
        }

        if (double.IsNegativeInfinity(max) || double.IsPositiveInfinity(max))
        {
            return max;
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>
    /// log(1 + x) accurate for small x (Kahan's trick: the rounding error of 1 + x cancels in the ratio); .NET's
    /// double.LogP1 is log(x + 1) as written, which loses the digits the profile likelihood needs.
    /// </summary>
    private static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : double.IsPositiveInfinity(u) || u == 0 ? Math.Log(u) : Math.Log(u) * x / (u - 1);
    }

    /// <summary>exp(x) − 1 accurate for small x (Kahan's trick, as <see cref="Log1p"/>); .NET's double.ExpM1 is exp(x) − 1 as written.</summary>
    private static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        return u == 1 ? x : u - 1 == -1 || double.IsPositiveInfinity(u) ? u - 1 : (u - 1) * x / Math.Log(u);
    }

    private static double Maximum(ReadOnlySpan<double> logRatios)
    {
        if (logRatios.IsEmpty)
        {
            throw new ArgumentException("PSIS needs at least one log ratio.", nameof(logRatios));
        }

        double max = double.NegativeInfinity;
        for (int i = 0; i < logRatios.Length; i++)
        {
            double r = logRatios[i];
            if (double.IsNaN(r) || double.IsPositiveInfinity(r))
            {
                throw new ArgumentException($"Log ratio {i.ToString(CultureInfo.InvariantCulture)} of {logRatios.Length.ToString(CultureInfo.InvariantCulture)} is {(double.IsNaN(r) ? "NaN" : "+∞")}; PSIS needs finite log ratios (−∞ is allowed: a zero ratio).", nameof(logRatios));
            }

            max = Math.Max(max, r);
        }

        if (double.IsNegativeInfinity(max))
        {
            throw new ArgumentException("Every log ratio is −∞ (every ratio is zero); PSIS needs at least one finite log ratio.", nameof(logRatios));
        }

        return max;
    }
}
