using System.Globalization;
using ModelGen.Random;

namespace ModelGen.Diagnostics;

/// <summary>
/// Leave-one-out cross-validation by Pareto smoothed importance sampling, WAIC, model comparison and stacking, from
/// a fit's pointwise log-likelihood (<see cref="LogLikelihoodMatrix"/>): the computations of R's loo package 2.5.1
/// (Vehtari, Gelman and Gabry 2017; Yao, Vehtari, Simpson and Gelman 2018 for stacking; Magnusson et al. 2019 for
/// approximate posteriors), written from the papers and checked against loo's own output to 1e-8
/// (Tests/ModelGen.Outputs.Tests/Data/loo, made by scripts/loo-reference.R).
/// </summary>
public static class Loo
{
    /// <summary>Blom's (1958) offset for approximate normal order statistics, as loo's <c>mcse_elpd</c>.</summary>
    private const double BlomOffset = 3.0 / 8;

    /// <summary>How many normal order statistics loo's <c>mcse_elpd</c> places (its n_samples).</summary>
    private const int McseQuantiles = 1000;

    private static readonly double[] BlomQuantiles = Enumerable.Range(1, McseQuantiles)
        .Select(r => NormalQuantile.Of((r - BlomOffset) / (McseQuantiles - (2 * BlomOffset) + 1))).ToArray();

    /// <summary>
    /// r_eff of each observation: the effective sample size of exp(log p(yᵢ | θ)) over the chains, divided by S, as
    /// loo's <c>relative_eff(exp(log_lik), chain_id)</c> (Geyer's initial monotone sequence over the chains as they
    /// are, not split). The likelihood is scaled by its largest value first, which changes no effective sample size
    /// and keeps a very small likelihood from underflowing; an observation whose likelihood is the same at every
    /// draw gets 1.
    /// </summary>
    public static double[] RelativeEfficiency(LogLikelihoodMatrix logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        int chains = logLikelihood.Chains;
        int perChain = logLikelihood.DrawsPerChain;
        var result = new double[logLikelihood.Observations];
        var x = new double[chains][];
        for (int c = 0; c < chains; c++)
        {
            x[c] = new double[perChain];
        }

        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlySpan<double> ll = logLikelihood.Observation(i);
            double max = Max(ll);
            for (int c = 0; c < chains; c++)
            {
                for (int s = 0; s < perChain; s++)
                {
                    x[c][s] = Math.Exp(ll[(c * perChain) + s] - max);
                }
            }

            double ess = Convergence.BasicEss(x);
            result[i] = double.IsFinite(ess) && ess > 0 ? ess / logLikelihood.Draws : 1;
        }

