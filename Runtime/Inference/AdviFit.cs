using System.Numerics;
using ModelGen.Draws;
using ModelGen.Export;
using ModelGen.Random;

namespace ModelGen.Inference;

/// <summary>
/// The result of an ADVI fit: the Gaussian approximation in the unconstrained space (mean-field or full-rank, see
/// <see cref="Family"/>), its ELBO trace, and how the fit ended.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class AdviFit<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IModel<T> _model;
    private readonly T[] _mean;
    private readonly T[] _rho;

    // L's strictly-lower part λ, row by row (see ElboEstimator); empty for mean-field.
    private readonly T[] _lower;

    internal AdviFit(IModel<T> model, VariationalFamily family, ReadOnlySpan<T> parameters, List<ElboPoint> elbo, int iterations, TimeSpan elapsed, StopReason stopReason, ulong seed, string? message, double? adaptedEta)
        : this(model, family, parameters[..model.UnconstrainedDimension].ToArray(), parameters.Slice(model.UnconstrainedDimension, model.UnconstrainedDimension).ToArray(), parameters[(2 * model.UnconstrainedDimension)..].ToArray(), elbo, iterations, elapsed, stopReason, seed, message)
    {
        AdaptedEta = adaptedEta;
    }

    private AdviFit(IModel<T> model, VariationalFamily family, T[] mean, T[] rho, T[] lower, List<ElboPoint> elbo, int iterations, TimeSpan elapsed, StopReason stopReason, ulong seed, string? message)
    {
        _model = model;
        Family = family;
        _mean = mean;
        _rho = rho;
        _lower = lower;
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

    /// <summary>
    /// ρ: the approximation's unconstrained scales, σ = softplus(ρ). For a full-rank fit σ is the diagonal of the
    /// Cholesky factor L (<see cref="CholeskyFactor"/>), not the marginal standard deviation.
    /// </summary>
    public ReadOnlySpan<T> Rho => _rho;

    /// <summary>The family fitted: mean-field N(μ, diag σ²) or full-rank N(μ, LLᵀ).</summary>
    public VariationalFamily Family { get; }

    /// <summary>The η that Stan's step-size search chose (<see cref="Optimizers.StanAdaptive"/> with no η), else null.</summary>
    public double? AdaptedEta { get; }

    /// <summary>
    /// The marginal standard deviation of each coordinate of the unconstrained space: σ = softplus(ρ) for
    /// mean-field, √(LLᵀ)ᵢᵢ for full-rank.
    /// </summary>
    public T[] StandardDeviation()
    {
        T[] sd = Array.ConvertAll(_rho, MeanField.Sigma);
        for (int i = 1, at = 0; i < sd.Length && _lower.Length > 0; at += i, i++)
        {
            ReadOnlySpan<T> row = _lower.AsSpan(at, i);
            sd[i] = T.Sqrt((sd[i] * sd[i]) + System.Numerics.Tensors.TensorPrimitives.Dot(row, row));
        }

        return sd;
    }

    /// <summary>
    /// L, the lower-triangular Cholesky factor of the approximation's covariance (d × d, zeros above the diagonal):
    /// diagonal softplus(ρ), and for a mean-field fit nothing else.
    /// </summary>
    public T[,] CholeskyFactor()
    {
        int d = _mean.Length;
        var l = new T[d, d];
        for (int i = 0, at = 0; i < d; at += i, i++)
        {
            for (int j = 0; j < i && _lower.Length > 0; j++)
            {
                l[i, j] = _lower[at + j];
            }

            l[i, i] = MeanField.Sigma(_rho[i]);
        }

        return l;
    }

    /// <summary>The approximation's covariance LLᵀ in the unconstrained space (d × d; diagonal for a mean-field fit).</summary>
    public T[,] Covariance()
    {
        T[,] l = CholeskyFactor();
        int d = _mean.Length;
        var covariance = new T[d, d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                T sum = T.Zero;
                for (int k = 0; k <= j; k++)
                {
                    sum += l[i, k] * l[j, k];
                }

                covariance[i, j] = sum;
                covariance[j, i] = sum;
            }
        }

        return covariance;
    }

    /// <summary>The ELBO estimates, in iteration order.</summary>
    public IReadOnlyList<ElboPoint> Elbo { get; }

    /// <summary>Steps taken.</summary>
    public int Iterations { get; }

    /// <summary>Wall time of the optimisation loop alone (binding, sampling and prediction excluded).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// The time the ELBO estimates took (<see cref="AdviOptions.ElboSamples"/> log densities every <see cref="AdviOptions.ElboEvery"/>
    /// iterations), on whichever thread computed them, less any JIT compilation inside them. Without
    /// <see cref="AdviOptions.ElboInBackground"/> it is part of <see cref="Elapsed"/> (on the fit's thread, its JIT in
    /// <see cref="JitElapsed"/>); with it, most of it ran beside the steps, and <see cref="ElboFitThreadElapsed"/> is the part the
    /// fit's thread spent. This run's only: not kept in a fit file (zero for a loaded fit).
    /// </summary>
    public TimeSpan ElboElapsed { get; internal init; }

    /// <summary>
    /// The part of <see cref="Elapsed"/> the fit's thread spent on the ELBO estimates: all of <see cref="ElboElapsed"/> when they
    /// run on it; with <see cref="AdviOptions.ElboInBackground"/>, drawing their ε, handing them over and waiting for them.
    /// <see cref="Elapsed"/> − this − <see cref="JitElapsed"/> is the steps'. Zero for a loaded fit.
    /// </summary>
    public TimeSpan ElboFitThreadElapsed { get; internal init; }

    /// <summary>
    /// The part of <see cref="Elapsed"/> the JIT spent compiling on the fit's thread (the kernels and the driver on first
    /// use; zero under Native AOT and for a loaded fit). Tiered recompilation on background threads is not in it.
    /// </summary>
    public TimeSpan JitElapsed { get; internal init; }

    /// <summary>
    /// Gradients of log p the fit evaluated: its steps (× <see cref="AdviOptions.GradientSamples"/>), Stan's η search, and the
    /// default schedule's start (the MAP search, the curvature, Pathfinder when used). ELBO estimates and k̂ need values only and
    /// are not counted. This run's only: zero for a loaded fit.
    /// </summary>
    public long GradientEvaluations { get; internal init; }

    /// <summary>Why the fit stopped.</summary>
    public StopReason StopReason { get; private set; }

    /// <summary>
    /// Whether the fit converged: its rule stopped it and its checks agree (<see cref="StopReason.Converged"/>). False for a fit
    /// that ran into its cap, ran a fixed count, was cancelled, diverged, or was stopped by its rule while the ELBO still rose
    /// or k̂ was above 0.7 (<see cref="StopReason.ChecksFailed"/>).
    /// </summary>
    public bool Converged => StopReason == StopReason.Converged;

    /// <summary>The seed the fit used: pass it back in <see cref="AdviOptions.Seed"/> to repeat the fit exactly.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// PSIS's Pareto k̂ of log p − log q over <see cref="AdviOptions.ParetoKDraws"/> draws from the approximation (Yao et al.
    /// 2018, "Yes, but did it work?"): k̂ ≤ 0.7 says the approximation is usable for importance-weighted estimates, above
    /// it that the approximation misses mass the posterior has. Null for a minibatch fit or when skipped.
    /// </summary>
    public Diagnostics.ParetoK? ParetoK { get; internal set; }

    /// <summary>A note on how the fit ended when it did not simply run its iterations, else null.</summary>
    public string? Message { get; private set; }

    /// <summary>Adds a note to <see cref="Message"/> (the driver's diagnostics after the fit).</summary>
    internal void AppendMessage(string note) => Message = Message is null ? note : Message + " " + note;

    /// <summary>Sets how the fit ended once its checks ran after the loop (a rule's stop the checks disagree with).</summary>
    internal void Conclude(StopReason reason, string? note)
    {
        StopReason = reason;
        if (note is not null)
        {
            AppendMessage(note);
        }
    }

    /// <summary>Draws <paramref name="count"/> samples from the fitted approximation, mapped to the constrained space.</summary>
    /// <param name="count">Number of draws, at least 1.</param>
    /// <param name="seed">Seed of the draws; null derives one from the fit's seed, so the same fit gives the same draws.</param>
    public Draws<T> Sample(int count, ulong? seed = null)
    {
        T[] theta = SampleUnconstrained(count, seed);
        int d = _mean.Length, c = _model.Info.Dimension;
        var values = new T[count * c];
        for (int k = 0; k < count; k++)
        {
            _model.Constrain(theta.AsSpan(k * d, d), values.AsSpan(k * c, c));
        }

        return new Draws<T>(_model.Info, values, count);
    }

    /// <summary>
    /// The draws <see cref="Sample"/> makes with the same arguments, before the constraint map: θ = μ + Lε in
    /// the unconstrained space (θ = μ + σ ⊙ ε for mean-field), draw-major (<paramref name="count"/> × dimension).
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
        T[] sigma = Array.ConvertAll(_rho, MeanField.Sigma);
        for (int k = 0; k < count; k++)
        {
            rng.FillNormal(epsilon);
            ElboEstimator.Draw<T>(_mean, sigma, _lower, epsilon, theta.AsSpan(k * d, d));
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

        var result = new T[_model.Info.Dimension];
        _model.Constrain(unconstrained, result);
        return result;
    }

    /// <summary>
    /// log q(θ): the approximation's normalised log density at an unconstrained point,
    /// −½ ‖z‖² − Σᵢ log Lᵢᵢ − (d/2) log 2π with z = L⁻¹(θ − μ) (zᵢ = (θᵢ − μᵢ)/σᵢ for mean-field).
    /// </summary>
    public double LogApproximation(ReadOnlySpan<T> unconstrained)
    {
        if (unconstrained.Length != _mean.Length)
        {
            throw new ArgumentException($"Expected {_mean.Length} values, got {unconstrained.Length}.", nameof(unconstrained));
        }

        // Forward substitution through L, row by row: zᵢ = (θᵢ − μᵢ − Σⱼ₍ⱼ₍ᵢ₎ Lᵢⱼ zⱼ) / Lᵢᵢ.
        // Mean-field needs no z buffer; full-rank keeps it on the stack for the sizes full-rank is practical at.
        double sum = 0;
        int d = _mean.Length;
        Span<double> z = _lower.Length == 0 ? default : d <= 256 ? stackalloc double[d] : new double[d];
        for (int i = 0, at = 0; i < d; at += i, i++)
        {
            double sigma = double.CreateChecked(MeanField.Sigma(_rho[i]));
            double r = double.CreateChecked(unconstrained[i]) - double.CreateChecked(_mean[i]);
            if (_lower.Length > 0)
            {
                for (int j = 0; j < i; j++)
                {
                    r -= double.CreateChecked(_lower[at + j]) * z[j];
                }

                z[i] = r / sigma;
            }

            double zi = r / sigma;
            sum += (-0.5 * zi * zi) - Math.Log(sigma);
        }

        return sum - (0.5 * d * Math.Log(2 * Math.PI));
    }

    /// <summary>
    /// Writes the approximation (family, μ, ρ, and for a full-rank fit L's strictly-lower part λ; seed, iterations,
    /// ELBO trace, how the fit ended) and the model's structure to <paramref name="path"/> in the versioned binary
    /// format of <c>docs/outputs.md</c> (version <see cref="FitFile.Version"/>), atomically: a temporary file in the
    /// same folder, flushed, then renamed over <paramref name="path"/>.
    /// </summary>
    public void Save(string path) =>
        FitFile.Write(path, new FitFile.Contents<T>(_model.Info, Family, _mean, _rho, _lower, [.. Elbo], Iterations, Elapsed, StopReason, Seed, Message));

    /// <summary>
    /// Reads a fit <see cref="Save"/> wrote (format version 1 or 2) and binds it to <paramref name="model"/>, whose
    /// structure must match the file's: the loaded fit has the saved one's family, μ, ρ and λ, so it samples, and its
    /// <see cref="Covariance"/> and <see cref="LogApproximation"/> evaluate, exactly as the saved one's did.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a fit file, has an unknown format version, or is truncated or corrupted (checksum).</exception>
    /// <exception cref="FitMismatchException">The model differs from the one the file was written for; the message names the difference.</exception>
    public static AdviFit<T> Load(string path, IModel<T> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        FitFile.Contents<T> c = FitFile.Read<T>(path, model.Info, model.UnconstrainedDimension);
        return new AdviFit<T>(model, c.Family, c.Mean, c.Rho, c.Lower, [.. c.Elbo], c.Iterations, c.Elapsed, c.StopReason, c.Seed, c.Message);
    }
}
