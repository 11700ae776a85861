using ModelGen.Simd;

namespace ModelGen.Random;

/// <summary>Discrete distributions.</summary>
public static partial class Sample
{
    // Below this mean (of the smaller tail, n·min(p, 1 − p) or λ) inversion costs fewer than about 11 steps
    // and beats the transformed-rejection samplers, which Hörmann designed for means of 10 and up.
    private const double InversionLimit = 10;

    /// <summary>A draw from Bernoulli(<paramref name="p"/>): 1 with probability p, by comparing a 53-bit uniform with p.</summary>
    /// <param name="rng">The generator; advanced by one output.</param>
    /// <param name="p">The probability of 1; in [0, 1].</param>
    /// <returns>0 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public static int Bernoulli(ref Rng rng, double p)
    {
        RequireProbability(p);
        return rng.NextDouble() < p ? 1 : 0;
    }

    /// <summary>
    /// A draw from Bernoulli(logistic(<paramref name="logit"/>)). The uniform is compared with the smaller of the
    /// two probabilities, q = e/(1 + e) with e = exp(−|logit|), which has full relative precision and never
    /// overflows; the outcome is then flipped for a positive logit. So |logit| = 30 gives q ≈ 9.4e-14 to 16
    /// digits, where forming 1/(1 + exp(−30)) would have rounded the small side away.
    /// </summary>
    /// <param name="rng">The generator; advanced by one output.</param>
    /// <param name="logit">The log odds of 1; any value but NaN (±∞ give 1 and 0 surely).</param>
    /// <returns>0 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logit"/> is NaN.</exception>
    public static int BernoulliLogit(ref Rng rng, double logit)
    {
        if (double.IsNaN(logit))
        {
            ThrowOutOfRange(nameof(logit), logit, "a number");
        }

        double e = Math.Exp(-Math.Abs(logit));
        int rare = rng.NextDouble() < e / (1 + e) ? 1 : 0;
        return logit > 0 ? 1 - rare : rare;
    }

    /// <summary>
    /// A draw from Binomial(<paramref name="n"/>, <paramref name="p"/>), exact for every n. With q = min(p, 1 − p)
    /// (a draw for 1 − p is n minus one for p): for n·q &lt; 10, inversion by sequential search from 0 (BINV,
    /// Kachitvichyanukul and Schmeiser, "Binomial random variate generation", CACM 31(2), 1988); otherwise
    /// BTRS, transformed rejection with squeeze (Hörmann, "The generation of binomial random variates",
    /// J. Statist. Comput. Simul. 46, 1993), whose expected cost is bounded in n.
    /// </summary>
    /// <param name="rng">The generator.</param>
    /// <param name="n">The number of trials; ≥ 0.</param>
    /// <param name="p">The success probability; in [0, 1].</param>
    /// <returns>The number of successes, in [0, n].</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static int Binomial(ref Rng rng, int n, double p)
    {
        if (n < 0)
        {
            ThrowOutOfRange(nameof(n), n, "a non-negative number of trials");
        }

        RequireProbability(p);
        // 1 − p is exact for p ≥ ½ (Sterbenz), so the reflection loses nothing.
        double q = p <= 0.5 ? p : 1 - p;
        int k = q == 0 ? 0 : n * q < InversionLimit ? BinomialInversion(ref rng, n, q) : BinomialBtrs(ref rng, n, q);
        return p <= 0.5 ? k : n - k;
    }

    /// <summary>
    /// A draw from Poisson(<paramref name="lambda"/>), exact for every rate: for λ &lt; 10, inversion by sequential
    /// search from 0; otherwise PTRS, transformed rejection with squeeze (Hörmann, "The transformed rejection
    /// method for generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993), whose
    /// expected cost is bounded in λ.
    /// </summary>
    /// <param name="rng">The generator.</param>
    /// <param name="lambda">The rate (the mean); in [0, <see cref="MaxPoissonRate"/>].</param>
    /// <returns>The count, ≥ 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is outside its range.</exception>
    public static int Poisson(ref Rng rng, double lambda)
    {
        if (!(lambda >= 0 && lambda <= MaxPoissonRate))
        {
            ThrowOutOfRange(nameof(lambda), lambda, $"in [0, {MaxPoissonRate}]");
        }

        return PoissonCore(ref rng, lambda);
    }

