using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ModelGen.Optimizers;
using ModelGen.Random;

namespace ModelGen.Inference;

/// <summary>
/// Mean-field automatic differentiation variational inference (Kucukelbir et al. 2017): fits
/// q(θ) = N(μ, diag σ²) in the unconstrained space by stochastic gradient ascent on the ELBO, with
/// reparameterised gradients θ = μ + σ ⊙ ε and the entropy term taken analytically.
/// </summary>
/// <remarks>
/// The driver is generic over the model's <see cref="ILogDensity{T}"/> struct, so each model gets
/// its own compiled copy of this loop with the gradient call inlined. Every buffer is allocated
/// before the first step; the loop allocates nothing.
/// </remarks>
public static class Advi
{
    /// <summary>Fits <paramref name="density"/>; the generated <c>Fit</c> method of each model calls this.</summary>
    /// <param name="density">The model's density struct.</param>
    /// <param name="model">The model, for the layout and constraint map the result keeps.</param>
    /// <param name="options">Fit options; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the fit within one iteration; the result keeps the state reached.</param>
    // AggressiveOptimization: the loop runs once per fit, so tiering would leave it in quick-JIT code
    // (entered through on-stack replacement) for much of the run.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AdviFit<T> Fit<TDensity, T>(ref TDensity density, IModel<T> model, AdviOptions? options, CancellationToken cancellationToken = default)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new AdviOptions();
        options.Validate();

        int d = density.Dimension;
        ulong seed = options.Seed ?? (ulong)global::System.Random.Shared.NextInt64();
        var rng = new Rng(seed);

        // parameters = [μ; ρ], one vector so the optimizer steps both at once.
        var parameters = new T[2 * d];
        var gradient = new T[2 * d];
        var lastGood = new T[2 * d];
        var bestState = new T[2 * d];
        Span<T> mu = parameters.AsSpan(0, d);
        Span<T> rho = parameters.AsSpan(d, d);

        var workspace = new Workspace<T>(d);
        rng.FillNormal<T>(mu);
        TensorPrimitives.Multiply<T>(mu, T.CreateChecked(options.InitialMeanScale), mu);

        rho.Fill(T.CreateChecked(options.InitialRho));
        parameters.CopyTo(lastGood, 0);
        parameters.CopyTo(bestState, 0);

        Optimizer optimizerOptions = options.Optimizer;
        OptimizerState<T> optimizer = optimizerOptions.CreateState<T>(2 * d);
        var optimizerGood = new double[optimizer.StateLength];
        optimizer.SaveState(optimizerGood);
        int goodIteration = 0;
        int retries = 0;
        string? divergence = null;
        int cap = options.Cap;
        var elbo = new List<ElboPoint>((cap / options.ElboEvery) + 2);
        ConvergenceTracker? convergence = options.EffectiveConvergence?.CreateTracker((cap / options.ElboEvery) + 1);
        double best = double.NegativeInfinity;
        double bestError = 0;
        double lastError = 0;
        StopReason reason = StopReason.IterationLimit;
        string? message = null;
        int done = 0;

        string? fingerprint = options.Checkpoint is null ? null : Checkpoint<T>.Fingerprint(model.Info, options, seed);
        int first = 1;
        if (options.Checkpoint is { } resumeFrom && File.Exists(resumeFrom.Path))
        {
            // Resume: everything a step depends on comes back, so the rest of the run is bit for bit the
            // run that was interrupted.
            Checkpoint<T> saved = Checkpoint<T>.Read(resumeFrom.Path, fingerprint!, d, optimizer.StateLength);
            rng = Rng.FromState(saved.Rng);
            saved.Parameters.CopyTo(parameters, 0);
            saved.LastGood.CopyTo(lastGood, 0);
            saved.BestState.CopyTo(bestState, 0);
            retries = saved.Retries;
            for (int k = 0; k < retries; k++)
            {
                optimizerOptions = optimizerOptions.WithScaledLearningRate(0.1);
            }

            optimizer = optimizerOptions.CreateState<T>(2 * d);
            optimizer.LoadState(saved.Optimizer);
            saved.OptimizerGood.CopyTo(optimizerGood, 0);
            (done, goodIteration, best, bestError, lastError) = (saved.Done, saved.GoodIteration, saved.Best, saved.BestError, saved.LastError);
            elbo.AddRange(saved.Elbo);
            if (convergence is not null)
            {
                using var trackerState = new BinaryReader(new MemoryStream(saved.Tracker));
                convergence.Load(trackerState);
            }

            first = done + 1;
        }

