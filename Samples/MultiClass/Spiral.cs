using ModelGen.Random;

namespace ModelGen.Samples.MultiClass;

/// <summary>
/// The generating distribution: three classes of equal weight, class k a spiral arm. A point of arm k has t ~ U(0, 1),
/// radius r = <see cref="InnerRadius"/> + t, angle 2πk/3 + <see cref="Turn"/>·t, and Gaussian noise of sd
/// <see cref="Noise"/> on each coordinate. Because the distribution is known, so is the best any classifier can do:
/// p(x | k) = ∫₀¹ N(x; arm_k(t), Noise²·I) dt, integrated here by the midpoint rule, and the Bayes rule picks the
/// class of highest p(x | k).
/// </summary>
internal static class Spiral
{
    public const int Classes = 3;
    public const double InnerRadius = 0.25;
    public const double Turn = 1.25 * Math.PI;
    public const double Noise = 0.18;

    // Midpoint nodes of the arm parameter: 2,000 keeps the quadrature's error far below the noise's scale.
    private const int Nodes = 2_000;

    /// <summary>Rows of (x₀, x₁) and their labels, classes drawn uniformly.</summary>
    public static (double[,] X, int[] Labels) Draw(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[rows, 2];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int k = rng.NextInt(Classes);
            (double a, double b) = Arm(k, rng.NextDouble());
            x[r, 0] = a + (Noise * rng.NextNormal());
            x[r, 1] = b + (Noise * rng.NextNormal());
            labels[r] = k;
        }

        return (x, labels);
    }

    /// <summary>P(k | x) under the generating distribution (equal class weights), for each class.</summary>
    public static double[] Posterior(double x0, double x1)
    {
        var p = new double[Classes];
        double total = 0;
        for (int k = 0; k < Classes; k++)
        {
            double sum = 0;
            for (int i = 0; i < Nodes; i++)
            {
                (double a, double b) = Arm(k, (i + 0.5) / Nodes);
                double d2 = ((x0 - a) * (x0 - a)) + ((x1 - b) * (x1 - b));
                sum += Math.Exp(-0.5 * d2 / (Noise * Noise));
            }

            p[k] = sum;
            total += sum;
        }

        for (int k = 0; k < Classes; k++)
        {
            p[k] = total > 0 ? p[k] / total : 1.0 / Classes;
        }

        return p;
    }

    private static (double X, double Y) Arm(int k, double t)
    {
        double radius = InnerRadius + t;
        double angle = (2 * Math.PI * k / Classes) + (Turn * t);
        return (radius * Math.Cos(angle), radius * Math.Sin(angle));
    }
}
