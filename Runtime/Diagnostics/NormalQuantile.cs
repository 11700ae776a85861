namespace ModelGen.Diagnostics;

/// <summary>
/// The standard normal quantile function Φ⁻¹(p), by Wichura's algorithm AS 241 (PPND16, Applied Statistics 37,
/// 1988): three rational approximations, about 1 part in 10¹⁶. It is the algorithm R's <c>qnorm</c> uses, so rank
/// normalisation here gives R's z-scores to the last bits.
/// </summary>
internal static class NormalQuantile
{
    private const double Split1 = 0.425;
    private const double Split2 = 5.0;
    private const double Const1 = 0.180625;
    private const double Const2 = 1.6;

    // Wichura's coefficients, lowest degree first: numerator a and denominator b of each region.
    private static ReadOnlySpan<double> CentralA => [3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3];

    private static ReadOnlySpan<double> CentralB => [1.0, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3, 2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3];

    private static ReadOnlySpan<double> NearA => [1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4];

    private static ReadOnlySpan<double> NearB => [1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1, 1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9];

    private static ReadOnlySpan<double> FarA => [6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7];

    private static ReadOnlySpan<double> FarB => [1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2, 7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15];

    /// <summary>Φ⁻¹(<paramref name="p"/>); −∞ at 0, +∞ at 1, NaN outside [0, 1].</summary>
    public static double Of(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }

        double q = p - 0.5;
        if (Math.Abs(q) <= Split1)
        {
            // Central region |p − ½| ≤ 0.425: a rational function of r = 0.180625 − q².
            double r = Const1 - (q * q);
            return q * Horner(CentralA, r) / Horner(CentralB, r);
        }

        double tail = q < 0 ? p : 1 - p;
        if (tail <= 0)
        {
            return q < 0 ? double.NegativeInfinity : double.PositiveInfinity;
        }

        double s = Math.Sqrt(-Math.Log(tail));

        // Intermediate tails down to p ≈ 1.4e-11, then the far tails.
        double value = s <= Split2
            ? Horner(NearA, s - Const2) / Horner(NearB, s - Const2)
            : Horner(FarA, s - Split2) / Horner(FarB, s - Split2);
        return q < 0 ? -value : value;
    }

    private static double Horner(ReadOnlySpan<double> coefficients, double x)
    {
        double sum = coefficients[^1];
        for (int i = coefficients.Length - 2; i >= 0; i--)
        {
            sum = (sum * x) + coefficients[i];
        }

        return sum;
    }
}
