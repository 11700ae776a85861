using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ModelGen.Random;

namespace ModelGen.Inference;

/// <summary>
/// The ELBO of a Gaussian approximation and its reparameterised gradient, for both
/// <see cref="VariationalFamily"/> members: the arithmetic <see cref="Advi"/> runs, exposed for one fixed draw
/// so that it can be checked (e.g. against finite differences) or reused.
/// </summary>
/// <remarks>
/// <para>The variational parameters are one vector: <c>[μ (d); ρ (d); λ (d(d − 1)/2)]</c>. μ is the mean,
/// σ = softplus(ρ) the diagonal of the Cholesky factor L, and λ its strictly-lower entries row by row
/// (row i holds L[i, 0 … i − 1] at offset i(i − 1)/2). Mean-field has no λ. A draw is θ = μ + Lε with ε ~ N(0, I),
/// and the entropy is Σ log σᵢ + d/2 (1 + log 2π), the same function of ρ for both families.</para>
/// <para>Why softplus and not Stan's exp(ω) or Stan's free diagonal: one scale map for both families, so a
/// full-rank fit with λ = 0 is exactly the mean-field fit; softplus grows linearly, so a large step (η = 100
/// in Stan's step-size search) cannot blow σ up exponentially; and unlike a free diagonal it keeps L a valid
/// Cholesky factor (σ &gt; 0), so the entropy needs no absolute values.</para>
/// <para>The public one-draw methods allocate their scratch buffers on every call: they are for checking and
/// experiments, not for loops; <see cref="Advi"/> uses the same arithmetic with buffers allocated once per fit.</para>
/// <para>With g = ∇θ log p(θ): ∇μ = g, ∇ρᵢ = gᵢ εᵢ σ′(ρᵢ) + σ′(ρᵢ)/σᵢ (the second term is the entropy's),
/// ∇L[i, j] = gᵢ εⱼ for j &lt; i, i.e. the strictly-lower part of g εᵀ. Each is averaged over the draws.</para>
/// </remarks>
public static class ElboEstimator
{
    /// <summary>The length of the variational parameter vector for a <paramref name="dimension"/>-dimensional model.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is negative, or the full-rank vector would not fit in an array.</exception>
    public static int ParameterCount(VariationalFamily family, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        long count = 2L * dimension;
        if (family == VariationalFamily.FullRank)
        {
            count += (long)dimension * (dimension - 1) / 2;
        }
        else if (family != VariationalFamily.MeanField)
        {
            throw new ArgumentOutOfRangeException(nameof(family), family, "Unknown variational family.");
        }

        if (count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"A {family} approximation of {dimension} parameters needs {count} variational parameters, more than an array holds.");
        }