    /// <summary>
    /// A draw from the negative binomial with mean <paramref name="mu"/> and dispersion <paramref name="phi"/>
    /// (variance μ + μ²/φ; Stan's <c>neg_binomial_2</c>), as the gamma–Poisson mixture Poisson(Λ) with
    /// Λ ~ Gamma(φ, rate φ/μ).
    /// </summary>
    /// <param name="rng">The generator.</param>
    /// <param name="mu">The mean; positive and finite.</param>
    /// <param name="phi">The dispersion (smaller is more overdispersed); positive and finite.</param>
    /// <returns>The count, ≥ 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    /// <exception cref="OverflowException">The mixing rate Λ drawn exceeds <see cref="MaxPoissonRate"/>, so the count
    /// might not fit in <see cref="int"/>. With μ far below 2^30 this needs an extreme gamma tail (small φ).</exception>
    public static int NegativeBinomial(ref Rng rng, double mu, double phi)
    {
        RequirePositive(mu);
        RequirePositive(phi);
        double rate = Gamma(ref rng, phi, phi / mu);
        if (!(rate <= MaxPoissonRate))
        {
            throw new OverflowException($"The negative binomial's gamma-distributed rate {rate} (mu = {mu}, phi = {phi}) exceeds {MaxPoissonRate}; the count would not fit in an int.");
        }

        return PoissonCore(ref rng, rate);
    }

