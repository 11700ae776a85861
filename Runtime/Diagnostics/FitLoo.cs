using System.Numerics;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Sampling;

namespace ModelGen.Diagnostics;

/// <summary>
/// PSIS-LOO and WAIC of a fit, from the model's generated pointwise log-likelihood at each draw
/// (<see cref="IPointwiseLogLikelihood{T}"/>): <c>fit.Loo(model)</c>, <c>fit.Waic(model)</c>, and the matrix itself for
/// <see cref="Diagnostics.Loo.Compare"/>, <see cref="Diagnostics.Loo.StackingWeights"/> or R's loo.
/// NUTS draws are the posterior's (r_eff from the chains); ADVI's and a single Pathfinder path's are an
/// approximation's, corrected by log p − log g (loo's <c>loo_approximate_posterior</c>; the printout says so).
/// </summary>
public static class FitLoo
{
    /// <summary>
    /// The pointwise log-likelihood of every draw of <paramref name="draws"/> (draw after draw, in
    /// <paramref name="chains"/> chains of equal length, as NUTS returns them).
    /// </summary>
    public static LogLikelihoodMatrix PointwiseLogLikelihood<T>(this IPointwiseLogLikelihood<T> model, Draws<T> draws, int chains = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(draws);
        int n = model.Observations;
        var values = new double[draws.Count * n];
        var row = new T[n];
        for (int s = 0; s < draws.Count; s++)
        {
            model.PointwiseLogLikelihood(draws[s], row);
            for (int i = 0; i < n; i++)
            {
                values[(s * n) + i] = double.CreateChecked(row[i]);
            }
        }

        return new LogLikelihoodMatrix(values, draws.Count, n, chains);
    }

    /// <summary>The pointwise log-likelihood of a NUTS fit's draws, chain after chain.</summary>
    public static LogLikelihoodMatrix PointwiseLogLikelihood<T>(this NutsFit<T> fit, IPointwiseLogLikelihood<T> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        return model.PointwiseLogLikelihood(fit.Draws, fit.Chains);
    }

    /// <summary>
    /// PSIS-LOO of a NUTS fit (loo's <c>loo(log_lik, r_eff = relative_eff(exp(log_lik), chain_id))</c>); with
    /// <paramref name="groups"/>, leave-one-group-out (<see cref="LogLikelihoodMatrix.ByGroup"/>).
    /// </summary>
    public static LooResult Loo<T>(this NutsFit<T> fit, IPointwiseLogLikelihood<T> model, LooGroups? groups = null)
        where T : unmanaged, IFloatingPointIeee754<T> => Diagnostics.Loo.Compute(Grouped(fit.PointwiseLogLikelihood(model), groups));

    /// <summary>WAIC of a NUTS fit (loo's <c>waic(log_lik)</c>), per group with <paramref name="groups"/>.</summary>
    public static WaicResult Waic<T>(this NutsFit<T> fit, IPointwiseLogLikelihood<T> model, LooGroups? groups = null)
        where T : unmanaged, IFloatingPointIeee754<T> => Diagnostics.Loo.Waic(Grouped(fit.PointwiseLogLikelihood(model), groups));

    /// <summary>
    /// PSIS-LOO of a Pathfinder fit. Resampled draws (multi-path, the default) stand for the posterior and are taken as
    /// independent (r_eff = 1); a single path's draws are its approximation's, corrected by each draw's log p − log q.
    /// With <paramref name="groups"/>, leave-one-group-out.
    /// </summary>
    public static LooResult Loo<T>(this PathfinderFit<T> fit, IPointwiseLogLikelihood<T> model, LooGroups? groups = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        LogLikelihoodMatrix matrix = Grouped(model.PointwiseLogLikelihood(fit.Draws), groups);
        return fit.Resampled
            ? Diagnostics.Loo.Compute(matrix, Enumerable.Repeat(1.0, matrix.Observations).ToArray())
            : Diagnostics.Loo.ApproximatePosterior(matrix, fit.LogDensity, fit.LogApproximation);
    }

    /// <summary>WAIC of a Pathfinder fit's draws, per group with <paramref name="groups"/>.</summary>
    public static WaicResult Waic<T>(this PathfinderFit<T> fit, IPointwiseLogLikelihood<T> model, LooGroups? groups = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Diagnostics.Loo.Waic(Grouped(model.PointwiseLogLikelihood(fit.Draws), groups));
    }

    /// <summary>
    /// PSIS-LOO of an ADVI fit from <paramref name="draws"/> draws of its approximation g, corrected by log p(θˢ) − log g(θˢ)
    /// (loo's <c>loo_approximate_posterior</c>): the draws are not the posterior's, which the result's printout says.
    /// With <paramref name="groups"/>, leave-one-group-out.
    /// </summary>
    public static LooResult Loo<T>(this AdviFit<T> fit, IPointwiseLogLikelihood<T> model, int draws = 1_000, ulong? seed = null, LooGroups? groups = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (LogLikelihoodMatrix matrix, double[] logP, double[] logG) = Approximate(fit, model, draws, seed);
        return Diagnostics.Loo.ApproximatePosterior(Grouped(matrix, groups), logP, logG);
    }

    /// <summary>WAIC of <paramref name="draws"/> draws of an ADVI fit's approximation (uncorrected: WAIC has no correction for them), per group with <paramref name="groups"/>.</summary>
    public static WaicResult Waic<T>(this AdviFit<T> fit, IPointwiseLogLikelihood<T> model, int draws = 1_000, ulong? seed = null, LooGroups? groups = null)
        where T : unmanaged, IFloatingPointIeee754<T> => Diagnostics.Loo.Waic(Grouped(Approximate(fit, model, draws, seed).Matrix, groups));

    private static LogLikelihoodMatrix Grouped(LogLikelihoodMatrix matrix, LooGroups? groups) => groups is null ? matrix : matrix.ByGroup(groups);

    private static (LogLikelihoodMatrix Matrix, double[] LogP, double[] LogG) Approximate<T>(AdviFit<T> fit, IPointwiseLogLikelihood<T> model, int draws, ulong? seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2);
        int d = fit.Info.Dimension;
        int n = model.Observations;
        T[] unconstrained = fit.SampleUnconstrained(draws, seed);
        var values = new double[draws * n];
        var logP = new double[draws];
        var logG = new double[draws];
        var row = new T[n];
        var constrained = new T[d];
        for (int s = 0; s < draws; s++)
        {
            ReadOnlySpan<T> theta = unconstrained.AsSpan(s * d, d);
            fit.Constrain(theta).CopyTo(constrained, 0);
            model.PointwiseLogLikelihood(constrained, row);
            for (int i = 0; i < n; i++)
            {
                values[(s * n) + i] = double.CreateChecked(row[i]);
            }

            logP[s] = double.CreateChecked(model.LogDensity(theta));
            logG[s] = fit.LogApproximation(theta);
        }

        return (new LogLikelihoodMatrix(values, draws, n), logP, logG);
    }
}
