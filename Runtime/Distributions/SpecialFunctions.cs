using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>
/// log Γ, ψ and log B in double precision, for the normalising constants and shape gradients of the priors.
/// <para>
/// Both Γ functions use the asymptotic (Stirling) series at x ≥ 10, where eight terms leave a truncation error below
/// 4·10⁻¹⁷. Below 10, log Γ uses its Taylor series about 1 and 2 and recurrences that never cancel, so it is accurate
/// to about 10⁻¹⁴ relative everywhere, zeros included; ψ uses the upward recurrence ψ(x + 1) = ψ(x) + 1/x and is
/// accurate to about 10⁻¹⁵ of max(1, |ψ(x)|), that is, absolutely near its zero at 1.4616…, which is what a
/// gradient needs: ψ is always added to terms of order 1 or larger.
/// </para>
/// </summary>
public static class SpecialFunctions
{
    /// <summary>Where the asymptotic series takes over from the recurrence.</summary>
    private const double AsymptoticFrom = 10;

    /// <summary>
    /// log Γ(x) for x &gt; 0. At x ≥ 10, Stirling: (x − ½) log x − x + ½ log 2π + Δ(x). Near the zeros at 1 and 2,
    /// the Taylor series of log Γ(1 + z), |z| ≤ ½, reached by log Γ(x) = log Γ(1 + x) − log x below ½ and
    /// log Γ(2 + z) = log(1 + z) + log Γ(1 + z) up to 2½; between 2½ and 10, the downward recurrence
    /// log Γ(x) = log((x − 1)⋯(x − n)) + log Γ(x − n), whose terms are all positive. So no branch cancels.
    /// </summary>
    /// <returns>log Γ(x); +∞ at +∞; NaN for x ≤ 0 or NaN.</returns>
    public static double LogGamma(double x)
    {
        if (x >= AsymptoticFrom)
        {
            return double.IsPositiveInfinity(x) ? x : StirlingBase(x) + StirlingCorrection(x);
        }

        if (!(x > 0))
        {
            return double.NaN;
        }

        // Each subtraction below is exact (Sterbenz, or an integer off a larger x), so z and y carry no rounding.
        if (x < 0.5)
        {
            return LogGammaOnePlus(x) - Math.Log(x);
        }

        if (x < 1.5)
        {
            return LogGammaOnePlus(x - 1);
        }

        double y = x;
        double product = 1;
        while (y >= 2.5)
        {
            y -= 1;
            product *= y;
        }

        double z = y - 2;
        return Math.Log(product) + Numerics.Log1P(z) + LogGammaOnePlus(z);
    }

    /// <summary>
    /// The digamma function ψ(x) = ∂ log Γ(x)/∂x for x &gt; 0: log x − 1/(2x) − Σₖ B₂ₖ/(2k·x²ᵏ) at x ≥ 10,
    /// below that ψ(x + n) − Σᵢ 1/(x + i).
    /// </summary>
    /// <returns>ψ(x); +∞ at +∞; NaN for x ≤ 0 or NaN.</returns>
    public static double Digamma(double x)
    {
        if (!(x > 0))
        {
            return double.NaN;
        }

        double sum = 0;
        while (x < AsymptoticFrom)
        {
            sum -= 1 / x;
            x += 1;
        }

        if (double.IsPositiveInfinity(x))
        {
            return x;
        }

        return sum + Math.Log(x) - (0.5 / x) - DigammaSeries(x);
    }

    /// <summary>
    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b &gt; 0. When an argument is ≥ 10 the large
    /// log Γ terms are cancelled analytically (as R's <c>lbeta</c> does), so log B(1, 10¹²) = −log 10¹² keeps its digits.
    /// </summary>
    /// <returns>log B(a, b); NaN when an argument is ≤ 0 or NaN.</returns>
    public static double LogBeta(double a, double b)
    {
        double p = Math.Min(a, b);
        double q = Math.Max(a, b);
        if (!(p > 0))
        {
            return double.NaN;
        }

        double share = p / (p + q);
        if (p >= AsymptoticFrom)
        {
            // (p − ½) log(p/(p + q)) + q log(q/(p + q)) − ½ log q + ½ log 2π + Δ(p) + Δ(q) − Δ(p + q)
            double correction = StirlingCorrection(p) + StirlingCorrection(q) - StirlingCorrection(p + q);
            return (-0.5 * Math.Log(q)) + Normal.HalfLogTwoPi + correction + ((p - 0.5) * Math.Log(share)) + (q * Numerics.Log1P(-share));
        }

        if (q >= AsymptoticFrom)
        {
            // log Γ(q) − log Γ(p + q) = (q − ½) log(q/(p + q)) − p log(p + q) + p + Δ(q) − Δ(p + q)
            double correction = StirlingCorrection(q) - StirlingCorrection(p + q);
            return LogGamma(p) + correction + p - (p * Math.Log(p + q)) + ((q - 0.5) * Numerics.Log1P(-share));
        }

        return LogGamma(p) + LogGamma(q) - LogGamma(p + q);
    }

    /// <summary>log Γ(x) in <typeparamref name="T"/>, computed in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogGamma<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateChecked(LogGamma(double.CreateChecked(x)));

