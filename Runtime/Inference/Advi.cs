using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ModelGen.Optimizers;
using ModelGen.Random;

namespace ModelGen.Inference;

/// <summary>
/// Automatic differentiation variational inference (Kucukelbir et al. 2017): fits a Gaussian q(θ) in the
/// unconstrained space, mean-field N(μ, diag σ²) by default or full-rank N(μ, LLᵀ)
/// (<see cref="AdviOptions.Family"/>), by stochastic gradient ascent on the ELBO, with reparameterised
/// gradients θ = μ + Lε and the entropy term taken analytically (<see cref="ElboEstimator"/> has the arithmetic).
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
    /// <param name="cancellationToken">
    /// Stops the fit within one iteration; the result keeps the state reached (with the ELBO estimates in the background, the state
    /// at the last estimate taken when the token is seen at an estimate, as the sequential fit stops there).
    /// </param>
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
        if (options.InitialMean is { Length: int given } && given != d)
        {
            throw new ArgumentException($"AdviOptions.InitialMean has {given} values; model '{model.Info.Name}' has {d} unconstrained parameters, so it needs exactly {d}.", nameof(options));
        }

        ulong seed = options.Seed ?? (ulong)global::System.Random.Shared.NextInt64();

        // parameters = [μ; ρ; λ] (λ, L's strictly-lower part, only for full rank), one vector so the optimizer
        // steps them all at once.
        int n = ElboEstimator.ParameterCount(options.Family, d);

        // A checkpoint is read before anything runs: one of a finished fit is that fit's result, returned as it is;
        // one of another model, seed, data or options is an error that says which.
        CheckpointKey? key = null;
        ICheckpointStore? store = null;
        Checkpoint<T>? saved = null;
        if (options.Checkpoint is { } checkpointOptions)
        {
            string data = density.DataIdentity ?? throw new ArgumentException(
                "A fit with a checkpoint must know which data it runs on, so that it resumes a checkpoint only on the same data, and this density does not say "
                + "(ILogDensity.DataIdentity; for a batch source, its Identity: set StreamBatches.Identity to a name for what it streams, or implement IBatchSource.Identity). "
                + "Name the data, or fit without AdviOptions.Checkpoint.",
                nameof(options));
            key = CheckpointKey.Of(model.Info, options, seed, data);
            store = checkpointOptions.Resolve();
            if (store.Read() is { } bytes)
            {
                // A fit given no seed takes the checkpoint's: its own random one would refuse every checkpoint.
                saved = Checkpoint<T>.Read(bytes, checkpointOptions.Path, key, anySeed: options.Seed is null);
                (seed, key) = (saved.Seed, key with { Seed = saved.Seed });
                saved.CheckLengths(checkpointOptions.Path, n, null);
                if (saved.Finished is { } finished)
                {
                    return Loaded(model, options.Family, saved, finished, seed, checkpointOptions.Path);
                }
            }
        }

        var rng = new Rng(seed);
        var parameters = new T[n];
        var gradient = new T[n];
        var lastGood = new T[n];
        var bestState = new T[n];
        int cap = options.Cap;
        var workspace = new ElboWorkspace<T>(d);

        // The default schedule steps the optimizer's own coordinates u (AdviStart), mapped to the approximation's [μ; ρ; λ]
        // (theta) before each gradient and ELBO estimate; the legacy schedule steps [μ; ρ; λ] itself (theta is parameters).
        AdviStart? start = null;
        T[] theta = parameters;
        // A minibatch fit computes its start on its first batch (the MAP and curvature of that batch's density, whose likelihood
        // is scaled to the whole data: the curvature, hence the coordinates, is the whole data's to about 1/√batch), except with
        // a checkpoint: a resumed fit would compute it on another batch, and its saved coordinates would mean another approximation.
        if (options.EffectiveSchedule == AdviSchedule.Standardized && (density.IsFullBatch || options.Checkpoint is null) && cap > 0)
        {
            // The MAP search starts where the legacy schedule's μ would (InitialMean, else N(0, InitialMeanScale²) draws), so a
            // multimodal posterior's seeds explore different modes as before.
            double[] origin = options.InitialMean?.ToArray() ?? new double[d];
            if (options.InitialMean is null)
            {
                rng.FillNormal<double>(origin);
                TensorPrimitives.Multiply<double>(origin, options.InitialMeanScale, origin);
            }

            start = options.InitialScale is { } initialScale
                ? AdviStart.Given(origin, initialScale.ToArray())
                : AdviStart.Compute(ref density, model, origin, options.InitialMean is not null, seed, cancellationToken);
            theta = new T[n];
        }
        else
        {
            Span<T> mu = parameters.AsSpan(0, d);
            Span<T> rho = parameters.AsSpan(d, d);
            if (options.InitialMean is { } initialMean)
            {
                for (int i = 0; i < d; i++)
                {
                    mu[i] = T.CreateChecked(initialMean.Span[i]);
                }
            }
            else
            {
                rng.FillNormal<T>(mu);
                TensorPrimitives.Multiply<T>(mu, T.CreateChecked(options.InitialMeanScale), mu);
            }

            if (options.InitialScale is { } initialScale)
            {
                // σ = softplus(ρ), so ρ = softplus⁻¹(σ).
                for (int i = 0; i < d; i++)
                {
                    rho[i] = T.CreateChecked(AdviStart.InverseSoftplus(initialScale.Span[i]));
                }
            }
            else
            {
                rho.Fill(T.CreateChecked(options.InitialRho));
            }
        }

        // Stan's eta search, when asked for, starts from this initial approximation and leaves it as it was.
        Optimizer optimizerOptions = options.Optimizer;
        double? adaptedEta = null;
        int searchGradients = 0;
        if (optimizerOptions is StanAdaptive { Eta: null } adaptive)
        {
            // A fit of zero steps never steps, so it needs no search, only a state to exist.
            adaptedEta = cap > 0 ? SearchEta(ref density, ref rng, adaptive, parameters, theta, start, gradient, workspace, options, ref searchGradients, cancellationToken) : null;
            optimizerOptions = adaptive with { Eta = adaptedEta ?? 1.0 };
        }

        parameters.CopyTo(lastGood, 0);
        parameters.CopyTo(bestState, 0);
        OptimizerState<T> optimizer = optimizerOptions.CreateState<T>(n);
        var optimizerGood = new double[optimizer.StateLength];
        optimizer.SaveState(optimizerGood);
        int goodIteration = 0;
        int retries = 0;
        string? divergence = null;
        var elbo = new List<ElboPoint>((cap / options.ElboEvery) + 2);
        // A minibatch fit's iterates jitter with the batches' noise, which the plateau stop (meant for the wandering of a network's
        // modes) would mistake for iterates that never settle: off, so the rule waits for the average (or the fit reaches its cap).
        ConvergenceRule? rule = options.EffectiveConvergence is StationaryAverage { PlateauAfter: > 0 } average && !density.IsFullBatch
            ? average with { PlateauAfter = 0 }
            : options.EffectiveConvergence;
        ConvergenceTracker? convergence = rule?.CreateTracker((cap / options.ElboEvery) + 1, d);
        bool averaging = convergence is { Averages: true };
        T[]? blockMean = averaging ? new T[n] : null;
        T[]? blockTheta = averaging && start is not null ? new T[n] : blockMean;
        T[]? averaged = null;
        double[]? tail = options.AverageLast > 0 ? new double[n] : null;
        int tailCount = 0;
        int stoppedAt = 0;
        string? stoppedWhy = null;
        double best = double.NegativeInfinity;
        double bestError = 0;
        double lastError = 0;
        StopReason reason = StopReason.IterationLimit;
        string? message = null;
        int done = 0;

        int first = 1;
        if (saved is not null)
        {
            // Resume: everything a step depends on comes back, so the rest of the run is bit for bit the
            // run that was interrupted.
            saved.CheckLengths(options.Checkpoint!.Path, n, optimizer.StateLength);
            rng = Rng.FromState(saved.Rng);
            saved.Parameters.CopyTo(parameters, 0);
            saved.LastGood.CopyTo(lastGood, 0);
            saved.BestState.CopyTo(bestState, 0);
            retries = saved.Retries;
            for (int k = 0; k < retries; k++)
            {
                optimizerOptions = optimizerOptions.WithScaledLearningRate(0.1);
            }

            optimizer = optimizerOptions.CreateState<T>(n);
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

        // The estimates' ε are drawn here; their log densities run on a second thread when that can pay (AdviOptions.ElboInBackground)
        // while the steps go on, and each estimate is taken in order at the latest before the next is drawn. One job holds an
        // estimate and the state to come back to its iteration, which the fit does when the estimate stops it or is not finite.
        // (Not for a fit whose only estimate is its last: no step would run beside it.)
        bool background = options.ElboInBackground && Environment.ProcessorCount > 1 && density.IsFullBatch && options.ElboEvery < cap;
        var job = new ElboJob<T>(n, d, options.ElboSamples, optimizer.StateLength, tail is not null);
        ElboJob<T>? pending = null;
        ElboWorker<TDensity, T>? worker = null;
        TimeSpan jitBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        long fitThreadElboTicks = 0;
        TimeSpan fitThreadElboJit = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        long elboTicks = 0;
        TimeSpan elboJit = TimeSpan.Zero;
        // Read once an iteration, before the estimate in flight is taken, so that the fit never stops with one untaken.
        bool cancelled = cancellationToken.IsCancellationRequested;
        try
        {
            for (int iteration = first; iteration <= cap; iteration++)
            {
                if (cancelled)
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

                start?.ToApproximation<T>(parameters, theta);
                ElboEstimator.MonteCarloGradient(ref density, ref rng, theta, gradient, workspace, options.GradientSamples);
                start?.PullBack<T>(theta, gradient);

                // A non-finite gradient is caught before it reaches the parameters: one sum over all of them.
                if (!T.IsFinite(TensorPrimitives.Sum<T>(gradient)))
                {
                    divergence = $"a non-finite gradient at iteration {iteration}, first in {Where(model.Info, gradient, d)}";
                }
                else
                {
                    optimizer.Step(parameters, gradient);
                    done = iteration;
                    if (averaging)
                    {
                        convergence!.Accumulate<T>(parameters);
                    }

                    if (tail is not null && iteration > cap - options.AverageLast)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            tail[i] += double.CreateChecked(parameters[i]);
                        }

                        tailCount++;
                    }
                }

                if (divergence is null && (iteration % options.ElboEvery == 0 || iteration == cap))
                {
                    // The estimate's ε from the fit's stream, and the state at this iteration (timed with the estimates).
                    long elboStart = Stopwatch.GetTimestamp();
                    Debug.Assert(pending is null, "The estimate before this one was not taken.");
                    start?.ToApproximation<T>(parameters, theta);
                    job.Iteration = iteration;
                    theta.CopyTo(job.Theta, 0);
                    parameters.CopyTo(job.Parameters, 0);
                    optimizer.SaveState(job.Optimizer);
                    ElboEstimator.DrawEstimateNoise<T>(ref rng, job.Noise, d);
                    job.Rng = rng;
                    if (tail is not null)
                    {
                        tail.CopyTo(job.Tail!, 0);
                        job.TailCount = tailCount;
                    }

                    // An averaging rule judges the block's mean approximation, not the last iterate; the block ends here.
                    ReadOnlySpan<T> judged = theta;
                    if (averaging && convergence!.BlockMean<T>(blockMean))
                    {
                        start?.ToApproximation<T>(blockMean, blockTheta);
                        judged = blockTheta;
                    }

                    judged.CopyTo(job.Judged);
                    long prepared = Stopwatch.GetTimestamp() - elboStart;
                    elboTicks += prepared;
                    fitThreadElboTicks += prepared;
                    if (background)
                    {
                        worker ??= new ElboWorker<TDensity, T>(density, d);
                        worker.Submit(job);
                    }
                    else
                    {
                        job.Evaluate(ref density, workspace);
                    }

                    pending = job;
                }

                bool checkpointDue = options.Checkpoint is { } every && iteration % every.Every == 0 && iteration < cap;
                cancelled = cancellationToken.IsCancellationRequested;

                // Taken now when the sequential fit would have acted on it by now: at once without a worker; else before the next
                // estimate, a divergence, a checkpoint (which holds every estimate up to it), cancellation or the end.
                if (pending is not null
                    && (worker is null || divergence is not null || checkpointDue || iteration == cap || (iteration + 1) % options.ElboEvery == 0 || iteration + 1 == cap || cancelled))
                {
                    long waitStart = Stopwatch.GetTimestamp();
                    bool here = worker?.Take(ref density, workspace) ?? true;
                    pending = null;
                    elboTicks += job.Ticks;
                    elboJit += job.Jit;
                    if (here)
                    {
                        (fitThreadElboTicks, fitThreadElboJit) = (fitThreadElboTicks + job.Ticks, fitThreadElboJit + job.Jit);
                    }
                    else
                    {
                        fitThreadElboTicks += Stopwatch.GetTimestamp() - waitStart;
                    }

                    bool stop = !double.IsFinite(job.Value);
                    string? why = null;
                    if (stop)
                    {
                        divergence = $"a non-finite ELBO ({job.Value}) at iteration {job.Iteration}";
                    }
                    else
                    {
                        double value = job.Value;
                        elbo.Add(new ElboPoint(job.Iteration, value));
                        lastError = job.Error;
                        job.Parameters.CopyTo(lastGood, 0);
                        job.Optimizer.CopyTo(optimizerGood, 0);
                        goodIteration = job.Iteration;
                        if (value > best)
                        {
                            (best, bestError) = (value, job.Error);
                            job.Parameters.CopyTo(bestState, 0);
                        }

                        options.Progress?.Report(new AdviProgress(job.Iteration, cap, value, clock.Elapsed));
                        why = convergence?.Check<T>(value, job.Judged);
                        stop = why is not null;
                    }

                    // Cancelled by now (from the progress report, say): the sequential fit would stop right after the estimate.
                    cancelled = cancellationToken.IsCancellationRequested;
                    if ((stop || cancelled) && job.Iteration < iteration)
                    {
                        // The steps run past the estimate are discarded: back to its iteration, as the sequential fit never left it.
                        job.Parameters.CopyTo(parameters, 0);
                        optimizer.LoadState(job.Optimizer);
                        rng = job.Rng;
                        if (tail is not null)
                        {
                            job.Tail!.CopyTo(tail, 0);
                            tailCount = job.TailCount;
                        }

                        convergence?.ClearBlock();
                        (done, iteration, checkpointDue) = (job.Iteration, job.Iteration, false);
                    }

                    if (why is not null)
                    {
                        reason = StopReason.Converged;
                        (stoppedAt, stoppedWhy) = (job.Iteration, why);
                        if (averaging)
                        {
                            averaged = new T[n];
                            convergence!.Average<T>(averaged);
                        }

                        break;
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
                    convergence?.Restart();
                    optimizerOptions = optimizerOptions.WithScaledLearningRate(0.1);
                    optimizer = optimizerOptions.CreateState<T>(n);
                    optimizer.LoadState(optimizerGood);
                    message = $"Recovered from {divergence}: went back to iteration {goodIteration} and continued with the learning rate divided by {Math.Pow(10, retries)}.";
                    divergence = null;
                }
                else if (checkpointDue)
                {
                    SaveCheckpoint(store!, key!, null, rng, parameters, lastGood, bestState, optimizer, optimizerGood, done, goodIteration, retries, best, bestError, lastError, elbo, convergence);
                }
            }
        }
        finally
        {
            // No thread outlives the fit, however it ends (an estimate in flight when a step threw is finished, then dropped).
            worker?.Dispose();
        }

        clock.Stop();
        TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jitBefore;
        if (reason == StopReason.Cancelled)
        {
            message = (message is null ? string.Empty : message + " ") + CancelledNote(done, cap, options, start);
        }

        if (reason == StopReason.IterationLimit && convergence is not null)
        {
            // An averaging rule's window is still the better estimate than the last iterate: the result is that average.
            int blocks = convergence.AveragedBlocks;
            if (averaging && blocks >= 2)
            {
                averaged = new T[n];
                convergence.Average<T>(averaged);
            }

            string kept = averaged is null ? string.Empty : $" The result is the average of the last {blocks * options.ElboEvery} iterations.";
            string todo = !density.IsFullBatch && rule is StationaryAverage stationary && BatchNoise(convergence.Uncertainty, stationary.Tolerance, done, blocks * options.ElboEvery) is { } noise
                ? noise
                : " Raise MaxIterations and fit again before relying on the result.";
            message = (message is null ? string.Empty : message + " ") + $"Not converged: reached the cap of {cap} iterations before the convergence rule ({Describe(options.EffectiveConvergence!)}) was met.{kept}{todo}";
        }

        // Not for a minibatch fit: each estimate is on one batch, and the best of many such noisy estimates stands above the last.
        if (elbo.Count > 0 && reason != StopReason.Diverged && density.IsFullBatch)
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

        if (adaptedEta is double chosen)
        {
            string note = $"Stan's step-size search chose eta = {chosen:G}.";
            message = message is null ? note : note + " " + message;
        }

        if (start is not null)
        {
            string note = start.Description + ".";
            message = message is null ? note : note + " " + message;
        }

        if (tail is not null && tailCount > 0 && reason == StopReason.IterationLimit)
        {
            for (int i = 0; i < n; i++)
            {
                parameters[i] = T.CreateChecked(tail[i] / tailCount);
            }
        }

        // The result in the approximation's own parameters: the averaged iterates when the rule averaged, else the last state.
        if (averaged is not null)
        {
            theta = averaged;
        }
        else if (start is not null)
        {
            start.ToApproximation<T>(parameters, theta);
        }

        var fit = new AdviFit<T>(model, options.Family, theta, elbo, done, clock.Elapsed, reason, seed, message, adaptedEta)
        {
            ElboElapsed = TimeSpan.FromTicks(Math.Max(0, (Stopwatch.GetElapsedTime(0, elboTicks) - elboJit).Ticks)),
            ElboFitThreadElapsed = TimeSpan.FromTicks(Math.Max(0, (Stopwatch.GetElapsedTime(0, fitThreadElboTicks) - fitThreadElboJit).Ticks)),
            JitElapsed = jit,
            GradientEvaluations = ((long)(done - (first - 1)) * options.GradientSamples) + (start?.Evaluations ?? 0) + searchGradients,
        };
        if (options.ParetoKDraws > 0 && density.IsFullBatch && reason != StopReason.Diverged)
        {
            // Off the hot path, after the fit: how well q covers p, from draws seeded by the fit's own seed.
            try
            {
                fit.ParetoK = Diagnostics.Psis.EstimateForFit(fit, ref density, options.ParetoKDraws, seed ^ 0x9E3779B97F4A7C15UL);
            }
            catch (ArgumentException e)
            {
                fit.AppendMessage("Pareto k̂ was not computed: " + e.Message);
            }
        }

        if (reason == StopReason.Converged && convergence!.Plateau)
        {
            // Stopped on the ELBO's plateau with the iterates unsettled: never a converged fit, whatever the checks say.
            string k = fit.ParetoK is { } pk ? $" Pareto k̂ is {pk.K:F2}{(pk.K > 0.7 ? " > 0.7: the approximation misses mass the posterior has, as expected of one basin of a multimodal posterior" : string.Empty)}." : string.Empty;
            fit.Conclude(StopReason.ChecksFailed, $"Not converged: at iteration {stoppedAt} {stoppedWhy}. The means did not settle as {Describe(options.EffectiveConvergence!)} asks: the posterior has many modes or long ridges (a neural network's does), so the result is one basin's approximation at the ELBO's plateau, not a converged fit.{k} "
                + "To do: judge it by its predictions on held-out data; fit with other seeds to see other basins, or use NUTS for the answers you rely on.");
            reason = StopReason.ChecksFailed;
        }
        else if (reason == StopReason.Converged)
        {
            // The rule has spoken; the fit's own checks may still disagree, and then the fit is not called converged.
            (StopReason concluded, string note) = Conclude(options.EffectiveConvergence!, stoppedAt, stoppedWhy!, elbo, fit.ParetoK, DescribeDrift(convergence!.Drift, model.Info, options.ElboEvery));
            fit.Conclude(concluded, note);
            reason = concluded;
        }

        if (options.Checkpoint is { } finalCheckpoint && reason != StopReason.Cancelled)
        {
            // The fit ran to the end: its checkpoint becomes its result, which the same fit run again returns rather
            // than resuming at the last periodic checkpoint (a cancelled fit leaves that one, to be resumed).
            var finished = new FinishedFit(reason, fit.Message, adaptedEta, fit.Elapsed, fit.ParetoK);
            // A finished checkpoint is only ever loaded, never resumed: it keeps the result's own [μ; ρ; λ].
            SaveCheckpoint(store!, key!, finished, rng, theta, lastGood, bestState, optimizer, optimizerGood, done, goodIteration, retries, best, bestError, lastError, elbo, convergence);
        }

        return fit;
    }

    /// <summary>The result a finished checkpoint holds, as the fit that wrote it returned it, and a message saying it was loaded.</summary>
    private static AdviFit<T> Loaded<T>(IModel<T> model, VariationalFamily family, Checkpoint<T> saved, FinishedFit finished, ulong seed, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string message = $"Loaded from the finished checkpoint '{path}': this fit ran to the end before ({finished.Reason}, {saved.Done} iterations) on the same model, data, seed and options, so nothing was run again; delete the checkpoint to fit afresh.";
        return new AdviFit<T>(model, family, saved.Parameters, saved.Elbo, saved.Done, finished.Elapsed, finished.Reason, seed, finished.Message is null ? message : message + " " + finished.Message, finished.AdaptedEta)
        {
            ParetoK = finished.ParetoK,
        };
    }

    /// <summary>What a cancelled fit's result is worth: nothing learned before the first step, else the state reached.</summary>
    private static string CancelledNote(int done, int cap, AdviOptions options, AdviStart? start) => done == 0
        ? "Cancelled before its first step: nothing was learned. The result is the "
            + (start is not null ? "starting approximation (the start described above, not yet fitted)"
                : options.InitialMean is null ? $"random starting point (means drawn around 0 with scale {options.InitialMeanScale:G}, scales softplus({options.InitialRho:G}))" : "starting point given in AdviOptions.InitialMean")
            + ", not an approximation of the posterior: do not use its draws or predictions; run the fit again without cancelling it."
        : $"Cancelled after {done} of {cap} iterations: the result holds the state reached, which may still be far from the posterior; fit again (with AdviOptions.Checkpoint to resume where it stopped) before relying on it.";

    /// <summary>
    /// How a fit its rule stopped ends once its own checks have run: <see cref="StopReason.Converged"/> when they agree, else
    /// <see cref="StopReason.ChecksFailed"/>; and the sentence for its message, never "Converged" when a check disagrees.
    /// </summary>
    internal static (StopReason Reason, string Note) Conclude(ConvergenceRule rule, int iteration, string why, IReadOnlyList<ElboPoint> elbo, Diagnostics.ParetoK? paretoK, string? drift = null)
    {
        var problems = new List<string>();
        var advice = new List<string>();
        if (drift is not null)
        {
            problems.Add(drift);
            advice.Add("the fit is still drifting towards its optimum, slower than its window can see (as mean-field does in a funnel): reparameterise the model (non-centred), or fit with a higher MaxIterations and check that the drift stops, or use NUTS");
        }

        if (ElboTrend(elbo) is { } rising)
        {
            problems.Add($"the ELBO was still rising ({rising})");
            advice.Add(rule is RelativeElboChange
                ? "Stan's relative-ELBO rule stops early on a slow climb: fit with the default schedule (AdviOptions.Schedule = Standardized, no Convergence), or a smaller RelativeElboChange.Tolerance and a higher MaxIterations"
                : "fit again with a higher MaxIterations and a smaller StationaryAverage.Tolerance (a slow drift, as in a funnel, can look settled), or reparameterise the model (non-centred)");
        }

        if (paretoK is { K: > 0.7 } k)
        {
            problems.Add($"Pareto k̂ is {k.K:F2} > 0.7, so the approximation misses mass the posterior has");
            advice.Add("check the model (a multimodal or funnel-shaped posterior defeats a Gaussian), try VariationalFamily.FullRank, or use NUTS for the answers you rely on");
        }

        string rule2 = Describe(rule);
        if (problems.Count == 0)
        {
            return (StopReason.Converged, $"Converged at iteration {iteration} by {rule2}: {why}.");
        }

        return (StopReason.ChecksFailed, $"Not converged: {rule2} stopped the fit at iteration {iteration} ({why}), but {string.Join(", and ", problems)}. To do: {string.Join("; ", advice)}.");
    }

    /// <summary>
    /// What a minibatch fit at its cap should do, from how well its window's average is known (<paramref name="error"/>, posterior sds, over
    /// its last <paramref name="window"/> iterations): the batches' noise makes that standard error fall only as 1/√iterations, so reaching
    /// the rule's <paramref name="tolerance"/> takes the window (error/tolerance)² times longer; null when the error was not measured or is
    /// already within the tolerance (the window's halves disagreed: more iterations, not larger batches).
    /// </summary>
    internal static string? BatchNoise(double error, double tolerance, int done, int window)
    {
        if (!double.IsFinite(error) || error < tolerance || window <= 0)
        {
            return null;
        }

        if (error > 1)
        {
            // Not the batches' noise averaging out slowly: iterates that wander by more than a posterior sd did not settle.
            return $" Its iterates did not settle: their average is known only to {error:G2} posterior sds. To do: fit on the full data, or use larger batches or a smaller learning rate; do not rely on this result.";
        }

        double factor = error / tolerance;
        double needed = done - window + (window * factor * factor);
        return $" Its average is known to {error:G2} posterior sds (the rule asks {tolerance:G2}): the minibatches' noise dominates, and at this rate the fit would need about {needed:N0} iterations. "
            + $"To do: use batches about {Math.Max(2, Math.Ceiling(factor * factor)):N0} times larger (the noise's variance falls as 1/batch size), or fit on the full data, or raise MaxIterations to that count; "
            + "until then treat its means as uncertain by that much.";
    }

    /// <summary>The longer-horizon drift the averaged-iterates rule saw (<see cref="StationaryAverage.DriftLimit"/>), in words; null when none.</summary>
    private static string? DescribeDrift(SlowDrift? drift, ModelInfo info, int every) => drift is { } x
        ? $"the averaged {(x.Scale ? "log-scale" : "mean")} of '{info.ScalarNames().ElementAtOrDefault(x.Coordinate) ?? $"coordinate {x.Coordinate}"}' moved {x.Move:F2}{(x.Scale ? string.Empty : " posterior sds")} "
            + $"between the run's middle and last thirds ({x.Blocks * every} iterations each), more than {StationaryAverage.DriftLimit:G2}, a drift too slow for the rule's window to see"
        : null;

    /// <summary>The rule, in words.</summary>
    private static string Describe(ConvergenceRule rule) => rule switch
    {
        RelativeElboChange r => $"Stan's relative-ELBO rule (tolerance {r.Tolerance:G3})",
        ParameterChange p => $"PyMC's parameter-change rule (tolerance {p.Tolerance:G3})",
        StationaryAverage a => $"the averaged-iterates rule (tolerance {a.Tolerance:G3} posterior sds)",
        _ => rule.ToString(),
    };

    /// <summary>
    /// Whether the ELBO still climbs at the end of the trace: the least-squares slope over the last quarter of the estimates
    /// (at least 6) is positive and more than three of its standard errors. Null when it does not (or too few estimates);
    /// else the rise in words.
    /// </summary>
    internal static string? ElboTrend(IReadOnlyList<ElboPoint> elbo)
    {
        int count = Math.Max(6, elbo.Count / 4);
        if (elbo.Count < count)
        {
            return null;
        }

        int from = elbo.Count - count;
        double mx = 0;
        double my = 0;
        for (int i = from; i < elbo.Count; i++)
        {
            mx += elbo[i].Iteration;
            my += elbo[i].Value;
        }

        mx /= count;
        my /= count;
        double sxx = 0;
        double sxy = 0;
        for (int i = from; i < elbo.Count; i++)
        {
            sxx += (elbo[i].Iteration - mx) * (elbo[i].Iteration - mx);
            sxy += (elbo[i].Iteration - mx) * (elbo[i].Value - my);
        }

        double slope = sxy / sxx;
        double residuals = 0;
        for (int i = from; i < elbo.Count; i++)
        {
            double e = elbo[i].Value - my - (slope * (elbo[i].Iteration - mx));
            residuals += e * e;
        }

        double error = Math.Sqrt(residuals / (count - 2) / sxx);
        return slope > 3 * error
            ? $"by {slope * 1000:G3} per 1,000 iterations over the last {count} estimates, {slope / error:F1} standard errors above flat"
            : null;
    }

    /// <summary>Writes the fit's whole state between two steps (not on the hot path: every <see cref="CheckpointOptions.Every"/> steps).</summary>
    private static void SaveCheckpoint<T>(
        ICheckpointStore store,
        CheckpointKey key,
        FinishedFit? finished,
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

        store.Write(new Checkpoint<T>
        {
            Finished = finished,
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
        }.ToBytes(key));
    }

    /// <summary>The parameter (Stan-style name) of the first non-finite entry of the ELBO gradient [∇μ; ∇ρ; ∇λ].</summary>
    private static string Where<T>(ModelInfo info, T[] gradient, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!T.IsFinite(gradient[i]))
            {
                if (i < 2 * d)
                {
                    return $"'{Name(i % d)}' ({(i < d ? "its mean" : "its scale")})";
                }

                // λ row r holds L[r, 0 … r − 1] from offset r(r − 1)/2.
                int k = i - (2 * d);
                int row = 1;
                while ((row + 1) * row / 2 <= k)
                {
                    row++;
                }

                int column = k - (row * (row - 1) / 2);
                return $"the correlation factor L['{Name(row)}', '{Name(column)}']";
            }
        }

        return "no single coordinate";

        string Name(int index) => info.ScalarNames().ElementAtOrDefault(index) ?? $"coordinate {index}";
    }

    /// <summary>
    /// Stan's step-size search (<c>stan::variational::advi::adapt_eta</c>): for each η of
    /// <see cref="StanAdaptive.EtaSequence"/>, largest first, <see cref="StanAdaptive.AdaptIterations"/> steps of Stan's
    /// sequence from the initial approximation, then an ELBO estimate. A trial whose gradient is not finite steps by
    /// zero, and a non-finite ELBO counts as the lowest, as in Stan. Stops at the first η whose ELBO is below its
    /// predecessor's once that predecessor beat the initial ELBO, and returns the predecessor; returns the last η when
    /// the ELBO rose all the way and beats the initial one. <paramref name="parameters"/> are restored before returning.
    /// </summary>
    /// <exception cref="InvalidOperationException">The initial ELBO is not finite, or every η failed to beat it.</exception>
    private static double SearchEta<TDensity, T>(ref TDensity density, ref Rng rng, StanAdaptive adaptive, T[] parameters, T[] theta, AdviStart? start, T[] gradient, ElboWorkspace<T> workspace, AdviOptions options, ref int gradients, CancellationToken cancellationToken)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] initial = (T[])parameters.Clone();
        start?.ToApproximation<T>(parameters, theta);
        (double initialElbo, _) = ElboEstimator.MonteCarloEstimate(ref density, ref rng, theta, workspace, options.ElboSamples);
        if (!double.IsFinite(initialElbo))
        {
            throw new InvalidOperationException($"Stan's step-size search cannot start: the ELBO of the initial approximation is {initialElbo}. The model may be ill-conditioned or misspecified; try AdviOptions.InitialMean or a smaller InitialMeanScale.");
        }

        IReadOnlyList<double> sequence = StanAdaptive.EtaSequence;
        double previous = double.MinValue;
        double previousEta = 0;
        var trials = new System.Text.StringBuilder();
        for (int k = 0; k < sequence.Count; k++)
        {
            double eta = sequence[k];
            OptimizerState<T> state = (adaptive with { Eta = eta }).CreateState<T>(parameters.Length);
            for (int t = 0; t < adaptive.AdaptIterations; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!density.NextBatch())
                {
                    throw new InvalidOperationException("The batch source ran out during Stan's step-size search; give StanAdaptive.Eta to skip the search, or a longer source.");
                }

                start?.ToApproximation<T>(parameters, theta);
                ElboEstimator.MonteCarloGradient(ref density, ref rng, theta, gradient, workspace, options.GradientSamples);
                gradients += options.GradientSamples;
                start?.PullBack<T>(theta, gradient);
                if (!T.IsFinite(TensorPrimitives.Sum<T>(gradient)))
                {
                    Array.Clear(gradient);
                }

                state.Step(parameters, gradient);
            }

            start?.ToApproximation<T>(parameters, theta);
            (double elbo, _) = ElboEstimator.MonteCarloEstimate(ref density, ref rng, theta, workspace, options.ElboSamples);
            if (!double.IsFinite(elbo))
            {
                elbo = double.MinValue;
            }

            trials.Append(trials.Length == 0 ? string.Empty : ", ").Append($"{eta:G} → {elbo:G6}");
            initial.CopyTo(parameters, 0);
            if (elbo < previous && previous > initialElbo)
            {
                return previousEta;
            }

            if (k == sequence.Count - 1)
            {
                if (elbo > initialElbo)
                {
                    return eta;
                }

                throw new InvalidOperationException($"Stan's step-size search failed: no eta improved on the initial ELBO ({initialElbo:G6}); ELBO after each trial: {trials}. The model may be ill-conditioned or misspecified; give StanAdaptive.Eta explicitly to override.");
            }

            (previous, previousEta) = (elbo, eta);
        }

        throw new UnreachableException();
    }
}
