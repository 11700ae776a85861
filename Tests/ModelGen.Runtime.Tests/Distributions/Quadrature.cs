namespace ModelGen.Runtime.Tests.Distributions;

/// <summary>
/// Double-exponential quadrature (Takahasi–Mori): the trapezoid rule in t after a substitution x(t) whose derivative
/// decays double-exponentially, which converges geometrically in 1/h for integrands analytic inside the interval,
/// including algebraic singularities at its ends and algebraic tails. With h = 1/64 over |t| ≤ 5 the discretisation
/// error is far below 10⁻¹² (the densities tested integrate to 1 within 4·10⁻¹⁵), and the cut-off tails hold less
/// than 10⁻¹⁴ of the mass (the heaviest, Student t with ν = 0.6, leaves about 10⁻³⁰ beyond x = e¹¹⁶).
/// </summary>
internal static class Quadrature
{
    private const double Step = 1.0 / 64;
    private const double Reach = 5;

    /// <summary>∫ f over (c, ∞) by x = c + exp(π/2 · sinh t).</summary>
    public static double Above(double c, Func<double, double> f)
        => Trapezoid(t =>
        {
            double y = Math.Exp(Math.PI / 2 * Math.Sinh(t));
            return (c + y, y * Math.PI / 2 * Math.Cosh(t));
        }, f, lower: c, upper: double.PositiveInfinity);

    /// <summary>∫ f over (−∞, c) by x = c − exp(π/2 · sinh t).</summary>
    public static double Below(double c, Func<double, double> f)
        => Above(0, y => f(c - y));

    /// <summary>∫ f over the real line, split at c so a kink there (Laplace) is an endpoint of both halves.</summary>
    public static double Real(double c, Func<double, double> f) => Below(c, f) + Above(c, f);

    /// <summary>∫ f over (a, b) by x = a + (b − a)·σ(π sinh t), formed from the nearer end to keep its digits.</summary>
    public static double Between(double a, double b, Func<double, double> f)
        => Trapezoid(t =>
        {
            double s = Math.PI * Math.Sinh(t);
            double near = 1 / (1 + Math.Exp(Math.Abs(s)));
            double x = s < 0 ? a + ((b - a) * near) : b - ((b - a) * near);
            return (x, (b - a) * near * (1 - near) * Math.PI * Math.Cosh(t));
        }, f, a, b);

    private static double Trapezoid(Func<double, (double X, double Weight)> map, Func<double, double> f, double lower, double upper)
    {
        double sum = 0;
        for (double t = -Reach; t <= Reach; t += Step)
        {
            (double x, double weight) = map(t);

            // A node that rounds onto an end of the interval carries weight below 10⁻³⁰; the density is not defined there.
            if (x > lower && x < upper)
            {
                sum += weight * f(x);
            }
        }

        return sum * Step;
    }
}