        return (int)count;
    }

    /// <summary>
    /// The single-draw ELBO estimate log p(μ + Lε) + H[q] at the fixed standard-normal draw <paramref name="epsilon"/>.
    /// </summary>
    /// <param name="density">The target density.</param>
    /// <param name="family">Which family <paramref name="parameters"/> describes.</param>
    /// <param name="parameters">The variational parameters, laid out as in the remarks of <see cref="ElboEstimator"/>.</param>
    /// <param name="epsilon">ε, <c>density.Dimension</c> values.</param>
    public static double Estimate<TDensity, T>(ref TDensity density, VariationalFamily family, ReadOnlySpan<T> parameters, ReadOnlySpan<T> epsilon)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = new ElboWorkspace<T>(density.Dimension);
        Check(family, w.Dimension, parameters.Length, epsilon.Length);
        w.Prepare(parameters);
        epsilon.CopyTo(w.Epsilon);
        w.Draw(parameters);
        return double.CreateChecked(density.LogDensity(w.Theta)) + MeanField.Entropy(parameters.Slice(w.Dimension, w.Dimension));
    }

    /// <summary>
    /// The gradient of <see cref="Estimate"/> with respect to the variational parameters, at the same fixed draw:
    /// the estimator <see cref="Advi"/> steps along (with one draw per step).
    /// </summary>
    /// <param name="density">The target density.</param>
    /// <param name="family">Which family <paramref name="parameters"/> describes.</param>
    /// <param name="parameters">The variational parameters.</param>
    /// <param name="epsilon">ε, <c>density.Dimension</c> values.</param>
    /// <param name="gradient">Receives the gradient; as long as <paramref name="parameters"/>.</param>
    public static void Gradient<TDensity, T>(ref TDensity density, VariationalFamily family, ReadOnlySpan<T> parameters, ReadOnlySpan<T> epsilon, Span<T> gradient)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = new ElboWorkspace<T>(density.Dimension);
        Check(family, w.Dimension, parameters.Length, epsilon.Length);
        if (gradient.Length != parameters.Length)
        {
            throw new ArgumentException($"Expected a gradient of length {parameters.Length}, got {gradient.Length}.", nameof(gradient));
        }

        epsilon.CopyTo(w.Epsilon);
        SingleDrawGradient(ref density, parameters, gradient, w);
    }

    /// <summary>The Monte Carlo gradient over <paramref name="samples"/> fresh draws: the fit's hot path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MonteCarloGradient<TDensity, T>(ref TDensity density, ref Rng rng, ReadOnlySpan<T> parameters, Span<T> gradient, ElboWorkspace<T> w, int samples)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (samples == 1)
        {
            // The common case, without the averaging buffer: the density writes ∇μ = g in place.
            rng.FillNormal<T>(w.Epsilon);
            SingleDrawGradient(ref density, parameters, gradient, w);
            return;
        }

        w.Prepare(parameters);
        gradient.Clear();
        for (int s = 0; s < samples; s++)
        {
            rng.FillNormal<T>(w.Epsilon);
            AccumulateDrawGradient(ref density, parameters, gradient, w);
        }

        Finish(gradient, w, T.One / T.CreateChecked(samples));
    }

    /// <summary>ELBO = E_q[log p(θ, y)] + H[q], the expectation by <paramref name="samples"/> Monte Carlo draws, with its standard error.</summary>
    internal static (double Value, double StandardError) MonteCarloEstimate<TDensity, T>(ref TDensity density, ref Rng rng, ReadOnlySpan<T> parameters, ElboWorkspace<T> w, int samples)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> noise = w.EstimateNoise(samples);
        DrawEstimateNoise(ref rng, noise, w.Dimension);
        return EstimateAt(ref density, parameters, noise, w, samples);
    }

    /// <summary>
    /// The ε of an estimate of <c>noise.Length / dimension</c> draws: one <see cref="Rng.FillNormal{T}(Span{T})"/> call of
    /// <paramref name="dimension"/> values per draw, so the stream after it is the same whenever the values are used.
    /// </summary>
    internal static void DrawEstimateNoise<T>(ref Rng rng, Span<T> noise, int dimension)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int at = 0; at + dimension <= noise.Length && dimension > 0; at += dimension)
        {
            rng.FillNormal<T>(noise.Slice(at, dimension));
        }
    }

    /// <summary>
    /// <see cref="MonteCarloEstimate"/> at ε already drawn (<see cref="DrawEstimateNoise"/>): the draws' log densities added in
    /// draw order (Welford's mean and variance), then the entropy. Touches only <paramref name="w"/> and the density, so a worker
    /// with its own workspace and density copy computes it off the fit's thread, bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (double Value, double StandardError) EstimateAt<TDensity, T>(ref TDensity density, ReadOnlySpan<T> parameters, ReadOnlySpan<T> noise, ElboWorkspace<T> w, int samples)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = w.Dimension;
        w.Prepare(parameters);
        double mean = 0;
        double m2 = 0;
        for (int s = 0; s < samples; s++)
        {
            Draw<T>(parameters[..d], w.Sigma, parameters[(2 * d)..], noise.Slice(s * d, d), w.Theta);
            double x = double.CreateChecked(density.LogDensity(w.Theta));
            double delta = x - mean;
            mean += delta / (s + 1);
            m2 += delta * (x - mean);
        }

        double error = samples > 1 ? Math.Sqrt(m2 / (samples - 1) / samples) : 0;
        return (mean + MeanField.Entropy(parameters.Slice(d, d)), error);
    }

    /// <summary>
    /// The one-draw gradient at w.Epsilon in three passes over the coordinates: σ, σ′, σ′/σ and θ = μ + Lε together;
    /// the density's gradient g, written straight into ∇μ; then ∇ρ = (g ⊙ ε) ⊙ σ′ + σ′/σ together (and ∇λ).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SingleDrawGradient<TDensity, T>(ref TDensity density, ReadOnlySpan<T> parameters, Span<T> gradient, ElboWorkspace<T> w)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = w.Dimension;
        Span<T> gMu = gradient[..d];
        Span<T> gLower = gradient[(2 * d)..];
        w.PrepareAndDraw(parameters);
        density.Gradient(w.Theta, gMu);
        ReadOnlySpan<T> epsilon = w.Epsilon;
        MeanField.ScaleGradient<T>(gMu, epsilon, w.Slope, w.EntropyGradient, gradient.Slice(d, d));
        for (int i = 1, at = 0; i < d && !gLower.IsEmpty; at += i, i++)
        {
            TensorPrimitives.Multiply<T>(epsilon[..i], gMu[i], gLower.Slice(at, i));
        }
    }

    /// <summary>
    /// One draw's contribution at w.Epsilon, added to the sums of several: ∇μ += g, ∇ρ += g ⊙ ε (the σ′ factor and the
    /// entropy come in <see cref="Finish"/>), ∇λ row i += gᵢ ε[0 … i − 1].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateDrawGradient<TDensity, T>(ref TDensity density, ReadOnlySpan<T> parameters, Span<T> gradient, ElboWorkspace<T> w)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = w.Dimension;
        Span<T> gMu = gradient[..d];
        Span<T> gRho = gradient.Slice(d, d);
        Span<T> gLower = gradient[(2 * d)..];
        w.Draw(parameters);
        ReadOnlySpan<T> epsilon = w.Epsilon;
        Span<T> g = w.Gradient;
        density.Gradient(w.Theta, g);
        TensorPrimitives.Add<T>(gMu, g, gMu);
        TensorPrimitives.MultiplyAdd<T>(g, epsilon, gRho, gRho);
        for (int i = 1, at = 0; i < d && !gLower.IsEmpty; at += i, i++)
        {
            Span<T> row = gLower.Slice(at, i);
            TensorPrimitives.MultiplyAdd<T>(epsilon[..i], g[i], row, row);
        }
    }

    /// <summary>Scales the summed draws by <paramref name="inverse"/> = 1/S, applies σ′ to ∇ρ and adds the entropy's gradient σ′/σ.</summary>
    private static void Finish<T>(Span<T> gradient, ElboWorkspace<T> w, T inverse)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = w.Dimension;
        Span<T> gRho = gradient.Slice(d, d);
        TensorPrimitives.Multiply<T>(gradient[..d], inverse, gradient[..d]);
        TensorPrimitives.Multiply<T>(gradient[(2 * d)..], inverse, gradient[(2 * d)..]);
        TensorPrimitives.Multiply<T>(gRho, w.Slope, gRho);
        TensorPrimitives.MultiplyAdd<T>(gRho, inverse, w.EntropyGradient, gRho);
    }

    /// <summary>
    /// θ = μ + Lε: σ ⊙ ε + μ in one vector operation, then, for a full-rank L, the dot product of each row's
    /// strictly-lower part λᵢ with ε[0 … i − 1]. <paramref name="lower"/> is empty for mean-field.
    /// </summary>
    internal static void Draw<T>(ReadOnlySpan<T> mu, ReadOnlySpan<T> sigma, ReadOnlySpan<T> lower, ReadOnlySpan<T> epsilon, Span<T> theta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.MultiplyAdd<T>(sigma, epsilon, mu, theta);
        AddLower(lower, epsilon, theta);
    }

    /// <summary>θᵢ += λᵢ · ε[0 … i − 1] for each row of L's strictly-lower part; nothing for mean-field (empty λ).</summary>
    internal static void AddLower<T>(ReadOnlySpan<T> lower, ReadOnlySpan<T> epsilon, Span<T> theta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 1, at = 0; i < theta.Length && !lower.IsEmpty; at += i, i++)
        {
            theta[i] += TensorPrimitives.Dot<T>(lower.Slice(at, i), epsilon[..i]);
        }
    }

    private static void Check(VariationalFamily family, int dimension, int parameters, int epsilon)
    {
        int expected = ParameterCount(family, dimension);
        if (parameters != expected)
        {
            throw new ArgumentException($"A {family} approximation of a {dimension}-dimensional density has {expected} variational parameters; got {parameters}.", nameof(parameters));
        }

        if (epsilon != dimension)
        {
            throw new ArgumentException($"Expected {dimension} standard-normal values, got {epsilon}.", nameof(epsilon));
        }
    }
}

