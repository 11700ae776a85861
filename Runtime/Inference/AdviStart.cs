using System.Numerics;
using ModelGen.Terms;
using Math = System.Math;

namespace ModelGen.Inference;

/// <summary>
/// Where the default (<see cref="AdviSchedule.Standardized"/>) fit starts and the coordinates it steps in: a point μ₀
/// (the MAP by <see cref="Map"/>'s L-BFGS; where log p has no mode, the mean-field ELBO's optimum on fixed draws from Pathfinder's
/// approximation, else Pathfinder's approximation itself; else the search's own start), the curvature there
/// H = −∇² log p (central differences of the gradient; averaged over the fixed draws when there is no mode), and from it the
/// affine map the optimizer works through.
/// </summary>
/// <remarks>
/// <para>The optimizer steps u = [a; b; λ′] rather than the approximation's own [μ; ρ; λ]:
/// μ = μ₀ + R⁻ᵀa with H = RRᵀ (Cholesky), σᵢ = sᵢ·e^{bᵢ} with sᵢ = 1/√Hᵢᵢ (ρᵢ = softplus⁻¹ σᵢ), and λᵢⱼ = sᵢλ′ᵢⱼ.
/// In these coordinates a Gaussian posterior has unit curvature in every direction, so one step size fits every model
/// whatever the scale of its data, and the correlations that make mean-field ascent crawl (un-centred predictors) are
/// gone from the μ steps. The family is unchanged: the map only reparameterises the same mean-field (or full-rank)
/// Gaussian, so the optimum is the same; u = 0 is q₀ = N(μ₀, diag s²), which for a Gaussian posterior is already the
/// mean-field optimum (σᵢ² = 1/Hᵢᵢ).</para>
/// <para>When the curvature is not positive definite (a funnel's MAP does not exist, a saddle), the start is the mean-field ELBO's
/// optimum on fixed draws (<see cref="FixedDrawElbo{TDensity, T}"/>) found by L-BFGS from Pathfinder's approximation, with sᵢ its
/// σᵢ and R the factor of the curvature averaged over those draws, E_q[−∇² log p], which is positive definite near the ELBO's
/// optimum though log p's Hessian is not at many points. Pathfinder's approximation alone sits in a funnel's neck (centred eight
/// schools' τ ten optimum sds low), from where the stochastic steps did not climb within the cap. When that average is not
/// positive definite either, the map is diagonal with the scales of the fallback start, and μ = μ₀ + s ⊙ a.</para>
/// </remarks>
internal sealed class AdviStart
{
    // Dense preconditioning costs two triangular solves (d² flops) a step; past this dimension the map stays diagonal.
    internal const int DenseLimit = 400;

    // Where log p has no mode: the fixed draws of the ELBO the start maximises (each L-BFGS evaluation costs this many gradients,
    // the curvature averaged over them 2d each), and the L-BFGS iterations allowed.
    internal const int FixedDrawCount = 32;
    internal const int FixedDrawIterations = 500;

    // A minibatch fit's start: the batches each Newton step averages the gradient and curvature over (2d + 1 gradients each), and
    // the steps (AdviStart.Pooled).
    internal const int PooledBatches = 32;
    internal const int PooledRounds = 2;

    private readonly int _d;
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly double[] _logScale;

    // R, lower triangular, row-major d × d, H = RRᵀ; null for a diagonal map.
    private readonly double[]? _factor;
    private readonly double[] _work;

    // For a full-rank fit with a dense map: C = chol(H⁻¹), lower, row-major, the Laplace approximation's factor, where L starts
    // (σᵢ = Cᵢᵢe^{bᵢ}, λᵢⱼ = Cᵢⱼ + Cᵢᵢλ′ᵢⱼ): on a correlated posterior L's optimum is far from diagonal, and steps of a
    // conditional sd would take the fit tens of thousands of iterations to build it.
    private readonly double[]? _laplace;

    private AdviStart(double[] mean, double[] scale, double[]? factor, string description)
    {
        _d = mean.Length;
        _mean = mean;
        _scale = scale;
        _logScale = Array.ConvertAll(scale, Math.Log);
        _factor = factor;
        _work = new double[_d];
        Description = description;
        _laplace = factor is null ? null : LaplaceFactor(factor, _d);
    }

    /// <summary>Where the fit started and why, one sentence for the fit's message.</summary>
    public string Description { get; }

