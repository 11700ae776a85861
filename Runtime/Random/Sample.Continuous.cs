namespace ModelGen.Random;

/// <summary>Continuous distributions.</summary>
public static partial class Sample
{
    /// <summary>A draw from Normal(<paramref name="mu"/>, <paramref name="sigma"/>): μ + σ·Z with Z from <see cref="Rng.NextNormal"/> (Box–Muller).</summary>
    /// <param name="rng">The generator; advanced by two outputs.</param>
    /// <param name="mu">The mean; finite.</param>
    /// <param name="sigma">The standard deviation; positive and finite.</param>
    /// <returns>The draw.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double Normal(ref Rng rng, double mu, double sigma)
    {
        RequireFinite(mu);
        RequirePositive(sigma);
        return mu + (sigma * rng.NextNormal());
    }

    /// <summary>A draw from the half-normal with scale <paramref name="sigma"/>, the normal N(0, σ) folded onto [0, ∞): σ·|Z|.</summary>
    /// <param name="rng">The generator; advanced by two outputs.</param>
    /// <param name="sigma">The scale; positive and finite.</param>
    /// <returns>The draw, ≥ 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is outside its range.</exception>
    public static double HalfNormal(ref Rng rng, double sigma)
    {
        RequirePositive(sigma);
        return sigma * Math.Abs(rng.NextNormal());
    }

    /// <summary>
    /// A draw from Student's t with <paramref name="nu"/> degrees of freedom, location <paramref name="mu"/> and
    /// scale <paramref name="sigma"/>: μ + σ·Z/√(V/ν) with V ~ χ²(ν) = 2·Gamma(ν/2, 1), the gamma from
    /// Marsaglia–Tsang taken in logs so that a tiny ν does not underflow it.
    /// </summary>
    /// <param name="rng">The generator.</param>
    /// <param name="nu">The degrees of freedom; positive and finite.</param>
    /// <param name="mu">The location; finite.</param>
    /// <param name="sigma">The scale; positive and finite.</param>
    /// <returns>The draw.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double StudentT(ref Rng rng, double nu, double mu, double sigma)
    {
        RequirePositive(nu);
        RequireFinite(mu);
        RequirePositive(sigma);
        return mu + (sigma * StandardStudentT(ref rng, nu));
    }

    /// <summary>A draw from the half Student's t: Student's t(ν, 0, σ) folded onto [0, ∞), σ·|T|.</summary>
    /// <param name="rng">The generator.</param>
    /// <param name="nu">The degrees of freedom; positive and finite.</param>
    /// <param name="sigma">The scale; positive and finite.</param>
    /// <returns>The draw, ≥ 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double HalfStudentT(ref Rng rng, double nu, double sigma)
    {
        RequirePositive(nu);
        RequirePositive(sigma);
        return sigma * Math.Abs(StandardStudentT(ref rng, nu));
    }

    /// <summary>A draw from Cauchy(<paramref name="alpha"/>, <paramref name="beta"/>) by inversion: α + β·tan(π(U − ½)), U in (0, 1).</summary>
    /// <param name="rng">The generator; advanced by one output.</param>
    /// <param name="alpha">The location (the median); finite.</param>
    /// <param name="beta">The scale (the half-width at half maximum); positive and finite.</param>
    /// <returns>The draw.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double Cauchy(ref Rng rng, double alpha, double beta)
    {
        RequireFinite(alpha);
        RequirePositive(beta);
        return alpha + (beta * StandardCauchy(ref rng));
    }

    /// <summary>A draw from the half-Cauchy with scale <paramref name="beta"/>: Cauchy(0, β) folded onto [0, ∞).</summary>
    /// <param name="rng">The generator; advanced by one output.</param>
    /// <param name="beta">The scale (the median of the draw); positive and finite.</param>
    /// <returns>The draw, ≥ 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is outside its range.</exception>
    public static double HalfCauchy(ref Rng rng, double beta)
    {
        RequirePositive(beta);
        return beta * Math.Abs(StandardCauchy(ref rng));
    }

    /// <summary>
    /// A draw from Laplace(<paramref name="mu"/>, <paramref name="b"/>), the double exponential: μ ± b·E with E ~ Exp(1)
    /// by inversion and the sign from a bit of the same generator output that the uniform does not use.
    /// </summary>
    /// <param name="rng">The generator; advanced by one output.</param>
    /// <param name="mu">The location; finite.</param>
    /// <param name="b">The scale (variance 2b²); positive and finite.</param>
    /// <returns>The draw.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double Laplace(ref Rng rng, double mu, double b)
    {
        RequireFinite(mu);
        RequirePositive(b);
        ulong bits = rng.NextUInt64();
        // The uniform takes the top 52 bits, the sign the lowest.
        double e = -Math.Log(((bits >> 12) + 0.5) * (1.0 / (1UL << 52)));
        return (bits & 1) == 0 ? mu + (b * e) : mu - (b * e);
    }

    /// <summary>A draw from the exponential with rate <paramref name="lambda"/> (mean 1/λ) by inversion: −log(U)/λ, U in (0, 1).</summary>
    /// <param name="rng">The generator; advanced by one output.</param>
    /// <param name="lambda">The rate; positive and finite.</param>
    /// <returns>The draw, &gt; 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is outside its range.</exception>
    public static double Exponential(ref Rng rng, double lambda)
    {
        RequirePositive(lambda);
        return StandardExponential(ref rng) / lambda;
    }