        var clock = Stopwatch.StartNew();
        for (int iteration = first; iteration <= cap; iteration++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            if (!density.NextBatch())
            {
                if (iteration == 1)
                {
                    throw new InvalidOperationException("The batch source gave no batch at all: it is empty, or was exhausted by an earlier fit. Nothing was fitted.");
                }

                reason = StopReason.DataExhausted;
                message = $"The batch source ran out after {done} of {cap} iterations; the result holds the state reached.";
                break;
            }

            ElboGradient(ref density, ref rng, parameters, gradient, workspace, options.GradientSamples);

            // A non-finite gradient is caught before it reaches the parameters: one sum over 2d values.
            if (!T.IsFinite(TensorPrimitives.Sum<T>(gradient)))
            {
                divergence = $"a non-finite gradient at iteration {iteration}, first in {Where(model.Info, gradient, d)}";
            }
            else
            {
                optimizer.Step(parameters, gradient);
                done = iteration;
            }

            if (divergence is null && (iteration % options.ElboEvery == 0 || iteration == cap))
            {
                (double value, double error) = EstimateElbo(ref density, ref rng, parameters, workspace, options.ElboSamples);
                if (!double.IsFinite(value))
                {
                    divergence = $"a non-finite ELBO ({value}) at iteration {iteration}";
                }
                else
                {
                    elbo.Add(new ElboPoint(iteration, value));
                    lastError = error;
                    parameters.CopyTo(lastGood, 0);
                    optimizer.SaveState(optimizerGood);
                    goodIteration = iteration;
                    if (value > best)
                    {
                        (best, bestError) = (value, error);
                        parameters.CopyTo(bestState, 0);
                    }

                    options.Progress?.Report(new AdviProgress(iteration, cap, value, clock.Elapsed));
                    if (convergence?.Check<T>(value, parameters) is string why)
                    {
                        reason = StopReason.Converged;
                        message = (message is null ? string.Empty : message + " ") + $"Converged at iteration {iteration}: {why}.";
                        break;
                    }
                }
            }

            if (divergence is not null)
            {
                // Go back to the last state whose ELBO was finite (parameters and optimizer moments) and, while
                // retries remain, go on from there with a learning rate ten times smaller.
                lastGood.CopyTo(parameters, 0);
                if (retries == options.DivergenceRetries)
                {
                    // Give up, keeping the best state seen (the highest ELBO estimate), never a non-finite one.
                    bestState.CopyTo(parameters, 0);
                    reason = StopReason.Diverged;
                    message = $"The fit diverged: {divergence}, after {retries} retr{(retries == 1 ? "y" : "ies")} with smaller steps. The result holds the best state seen (ELBO {best:F1}); try a smaller learning rate or check the data and priors.";
                    break;
                }

                retries++;
                optimizerOptions = optimizerOptions.WithScaledLearningRate(0.1);
                optimizer = optimizerOptions.CreateState<T>(2 * d);
                optimizer.LoadState(optimizerGood);
                message = $"Recovered from {divergence}: went back to iteration {goodIteration} and continued with the learning rate divided by {Math.Pow(10, retries)}.";
                divergence = null;
            }
            else if (options.Checkpoint is { } checkpoint && iteration % checkpoint.Every == 0 && iteration < cap)
            {
                SaveCheckpoint(checkpoint.Path, fingerprint!, rng, parameters, lastGood, bestState, optimizer, optimizerGood, done, goodIteration, retries, best, bestError, lastError, elbo, convergence);
            }
        }

        clock.Stop();
        if (reason == StopReason.IterationLimit && convergence is not null)
        {
            message = (message is null ? string.Empty : message + " ") + $"Reached the cap of {cap} iterations before the convergence rule was met; the fit may not have converged: raise MaxIterations or loosen the rule.";
        }

        if (elbo.Count > 0 && reason != StopReason.Diverged)
        {
            // "Well below": more than three Monte Carlo standard errors of the two estimates under the best.
            double last = elbo[^1].Value;
            double spread = 3 * Math.Sqrt((bestError * bestError) + (lastError * lastError));
            if (last < best - spread)
            {
                string warning = $"The final ELBO ({last:F1}) is well below the best seen ({best:F1}): the optimizer may be oscillating; try a smaller learning rate or more iterations.";
                message = message is null ? warning : message + " " + warning;
            }
        }

