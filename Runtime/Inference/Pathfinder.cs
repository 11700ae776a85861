using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using ModelGen.Diagnostics;
using ModelGen.Random;

namespace ModelGen.Inference;

/// <summary>
/// Pathfinder (Zhang, Carpenter, Gelman and Vehtari, JMLR 2022; Stan's <c>pathfinder</c> since 2.33): L-BFGS from a
/// random start, at each iterate of its path a Gaussian approximation from the L-BFGS inverse-Hessian estimate
/// (<see cref="PathApproximation"/>), the one with the highest ELBO kept; multi-path Pathfinder runs several paths and
/// resamples their pooled draws by Pareto-smoothed importance weights.
/// </summary>
/// <remarks>
/// <para>The path is <see cref="Map"/>'s own L-BFGS search (one optimiser, reported iterate by iterate), in the
/// unconstrained space with the transforms' Jacobians included. The inverse-Hessian estimate at iterate l is built from
/// the pairs sₗ = xₗ − xₗ₋₁, yₗ = ∇f(xₗ) − ∇f(xₗ₋₁) of the path (f = −log p) that satisfy the curvature condition
/// sᵀy &gt; ε‖y‖², the last <see cref="PathfinderOptions.HistorySize"/> of them, over a diagonal α updated with each pair
/// as the paper's Algorithm 3 does: the diagonal of the BFGS update of the Hessian estimate diag(α)⁻¹ scaled by
/// τ = yᵀdiag(α)y / yᵀs, that is 1/α⁺ = τ/α − τ (s/α)² / (sᵀdiag(α)⁻¹s) + y²/(yᵀs), every term of which keeps α⁺ &gt; 0.</para>
/// <para>Costs: the L-BFGS search (gradient evaluations, line searches included) and, per iterate, ELBO draws and, at the
/// end, the draws themselves (density evaluations without gradient). Both are counted in the result.</para>
/// </remarks>
public static class Pathfinder
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Runs Pathfinder on <paramref name="density"/> (full batch) and returns its draws, constrained by <paramref name="model"/>.</summary>
    /// <exception cref="InvalidOperationException">The density is a minibatch one, or no path produced an approximation (the message of each path says why).</exception>
    public static PathfinderFit<T> Fit<TDensity, T>(ref TDensity density, IModel<T> model, PathfinderOptions? options = null, CancellationToken cancellationToken = default)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new PathfinderOptions();
        options.Validate();
        if (!density.IsFullBatch)
        {
            throw new InvalidOperationException("Pathfinder needs the whole data set: bind the model to its data (new Model(x, y)) rather than a batch source.");
        }

        int n = density.Dimension;
        if (options.InitialPoint is { } initial && initial.Length != n)
        {
            throw new ArgumentException($"PathfinderOptions.InitialPoint has {initial.Length} values; the density has {n} unconstrained parameters.", nameof(options));
        }

        long started = Stopwatch.GetTimestamp();
        ulong seed = options.Seed ?? (ulong)global::System.Random.Shared.NextInt64();
        var root = new Rng(seed);
        var paths = new List<PathRun>(options.Paths);
        for (int p = 0; p < options.Paths && !cancellationToken.IsCancellationRequested; p++)
        {
            Rng rng = root.Split((ulong)p + 1);
            paths.Add(RunPath<TDensity, T>(ref density, options, ref rng, n, cancellationToken));
        }

        List<PathRun> good = paths.Where(p => p.Approximation is not null).ToList();
        if (good.Count == 0)
        {
            string why = paths.Count == 0 ? "it was cancelled before the first path" : string.Join(" ", paths.Select((p, i) => $"Path {i + 1}: {p.Message}"));
            throw new InvalidOperationException($"Pathfinder found no approximation: {why}");
        }

        // Pool the good paths' draws: unconstrained θ, log p and log q per draw.
        int pooled = good.Sum(p => p.LogP.Length);
        var theta = new double[pooled * n];
        var logP = new double[pooled];
        var logQ = new double[pooled];
        int at = 0;
        foreach (PathRun p in good)
        {
            p.Draws.CopyTo(theta, at * n);
            p.LogP.CopyTo(logP, at);
            p.LogQ.CopyTo(logQ, at);
            at += p.LogP.Length;
        }

        var ratios = new double[pooled];
        for (int i = 0; i < pooled; i++)
        {
            ratios[i] = double.IsNaN(logP[i]) ? double.NegativeInfinity : logP[i] - logQ[i];
        }

        // Ratios that are all equal (the approximation is the posterior up to its constant, as for a Gaussian target) leave
        // no tail to fit: Psis then reports k̂ = ∞ as loo does, and the weights are uniform, which is the best case.
        double finiteMax = ratios.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        double finiteMin = ratios.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
        bool flat = ratios.All(double.IsFinite) && finiteMax - finiteMin <= 1e-9 * Math.Max(1, Math.Abs(finiteMax));
        ParetoK k = ratios.Any(double.IsFinite) ? Psis.Smooth(ratios) : new ParetoK(double.PositiveInfinity, double.NaN, 0, pooled);
        int[] chosen;
        bool resampled = options.Paths > 1 && options.Resample;
        if (resampled)
        {
            // Multinomial resampling by the smoothed weights, with replacement, as Stan's psis_resample.
            double max = ratios.Max();
            var cumulative = new double[pooled];
            double total = 0;
            for (int i = 0; i < pooled; i++)
            {
                total += double.IsFinite(ratios[i]) ? Math.Exp(ratios[i] - max) : 0;
                cumulative[i] = total;
            }

            chosen = new int[options.Draws];
            Rng pick = root.Split(0);
            for (int d = 0; d < chosen.Length; d++)
            {
                double u = pick.NextDouble() * total;
                int index = Array.BinarySearch(cumulative, u);
                index = index < 0 ? ~index : index + 1;
                chosen[d] = Math.Min(index, pooled - 1);
            }
        }
        else
        {
            chosen = Enumerable.Range(0, pooled).ToArray();
        }

        int count = chosen.Length;
        int c = model.Info.Dimension;
        var values = new T[count * c];
        var unconstrained = new double[count * n];
        var pointT = new T[n];
        var drawLogP = new double[count];
        var drawLogQ = new double[count];
        for (int d = 0; d < count; d++)
        {
            int source = chosen[d];
            ReadOnlySpan<double> point = theta.AsSpan(source * n, n);
            point.CopyTo(unconstrained.AsSpan(d * n, n));
            for (int i = 0; i < n; i++)
            {
                pointT[i] = T.CreateChecked(point[i]);
            }

            model.Constrain(pointT, values.AsSpan(d * c, c));
            drawLogP[d] = logP[source];
            drawLogQ[d] = logQ[source];
        }

        var summaries = paths.Select(p => p.Summary).ToArray();
        int gradients = paths.Sum(p => p.Summary.GradientEvaluations);
        int densities = paths.Sum(p => p.Summary.DensityEvaluations);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        string message = Describe(options, summaries, good.Count, pooled, count, resampled, k, flat, gradients, densities, cancellationToken.IsCancellationRequested);
        return new PathfinderFit<T>(new Draws.Draws<T>(model.Info, values, count), unconstrained, drawLogP, drawLogQ, summaries, k, flat, gradients, densities, elapsed, seed, message) { Resampled = resampled };
    }

    private static string Describe(PathfinderOptions options, PathfinderPath[] paths, int good, int pooled, int count, bool resampled, ParetoK k, bool flat, int gradients, int densities, bool cancelled)
    {
        string how = resampled
            ? $"{count} draws resampled by Pareto-smoothed importance weights from the {pooled} draws of {good} path{(good == 1 ? string.Empty : "s")} (of {options.Paths})"
            : $"{count} draws from {(good == 1 ? "the path's" : $"{good} paths'")} best approximation{(good == 1 ? string.Empty : "s")}";
        string reading = flat
            ? "the importance weights are all equal: the approximation matches the posterior up to its constant"
            : double.IsNaN(k.K) || double.IsInfinity(k.K)
            ? "k̂ could not be estimated (too few distinct importance ratios): treat the draws as approximate"
            : k.Reading is ParetoKReading.Good or ParetoKReading.Ok
                ? $"k̂ = {k.K:0.00} ({k.Reading}): the approximation is close enough for importance sampling to correct it"
                : $"k̂ = {k.K:0.00} ({k.Reading}, above 0.7): the approximation is far from the posterior in its tails; use these draws to start NUTS (NutsOptions.InitialPoints), not as the posterior";
        string failed = good < paths.Length ? $" {paths.Length - good} path(s) found no approximation: {string.Join(" ", paths.Where(p => !p.Succeeded).Select(p => p.Message))}" : string.Empty;
        string stopped = cancelled ? " Cancelled: fewer paths or iterations than asked." : string.Empty;
        return $"Pathfinder: {how}; {reading}; {gradients} gradient and {densities} density evaluations.{failed}{stopped}";
    }

    private static PathRun RunPath<TDensity, T>(ref TDensity density, PathfinderOptions options, ref Rng rng, int n, CancellationToken cancellationToken)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var recorder = new PathRecorder();
        var mapOptions = new MapOptions
        {
            MaxIterations = options.MaxIterations,
            HistorySize = options.HistorySize,
            InitialPoint = options.InitialPoint,
            InitialRadius = options.InitialRadius,
            Seed = rng.NextUInt64(),
        };
        MapResult<T> search;
        try
        {
            search = Map.Optimize<TDensity, T, PathRecorder>(ref density, mapOptions, ref recorder, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            return PathRun.Failed(e.Message, recorder.Points.Count);
        }

        int iterations = recorder.Points.Count - 1;
        var alpha = new double[n];
        Array.Fill(alpha, 1.0);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var elbo = new double[Math.Max(iterations, 0)];
        var u = new double[n];
        var draw = new double[n];
        var pointT = new T[n];
        PathApproximation? best = null;
        double bestElbo = double.NegativeInfinity;
        int bestIteration = -1;
        int densityEvaluations = 0;
        for (int l = 1; l <= iterations; l++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            double[] sl = new double[n];
            double[] yl = new double[n];
            TensorPrimitives.Subtract(recorder.Points[l], recorder.Points[l - 1], sl);
            TensorPrimitives.Subtract(recorder.Gradients[l], recorder.Gradients[l - 1], yl);
            double sy = TensorPrimitives.Dot(sl, yl);
            if (sy > MachineEpsilon * TensorPrimitives.Dot(yl, yl))
            {
                UpdateDiagonal(alpha, sl, yl, sy);
                s.Add(sl);
                y.Add(yl);
                if (s.Count > options.HistorySize)
                {
                    s.RemoveAt(0);
                    y.RemoveAt(0);
                }
            }

            PathApproximation? approximation = PathApproximation.Build(recorder.Points[l], recorder.Gradients[l], alpha, s, y);
            if (approximation is null)
            {
                elbo[l - 1] = double.NegativeInfinity;
                continue;
            }

            double sum = 0;
            for (int k = 0; k < options.ElboDraws; k++)
            {
                double logQ = approximation.Draw(ref rng, u, draw);
                sum += LogP(ref density, draw, pointT) - logQ;
            }

            densityEvaluations += options.ElboDraws;
            double estimate = double.IsNaN(sum) ? double.NegativeInfinity : sum / options.ElboDraws;
            elbo[l - 1] = estimate;
            if (estimate > bestElbo)
            {
                bestElbo = estimate;
                best = approximation;
                bestIteration = l;
            }
        }

        if (best is null)
        {
            string why = iterations == 0
                ? $"L-BFGS stopped at its start ({search.StopReason}), so there is no path to approximate along"
                : $"no iterate of its {iterations} gave a finite ELBO (the density is not finite near the path, or every inverse-Hessian estimate was singular)";
            return PathRun.Failed(why, iterations + 1, search.Evaluations, densityEvaluations);
        }

        int m = options.DrawsPerPath;
        var draws = new double[m * n];
        var logPs = new double[m];
        var logQs = new double[m];
        for (int d = 0; d < m; d++)
        {
            Span<double> target = draws.AsSpan(d * n, n);
            logQs[d] = best.Draw(ref rng, u, target);
            logPs[d] = LogP(ref density, target, pointT);
        }

        densityEvaluations += m;
        var summary = new PathfinderPath(true, iterations, bestIteration, bestElbo, elbo, search.Evaluations, densityEvaluations, search.StopReason, $"best ELBO {bestElbo:G6} at iteration {bestIteration} of {iterations}");
        return new PathRun(best, draws, logPs, logQs, summary);
    }

    /// <summary>The paper's Algorithm 3: the diagonal of the τ-scaled BFGS update of the Hessian estimate diag(α)⁻¹.</summary>
    private static void UpdateDiagonal(double[] alpha, double[] s, double[] y, double sy)
    {
        double yAy = 0;
        double sAs = 0;
        for (int i = 0; i < alpha.Length; i++)
        {
            yAy += y[i] * alpha[i] * y[i];
            sAs += s[i] * s[i] / alpha[i];
        }

        double tau = yAy / sy;
        Span<double> next = alpha.Length <= 512 ? stackalloc double[alpha.Length] : new double[alpha.Length];
        for (int i = 0; i < alpha.Length; i++)
        {
            double si = s[i] / alpha[i];
            double b = (tau / alpha[i]) - (tau * si * si / sAs) + (y[i] * y[i] / sy);
            if (!(b > 0) || !double.IsFinite(1 / b))
            {
                return; // keep the previous diagonal whole rather than a part-updated one
            }

            next[i] = 1 / b;
        }

        next.CopyTo(alpha);
    }

    private static double LogP<TDensity, T>(ref TDensity density, ReadOnlySpan<double> theta, T[] pointT)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < theta.Length; i++)
        {
            pointT[i] = T.CreateChecked(theta[i]);
        }

        double value = double.CreateChecked(density.LogDensity(pointT));
        return double.IsNaN(value) ? double.NegativeInfinity : value;
    }

    /// <summary>The L-BFGS path as <see cref="Map"/> reports it: each iterate and ∇f there (f = −log p).</summary>
    private sealed class PathRecorder : IPathObserver
    {
        public List<double[]> Points { get; } = [];

        public List<double[]> Gradients { get; } = [];

        public void Visit(ReadOnlySpan<double> point, ReadOnlySpan<double> gradient, double value)
        {
            Points.Add(point.ToArray());
            Gradients.Add(gradient.ToArray());
        }
    }

    private sealed record PathRun(PathApproximation? Approximation, double[] Draws, double[] LogP, double[] LogQ, PathfinderPath Summary)
    {
        public string Message => Summary.Message;

        public static PathRun Failed(string why, int points, int gradients = 0, int densities = 0) =>
            new(null, [], [], [], new PathfinderPath(false, Math.Max(points - 1, 0), -1, double.NegativeInfinity, [], gradients, densities, null, why));
    }
}