    /// <summary>Gradient evaluations the start cost (MAP, curvature, Pathfinder).</summary>
    public int Evaluations { get; private init; }

    /// <summary>log sᵢ, the starting log-scale of each coordinate.</summary>
    public ReadOnlySpan<double> LogScale => _logScale;

    /// <summary>
    /// Computes the start on a full-batch density: MAP from <paramref name="origin"/>, its curvature, and
    /// the fallbacks when either fails. Deterministic in the density, the initial point and the seed (Pathfinder's).
    /// </summary>
    public static AdviStart Compute<TDensity, T>(ref TDensity density, IModel<T> model, double[] origin, bool given, ulong seed, CancellationToken cancellationToken)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = density.Dimension;
        int evaluations = 0;
        string? why = null;
        try
        {
            // Stan's relative tolerances stop far from the mode when log p is large and ill-conditioned (unscaled data):
            // off here, and the mode polished by Newton steps on the curvature below.
            MapResult<T> map = Map.Optimize<TDensity, T>(ref density, new MapOptions { InitialPoint = origin, MaxIterations = 2_000, RelativeObjectiveTolerance = 0, RelativeGradientTolerance = 0 }, cancellationToken);
            evaluations += map.Evaluations;
            if (map.StopReason is MapStopReason.IterationLimit or MapStopReason.Cancelled)
            {
                why = $"the MAP search did not settle ({(map.StopReason == MapStopReason.Cancelled ? "cancelled" : "stopped at its iteration limit")} after {map.Iterations} iterations)";
            }
            else
            {
                double[] mode = new double[d];
                for (int i = 0; i < d; i++)
                {
                    mode[i] = double.CreateChecked(map.Point[i]);
                }

                (double[]? hessian, int used) = Curvature<TDensity, T>(ref density, mode);
                evaluations += used;
                if (d <= DenseLimit)
                {
                    (hessian, used) = Polish<TDensity, T>(ref density, mode, hessian);
                    evaluations += used;
                }

                // A minibatch fit's first batch puts its MAP about √(total rows / batch rows) posterior sds from the whole data's, along
                // every direction, and on correlated predictors that is hundreds of q's (conditional) sds: Newton steps on the gradient
                // and curvature averaged over more batches start it near the MAP of all their rows, with their curvature.
                string pooledNote = string.Empty;
                if (!density.IsFullBatch && hessian is not null && d <= DenseLimit && Pooled<TDensity, T>(ref density, mode) is { } pooled)
                {
                    evaluations += pooled.Evaluations;
                    if (pooled.Hessian is not null)
                    {
                        pooled.Point.CopyTo(mode, 0);
                        hessian = pooled.Hessian;
                        pooledNote = $", moved by {PooledRounds} Newton steps on the gradient and curvature averaged over {PooledBatches} minibatches each (their lengths chosen on {PooledBatches} more), "
                            + $"with the scales and correlations of the curvature averaged over {PooledBatches} minibatches there";
                    }
                }

                if (hessian is not null && d <= DenseLimit && Cholesky(hessian, d))
                {
                    return new AdviStart(mode, RowScales(hessian, d), hessian, $"Started at the MAP{OfBatch(density.IsFullBatch)} ({map.Iterations} L-BFGS iterations){(pooledNote.Length > 0 ? pooledNote : " with the scales and correlations of its curvature")}") { Evaluations = evaluations };
                }

                if (hessian is not null && d > DenseLimit && DiagonalScales(hessian, d) is { } diagonal)
                {
                    return new AdviStart(mode, diagonal, null, $"Started at the MAP{OfBatch(density.IsFullBatch)} ({map.Iterations} L-BFGS iterations) with the scales of its curvature (diagonal: more than {DenseLimit} coordinates)") { Evaluations = evaluations };
                }

                why = $"the curvature where the MAP search stopped (after {map.Iterations} iterations) is not positive definite: the posterior has no mode there (a funnel)";
            }
        }
        catch (InvalidOperationException e)
        {
            why = "the MAP search could not start: " + e.Message;
        }

        // No usable mode (a funnel has none): Pathfinder's best approximation along the same kind of path, moment-matched.
        // Pathfinder (and the fixed-draw ELBO after it) need the whole data: a minibatch fit goes to the random start.
        if (!density.IsFullBatch)
        {
            return Unit(origin, given, $"{why} and a minibatch fit has no Pathfinder start", evaluations);
        }