    /// <summary>
    /// A draw from Gamma(<paramref name="alpha"/>, <paramref name="beta"/>) with shape α and <b>rate</b> β (mean α/β):
    /// Marsaglia and Tsang, "A simple method for generating gamma variables" (2000), with their boost
    /// G(α) = G(α + 1)·U^(1/α) for α &lt; 1, formed in logs.
    /// </summary>
    /// <param name="rng">The generator.</param>
    /// <param name="alpha">The shape; positive and finite.</param>
    /// <param name="beta">The rate; positive and finite.</param>
    /// <returns>The draw, ≥ 0. For small α it is often below the smallest double and returned as 0: the true value
    /// then has a median near 2^(−1/α); <see cref="Beta"/>, <see cref="StudentT"/> and <see cref="InverseGamma"/>
    /// keep the logarithm instead and do not lose it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double Gamma(ref Rng rng, double alpha, double beta)
    {
        RequirePositive(alpha);
        RequirePositive(beta);
        return alpha >= 1 ? StandardGamma(ref rng, alpha) / beta : Math.Exp(LogStandardGamma(ref rng, alpha)) / beta;
    }

    /// <summary>
    /// A draw from InverseGamma(<paramref name="alpha"/>, <paramref name="beta"/>) with shape α and <b>scale</b> β
    /// (mean β/(α − 1) for α &gt; 1): β/G with G ~ Gamma(α, 1), formed in logs for α &lt; 1.
    /// </summary>
    /// <param name="rng">The generator.</param>
    /// <param name="alpha">The shape; positive and finite.</param>
    /// <param name="beta">The scale; positive and finite.</param>
    /// <returns>The draw, &gt; 0 (+∞ if it exceeds the largest double, as happens for small α).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double InverseGamma(ref Rng rng, double alpha, double beta)
    {
        RequirePositive(alpha);
        RequirePositive(beta);
        return alpha >= 1 ? beta / StandardGamma(ref rng, alpha) : beta * Math.Exp(-LogStandardGamma(ref rng, alpha));
    }

    /// <summary>A draw from LogNormal(<paramref name="mu"/>, <paramref name="sigma"/>): exp(μ + σ·Z).</summary>
    /// <param name="rng">The generator; advanced by two outputs.</param>
    /// <param name="mu">The mean of the logarithm; finite.</param>
    /// <param name="sigma">The standard deviation of the logarithm; positive and finite.</param>
    /// <returns>The draw, ≥ 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double LogNormal(ref Rng rng, double mu, double sigma)
    {
        RequireFinite(mu);
        RequirePositive(sigma);
        return Math.Exp(mu + (sigma * rng.NextNormal()));
    }

    /// <summary>
    /// A draw from Beta(<paramref name="a"/>, <paramref name="b"/>) as X/(X + Y) with X ~ Gamma(a, 1) and
    /// Y ~ Gamma(b, 1) (Marsaglia–Tsang), computed as 1/(1 + exp(log Y − log X)) from the logarithms of the
    /// gammas: for a, b well below 1 both gammas underflow to 0 far more often than not, and the quotient of
    /// the values would be 0/0, while their logarithms give the draw, 0 or 1 only when it rounds there.
    /// </summary>
    /// <param name="rng">The generator.</param>
    /// <param name="a">The first shape (the weight of 1); positive and finite.</param>
    /// <param name="b">The second shape (the weight of 0); positive and finite.</param>
    /// <returns>The draw, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double Beta(ref Rng rng, double a, double b)
    {
        RequirePositive(a);
        RequirePositive(b);
        double logX = LogStandardGamma(ref rng, a);
        double logY = LogStandardGamma(ref rng, b);
        return 1 / (1 + Math.Exp(logY - logX));
    }

    /// <summary>A draw from Uniform(<paramref name="lower"/>, <paramref name="upper"/>): lower + (upper − lower)·U with 53-bit U.</summary>
    /// <param name="rng">The generator; advanced by one output.</param>
    /// <param name="lower">The lower bound, included; finite.</param>
    /// <param name="upper">The upper bound, excluded; finite, above <paramref name="lower"/>, and less than the largest double above it.</param>
    /// <returns>The draw, in [lower, upper): a value that rounds up to <paramref name="upper"/> is replaced by the double below it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double Uniform(ref Rng rng, double lower, double upper)
    {
        RequireFinite(lower);
        RequireFinite(upper);
        double width = upper - lower;
        if (!(width > 0 && double.IsFinite(width)))
        {
            ThrowOutOfRange(nameof(upper), upper, $"above {nameof(lower)} by a finite width");
        }

        return Math.Min(lower + (width * rng.NextDouble()), Math.BitDecrement(upper));
    }

    /// <summary>Standard Cauchy by inversion; U in (0, 1) keeps tan's argument inside (−π/2, π/2).</summary>
    private static double StandardCauchy(ref Rng rng) => Math.Tan(Math.PI * (OpenUniform(ref rng) - 0.5));

    /// <summary>Student's t(ν, 0, 1): Z·√(ν/V), V = 2G, G ~ Gamma(ν/2, 1), as Z·exp(½(log(ν/2) − log G)).</summary>
    private static double StandardStudentT(ref Rng rng, double nu)
    {
        double z = rng.NextNormal();
        double logG = LogStandardGamma(ref rng, nu / 2);
        return z * Math.Exp(0.5 * (Math.Log(nu / 2) - logG));
    }
}