    /// <summary>
    /// A draw from Categorical(softmax(<paramref name="logits"/>)): index i with probability exp(lᵢ)/Σⱼ exp(lⱼ).
    /// The largest logit is subtracted before exponentiating, so any finite logits work without overflow; a
    /// uniform scaled by the total is then located by a second pass that recomputes the weights (no buffer).
    /// </summary>
    /// <param name="rng">The generator; advanced by one output.</param>
    /// <param name="logits">The unnormalised log probabilities: finite or −∞ (probability 0), at least one finite.</param>
    /// <returns>An index into <paramref name="logits"/> whose logit is finite.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logits"/> is empty, holds NaN or +∞, or is all −∞.</exception>
    public static int Categorical(ref Rng rng, ReadOnlySpan<double> logits)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentOutOfRangeException(nameof(logits), logits.Length, "logits must hold at least one category.");
        }

        double max = double.NegativeInfinity;
        for (int i = 0; i < logits.Length; i++)
        {
            double logit = logits[i];
            if (double.IsNaN(logit) || double.IsPositiveInfinity(logit))
            {
                throw new ArgumentOutOfRangeException(nameof(logits), logit, $"logits[{i}] must be finite or −∞.");
            }

            max = Math.Max(max, logit);
        }

        if (double.IsNegativeInfinity(max))
        {
            throw new ArgumentOutOfRangeException(nameof(logits), max, "logits must have at least one finite entry.");
        }

        double total = 0;
        foreach (double logit in logits)
        {
            total += Math.Exp(logit - max);
        }

        double target = rng.NextDouble() * total;
        int last = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double weight = Math.Exp(logits[i] - max);
            if (weight > 0)
            {
                if (target < weight)
                {
                    return i;
                }

                target -= weight;
                last = i;
            }
        }

        // Only when the running subtraction rounded past the total: the last category with weight.
        return last;
    }

    /// <summary>
    /// BINV for p ≤ ½ and n·p &lt; 10: walk k = 0, 1, … subtracting P(X = k) from a uniform until it falls inside,
    /// with P(X = k)/P(X = k − 1) = (n + 1)/k · p/q − p/q. P(X = 0) = qⁿ is exp(n·log1p(−p)), accurate for tiny p.
    /// If rounding leaves the uniform above the summed mass (the terms run out, or underflow), the draw restarts.
    /// </summary>
    private static int BinomialInversion(ref Rng rng, int n, double p)
    {
        double ratio = p / (1 - p);
        double a = (n + 1.0) * ratio;
        double probabilityOfZero = Math.Exp(n * ScalarMath.Log1P(-p));
        while (true)
        {
            double u = rng.NextDouble();
            double probability = probabilityOfZero;
            for (int k = 0; k <= n && probability > 0; k++)
            {
                if (u < probability)
                {
                    return k;
                }

                u -= probability;
                probability *= (a / (k + 1)) - ratio;
            }
        }
    }

    /// <summary>
    /// BTRS for p ≤ ½ and n·p ≥ 10 (Hörmann 1993, algorithm BTRS). A candidate
    /// k = ⌊(2a/u_s + b)·u + c⌋ from u uniform on (−½, ½), u_s = ½ − |u|, is accepted at once inside the
    /// squeeze (u_s ≥ 0.07 and v ≤ v_r, no logarithm needed; most draws end there), and otherwise when
    /// log(v·α/(a/u_s² + b)) ≤ log(f(k)/f(m)), with f the binomial pmf and m its mode, written with Stirling's
    /// series so that every logarithm is of a ratio near 1 (no log k! of size n log n cancels).
    /// </summary>
    private static int BinomialBtrs(ref Rng rng, int n, double p)
    {
        double q = 1 - p;
        double spq = Math.Sqrt(n * p * q);
        double b = 1.15 + (2.53 * spq);
        double a = -0.0873 + (0.0248 * b) + (0.01 * p);
        double c = (n * p) + 0.5;
        double vr = 0.92 - (4.2 / b);
        double alpha = (2.83 + (5.1 / b)) * spq;
        double r = p / q;
        double m = Math.Floor((n + 1.0) * p);
        while (true)
        {
            double u = rng.NextDouble() - 0.5;
            double v = rng.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((((2 * a / us) + b) * u) + c);
            if (k < 0 || k > n)
            {
                continue;
            }

            if (us >= 0.07 && v <= vr)
            {
                return (int)k;
            }

            double logV = Math.Log(v * alpha / ((a / (us * us)) + b));
            double logRatio = ((m + 0.5) * Math.Log((m + 1) / (r * (n - m + 1))))
                + ((n + 1) * Math.Log((n - m + 1) / (n - k + 1)))
                + ((k + 0.5) * Math.Log(r * (n - k + 1) / (k + 1)))
                + StirlingTail(m) + StirlingTail(n - m) - StirlingTail(k) - StirlingTail(n - k);
            if (logV <= logRatio)
            {
                return (int)k;
            }
        }
    }

    /// <summary>Poisson(λ) for a validated λ in [0, <see cref="MaxPoissonRate"/>].</summary>
    private static int PoissonCore(ref Rng rng, double lambda)
    {
        if (lambda < InversionLimit)
        {
            return lambda == 0 ? 0 : PoissonInversion(ref rng, lambda);
        }

        return PoissonPtrs(ref rng, lambda);
    }

    /// <summary>
    /// Inversion by sequential search for λ &lt; 10: subtract P(X = k) = e^(−λ)·λᵏ/k! from a uniform until it falls
    /// inside; about λ + 1 steps. Restarts if rounding leaves the uniform above the summed mass.
    /// </summary>
    private static int PoissonInversion(ref Rng rng, double lambda)
    {
        double probabilityOfZero = Math.Exp(-lambda);
        while (true)
        {
            double u = rng.NextDouble();
            double probability = probabilityOfZero;
            for (int k = 0; probability > 0; k++)
            {
                if (u < probability)
                {
                    return k;
                }

                u -= probability;
                probability *= lambda / (k + 1);
            }
        }
    }

    /// <summary>
    /// PTRS for λ ≥ 10 (Hörmann 1993): the candidate k = ⌊(2a/u_s + b)·u + λ + 0.43⌋ is accepted at once inside
    /// the squeeze (u_s ≥ 0.07 and v ≤ v_r), rejected outright in the thin tails (u_s &lt; 0.013 and v &gt; u_s),
    /// and otherwise accepted when log(v·α⁻¹/(a/u_s² + b)) ≤ −λ + k·log λ − log k!.
    /// </summary>
    private static int PoissonPtrs(ref Rng rng, double lambda)
    {
        double logLambda = Math.Log(lambda);
        double b = 0.931 + (2.53 * Math.Sqrt(lambda));
        double a = -0.059 + (0.02483 * b);
        double inverseAlpha = 1.1239 + (1.1328 / (b - 3.4));
        double vr = 0.9277 - (3.6224 / (b - 2));
        while (true)
        {
            double u = rng.NextDouble() - 0.5;
            double v = rng.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((((2 * a / us) + b) * u) + lambda + 0.43);
            if (k < 0 || k > int.MaxValue)
            {
                continue;
            }

            if (us >= 0.07 && v <= vr)
            {
                return (int)k;
            }

            if (us < 0.013 && v > us)
            {
                continue;
            }

            double logV = Math.Log(v * inverseAlpha / ((a / (us * us)) + b));
            if (logV <= -lambda + (k * logLambda) - LogFactorial(k))
            {
                return (int)k;
            }
        }
    }
}
