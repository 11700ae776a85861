using System.Numerics;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Sampling;

namespace ModelGen.Orleans;

/// <summary>A model type the silos can fit, whatever its element type: what the fit grain needs of a <see cref="FleetModel{TModel, T}"/>.</summary>
public interface IFleetModel
{
    /// <summary>The name fits of this model are submitted under: the model type's full name (<see cref="FleetModel.NameOf{TModel}"/>).</summary>
    string Name { get; }

    /// <summary>
    /// Binds <paramref name="key"/>'s data and fits it, checkpointing into <paramref name="store"/> (resuming from what it
    /// holds). Data that fails the bind checks, or a fit that throws, gives a failed result naming why; a cancelled fit
    /// throws <see cref="OperationCanceledException"/> (its checkpoint stays, to be resumed). <paramref name="warmStart"/>:
    /// the key's result in the fleet named by <see cref="FleetFitOptions.WarmStartFrom"/>, which the fit starts from; null for a cold start.
    /// </summary>
    FitResult Fit(string key, FleetFitOptions options, FitResult? warmStart, ICheckpointStore store, IProgress<AdviProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Binds <paramref name="key"/>'s data and runs chain <paramref name="chain"/> of its NUTS run alone (<see cref="NutsOptions.FirstChain"/>),
    /// checkpointing into <paramref name="store"/> every <see cref="FleetFitOptions.CheckpointEvery"/> iterations (resuming
    /// from what it holds; null for no checkpoints); data that fail the bind checks, or a run that throws, give a part
    /// naming why. A cancelled run throws <see cref="OperationCanceledException"/> (its checkpoint stays, to be resumed).
    /// </summary>
    NutsChainPart SampleChain(string key, FleetFitOptions options, int chain, ICheckpointStore? store, CancellationToken cancellationToken);
}

/// <summary>Names of fleet models.</summary>
public static class FleetModel
{
    /// <summary>The name fits of <typeparamref name="TModel"/> go under: its full type name.</summary>
    public static string NameOf<TModel>() => typeof(TModel).FullName ?? typeof(TModel).Name;
}

/// <summary>
/// How the silos bind and fit a generated model type: <paramref name="bind"/> constructs the model on a key's data
/// (the generated constructor checks the data and throws <c>ModelDataException</c> naming the element, row and column),
/// <paramref name="fit"/> calls its generated <c>Fit</c>, <paramref name="nuts"/> (when given) its generated <c>Nuts</c>. Register one on every silo
/// (<see cref="FleetSiloBuilderExtensions.AddFleetModel{TModel, T}"/>).
/// </summary>
/// <typeparam name="TModel">The generated model type.</typeparam>
/// <typeparam name="T">Its element type (float or double).</typeparam>
/// <param name="bind">The key's data, bound: e.g. <c>key =&gt; new RegressionModel(x[key], y[key]) { SimdWidth = SimdWidth.W256 }</c>. Pin <c>SimdWidth</c> when silos differ in hardware, so a fit resumed on another silo goes on bit for bit.</param>
/// <param name="fit">The model's fit: <c>(model, options, cancel) =&gt; model.Fit(options, cancel)</c>.</param>
/// <param name="nuts">The model's NUTS: <c>(model, options, cancel) =&gt; model.Nuts(options, cancel)</c>; null when the fleet fits by ADVI only.</param>
public sealed class FleetModel<TModel, T>(Func<string, TModel> bind, Func<TModel, AdviOptions, CancellationToken, AdviFit<T>> fit, Func<TModel, NutsOptions, CancellationToken, NutsFit<T>>? nuts = null) : IFleetModel
    where TModel : IModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Func<string, TModel> _bind = bind ?? throw new ArgumentNullException(nameof(bind));
    private readonly Func<TModel, AdviOptions, CancellationToken, AdviFit<T>> _fit = fit ?? throw new ArgumentNullException(nameof(fit));

    /// <inheritdoc/>
    public string Name => FleetModel.NameOf<TModel>();

