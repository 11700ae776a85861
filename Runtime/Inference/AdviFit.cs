using System.Numerics;
using ModelGen.Draws;
using ModelGen.Export;
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
        T[] theta = SampleUnconstrained(count, seed);
        int d = _mean.Length;
        var values = new T[count * d];
        for (int k = 0; k < count; k++)
        {
            _model.Constrain(theta.AsSpan(k * d, d), values.AsSpan(k * d, d));
        }

        return new Draws<T>(_model.Info, values, count);
    }

    /// <summary>
    /// The draws <see cref="Sample"/> makes with the same arguments, before the constraint map: θ = μ + σ ⊙ ε in
    /// the unconstrained space, draw-major (<paramref name="count"/> × dimension).
    /// </summary>
    /// <param name="count">Number of draws, at least 1.</param>
    /// <param name="seed">As in <see cref="Sample"/>.</param>
    public T[] SampleUnconstrained(int count, ulong? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int d = _mean.Length;
        var rng = seed is ulong s ? new Rng(s) : new Rng(Seed).Split(0x5A4D504C45);
        var theta = new T[count * d];
        var epsilon = new T[d];
        T[] sigma = StandardDeviation();
        for (int k = 0; k < count; k++)
        {
            rng.FillNormal(epsilon);
            Span<T> row = theta.AsSpan(k * d, d);
            for (int i = 0; i < d; i++)
            {
                row[i] = _mean[i] + (sigma[i] * epsilon[i]);
            }
        }

        return theta;
    }

    /// <summary>Maps an unconstrained vector (e.g. <see cref="Mean"/>) to the constrained values draws hold.</summary>
    public T[] Constrain(ReadOnlySpan<T> unconstrained)
    {
        if (unconstrained.Length != _mean.Length)
        {
            throw new ArgumentException($"Expected {_mean.Length} values, got {unconstrained.Length}.", nameof(unconstrained));
        }

        var result = new T[_mean.Length];
        _model.Constrain(unconstrained, result);
        return result;
    }

    /// <summary>
    /// log q(θ): the approximation's normalised log density at an unconstrained point,
    /// Σᵢ [−½ ((θᵢ − μᵢ)/σᵢ)² − log σᵢ − ½ log 2π].
    /// </summary>
    public double LogApproximation(ReadOnlySpan<T> unconstrained)
    {
        if (unconstrained.Length != _mean.Length)
        {
            throw new ArgumentException($"Expected {_mean.Length} values, got {unconstrained.Length}.", nameof(unconstrained));
        }

        double sum = 0;
        for (int i = 0; i < _mean.Length; i++)
        {
            double sigma = double.CreateChecked(MeanField.Sigma(_rho[i]));
            double z = (double.CreateChecked(unconstrained[i]) - double.CreateChecked(_mean[i])) / sigma;
            sum += (-0.5 * z * z) - Math.Log(sigma);
        }

        return sum - (0.5 * _mean.Length * Math.Log(2 * Math.PI));
    }

    /// <summary>
    /// Writes the approximation (μ, ρ, seed, iterations, ELBO trace, how the fit ended) and the model's
    /// structure to <paramref name="path"/> in the versioned binary format of <c>docs/outputs.md</c>, atomically:
    /// a temporary file in the same folder, flushed, then renamed over <paramref name="path"/>.
    /// </summary>
    public void Save(string path) => FitFile.Write(path, new FitFile.Contents<T>(_model.Info, _mean, _rho, [.. Elbo], Iterations, Elapsed, StopReason, Seed, Message));

    /// <summary>
    /// Reads a fit <see cref="Save"/> wrote and binds it to <paramref name="model"/>, whose structure must match
    /// the file's: the loaded fit samples exactly as the saved one did.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a fit file, has an unknown format version, or is truncated or corrupted (checksum).</exception>
    /// <exception cref="FitMismatchException">The model differs from the one the file was written for; the message names the difference.</exception>
    public static AdviFit<T> Load(string path, IModel<T> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        FitFile.Contents<T> c = FitFile.Read<T>(path, model.Info);
        return new AdviFit<T>(model, c.Mean, c.Rho, [.. c.Elbo], c.Iterations, c.Elapsed, c.StopReason, c.Seed, c.Message);
    }
}