        return result;
    }

    /// <summary>
    /// PSIS-LOO of a fit whose draws come from the posterior (NUTS chains): loo's
    /// <c>loo(log_lik, r_eff = relative_eff(exp(log_lik), chain_id))</c>.
    /// </summary>
    /// <param name="logLikelihood">The pointwise log-likelihood, chain after chain.</param>
    /// <param name="relativeEfficiency">r_eff per observation; by default <see cref="RelativeEfficiency"/> of the matrix's chains. Pass all ones for independent draws.</param>
    public static LooResult Compute(LogLikelihoodMatrix logLikelihood, IReadOnlyList<double>? relativeEfficiency = null)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        double[] rEff = relativeEfficiency is null ? RelativeEfficiency(logLikelihood) : CheckRelativeEfficiency(relativeEfficiency, logLikelihood.Observations);
        return Compute(logLikelihood, rEff, correction: null);
    }

    /// <summary>
    /// PSIS-LOO of a fit whose draws come from an approximation g of the posterior (ADVI, Pathfinder): each
    /// observation's ratios are corrected by log p(θˢ) − log g(θˢ), as loo's <c>loo_approximate_posterior(log_lik,
    /// log_p, log_g)</c> (Magnusson, Andersen, Jonasson and Vehtari 2019); r_eff is 1, the draws being independent.
    /// </summary>
    /// <param name="logLikelihood">The pointwise log-likelihood at the approximation's draws.</param>
    /// <param name="logPosterior">log p(θˢ | y) up to a constant at each draw: the model's log density (Stan CSV's log_p__).</param>
    /// <param name="logApproximation">log g(θˢ) at each draw (Stan CSV's log_g__).</param>
    public static LooResult ApproximatePosterior(LogLikelihoodMatrix logLikelihood, ReadOnlySpan<double> logPosterior, ReadOnlySpan<double> logApproximation)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        int s = logLikelihood.Draws;
        if (logPosterior.Length != s || logApproximation.Length != s)
        {
            throw new ArgumentException($"The log-likelihood has {s} draws but log p has {logPosterior.Length} and log g {logApproximation.Length}; each needs one value per draw.", nameof(logPosterior));
        }

        var correction = new double[s];
        for (int k = 0; k < s; k++)
        {
            correction[k] = logPosterior[k] - logApproximation[k];
            if (!double.IsFinite(correction[k]))
            {
                throw new ArgumentException($"log p − log g is {correction[k].ToString(CultureInfo.InvariantCulture)} at draw {k}; the correction needs finite values.", nameof(logPosterior));
            }
        }

        return Compute(logLikelihood, Enumerable.Repeat(1.0, logLikelihood.Observations).ToArray(), correction);
    }

    /// <summary>WAIC as loo's <c>waic(log_lik)</c>: elpd_waic = lpd − p_waic, p_waic the draws' variance of each observation's log-likelihood.</summary>
    public static WaicResult Waic(LogLikelihoodMatrix logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        int n = logLikelihood.Observations;
        var elpd = new double[n];
        var p = new double[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> ll = logLikelihood.Observation(i);
            p[i] = SampleVariance(ll);
            elpd[i] = Psis.LogSumExp(ll) - Math.Log(ll.Length) - p[i];
        }

        return new WaicResult(logLikelihood.Draws, elpd, p);
    }

    /// <summary>
    /// Compares fits of the same observations as loo's <c>loo_compare</c>: ordered best first by elpd, each with its
    /// difference from the best and that difference's standard error √N · sd(pointwise differences).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two fits, a name repeated, fits of different observation counts, or LOO mixed with WAIC.</exception>
    public static ElpdComparison Compare(params (string Name, ElpdResult Result)[] fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        if (fits.Length < 2)
        {
            throw new ArgumentException("Comparing needs at least two fits.", nameof(fits));
        }

        for (int a = 0; a < fits.Length; a++)
        {
            ArgumentNullException.ThrowIfNull(fits[a].Result, $"fits[{a}]");
            if (fits[a].Result.Observations != fits[0].Result.Observations)
            {
                throw new ArgumentException($"'{fits[a].Name}' has {fits[a].Result.Observations} observations but '{fits[0].Name}' has {fits[0].Result.Observations}; fits compare only on the same data.", nameof(fits));
            }

            if (fits[a].Result.Criterion != fits[0].Result.Criterion)
            {
                throw new ArgumentException($"'{fits[a].Name}' is {fits[a].Result.Criterion} but '{fits[0].Name}' is {fits[0].Result.Criterion}; compare like with like.", nameof(fits));
            }

            for (int b = 0; b < a; b++)
            {
                if (fits[a].Name == fits[b].Name)
                {
                    throw new ArgumentException($"Two fits are named '{fits[a].Name}'.", nameof(fits));
                }
            }
        }

        // R's order(decreasing = TRUE) is stable: ties keep the order given.
        int[] order = Enumerable.Range(0, fits.Length).OrderByDescending(i => fits[i].Result.Elpd.Value).ToArray();
        ElpdResult best = fits[order[0]].Result;
        int n = best.Observations;
        var rows = new ElpdComparisonRow[fits.Length];
        var diffs = new double[n];
        for (int r = 0; r < order.Length; r++)
        {
            ElpdResult fit = fits[order[r]].Result;
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                diffs[i] = fit.PointwiseElpd[i] - best.PointwiseElpd[i];
                sum += diffs[i];
            }

            rows[r] = new ElpdComparisonRow(fits[order[r]].Name, sum, Math.Sqrt(n) * Math.Sqrt(SampleVariance(diffs)), fit);
        }

        return new ElpdComparison(rows);
    }

    /// <summary>
    /// Stacking weights (Yao, Vehtari, Simpson and Gelman 2018): the w on the simplex maximising
    /// Σᵢ log Σₖ wₖ exp(elpd_loo,ᵢₖ), the weights of loo's <c>loo_model_weights(method = "stacking")</c>. The
    /// objective is concave; it is maximised by the EM fixed point wₖ ← wₖ · mean over i of the k-th model's share
    /// of observation i, run until no weight moves by more than 1e-12.
    /// </summary>
    public static double[] StackingWeights(params LooResult[] fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        if (fits.Length < 2)
        {
            throw new ArgumentException("Stacking needs at least two fits.", nameof(fits));
        }

        int k = fits.Length;
        int n = fits[0].Observations;
        if (fits.Any(f => f.Observations != n))
        {
            throw new ArgumentException("Stacking needs fits of the same observations; their observation counts differ.", nameof(fits));
        }

        // exp(elpd) scaled per observation by its largest value, which cancels in each share.
        var lik = new double[n * k];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int m = 0; m < k; m++)
            {
                max = Math.Max(max, fits[m].PointwiseElpd[i]);
            }

            for (int m = 0; m < k; m++)
            {
                lik[(i * k) + m] = Math.Exp(fits[m].PointwiseElpd[i] - max);
            }
        }

        var w = Enumerable.Repeat(1.0 / k, k).ToArray();
        var next = new double[k];
        for (int iteration = 0; iteration < 1_000_000; iteration++)
        {
            Array.Clear(next);
            for (int i = 0; i < n; i++)
            {
                double mixture = 0;
                for (int m = 0; m < k; m++)
                {
                    mixture += w[m] * lik[(i * k) + m];
                }

                for (int m = 0; m < k; m++)
                {
                    next[m] += w[m] * lik[(i * k) + m] / mixture;
                }
            }

            double moved = 0;
            for (int m = 0; m < k; m++)
            {
                next[m] /= n;
                moved = Math.Max(moved, Math.Abs(next[m] - w[m]));
                w[m] = next[m];
            }

            if (moved < 1e-12)
            {
                break;
            }
        }

        return w;
    }

    /// <summary>
    /// LOO-PIT: for each observation, the leave-one-out predictive probability P(ỹᵢ ≤ yᵢ | y₋ᵢ), estimated from
    /// replicated data ỹ (one per draw, as the model's <c>SamplePredictive</c> gives) weighted by the observation's
    /// Pareto smoothed LOO weights, as bayesplot's <c>ppc_loo_pit</c> and rstantools' <c>loo_pit</c>. Values tied
    /// with yᵢ (discrete data) get a uniform draw between the probabilities below and at yᵢ, from
    /// <paramref name="seed"/>. For a calibrated model the values are uniform on (0, 1).
    /// </summary>
    /// <param name="logLikelihood">The pointwise log-likelihood, S draws by N observations.</param>
    /// <param name="observed">yᵢ, N values.</param>
    /// <param name="replicated">ỹ, S × N: row s is the data replicated at draw s.</param>
    /// <param name="relativeEfficiency">As <see cref="Compute(LogLikelihoodMatrix, IReadOnlyList{double}?)"/>.</param>
    /// <param name="seed">Seeds the draws between tied values.</param>
    public static double[] Pit(LogLikelihoodMatrix logLikelihood, ReadOnlySpan<double> observed, double[,] replicated, IReadOnlyList<double>? relativeEfficiency = null, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        ArgumentNullException.ThrowIfNull(replicated);
        int s = logLikelihood.Draws;
        int n = logLikelihood.Observations;
        if (observed.Length != n || replicated.GetLength(0) != s || replicated.GetLength(1) != n)
        {
            throw new ArgumentException($"LOO-PIT needs {n} observations and {s} × {n} replicated values; got {observed.Length} and {replicated.GetLength(0)} × {replicated.GetLength(1)}.", nameof(replicated));
        }

        double[] rEff = relativeEfficiency is null ? RelativeEfficiency(logLikelihood) : CheckRelativeEfficiency(relativeEfficiency, n);
        var rng = new Rng(seed);
        var pit = new double[n];
        var lw = new double[s];
        for (int i = 0; i < n; i++)
        {
            NormalisedWeights(logLikelihood.Observation(i), rEff[i], null, lw);
            double below = 0;
            double tied = 0;
            for (int d = 0; d < s; d++)
            {
                double w = Math.Exp(lw[d]);
                if (replicated[d, i] < observed[i])
                {
                    below += w;
                }
                else if (replicated[d, i] == observed[i])
                {
                    tied += w;
                }
            }

            double value = tied > 0 ? below + (rng.NextDouble() * tied) : below;
            pit[i] = Math.Clamp(value, 0, 1);
        }

        return pit;
    }

    /// <summary>The sample variance (denominator n − 1) with a mean corrected as R's.</summary>
    internal static double SampleVariance(ReadOnlySpan<double> values)
    {
        if (values.Length < 2)
        {
            return double.NaN;
        }

        double mean = Psis.Mean(values);
        double sum = 0;
        foreach (double v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return sum / (values.Length - 1);
    }

    private static LooResult Compute(LogLikelihoodMatrix logLikelihood, double[] rEff, double[]? correction)
    {
        int s = logLikelihood.Draws;
        int n = logLikelihood.Observations;
        var elpd = new double[n];
        var pLoo = new double[n];
        var mcse = new double[n];
        var k = new ParetoK[n];
        var nEff = new double[n];
        var lw = new double[s];
        var sum = new double[s];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> ll = logLikelihood.Observation(i);
            k[i] = NormalisedWeights(ll, rEff[i], correction, lw);

            // elpd_loo,i = log Σ w̃ₛ p(yᵢ | θˢ); lpd_i = log mean p(yᵢ | θˢ); p_loo,i = lpd_i − elpd_loo,i.
            double squares = 0;
            for (int d = 0; d < s; d++)
            {
                sum[d] = ll[d] + lw[d];
                double w = Math.Exp(lw[d]);
                squares += w * w;
            }

            elpd[i] = Psis.LogSumExp(sum);
            pLoo[i] = Psis.LogSumExp(ll) - Math.Log(s) - elpd[i];
            nEff[i] = 1 / squares * rEff[i];
            mcse[i] = McseElpd(ll, lw, elpd[i], rEff[i]);
        }

        return new LooResult(s, elpd, pLoo, mcse, k, nEff, rEff, correction is not null);
    }

    /// <summary>
    /// Writes the normalised Pareto smoothed log weights of one observation's LOO ratios −log p(yᵢ | θˢ) (plus the
    /// approximation's correction, if any) into <paramref name="logWeights"/> and returns their k̂.
    /// </summary>
    private static ParetoK NormalisedWeights(ReadOnlySpan<double> ll, double rEff, double[]? correction, Span<double> logWeights)
    {
        for (int d = 0; d < ll.Length; d++)
        {
            logWeights[d] = -ll[d] + (correction is null ? 0 : correction[d]);
        }

        ParetoK k = Psis.Smooth(logWeights, rEff);
        double total = Psis.LogSumExp(logWeights);
        for (int d = 0; d < ll.Length; d++)
        {
            logWeights[d] -= total;
        }

        return k;
    }

    /// <summary>
    /// loo 2.5.1's <c>mcse_elpd</c>: the variance of p̂ = Σ w̃²(p − p̂)² is carried to the log scale through 1,000
    /// normal order statistics at Blom's positions around p̂ (the positive ones), then divided by r_eff. Computed on
    /// likelihoods scaled by their largest value, which leaves the log's variance unchanged.
    /// </summary>
    private static double McseElpd(ReadOnlySpan<double> ll, ReadOnlySpan<double> lw, double elpd, double rEff)
    {
        double max = Max(ll);
        double expected = Math.Exp(elpd - max);
        double variance = 0;
        for (int d = 0; d < ll.Length; d++)
        {
            double w = Math.Exp(lw[d]);
            double deviation = Math.Exp(ll[d] - max) - expected;
            variance += w * w * deviation * deviation;
        }

        double sd = Math.Sqrt(variance);
        Span<double> logs = stackalloc double[McseQuantiles];
        int count = 0;
        foreach (double z in BlomQuantiles)
        {
            double value = expected + (sd * z);
            if (value > 0)
            {
                logs[count++] = Math.Log(value);
            }
        }

        return Math.Sqrt(SampleVariance(logs[..count]) / rEff);
    }

    private static double[] CheckRelativeEfficiency(IReadOnlyList<double> relativeEfficiency, int observations)
    {
        if (relativeEfficiency.Count != observations)
        {
            throw new ArgumentException($"r_eff has {relativeEfficiency.Count} values; it needs one per observation ({observations}).", nameof(relativeEfficiency));
        }

        var copy = relativeEfficiency.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (!(copy[i] > 0) || !double.IsFinite(copy[i]))
            {
                throw new ArgumentException($"r_eff of observation {i} is {copy[i].ToString(CultureInfo.InvariantCulture)}; it must be positive and finite.", nameof(relativeEfficiency));
            }
        }

        return copy;
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