    /// <inheritdoc/>
    public FitResult Fit(string key, FleetFitOptions options, FitResult? warmStart, ICheckpointStore store, IProgress<AdviProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            TModel model = _bind(key);
            if (options.Method == FitMethod.Nuts)
            {
                if (nuts is null)
                {
                    return new FitResult { Key = key, Method = FitMethod.Nuts, Error = $"The model '{Name}' is registered for ADVI only: register it with AddFleetModel(bind, fit, nuts: (model, options, cancel) => model.Nuts(options, cancel)) on every silo to sample it with NUTS.", ErrorType = typeof(InvalidOperationException).FullName };
                }

                NutsOptions sampling = options.ToNutsOptions(warmStart) with { Checkpoint = new CheckpointOptions(store, options.CheckpointEvery) };
                return Describe(key, nuts(model, sampling, cancellationToken)) with { WarmStartedFrom = warmStart is null ? null : options.WarmStartFrom };
            }

            AdviOptions advi = options.ToAdviOptions(warmStart) with { Checkpoint = new CheckpointOptions(store, options.CheckpointEvery), Progress = progress };
            AdviFit<T> result = _fit(model, advi, cancellationToken);
            if (result.StopReason == StopReason.Cancelled)
            {
                throw new OperationCanceledException($"The fit of key '{key}' was cancelled; its checkpoint stays, to be resumed.", cancellationToken);
            }

            return Describe(key, result, options) with { WarmStartedFrom = warmStart is null ? null : options.WarmStartFrom };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new FitResult { Key = key, Error = e.Message, ErrorType = e.GetType().FullName };
        }
    }

    /// <inheritdoc/>
    public NutsChainPart SampleChain(string key, FleetFitOptions options, int chain, ICheckpointStore? store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (nuts is null)
        {
            return new NutsChainPart { Error = $"The model '{Name}' is registered for ADVI only: register it with AddFleetModel(bind, fit, nuts: (model, options, cancel) => model.Nuts(options, cancel)) on every silo to sample it with NUTS.", ErrorType = typeof(InvalidOperationException).FullName };
        }

        try
        {
            NutsOptions sampling = options.ToNutsOptions() with { Chains = 1, FirstChain = chain, Checkpoint = store is null ? null : new CheckpointOptions(store, options.CheckpointEvery) };
            bool resumed = store?.Read() is not null;
            return NutsChainPart.Of(nuts(_bind(key), sampling, cancellationToken)) with { Resumed = resumed };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new NutsChainPart { Error = $"Key '{key}', chain {chain}: {e.Message}", ErrorType = e.GetType().FullName };
        }
    }

    /// <summary>The result of a finished fit, as it travels: the approximation, the ELBO trace, draws and their summaries.</summary>
    public static FitResult Describe(string key, AdviFit<T> fit, FleetFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(options);
        string[] columns = [];
        double[] values = [];
        ParameterSummaryRow[] summaries = [];
        if (options.Draws > 0)
        {
            Draws<T> draws = fit.Sample(options.Draws, options.Seed);
            values = Widen(draws.Values);
            IReadOnlyList<ParameterSummary> rows = draws.Summarize();
            columns = [.. rows.Select(s => s.Name)];
            summaries = [.. rows.Select(s => new ParameterSummaryRow(s.Name, s.Mean, s.StandardDeviation, s.Q5, s.Q50, s.Q95))];
        }

        return new FitResult
        {
            Key = key,
            Iterations = fit.Iterations,
            StopReason = fit.StopReason.ToString(),
            Message = fit.Message,
            Mean = Widen(fit.Mean),
            Rho = Widen(fit.Rho),
            ElboIterations = [.. fit.Elbo.Select(p => p.Iteration)],
            Elbo = [.. fit.Elbo.Select(p => p.Value)],
            Columns = columns,
            Draws = values,
            Summaries = summaries,
            ParetoK = fit.ParetoK?.K,
            Posterior = Saved(fit),
        };
    }

    /// <summary>The bytes <see cref="AdviFit{T}.Save"/> writes for <paramref name="fit"/>: it writes only files, so through a temporary one.</summary>
    private static byte[] Saved(AdviFit<T> fit)
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelgen-fleet-{Guid.NewGuid():N}.fit");
        try
        {
            fit.Save(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The result of a finished NUTS run, as it travels: every chain's kept draws, their summaries with R-hat and ESS, step sizes and warnings.</summary>
    public static FitResult Describe(string key, NutsFit<T> fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        IReadOnlyList<NutsSummary> rows = fit.Summarize();
        IReadOnlyList<string> warnings = fit.Warnings();
        return new FitResult
        {
            Key = key,
            Method = FitMethod.Nuts,
            Iterations = fit.Chains * (fit.Warmup + fit.DrawsPerChain),
            StopReason = "Sampled",
            Message = warnings.Count == 0 ? $"{fit.Chains} chains of {fit.Warmup} warm-up and {fit.DrawsPerChain} kept iterations, no warning." : string.Join(" ", warnings),
            Columns = [.. rows.Select(s => s.Name)],
            Draws = Widen(fit.Draws.Values),
            Summaries = [.. rows.Select(s => new ParameterSummaryRow(s.Name, s.Mean, s.StandardDeviation, s.Q5, s.Q50, s.Q95) { Rhat = s.Rhat, EssBulk = s.EssBulk })],
            Divergences = fit.Divergences,
            StepSizes = fit.StepSizes.ToArray(),
            InverseMetrics = [.. Enumerable.Range(0, fit.Chains).SelectMany(c => fit.InverseMetric(c).ToArray())],
            Warnings = [.. warnings],
        };
    }

    private static double[] Widen(ReadOnlySpan<T> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            wide[i] = double.CreateChecked(values[i]);
        }

        return wide;
    }
}
