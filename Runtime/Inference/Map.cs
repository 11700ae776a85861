using System.Numerics;
using System.Runtime.CompilerServices;
using ModelGen.Random;

namespace ModelGen.Inference;

/// <summary>
/// Maximum a posteriori estimation: the θ that maximises log p(θ, y) in the unconstrained space, by L-BFGS
/// (Nocedal and Wright 2006, Algorithm 7.4) with a backtracking Armijo line search that also expands the step
/// while the slope stays steep (a light form of the Wolfe conditions), and Stan's five convergence tests.
/// </summary>
/// <remarks>
/// <para><b>Unconstrained space, Jacobian included.</b> <see cref="ILogDensity{T}.LogDensity"/> includes the
/// log-Jacobian of the constraint transforms, so the mode found here is the mode of the density of the
/// <em>unconstrained</em> parameters. Stan's <c>optimize</c> drops the Jacobian by default
/// (<c>jacobian=false</c>) and so finds the mode of the constrained parameters' density; the two agree for
/// unconstrained parameters and differ for constrained ones (for σ &gt; 0 with log σ unconstrained, this mode
/// is that of p(σ)·σ). What this finds matches Stan's <c>optimize jacobian=true</c>, which is also the centre of a
/// Laplace approximation in the unconstrained space.</para>
/// <para>Like <see cref="Advi.Fit{TDensity, T}"/>, the method is generic over the density struct, so each model
/// gets its own compiled copy with the gradient call inlined. The search runs in double precision whatever
/// <c>T</c> is and calls the density at the point rounded to <c>T</c>; a <see cref="float"/> model usually ends
/// with <see cref="MapStopReason.LineSearchFailed"/> or the relative-objective test, since float cannot reach
/// Stan's double-precision gradient tolerances.</para>
/// <para>MAP needs a deterministic density: it calls <see cref="ILogDensity{T}.NextBatch"/> once, so a minibatch
/// density would be optimised on its first batch alone.</para>
/// </remarks>
public static class Map
{
    // Armijo's sufficient-increase constant and the slope ratio below which the step is expanded.
    private const double Armijo = 1e-4;
    private const double Curvature = 0.9;
    private const int MaxEvaluationsPerSearch = 60;