    /// <summary>ψ(x) in <typeparamref name="T"/>, computed in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Digamma<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateChecked(Digamma(double.CreateChecked(x)));

    /// <summary>log B(a, b) in <typeparamref name="T"/>, computed in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogBeta<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateChecked(LogBeta(double.CreateChecked(a), double.CreateChecked(b)));

    /// <summary>
    /// log Γ(a + h) − log Γ(a) without cancelling two large values when a ≥ 10:
    /// (a − ½) log(1 + h/a) + h log(a + h) − h + Δ(a + h) − Δ(a).
    /// </summary>
    internal static double LogGammaDifference(double a, double h)
        => a >= AsymptoticFrom && !double.IsPositiveInfinity(a)
            ? ((a - 0.5) * Numerics.Log1P(h / a)) + (h * Math.Log(a + h)) - h + StirlingCorrection(a + h) - StirlingCorrection(a)
            : LogGamma(a + h) - LogGamma(a);

    /// <summary>
    /// log Γ(1 + z) for |z| ≤ ½ from log Γ(1 + z) = −γz + Σₖ₌₂ (−1)ᵏ ζ(k) zᵏ/k, with the ζ(k) = 1 parts summed
    /// in closed form (Σₖ₌₂ (−z)ᵏ/k = z − log(1 + z)) so the remaining coefficients (ζ(k) − 1)/k shrink like 2⁻ᵏ:
    /// 27 of them leave a truncation error below 5·10⁻¹⁹, and the result keeps its relative accuracy as z → 0.
    /// </summary>
    private static double LogGammaOnePlus(double z)
    {
        ReadOnlySpan<double> c = ZetaMinusOneOverK;
        double series = c[^1];
        for (int k = c.Length - 2; k >= 0; k--)
        {
            series = c[k] + (z * series);
        }

        return (-Numerics.EulerGamma * z) + (z - Numerics.Log1P(z)) + (z * z * series);
    }

    /// <summary>(−1)ᵏ (ζ(k) − 1)/k for k = 2 … 28 (computed to 50 digits, rounded to nearest double).</summary>
    private static ReadOnlySpan<double> ZetaMinusOneOverK =>
    [
        0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986,
        0.0028905103307415234, -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939,
        9.945751278180853e-05, -4.492623673813314e-05, 2.050721277567069e-05, -9.439488275268397e-06,
        4.374866789907488e-06, -2.039215753801366e-06, 9.55141213040742e-07, -4.492469198764566e-07,
        2.1207184805554665e-07, -1.0043224823968099e-07, 4.7698101693639804e-08, -2.2711094608943164e-08,
        1.0838659214896955e-08, -5.183475041970047e-09, 2.4836745438024785e-09, -1.1921401405860912e-09,
        5.731367241678862e-10, -2.7595228851242334e-10, 1.330476437424449e-10,
    ];

    /// <summary>
    /// ψ(a + h) − ψ(a) without cancelling two values near log a when a ≥ 10:
    /// log(1 + h/a) + h/(2a(a + h)) − S(a + h) + S(a), S the asymptotic series of <see cref="Digamma(double)"/>.
    /// </summary>
    internal static double DigammaDifference(double a, double h)
        => a >= AsymptoticFrom && !double.IsPositiveInfinity(a)
            ? Numerics.Log1P(h / a) + (h / (2 * a * (a + h))) - DigammaSeries(a + h) + DigammaSeries(a)
            : Digamma(a + h) - Digamma(a);

    /// <summary>S(x) = Σₖ B₂ₖ/(2k·x²ᵏ), eight terms, for x ≥ 10 (truncation below 5·10⁻¹⁷): ψ(x) = log x − 1/(2x) − S(x).</summary>
    private static double DigammaSeries(double x)
    {
        // B₂ₖ/(2k): 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760, 1/12, −3617/8160.
        double z = 1 / (x * x);
        return z * ((1.0 / 12) + (z * ((-1.0 / 120) + (z * ((1.0 / 252) + (z * ((-1.0 / 240) + (z * ((1.0 / 132)
            + (z * ((-691.0 / 32760) + (z * ((1.0 / 12) + (z * (-3617.0 / 8160)))))))))))))));
    }

    /// <summary>(x − ½) log x − x + ½ log 2π: Stirling's formula without its series.</summary>
    private static double StirlingBase(double x) => ((x - 0.5) * Math.Log(x)) - x + Normal.HalfLogTwoPi;

    /// <summary>
    /// Δ(x) = log Γ(x) − StirlingBase(x) = Σₖ B₂ₖ/(2k(2k − 1)·x²ᵏ⁻¹), eight terms, for x ≥ 10 (truncation below 4·10⁻¹⁷).
    /// </summary>
    private static double StirlingCorrection(double x)
    {
        // B₂ₖ/(2k(2k − 1)): 1/12, −1/360, 1/1260, −1/1680, 1/1188, −691/360360, 1/156, −3617/122400.
        double r = 1 / x;
        double z = r * r;
        return r * ((1.0 / 12) + (z * ((-1.0 / 360) + (z * ((1.0 / 1260) + (z * ((-1.0 / 1680) + (z * ((1.0 / 1188)
            + (z * ((-691.0 / 360360) + (z * ((1.0 / 156) + (z * (-3617.0 / 122400)))))))))))))));
    }
}