        return new AdviFit<T>(model, parameters.AsSpan(0, d).ToArray(), parameters.AsSpan(d, d).ToArray(), elbo, done, clock.Elapsed, reason, seed, message);
    }

    /// <summary>Writes the fit's whole state between two steps (not on the hot path: every <see cref="CheckpointOptions.Every"/> steps).</summary>
    private static void SaveCheckpoint<T>(
        string path,
        string fingerprint,
        Rng rng,
        T[] parameters,
        T[] lastGood,
        T[] bestState,
        OptimizerState<T> optimizer,
        double[] optimizerGood,
        int done,
        int goodIteration,
        int retries,
        double best,
        double bestError,
        double lastError,
        List<ElboPoint> elbo,
        ConvergenceTracker? convergence)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rngState = new ulong[Rng.StateLength];
        rng.GetState(rngState);
        var optimizerState = new double[optimizer.StateLength];
        optimizer.SaveState(optimizerState);
        using var tracker = new MemoryStream();
        using (var writer = new BinaryWriter(tracker))
        {
            convergence?.Save(writer);
        }

        new Checkpoint<T>
        {
            Done = done,
            GoodIteration = goodIteration,
            Retries = retries,
            Rng = rngState,
            Parameters = parameters,
            LastGood = lastGood,
            BestState = bestState,
            Optimizer = optimizerState,
            OptimizerGood = optimizerGood,
            Best = best,
            BestError = bestError,
            LastError = lastError,
            Elbo = elbo,
            Tracker = tracker.ToArray(),
        }.Write(path, fingerprint);
    }

    /// <summary>The parameter (Stan-style name) of the first non-finite entry of the ELBO gradient [∇μ; ∇ρ].</summary>
    private static string Where<T>(ModelInfo info, T[] gradient, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!T.IsFinite(gradient[i]))
            {
                string name = info.ScalarNames().ElementAtOrDefault(i % d) ?? $"coordinate {i % d}";
                return $"'{name}' ({(i < d ? "its mean" : "its scale")})";
            }
        }

        return "no single coordinate";
    }

    /// <summary>
    /// ∇μ ELBO = E[∇θ log p], ∇ρ ELBO = E[∇θ log p ⊙ ε] ⊙ σ′(ρ) + ∇ρ Σ log σ(ρ), averaged over S draws.
    /// The O(d) work is vectorised: σ, σ′ and the entropy gradient in one pass, the rest as span operations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ElboGradient<TDensity, T>(ref TDensity density, ref Rng rng, T[] parameters, T[] gradient, Workspace<T> w, int samples)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = w.Theta.Length;
        ReadOnlySpan<T> mu = parameters.AsSpan(0, d);
        ReadOnlySpan<T> rho = parameters.AsSpan(d, d);
        Span<T> gMu = gradient.AsSpan(0, d);
        Span<T> gRho = gradient.AsSpan(d, d);
        MeanField.Scales<T>(rho, w.Sigma, w.Slope, w.EntropyGradient);

        if (samples == 1)
        {
            // The common case, without the averaging buffers: θ = μ + σ ⊙ ε, ∇μ = g, ∇ρ = g ⊙ ε ⊙ σ′ + σ′/σ.
            rng.FillNormal<T>(w.Epsilon);
            TensorPrimitives.MultiplyAdd<T>(w.Sigma, w.Epsilon, mu, w.Theta);
            density.Gradient(w.Theta, gMu);
            TensorPrimitives.Multiply<T>(gMu, w.Epsilon, gRho);
            TensorPrimitives.MultiplyAdd<T>(gRho, w.Slope, w.EntropyGradient, gRho);
            return;
        }

        gradient.AsSpan().Clear();
        for (int s = 0; s < samples; s++)
        {
            rng.FillNormal<T>(w.Epsilon);
            TensorPrimitives.MultiplyAdd<T>(w.Sigma, w.Epsilon, mu, w.Theta);
            density.Gradient(w.Theta, w.Gradient);
            TensorPrimitives.Add<T>(gMu, w.Gradient, gMu);
            TensorPrimitives.MultiplyAdd<T>(w.Gradient, w.Epsilon, gRho, gRho);
        }

        T inverse = T.One / T.CreateChecked(samples);
        TensorPrimitives.Multiply<T>(gMu, inverse, gMu);
        TensorPrimitives.Multiply<T>(gRho, w.Slope, gRho);
        TensorPrimitives.MultiplyAdd<T>(gRho, inverse, w.EntropyGradient, gRho);
    }

    /// <summary>ELBO = E_q[log p(θ, y)] + H[q], the expectation by <paramref name="samples"/> Monte Carlo draws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Value, double StandardError) EstimateElbo<TDensity, T>(ref TDensity density, ref Rng rng, T[] parameters, Workspace<T> w, int samples)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = w.Theta.Length;
        ReadOnlySpan<T> mu = parameters.AsSpan(0, d);
        ReadOnlySpan<T> rho = parameters.AsSpan(d, d);
        MeanField.Scales<T>(rho, w.Sigma, w.Slope, w.EntropyGradient);
        double mean = 0;
        double m2 = 0;
        for (int s = 0; s < samples; s++)
        {
            rng.FillNormal<T>(w.Epsilon);
            TensorPrimitives.MultiplyAdd<T>(w.Sigma, w.Epsilon, mu, w.Theta);
            double x = double.CreateChecked(density.LogDensity(w.Theta));
            double delta = x - mean;
            mean += delta / (s + 1);
            m2 += delta * (x - mean);
        }

        double error = samples > 1 ? Math.Sqrt(m2 / (samples - 1) / samples) : 0;
        return (mean + MeanField.Entropy(rho), error);
    }

    /// <summary>The step's buffers, allocated once per fit.</summary>
    private sealed class Workspace<T>(int dimension)
    {
        public T[] Epsilon { get; } = new T[dimension];

        public T[] Theta { get; } = new T[dimension];

        public T[] Gradient { get; } = new T[dimension];

        public T[] Sigma { get; } = new T[dimension];

        public T[] Slope { get; } = new T[dimension];

        public T[] EntropyGradient { get; } = new T[dimension];
    }
}