    // The spacing of doubles at 1, the ε of Stan's relative tolerances.
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Maximises <paramref name="density"/> from <see cref="MapOptions.InitialPoint"/> (or a random start).</summary>
    /// <param name="density">The model's density struct.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the search within one iteration; the result keeps the point reached.</param>
    /// <exception cref="ArgumentException">The initial point's length differs from the density's dimension.</exception>
    /// <exception cref="InvalidOperationException">log p or its gradient is not finite at the initial point.</exception>
    public static MapResult<T> Optimize<TDensity, T>(ref TDensity density, MapOptions? options = null, CancellationToken cancellationToken = default)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var none = default(NoPathObserver);
        return Optimize<TDensity, T, NoPathObserver>(ref density, options, ref none, cancellationToken);
    }

    /// <summary>
    /// The search, reporting its path to <paramref name="observer"/>: the start, then every accepted iterate, each with
    /// −log p and its gradient (Pathfinder builds its approximations from this path). One search for both callers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static MapResult<T> Optimize<TDensity, T, TObserver>(ref TDensity density, MapOptions? options, ref TObserver observer, CancellationToken cancellationToken)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TObserver : IPathObserver
    {
        options ??= new MapOptions();
        options.Validate();
        int n = density.Dimension;
        var x = new double[n];
        if (options.InitialPoint is { } initial)
        {
            if (initial.Length != n)
            {
                throw new ArgumentException($"MapOptions.InitialPoint has {initial.Length} values; the density has {n} unconstrained parameters, so it needs exactly {n}.", nameof(options));
            }

            initial.Span.CopyTo(x);
        }
        else
        {
            var rng = new Rng(options.Seed ?? (ulong)global::System.Random.Shared.NextInt64());
            for (int i = 0; i < n; i++)
            {
                x[i] = options.InitialRadius * ((2 * rng.NextDouble()) - 1);
            }
        }

        if (!density.NextBatch())
        {
            throw new InvalidOperationException("The batch source gave no batch: MAP needs the data.");
        }

        var work = new Buffers<T>(n, options.HistorySize);
        double f = Evaluate(ref density, x, work.Gradient, work);
        int evaluations = 1;
        if (!double.IsFinite(f) || !AllFinite(work.Gradient))
        {
            string where = double.IsFinite(f) ? $"its gradient is not finite (first at coordinate {FirstNonFinite(work.Gradient)})" : $"log p is {-f}";
            throw new InvalidOperationException($"MAP cannot start: at the initial point {where}. Give MapOptions.InitialPoint inside the support, or a smaller InitialRadius.");
        }

        double[] g = work.Gradient;
        double[] d = work.Direction;
        observer.Visit(x, g, f);
        int iterations = 0;
        MapStopReason reason = MapStopReason.IterationLimit;
        if (Norm(g) < options.GradientTolerance)
        {
            reason = MapStopReason.GradientConverged;
        }

        while (reason == MapStopReason.IterationLimit && iterations < options.MaxIterations)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                reason = MapStopReason.Cancelled;
                break;
            }

            // Minimising f = −log p: d = −H⁻¹g from the stored pairs, or steepest descent with Stan's small first step.
            double alpha = work.Count == 0 ? options.InitialStepSize : 1.0;
            work.SearchDirection(g, d);
            double slope = Dot(g, d);
            if (work.Count > 0 && !(slope < 0))
            {
                // Not a descent direction (curvature pairs gone stale): forget them and go downhill.
                work.Clear();
                alpha = options.InitialStepSize;
                work.SearchDirection(g, d);
                slope = Dot(g, d);
            }

            if (work.Count > 0 && -slope / Math.Max(Math.Abs(f), MachineEpsilon) < options.RelativeGradientTolerance * MachineEpsilon)
            {
                reason = MapStopReason.RelativeGradientConverged;
                break;
            }

            (double fNew, int used) = LineSearch(ref density, x, f, g, d, slope, alpha, work);
            evaluations += used;
            if (double.IsNaN(fNew))
            {
                if (work.Count > 0)
                {
                    // As Stan does: drop the curvature memory and try once more from steepest descent.
                    work.Clear();
                    continue;
                }

                reason = MapStopReason.LineSearchFailed;
                break;
            }

            iterations++;
            double change = Math.Abs(fNew - f);
            double moved = work.Push(x, g);
            double previous = f;
            f = fNew;
            observer.Visit(x, g, f);
            if (change < options.ObjectiveTolerance)
            {
                reason = MapStopReason.ObjectiveConverged;
            }
            else if (change / Math.Max(Math.Max(Math.Abs(previous), Math.Abs(f)), MachineEpsilon) < options.RelativeObjectiveTolerance * MachineEpsilon)
            {
                reason = MapStopReason.RelativeObjectiveConverged;
            }
            else if (Norm(g) < options.GradientTolerance)
            {
                reason = MapStopReason.GradientConverged;
            }
            else if (moved < options.ParameterTolerance)
            {
                reason = MapStopReason.ParameterConverged;
            }
        }

        var point = new T[n];
        for (int i = 0; i < n; i++)
        {
            point[i] = T.CreateChecked(x[i]);
        }

        double gradientNorm = Norm(g);
        string message = reason switch
        {
            MapStopReason.IterationLimit => $"Reached the cap of {options.MaxIterations} iterations before a convergence test was met; raise MapOptions.MaxIterations.",
            MapStopReason.LineSearchFailed => $"The line search found no step that increases log p after {iterations} iterations (gradient norm {gradientNorm:G3}): the point is optimal to the precision of {typeof(T).Name}, or the density is not smooth here.",
            MapStopReason.Cancelled when iterations == 0 => "Cancelled before its first iteration: nothing was learned. The result is the starting point ("
                + (options.InitialPoint is null ? $"random, each coordinate uniform in ±{options.InitialRadius:G}" : "MapOptions.InitialPoint")
                + "), not a mode of the posterior: run the search again without cancelling it.",
            MapStopReason.Cancelled => $"Cancelled after {iterations} iterations: the result holds the point reached, which is not a mode of the posterior yet; run the search again to convergence before relying on it.",
            _ => $"Converged after {iterations} iterations ({reason}): log p = {-f:G10}, gradient norm {gradientNorm:G3}.",
        };
        return new MapResult<T>(point, -f, gradientNorm, iterations, evaluations, reason, message);
    }

    /// <summary>
    /// Backtracks from <paramref name="alpha"/> until f(x + αd) ≤ f + c₁α gᵀd (Armijo), by safeguarded quadratic
    /// interpolation (α shrinks to 10–50 % per trial; a non-finite value shrinks it tenfold). While the first trials
    /// pass and the slope there is still below c₂·gᵀd, doubles α instead. On success the accepted point and its
    /// gradient are in the work buffers' trial slots and the new f is returned; on failure, NaN.
    /// </summary>
    private static (double Value, int Evaluations) LineSearch<TDensity, T>(ref TDensity density, double[] x, double f, double[] g, double[] d, double slope, double alpha, Buffers<T> work)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double accepted = double.NaN;
        bool expanding = true;
        int used = 0;
        while (used < MaxEvaluationsPerSearch)
        {
            for (int i = 0; i < x.Length; i++)
            {
                work.Trial[i] = x[i] + (alpha * d[i]);
            }

            double value = Evaluate(ref density, work.Trial, work.TrialGradient, work);
            used++;
            bool finite = double.IsFinite(value) && AllFinite(work.TrialGradient);
            if (!finite || value > f + (Armijo * alpha * slope))
            {
                if (!double.IsNaN(accepted))
                {
                    break;
                }

                expanding = false;
                double quadratic = -slope * alpha * alpha / (2 * (value - f - (slope * alpha)));
                alpha = finite && double.IsFinite(quadratic) ? Math.Clamp(quadratic, 0.1 * alpha, 0.5 * alpha) : 0.1 * alpha;
                continue;
            }

            accepted = value;
            work.Accept();
            if (!expanding || Dot(work.AcceptedGradient, d) >= Curvature * slope)
            {
                break;
            }

            alpha *= 2;
        }

        return (accepted, used);
    }

    /// <summary>f = −log p at <paramref name="x"/> (rounded to <c>T</c>), writing ∇f into <paramref name="gradient"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Evaluate<TDensity, T>(ref TDensity density, double[] x, double[] gradient, Buffers<T> work)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            work.PointT[i] = T.CreateChecked(x[i]);
        }

        double logP = double.CreateChecked(density.LogDensityGradient(work.PointT, work.GradientT));
        for (int i = 0; i < x.Length; i++)
        {
            gradient[i] = -double.CreateChecked(work.GradientT[i]);
        }

        return double.IsNaN(logP) ? double.NaN : -logP;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static double Norm(ReadOnlySpan<double> a) => System.Numerics.Tensors.TensorPrimitives.Norm(a);

    private static bool AllFinite(ReadOnlySpan<double> values) => double.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(values)) || FirstNonFinite(values) < 0;

    private static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Every array of one search, allocated once, and the L-BFGS memory: a ring of (s, y) pairs.</summary>
    private sealed class Buffers<T>(int n, int history)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly double[] _s = new double[history * n];
        private readonly double[] _y = new double[history * n];
        private readonly double[] _rho = new double[history];
        private readonly double[] _a = new double[history];
        private int _newest = -1;

        public int Count { get; private set; }

        public double[] Gradient { get; } = new double[n];

        public double[] Direction { get; } = new double[n];

        public double[] Trial { get; } = new double[n];

        public double[] TrialGradient { get; } = new double[n];

        public double[] AcceptedPoint { get; } = new double[n];

        public double[] AcceptedGradient { get; } = new double[n];

        public T[] PointT { get; } = new T[n];

        public T[] GradientT { get; } = new T[n];

        public void Clear()
        {
            Count = 0;
            _newest = -1;
        }

        /// <summary>Keeps the trial point and gradient as the line search's accepted ones.</summary>
        public void Accept()
        {
            Trial.CopyTo(AcceptedPoint, 0);
            TrialGradient.CopyTo(AcceptedGradient, 0);
        }

        /// <summary>
        /// Moves to the accepted point: stores s = x⁺ − x and y = g⁺ − g when sᵀy &gt; 0 (otherwise the inverse-Hessian
        /// estimate would lose positive definiteness, which Armijo backtracking alone does not guarantee), then makes
        /// <paramref name="x"/> and <paramref name="g"/> the new point and gradient. Returns ‖s‖.
        /// </summary>
        public double Push(double[] x, double[] g)
        {
            int slot = (_newest + 1) % _rho.Length;
            Span<double> s = _s.AsSpan(slot * n, n);
            Span<double> y = _y.AsSpan(slot * n, n);
            for (int i = 0; i < n; i++)
            {
                s[i] = AcceptedPoint[i] - x[i];
                y[i] = AcceptedGradient[i] - g[i];
            }

            double sy = Dot(s, y);
            double moved = Norm(s);
            if (sy > 1e-10 * moved * Norm(y))
            {
                _rho[slot] = 1 / sy;
                _newest = slot;
                Count = Math.Min(Count + 1, _rho.Length);
            }

            AcceptedPoint.CopyTo(x, 0);
            AcceptedGradient.CopyTo(g, 0);
            return moved;
        }

        /// <summary>The two-loop recursion: d = −H⁻¹g with H₀⁻¹ = (sᵀy / yᵀy) I from the newest pair; d = −g with no pairs.</summary>
        public void SearchDirection(ReadOnlySpan<double> g, Span<double> d)
        {
            g.CopyTo(d);
            int m = _rho.Length;
            for (int k = 0; k < Count; k++)
            {
                int slot = (_newest - k + m) % m;
                _a[slot] = _rho[slot] * Dot(_s.AsSpan(slot * n, n), d);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_y.AsSpan(slot * n, n), -_a[slot], d, d);
            }

            if (Count > 0)
            {
                ReadOnlySpan<double> yNewest = _y.AsSpan(_newest * n, n);
                System.Numerics.Tensors.TensorPrimitives.Multiply(d, 1 / (_rho[_newest] * Dot(yNewest, yNewest)), d);
            }

            for (int k = Count - 1; k >= 0; k--)
            {
                int slot = (_newest - k + m) % m;
                double b = _rho[slot] * Dot(_y.AsSpan(slot * n, n), d);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_s.AsSpan(slot * n, n), _a[slot] - b, d, d);
            }

            System.Numerics.Tensors.TensorPrimitives.Negate(d, d);
        }
    }
}

/// <summary>What <see cref="Map"/>'s search reports of its path: each iterate x, ∇f(x) and f(x), with f = −log p.</summary>
internal interface IPathObserver
{
    /// <summary>Called with the start and then each accepted iterate; the spans are the search's own buffers, valid during the call.</summary>
    void Visit(ReadOnlySpan<double> point, ReadOnlySpan<double> gradient, double value);
}

/// <summary>MAP alone: nothing observes the path (a struct, so the calls compile away).</summary>
internal struct NoPathObserver : IPathObserver
{
    public readonly void Visit(ReadOnlySpan<double> point, ReadOnlySpan<double> gradient, double value)
    {
    }
}