        try
        {
            PathfinderFit<T> path = Pathfinder.Fit<TDensity, T>(ref density, model, new PathfinderOptions { Paths = 1, DrawsPerPath = 400, Draws = 400, Resample = false, InitialPoint = origin, Seed = seed }, cancellationToken);
            evaluations += path.GradientEvaluations;
            int count = path.Draws.Count;
            var mean = new double[d];
            var scale = new double[d];
            for (int k = 0; k < count; k++)
            {
                ReadOnlySpan<double> u = path.Unconstrained(k);
                for (int i = 0; i < d; i++)
                {
                    mean[i] += u[i] / count;
                }
            }

            for (int k = 0; k < count; k++)
            {
                ReadOnlySpan<double> u = path.Unconstrained(k);
                for (int i = 0; i < d; i++)
                {
                    scale[i] += (u[i] - mean[i]) * (u[i] - mean[i]) / (count - 1);
                }
            }

            if (Array.TrueForAll(mean, double.IsFinite) && Array.TrueForAll(scale, v => double.IsFinite(v) && v > 0))
            {
                double[] sd = Array.ConvertAll(scale, Math.Sqrt);
                if (d <= DenseLimit)
                {
                    if (FixedDraws<TDensity, T>(ref density, mean, sd, seed, cancellationToken) is { } fixedDraws)
                    {
                        evaluations += fixedDraws.Evaluations;
                        string how = $"Started at the mean-field ELBO's optimum on {FixedDrawCount} fixed draws ({fixedDraws.Iterations} L-BFGS iterations from Pathfinder's approximation)";
                        return fixedDraws.Factor is { } factor
                            ? new AdviStart(fixedDraws.Mean, fixedDraws.Sd, factor, $"{how}, stepping in the scales and correlations of the curvature averaged over its draws, since {why}") { Evaluations = evaluations }
                            : new AdviStart(fixedDraws.Mean, fixedDraws.Sd, null, $"{how}, since {why}") { Evaluations = evaluations };
                    }
                }

                return new AdviStart(mean, sd, null, $"Started from Pathfinder's approximation, since {why}") { Evaluations = evaluations };
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // No approximation either (or the fit was cancelled): the origin, below.
        }

        return Unit(origin, given, $"{why} and Pathfinder found no approximation", evaluations);
    }

    /// <summary>
    /// A start given as an approximation (<see cref="AdviOptions.InitialMean"/> and <see cref="AdviOptions.InitialScale"/>):
    /// no search; the coordinates are those in which N(mean, diag(scale²)) is N(0, I), the map diagonal.
    /// </summary>
    public static AdviStart Given(double[] mean, double[] scale) =>
        new(mean, scale, null, "Started at the approximation given in AdviOptions.InitialMean and InitialScale");

    /// <summary>The last resort: the search's own start with unit scales, and why.</summary>
    private static AdviStart Unit(double[] origin, bool given, string why, int evaluations)
    {
        var ones = new double[origin.Length];
        Array.Fill(ones, 1.0);
        return new AdviStart(origin, ones, null, $"Started at {(given ? "AdviOptions.InitialMean" : "the random start")} with unit scales, since {why}") { Evaluations = evaluations };
    }

    /// <summary>
    /// Newton steps x ← x + α H⁻¹∇log p from the L-BFGS mode (α halved until log p does not fall), at most four, until the
    /// Newton decrement ∇ᵀH⁻¹∇ is below 10⁻⁹ nats: on an ill-conditioned posterior L-BFGS stops far along its flat directions.
    /// Returns the curvature at the final point (null when not finite) and the gradient evaluations spent.
    /// </summary>
    private static (double[]? Hessian, int Evaluations) Polish<TDensity, T>(ref TDensity density, double[] x, double[]? hessian)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Length;
        int evaluations = 0;
        var point = new T[d];
        var gradient = new T[d];
        var step = new double[d];
        for (int round = 0; round < 4 && hessian is not null; round++)
        {
            double[] factor = (double[])hessian.Clone();
            if (!Cholesky(factor, d))
            {
                break;
            }

            double current = Evaluate(ref density, x, point, gradient);
            evaluations++;
            for (int i = 0; i < d; i++)
            {
                step[i] = double.CreateChecked(gradient[i]);
            }

            // H⁻¹g = R⁻ᵀ(R⁻¹g); the decrement gᵀH⁻¹g is ‖R⁻¹g‖².
            Solve(factor, d, step);
            double decrement = 0;
            for (int i = 0; i < d; i++)
            {
                decrement += step[i] * step[i];
            }

            SolveTransposed(factor, d, step);

            if (!(decrement > 1e-9) || !double.IsFinite(current))
            {
                break;
            }

            bool moved = false;
            var trial = new double[d];
            for (double alpha = 1; alpha > 1e-3 && !moved; alpha /= 2)
            {
                for (int i = 0; i < d; i++)
                {
                    trial[i] = x[i] + (alpha * step[i]);
                }

                double value = Evaluate(ref density, trial, point, gradient);
                evaluations++;
                if (double.IsFinite(value) && value >= current)
                {
                    trial.CopyTo(x, 0);
                    moved = true;
                }
            }

            if (!moved)
            {
                break;
            }

            (hessian, int used) = Curvature<TDensity, T>(ref density, x);
            evaluations += used;
        }

