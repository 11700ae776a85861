using System.Numerics;

namespace ModelGen.Inference;

/// <summary>
/// The mean-field ELBO on fixed draws (a sample-average approximation; Giordano, Ingram and Broderick's deterministic ADVI),
/// as a density over ζ = [μ; ω] (ω = log σ, 2d coordinates) that <see cref="Map"/>'s L-BFGS can maximise:
/// Σₖ log p(μ + e^ω ⊙ εₖ)/K + Σᵢ ωᵢ, with the K draws εₖ fixed, so the objective is smooth and deterministic. Its maximiser is
/// within Monte Carlo error of the mean-field optimum; the default start uses it where log p has no mode (a funnel), where the
/// stochastic steps, started in the funnel's neck, climb out too slowly.
/// </summary>
internal struct FixedDrawElbo<TDensity, T> : ILogDensity<double>
    where TDensity : struct, ILogDensity<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private TDensity _density;
    private readonly double[] _eps;
    private readonly int _d;
    private readonly T[] _point;
    private readonly T[] _gradient;

    /// <summary>Wraps <paramref name="density"/> (full batch) with <paramref name="eps"/>, K × d standard normal draws, row by row.</summary>
    public FixedDrawElbo(TDensity density, double[] eps)
    {
        _density = density;
        _d = density.Dimension;
        _eps = eps;
        _point = new T[_d];
        _gradient = new T[_d];
    }

    /// <summary>Gradient evaluations of the model so far.</summary>
    public int Evaluations { get; private set; }

    public readonly int Dimension => 2 * _d;

    public double LogDensity(ReadOnlySpan<double> theta) => LogDensityGradient(theta, new double[2 * _d]);

    public void Gradient(ReadOnlySpan<double> theta, Span<double> gradient) => LogDensityGradient(theta, gradient);

    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        int d = _d;
        int draws = _eps.Length / d;
        gradient.Clear();
        double value = 0;
        for (int i = 0; i < d; i++)
        {
            value += theta[d + i];
            gradient[d + i] = 1;
        }

        for (int k = 0; k < draws; k++)
        {
            for (int i = 0; i < d; i++)
            {
                _point[i] = T.CreateChecked(theta[i] + (Math.Exp(theta[d + i]) * _eps[(k * d) + i]));
            }

            value += double.CreateChecked(_density.LogDensityGradient(_point, _gradient)) / draws;
            Evaluations++;
            for (int i = 0; i < d; i++)
            {
                double g = double.CreateChecked(_gradient[i]) / draws;
                gradient[i] += g;
                gradient[d + i] += g * Math.Exp(theta[d + i]) * _eps[(k * d) + i];
            }
        }

        return value;
    }

    public readonly bool NextBatch() => true;
}
