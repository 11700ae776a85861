using System.Numerics;

namespace ModelGen.Runtime.Tests.Optimizers;

/// <summary>
/// The concave quadratic f(x) = −½ Σ a_i (x_i − c_i)², maximised at x = c, with curvatures a_i in [0.5, 4].
/// Separable, so each coordinate of a per-coordinate optimizer evolves on its own.
/// </summary>
internal sealed class Quadratic<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly double[] s_curvatures = [0.5, 1, 2, 4];
    private static readonly double[] s_centres = [1, -2, 0.5, 3];

    public Quadratic(int length)
    {
        Curvature = new T[length];
        Centre = new T[length];
        for (int i = 0; i < length; i++)
        {
            Curvature[i] = T.CreateTruncating(s_curvatures[i % 4]);
            Centre[i] = T.CreateTruncating(s_centres[i % 4] + (0.01 * i));
        }
    }

    public static double MinCurvature => 0.5;

    public T[] Curvature { get; }

    public T[] Centre { get; }

    public void Gradient(ReadOnlySpan<T> x, Span<T> gradient)
    {
        for (int i = 0; i < x.Length; i++)
        {
            gradient[i] = -Curvature[i] * (x[i] - Centre[i]);
        }
    }

    public double MaxDistance(ReadOnlySpan<T> x)
    {
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(double.CreateTruncating(x[i] - Centre[i])));
        }

        return worst;
    }

    public double MaxAbsCentre()
    {
        double worst = 0;
        foreach (T c in Centre)
        {
            worst = Math.Max(worst, Math.Abs(double.CreateTruncating(c)));
        }

        return worst;
    }
}