        return (hessian, evaluations);
    }

    /// <summary>
    /// A minibatch fit's start from its first batch's MAP <paramref name="x"/>: <see cref="PooledRounds"/> Newton steps on the gradient and
    /// curvature averaged over <see cref="PooledBatches"/> batches (<see cref="Pool"/>), each step's length the best of 1, ½, ¼, ⅛ and 0 by
    /// log p averaged over as many fresh batches (the same batches for every length, so their comparison is precise though each value
    /// is noisy; a learned noise scale's Newton step overshoots from a batch's MAP), then the curvature averaged over
    /// <see cref="PooledBatches"/> batches at the point reached (the coordinates must fit where the fit starts). Null when a batch's curvature is
    /// not finite; Hessian null when the source ran short or an average is not positive definite.
    /// </summary>
    private static (double[] Point, double[]? Hessian, int Evaluations)? Pooled<TDensity, T>(ref TDensity density, double[] x)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Length;
        double[] point = (double[])x.Clone();
        int evaluations = 0;
        double[] lengths = [1, 0.5, 0.25, 0.125, 0];
        var values = new double[lengths.Length];
        var at = new T[d];
        var gradient = new T[d];
        var trial = new double[d];
        for (int round = 0; round <= PooledRounds; round++)
        {
            if (Pool<TDensity, T>(ref density, point) is not { } pooled)
            {
                return null;
            }

            evaluations += pooled.Evaluations;
            if (pooled.Hessian is null)
            {
                return (point, null, evaluations);
            }

            if (round == PooledRounds)
            {
                return (point, pooled.Hessian, evaluations);
            }

            Array.Clear(values);
            int batches = 0;
            while (batches < PooledBatches && density.NextBatch())
            {
                for (int k = 0; k < lengths.Length; k++)
                {
                    for (int i = 0; i < d; i++)
                    {
                        trial[i] = point[i] + (lengths[k] * (pooled.Point[i] - point[i]));
                    }

                    double value = Evaluate(ref density, trial, at, gradient);
                    values[k] += double.IsFinite(value) ? value : double.NegativeInfinity;
                }

                evaluations += lengths.Length;
                batches++;
            }

            int best = Array.IndexOf(values, values.Max());
            for (int i = 0; i < d; i++)
            {
                point[i] += lengths[best] * (pooled.Point[i] - point[i]);
            }
        }

        return (point, null, evaluations);
    }

    /// <summary>
    /// For a minibatch fit: the gradient and curvature of log p at <paramref name="x"/> averaged over up to <see cref="PooledBatches"/>
    /// further batches (each batch's likelihood already scaled to the whole data), and x + H̄⁻¹ḡ, the MAP of all their rows when the
    /// posterior is Gaussian. Hessian null (and x unchanged) when fewer than two batches came or H̄ is not positive definite; null
    /// when a batch's curvature is not finite.
    /// </summary>
    private static (double[] Point, double[]? Hessian, int Batches, int Evaluations)? Pool<TDensity, T>(ref TDensity density, double[] x)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Length;
        var point = new T[d];
        var gradient = new T[d];
        var sum = new double[d];
        var curvature = new double[d * d];
        int batches = 0;
        int evaluations = 0;
        while (batches < PooledBatches && density.NextBatch())
        {
            Evaluate(ref density, x, point, gradient);
            (double[]? h, int used) = Curvature<TDensity, T>(ref density, x);
            evaluations += 1 + used;
            if (h is null)
            {
                return null;
            }

            for (int i = 0; i < d; i++)
            {
                sum[i] += double.CreateChecked(gradient[i]);
            }

            for (int i = 0; i < h.Length; i++)
            {
                curvature[i] += h[i];
            }

            batches++;
        }

        if (batches < 2)
        {
            return (x, null, batches, evaluations);
        }

        for (int i = 0; i < d; i++)
        {
            sum[i] /= batches;
        }

        for (int i = 0; i < curvature.Length; i++)
        {
            curvature[i] /= batches;
        }

        double[] factor = (double[])curvature.Clone();
        if (!Cholesky(factor, d))
        {
            return (x, null, batches, evaluations);
        }

        Solve(factor, d, sum);
        SolveTransposed(factor, d, sum);
        var moved = new double[d];
        for (int i = 0; i < d; i++)
        {
            moved[i] = x[i] + sum[i];
        }

        return Array.TrueForAll(moved, double.IsFinite) ? (moved, curvature, batches, evaluations) : (x, null, batches, evaluations);
    }

    private static double Evaluate<TDensity, T>(ref TDensity density, double[] x, T[] point, T[] gradient)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            point[i] = T.CreateChecked(x[i]);
        }

        return double.CreateChecked(density.LogDensityGradient(point, gradient));
    }

    /// <summary>[μ; ρ; λ] of the approximation at the optimizer's coordinates <paramref name="u"/>.</summary>
    public void ToApproximation<T>(ReadOnlySpan<T> u, Span<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = _d;
        double[] x = _work;
        for (int i = 0; i < d; i++)
        {
            x[i] = double.CreateChecked(u[i]);
        }

        if (_factor is { } r)
        {
            // μ − μ₀ = R⁻ᵀa.
            SolveTransposed(r, d, x);
        }
        else
        {
            for (int i = 0; i < d; i++)
            {
                x[i] *= _scale[i];
            }
        }

        double[]? c = parameters.Length > 2 * d ? _laplace : null;
        for (int i = 0; i < d; i++)
        {
            parameters[i] = T.CreateChecked(_mean[i] + x[i]);
            double logBase = c is null ? _logScale[i] : Math.Log(c[(i * d) + i]);
            double sigma = Math.Exp(logBase + double.CreateChecked(u[d + i]));
            parameters[d + i] = T.CreateChecked(InverseSoftplus(sigma));
        }

        for (int i = 1, at = 2 * d; i < d && at < parameters.Length; i++)
        {
            for (int j = 0; j < i; j++, at++)
            {
                parameters[at] = T.CreateChecked(c is null ? _scale[i] * double.CreateChecked(u[at]) : c[(i * d) + j] + (c[(i * d) + i] * double.CreateChecked(u[at])));
            }
        }
    }

    /// <summary>
    /// Turns the ELBO gradient with respect to [μ; ρ; λ] (at <paramref name="parameters"/>) into the gradient with respect to
    /// the optimizer's coordinates, in place: ∇a = R⁻¹∇μ, ∇bᵢ = ∇ρᵢ·σᵢ/(1 − e^{−σᵢ}), ∇λ′ᵢⱼ = sᵢ∇λᵢⱼ.
    /// </summary>
    public void PullBack<T>(ReadOnlySpan<T> parameters, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = _d;
        double[] g = _work;
        for (int i = 0; i < d; i++)
        {
            g[i] = double.CreateChecked(gradient[i]);
        }

        if (_factor is { } r)
        {
            // ∇a = R⁻¹∇μ.
            Solve(r, d, g);
        }
        else
        {
            for (int i = 0; i < d; i++)
            {
                g[i] *= _scale[i];
            }
        }

        for (int i = 0; i < d; i++)
        {
            gradient[i] = T.CreateChecked(g[i]);

            // dσ/dρ = sigmoid(ρ) = 1 − e^{−σ}, dσ/db = σ.
            double sigma = double.CreateChecked(MeanField.Sigma(parameters[d + i]));
            double slope = -double.ExpM1(-sigma);
            gradient[d + i] = T.CreateChecked(double.CreateChecked(gradient[d + i]) * (sigma / slope));
        }

        double[]? c = gradient.Length > 2 * d ? _laplace : null;
        for (int i = 1, at = 2 * d; i < d && at < gradient.Length; i++)
        {
            double scale = c is null ? _scale[i] : c[(i * d) + i];
            for (int j = 0; j < i; j++, at++)
            {
                gradient[at] = T.CreateChecked(scale * double.CreateChecked(gradient[at]));
            }
        }
    }

    /// <summary>C = chol(H⁻¹) from H's factor R (H = RRᵀ, so H⁻¹ = R⁻ᵀR⁻¹): H⁻¹ column by column, then its Cholesky factor; null when not positive definite.</summary>
    private static double[]? LaplaceFactor(double[] r, int d)
    {
        var inverse = new double[d * d];
        var column = new double[d];
        for (int e = 0; e < d; e++)
        {
            Array.Clear(column);
            column[e] = 1;
            Solve(r, d, column);
            SolveTransposed(r, d, column);
            for (int i = 0; i < d; i++)
            {
                inverse[(i * d) + e] = column[i];
            }
        }

        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double mean = 0.5 * (inverse[(i * d) + j] + inverse[(j * d) + i]);
                inverse[(i * d) + j] = mean;
                inverse[(j * d) + i] = mean;
            }
        }

        return Cholesky(inverse, d) ? inverse : null;
    }

    /// <summary>v ← R⁻¹v for R lower triangular (row-major d × d): forward substitution.</summary>
    private static void Solve(double[] r, int d, double[] v)
    {
        for (int i = 0; i < d; i++)
        {
            double sum = v[i];
            for (int j = 0; j < i; j++)
            {
                sum -= r[(i * d) + j] * v[j];
            }

            v[i] = sum / r[(i * d) + i];
        }
    }

    /// <summary>v ← R⁻ᵀv for R lower triangular (row-major d × d): back substitution through Rᵀ, Rᵀᵢⱼ = Rⱼᵢ.</summary>
    private static void SolveTransposed(double[] r, int d, double[] v)
    {
        for (int i = d - 1; i >= 0; i--)
        {
            double sum = v[i];
            for (int j = i + 1; j < d; j++)
            {
                sum -= r[(j * d) + i] * v[j];
            }

            v[i] = sum / r[(i * d) + i];
        }
    }

    /// <summary>softplus⁻¹(σ) = log(e^σ − 1), exact for small σ and σ itself for large.</summary>
    internal static double InverseSoftplus(double sigma) => sigma > 30 ? sigma + Math.Log(-double.ExpM1(-sigma)) : Math.Log(double.ExpM1(sigma));

    /// <summary>H = −∇² log p at <paramref name="x"/> by central differences of the gradient, symmetrised; null when not finite.</summary>
    private static (double[]? Hessian, int Evaluations) Curvature<TDensity, T>(ref TDensity density, double[] x)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Length;
        var point = new T[d];
        var plus = new T[d];
        var minus = new T[d];
        var h = new double[d * d];

        // Relative steps: a float model's gradient carries ~1e-7 of rounding, so it needs wider differences.
        double relative = typeof(T) == typeof(float) ? 3e-3 : 1e-5;
        for (int i = 0; i < d; i++)
        {
            point[i] = T.CreateChecked(x[i]);
        }

        for (int i = 0; i < d; i++)
        {
            double step = relative * Math.Max(1, Math.Abs(x[i]));
            point[i] = T.CreateChecked(x[i] + step);
            double up = double.CreateChecked(point[i]);
            density.Gradient(point, plus);
            point[i] = T.CreateChecked(x[i] - step);
            double down = double.CreateChecked(point[i]);
            density.Gradient(point, minus);
            point[i] = T.CreateChecked(x[i]);
            for (int j = 0; j < d; j++)
            {
                h[(i * d) + j] = -(double.CreateChecked(plus[j]) - double.CreateChecked(minus[j])) / (up - down);
            }
        }

        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double mean = 0.5 * (h[(i * d) + j] + h[(j * d) + i]);
                h[(i * d) + j] = mean;
                h[(j * d) + i] = mean;
            }
        }

        return (Array.TrueForAll(h, double.IsFinite) ? h : null, 2 * d);
    }

    /// <summary>Where a minibatch fit's MAP and curvature come from, for its message: its first batch, the likelihood scaled to the whole data.</summary>
    private static string OfBatch(bool fullBatch) => fullBatch ? string.Empty : " of the first minibatch (its likelihood scaled to the whole data)";

    /// <summary>1/√Hᵢᵢ from H's Cholesky factor R (H = RRᵀ, so Hᵢᵢ = Σⱼ Rᵢⱼ², row i's squared norm).</summary>
    private static double[] RowScales(double[] r, int d)
    {
        var scale = new double[d];
        for (int i = 0; i < d; i++)
        {
            double hii = 0;
            for (int j = 0; j <= i; j++)
            {
                hii += r[(i * d) + j] * r[(i * d) + j];
            }

            scale[i] = 1 / Math.Sqrt(hii);
        }

        return scale;
    }

    /// <summary>
    /// The maximiser of the mean-field ELBO on <see cref="FixedDrawCount"/> fixed draws (<see cref="FixedDrawElbo{TDensity, T}"/>), by
    /// L-BFGS from q = N(<paramref name="mean"/>, diag <paramref name="sd"/>²); then H̄ = E_q[−∇² log p] on the same draws, the ELBO's
    /// curvature in μ, for the dense map (its Cholesky factor; null when not positive definite). Null when the search fails.
    /// </summary>
    private static (double[] Mean, double[] Sd, double[]? Factor, int Iterations, int Evaluations)? FixedDraws<TDensity, T>(ref TDensity density, double[] mean, double[] sd, ulong seed, CancellationToken cancellationToken)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = mean.Length;
        var rng = new ModelGen.Random.Rng(seed ^ 0xC2B2AE3D27D4EB4FUL);
        var eps = new double[FixedDrawCount * d];
        rng.FillNormal(eps);
        var elbo = new FixedDrawElbo<TDensity, T>(density, eps);
        var initial = new double[2 * d];
        for (int i = 0; i < d; i++)
        {
            (initial[i], initial[d + i]) = (mean[i], Math.Log(sd[i]));
        }

        MapResult<double> found;
        try
        {
            found = Map.Optimize<FixedDrawElbo<TDensity, T>, double>(ref elbo, new MapOptions { InitialPoint = initial, MaxIterations = FixedDrawIterations }, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        int evaluations = elbo.Evaluations;
        var m = new double[d];
        var s = new double[d];
        for (int i = 0; i < d; i++)
        {
            (m[i], s[i]) = (found.Point[i], Math.Exp(found.Point[d + i]));
        }

        if (!Array.TrueForAll(m, double.IsFinite) || !Array.TrueForAll(s, v => double.IsFinite(v) && v > 0))
        {
            return null;
        }

        double[]? curvature = ExpectedCurvature<TDensity, T>(ref density, m, s, eps, ref evaluations);
        return (m, s, curvature is not null && Cholesky(curvature, d) ? curvature : null, found.Iterations, evaluations);
    }

    /// <summary>
    /// H̄ = E_q[−∇² log p] on the fixed draws θₖ = μ + σ ⊙ εₖ (each Hessian by central differences, 2d gradients): the mean-field
    /// ELBO's curvature in μ. Null when a Hessian is not finite.
    /// </summary>
    private static double[]? ExpectedCurvature<TDensity, T>(ref TDensity density, double[] mean, double[] sd, double[] eps, ref int evaluations)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = mean.Length;
        int draws = eps.Length / d;
        var x = new double[d];
        var sum = new double[d * d];
        for (int k = 0; k < draws; k++)
        {
            for (int i = 0; i < d; i++)
            {
                x[i] = mean[i] + (sd[i] * eps[(k * d) + i]);
            }

            (double[]? h, int used) = Curvature<TDensity, T>(ref density, x);
            evaluations += used;
            if (h is null)
            {
                return null;
            }

            for (int i = 0; i < h.Length; i++)
            {
                sum[i] += h[i] / draws;
            }
        }

        return sum;
    }

    /// <summary>1/√Hᵢᵢ for every coordinate, or null when a diagonal entry is not positive.</summary>
    private static double[]? DiagonalScales(double[] h, int d)
    {
        var scale = new double[d];
        for (int i = 0; i < d; i++)
        {
            double hii = h[(i * d) + i];
            if (!(hii > 0))
            {
                return null;
            }

            scale[i] = 1 / Math.Sqrt(hii);
        }

        return scale;
    }

    /// <summary>
    /// Replaces the symmetric d × d row-major <paramref name="a"/> by its lower Cholesky factor and returns true; leaves
    /// it unchanged and returns false when a pivot is not above 10⁻¹⁰ of its diagonal entry (a flat direction the
    /// differences cannot resolve).
    /// </summary>
    private static bool Cholesky(double[] a, int d)
    {
        var factor = new double[d * d];
        if (!LinearAlgebra.CholeskyDecompose<double>(a, factor, relativePivot: 1e-10))
        {
            return false;
        }

        factor.CopyTo(a, 0);
        return true;
    }
}
