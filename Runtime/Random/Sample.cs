using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ModelGen.Random;

/// <summary>
/// Random variates from the distributions model code draws from: prior and posterior predictive
/// simulation, initial values, simulation-based calibration. Each method takes the generator by
/// <see langword="ref"/> and advances it, validates its parameters, and allocates nothing.
/// </summary>
/// <remarks>
/// <para>Parameterisations follow Stan's: scale (not variance) for the normal family, rate for
/// <see cref="Gamma"/> and <see cref="Exponential"/>, shape and scale for <see cref="InverseGamma"/>,
/// mean and dispersion for <see cref="NegativeBinomial"/>.</para>
/// <para>A given seed gives the same sequence of draws on every run on the same machine. The functions
/// come from <see cref="Math"/>, whose log, exp and tan the C library may round differently on another
/// platform; a rejection test that lands within an ulp of its boundary can then go the other way, so
/// sequences are not guaranteed bit-identical across platforms. Rejection samplers consume a variable
/// number of generator outputs per draw.</para>
/// <para>Parameters are checked before anything is drawn: an invalid one throws
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter and its value, and leaves the
/// generator where it was.</para>
/// </remarks>
public static partial class Sample
{
    /// <summary>
    /// The largest Poisson rate <see cref="Poisson"/> accepts (2^30): a draw then exceeds
    /// <see cref="int.MaxValue"/> only 2^30 above the mean, about 32,768 standard deviations.
    /// </summary>
    public const double MaxPoissonRate = 1 << 30;

    // ½ log 2π, the constant of Stirling's series.
    private const double HalfLogTwoPi = 0.91893853320467274178;

    /// <summary>
    /// A uniform draw in the open interval (0, 1): the midpoint of one of 2^52 equal cells. It is never 0
    /// or 1, so its logarithm and the logarithm of its complement are finite, and it is symmetric about ½.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double OpenUniform(ref Rng rng) => ((rng.NextUInt64() >> 12) + 0.5) * (1.0 / (1UL << 52));

    /// <summary>An Exp(1) draw by inversion, −log U with U in (0, 1).</summary>
    private static double StandardExponential(ref Rng rng) => -Math.Log(OpenUniform(ref rng));

    /// <summary>
    /// A Gamma(<paramref name="alpha"/>, 1) draw for <paramref name="alpha"/> ≥ 1 by Marsaglia and Tsang,
    /// "A simple method for generating gamma variables" (ACM TOMS 26(3), 2000): d·(1 + c·Z)³ with
    /// d = α − ⅓, c = 1/√(9d), accepted with the squeeze 1 − 0.0331·Z⁴ and otherwise by the log test. About
    /// 95% of candidates or more are accepted for every α ≥ 1.
    /// </summary>
    private static double StandardGamma(ref Rng rng, double alpha)
    {
        double d = alpha - (1.0 / 3.0);
        double c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z;
            double v;
            do
            {
                z = rng.NextNormal();
                v = 1 + (c * z);
            }
            while (v <= 0);

            v = v * v * v;
            double u = rng.NextDouble();
            double z2 = z * z;
            if (u < 1 - (0.0331 * z2 * z2) || Math.Log(u) < (0.5 * z2) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>
    /// The logarithm of a Gamma(<paramref name="alpha"/>, 1) draw, for any <paramref name="alpha"/> &gt; 0.
    /// Below 1 it uses Marsaglia and Tsang's boost, G(α) = G(α + 1)·U^(1/α), in logs: for small α the draw
    /// itself underflows (its median is about 2^(−1/α)), while its logarithm is always a modest number.
    /// </summary>
    private static double LogStandardGamma(ref Rng rng, double alpha)
        => alpha >= 1
            ? Math.Log(StandardGamma(ref rng, alpha))
            : Math.Log(StandardGamma(ref rng, alpha + 1)) + (Math.Log(OpenUniform(ref rng)) / alpha);

    /// <summary>
    /// log k! for a whole number k ≥ 0 as Stirling's series with its exact remainder,
    /// (k + ½)·log(k + 1) − (k + 1) + ½ log 2π + <see cref="StirlingTail"/>(k).
    /// </summary>
    private static double LogFactorial(double k) => ((k + 0.5) * Math.Log(k + 1)) - (k + 1) + HalfLogTwoPi + StirlingTail(k);

    /// <summary>
    /// The remainder of Stirling's series, log k! − [(k + ½)·log(k + 1) − (k + 1) + ½ log 2π]: tabulated for
    /// k ≤ 9, then 1/(12(k+1)) − 1/(360(k+1)³) + 1/(1260(k+1)⁵), whose next term is below 3e-11 at k = 10.
    /// This is the correction Hörmann's BTRS and PTRS use.
    /// </summary>
    private static double StirlingTail(double k)
    {
        if (k <= 9)
        {
            return StirlingTailTable[(int)k];
        }

        double k1 = k + 1;
        double k1Squared = k1 * k1;
        return ((1.0 / 12) - (((1.0 / 360) - (1.0 / 1260 / k1Squared)) / k1Squared)) / k1;
    }

    // The remainder for k = 0..9, evaluated in 40-digit arithmetic (k = 0 is 1 − ½ log 2π).
    private static ReadOnlySpan<double> StirlingTailTable =>
    [
        0.081061466795327258, 0.041340695955409294, 0.027677925684998339, 0.020790672103765093, 0.016644691189821192,
        0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.0092554621827127329, 0.0083305634333628713,
    ];

    private static void RequireFinite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value))
        {
            ThrowOutOfRange(name, value, "finite");
        }
    }

    private static void RequirePositive(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            ThrowOutOfRange(name, value, "positive and finite");
        }
    }

    private static void RequireProbability(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= 0 && value <= 1))
        {
            ThrowOutOfRange(name, value, "a probability in [0, 1]");
        }
    }

    // Kept out of line so the checks inline as a compare and a never-taken branch; the boxing happens only here.
    [DoesNotReturn]
    private static void ThrowOutOfRange(string? name, double value, string requirement)
        => throw new ArgumentOutOfRangeException(name, value, $"{name} must be {requirement}.");
}
