using System.Numerics;
using ModelGen.Draws;
using ModelGen.Random;

namespace ModelGen.Inference;

/// <summary>The result of a mean-field ADVI fit: the approximation, its ELBO trace, and how the fit ended.</summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class AdviFit<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IModel<T> _model;
    private readonly T[] _mean;
    private readonly T[] _rho;

    internal AdviFit(IModel<T> model, T[] mean, T[] rho, List<ElboPoint> elbo, int iterations, TimeSpan elapsed, StopReason stopReason, ulong seed, string? message)
    {
        _model = model;
        _mean = mean;
        _rho = rho;
        Elbo = elbo;
        Iterations = iterations;
        Elapsed = elapsed;
        StopReason = stopReason;
        Seed = seed;
        Message = message;
    }

    /// <summary>The model's layout.</summary>
    public ModelInfo Info => _model.Info;

    /// <summary>μ: the approximation's mean in the unconstrained space.</summary>
    public ReadOnlySpan<T> Mean => _mean;

    /// <summary>ρ: the approximation's unconstrained scales, σ = softplus(ρ).</summary>
    public ReadOnlySpan<T> Rho => _rho;

    /// <summary>σ = softplus(ρ), per coordinate of the unconstrained space.</summary>
    public T[] StandardDeviation() => Array.ConvertAll(_rho, MeanField.Sigma);

    /// <summary>The ELBO estimates, in iteration order.</summary>
    public IReadOnlyList<ElboPoint> Elbo { get; }

    /// <summary>Steps taken.</summary>
    public int Iterations { get; }

    /// <summary>Wall time of the optimisation loop alone (binding, sampling and prediction excluded).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Why the fit stopped.</summary>
    public StopReason StopReason { get; }

    /// <summary>The seed the fit used: pass it back in <see cref="AdviOptions.Seed"/> to repeat the fit exactly.</summary>
    public ulong Seed { get; }

    /// <summary>A note on how the fit ended when it did not simply run its iterations, else null.</summary>
    public string? Message { get; }

    /// <summary>Draws <paramref name="count"/> samples from the fitted approximation, mapped to the constrained space.</summary>
    /// <param name="count">Number of draws, at least 1.</param>
    /// <param name="seed">Seed of the draws; null derives one from the fit's seed, so the same fit gives the same draws.</param>
    public Draws<T> Sample(int count, ulong? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int d = _mean.Length;
        var rng = seed is ulong s ? new Rng(s) : new Rng(Seed).Split(0x5A4D504C45);
        var values = new T[count * d];
        var epsilon = new T[d];
        var theta = new T[d];
        T[] sigma = StandardDeviation();
        for (int k = 0; k < count; k++)
        {
            rng.FillNormal(epsilon);
            for (int i = 0; i < d; i++)
            {
                theta[i] = _mean[i] + (sigma[i] * epsilon[i]);
            }

            _model.Constrain(theta, values.AsSpan(k * d, d));
        }

        return new Draws<T>(_model.Info, values, count);
    }
}