/// <summary>The buffers of one ELBO evaluation, allocated once per fit (or per call of the public one-draw methods).</summary>
/// <typeparam name="T">The model's element type.</typeparam>
internal sealed class ElboWorkspace<T>(int dimension)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension { get; } = dimension;

    public T[] Epsilon { get; } = new T[dimension];

    public T[] Theta { get; } = new T[dimension];

    public T[] Gradient { get; } = new T[dimension];

    public T[] Sigma { get; } = new T[dimension];

    public T[] Slope { get; } = new T[dimension];

    public T[] EntropyGradient { get; } = new T[dimension];

    private T[]? _estimateNoise;

    /// <summary>The ε of one ELBO estimate of <paramref name="samples"/> draws, allocated on first use (once per fit).</summary>
    public Span<T> EstimateNoise(int samples)
    {
        int length = checked(samples * Dimension);
        if (_estimateNoise is null || _estimateNoise.Length != length)
        {
            _estimateNoise = new T[length];
        }

        return _estimateNoise;
    }

    /// <summary>σ = softplus(ρ), σ′ and σ′/σ for the current ρ: once per step or ELBO estimate.</summary>
    public void Prepare(ReadOnlySpan<T> parameters) => MeanField.Scales<T>(parameters.Slice(Dimension, Dimension), Sigma, Slope, EntropyGradient);

    /// <summary><see cref="Prepare"/> and <see cref="Draw"/> at once: the scales and θ = μ + σ ⊙ ε in one pass, then L's lower part.</summary>
    public void PrepareAndDraw(ReadOnlySpan<T> parameters)
    {
        MeanField.ScalesAndDraw<T>(parameters.Slice(Dimension, Dimension), parameters[..Dimension], Epsilon, Sigma, Slope, EntropyGradient, Theta);
        ElboEstimator.AddLower<T>(parameters[(2 * Dimension)..], Epsilon, Theta);
    }

    /// <summary>θ = μ + Lε from <see cref="Epsilon"/>, with σ from <see cref="Prepare"/>.</summary>
    public void Draw(ReadOnlySpan<T> parameters) => ElboEstimator.Draw<T>(parameters[..Dimension], Sigma, parameters[(2 * Dimension)..], Epsilon, Theta);
}
