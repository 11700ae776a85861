using System.Diagnostics;
using System.Numerics;
using ModelGen.Data;
using ModelGen.Inference;
using ModelGen.Sampling;
using ModelGen.Simd;

namespace ModelGen.Orleans;

/// <summary>
/// A full-batch ADVI fit of one <typeparamref name="TModel"/> whose rows are held by shard grains on the cluster. The
/// coordinator (this object, in the client) runs the optimizer; each step it sends θ to every shard, which returns its
/// chunks' log-likelihoods and gradients, and it adds the priors (from shard 0) and then the chunks in the data set's
/// chunk order. With shards on the chunk boundaries (<see cref="ShardLayout"/>) and every shard at the same
/// <see cref="SimdWidth"/>, the fit is the single-machine <c>model.Fit(options)</c> on all the rows, bit for bit, for
/// any number of shards and silos.
/// </summary>
/// <typeparam name="TModel">The generated model type, registered on every silo with <see cref="ShardedSiloBuilderExtensions.AddShardedModel{TModel, T}"/>.</typeparam>
/// <typeparam name="T">Its element type.</typeparam>
/// <param name="grains">The cluster's grain factory (an <c>IClusterClient</c>).</param>
/// <param name="model">The model for the fit's layout and constraint map: any instance, with or without rows (e.g. <c>new TModel()</c>).</param>
public sealed class ShardedFit<TModel, T>(IGrainFactory grains, TModel model)
    where TModel : IRowChunkedDensity<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IGrainFactory _grains = grains ?? throw new ArgumentNullException(nameof(grains));
    private readonly TModel _model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>
    /// The register width every shard evaluates at; default the coordinator's widest (<see cref="SimdSupport.Best"/>).
    /// The single-machine fit it equals must run at the same width.
    /// </summary>
    public SimdWidth SimdWidth { get; init; } = SimdSupport.Best;

    /// <summary>
    /// Binds the shards of <paramref name="shards"/> (each on its grain, through the silos' data source), then fits by
    /// ADVI with the coordinator's optimizer, each density and gradient summed from the shards. A shard whose rows fail
    /// the model's checks fails the fit with a <see cref="ModelDataException"/> naming the shard and the row in the data
    /// set's numbering. A shard whose silo died is bound again on its next call, and the step goes on.
    /// </summary>
    /// <param name="dataSet">The data set's name: passed with each shard's rows to the silos' data source, and part of each shard grain's key (fits of one data set share its bound shards).</param>
    /// <param name="shards">The layout: <see cref="ShardLayout.Even"/>, or any that passes <see cref="ShardLayout.Check"/>.</param>
    /// <param name="options">ADVI options, as for <c>model.Fit(options)</c>; checkpoints are not supported here yet.</param>
    /// <param name="cancellationToken">Stops the fit within one step; the result keeps the state reached.</param>
    /// <returns>The fit, and where its time went.</returns>
    /// <exception cref="ModelDataException">A shard's rows do not fit the model.</exception>
    public async Task<ShardedFitResult<T>> FitAsync(string dataSet, IReadOnlyList<ShardRows> shards, AdviOptions? options = null, CancellationToken cancellationToken = default)
    {
        (AdviFit<T> fit, Coordinator coordinator) = await Run(dataSet, shards, options?.Checkpoint, nameof(options), "A sharded fit does not checkpoint yet: leave AdviOptions.Checkpoint unset.", density => Advi.Fit<ShardedDensity, T>(ref density, _model, options, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new ShardedFitResult<T>(fit, shards.Count, coordinator.Evaluations, coordinator.RoundTrips, coordinator.SlowestShards, coordinator.Summing);
    }

    /// <summary>
    /// Samples <typeparamref name="TModel"/> with NUTS (<see cref="Nuts.Sample{TDensity, T}"/>) on the rows of
    /// <paramref name="dataSet"/> held by one shard grain per entry of <paramref name="shards"/>: each log density and
    /// gradient the chains ask for is the shards' per-chunk parts summed in global chunk order, the single-machine
    /// density bit for bit, so the draws, step sizes and statistics are those of <c>model.Nuts(options)</c> on all the rows
    /// (same seed, same <see cref="SimdWidth"/>). The chains run side by side as on one machine, each evaluation a round
    /// trip to every shard.
    /// </summary>
    /// <param name="dataSet">The data set's name, which the silos' data source knows.</param>
    /// <param name="shards">The shards (<see cref="ShardLayout.Even"/>): contiguous, from row 0, each starting on a chunk boundary.</param>
    /// <param name="options">NUTS' options; <see cref="NutsOptions.Checkpoint"/> must be unset (a sharded run does not checkpoint yet).</param>
    /// <param name="cancellationToken">Stops the chains within a transition.</param>
    public async Task<ShardedSampleResult<T>> SampleAsync(string dataSet, IReadOnlyList<ShardRows> shards, NutsOptions? options = null, CancellationToken cancellationToken = default)
    {
        (NutsFit<T> fit, Coordinator coordinator) = await Run(dataSet, shards, options?.Checkpoint, nameof(options), "A sharded NUTS run does not checkpoint yet: leave NutsOptions.Checkpoint unset.", density => Nuts.Sample<ShardedDensity, T>(ref density, _model, options, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new ShardedSampleResult<T>(fit, shards.Count, coordinator.Evaluations, coordinator.RoundTrips, coordinator.SlowestShards, coordinator.Summing);
    }

    /// <summary>
    /// Checks the arguments (a <paramref name="checkpoint"/> in the options named <paramref name="optionsName"/> is refused with <paramref name="noCheckpoints"/>), binds every
    /// shard, then runs <paramref name="method"/> (synchronous: it waits on each evaluation's calls) on a thread of its own
    /// over the shards' density.
    /// </summary>
    private async Task<(TResult Result, Coordinator Coordinator)> Run<TResult>(string dataSet, IReadOnlyList<ShardRows> shards, CheckpointOptions? checkpoint, string optionsName, string noCheckpoints, Func<ShardedDensity, TResult> method, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataSet);
        ShardLayout.Check(shards);
        if (checkpoint is not null)
        {
            throw new ArgumentException(noCheckpoints, optionsName);
        }

        string modelName = FleetModel.NameOf<TModel>();
        var coordinator = new Coordinator(_model.Info.Dimension, [.. shards.Select(s => new Shard(_grains.GetGrain<IShardGrain>(ShardGrainKey.Of(modelName, dataSet, s)), new ShardRequest(modelName, dataSet, s, SimdWidth)))]);
        await coordinator.BindAll().ConfigureAwait(false);
        TResult result = await Task.Factory.StartNew(() => method(new ShardedDensity(coordinator)), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        return (result, coordinator);
    }

    /// <summary>The density the optimizer sees: each call is one round trip to every shard.</summary>
    private readonly struct ShardedDensity(Coordinator coordinator) : ILogDensity<T>
    {
        public int Dimension => coordinator.Dimension;

        public T LogDensity(ReadOnlySpan<T> theta) => coordinator.Evaluate(theta, default, withValue: true, withGradient: false);

        public void Gradient(ReadOnlySpan<T> theta, Span<T> gradient) => coordinator.Evaluate(theta, gradient, withValue: false, withGradient: true);

        public T LogDensityGradient(ReadOnlySpan<T> theta, Span<T> gradient) => coordinator.Evaluate(theta, gradient, withValue: true, withGradient: true);

        public bool NextBatch() => true;
    }

    private sealed record Shard(IShardGrain Grain, ShardRequest Request);

    /// <summary>The shards of one fit and the step's sum over them.</summary>
    private sealed class Coordinator(int dimension, Shard[] shards)
    {
        private readonly Lock _counting = new();

        public int Dimension => dimension;

        public int Evaluations { get; private set; }

        public TimeSpan RoundTrips { get; private set; }

        public TimeSpan SlowestShards { get; private set; }

        public TimeSpan Summing { get; private set; }

        /// <summary>Binds every shard; the first that fails (in shard order) fails the fit, naming it.</summary>
        public async Task BindAll()
        {
            ShardBinding[] bound = await Task.WhenAll(shards.Select(s => s.Grain.Bind(s.Request))).ConfigureAwait(false);
            for (int s = 0; s < shards.Length; s++)
            {
                Check(shards[s], bound[s]);
            }
        }

        /// <summary>
        /// log p(θ) and/or its gradient: every shard's chunks at θ, then the priors (from shard 0) plus each shard's chunks
        /// in shard order, in <typeparamref name="T"/>: the single-machine sum, chunk for chunk.
        /// </summary>
        public T Evaluate(ReadOnlySpan<T> theta, Span<T> gradient, bool withValue, bool withGradient)
        {
            // Each evaluation has buffers of its own: NUTS' chains evaluate from several threads at once.
            long start = Stopwatch.GetTimestamp();
            var wideTheta = new double[theta.Length];
            for (int i = 0; i < theta.Length; i++)
            {
                wideTheta[i] = double.CreateTruncating(theta[i]);
            }

            Task<ShardPart>[] calls = new Task<ShardPart>[shards.Length];
            for (int s = 0; s < shards.Length; s++)
            {
                calls[s] = Call(shards[s], wideTheta, withValue, withGradient, priors: s == 0);
            }

            ShardPart[] parts = Task.WhenAll(calls).GetAwaiter().GetResult();
            long received = Stopwatch.GetTimestamp();

            T total = T.CreateTruncating(parts[0].PriorValue);
            if (withGradient)
            {
                Narrow(parts[0].PriorGradient, gradient);
            }

            TimeSpan slowest = TimeSpan.Zero;
            T[] narrow = [];
            foreach (ShardPart part in parts)
            {
                if (withValue)
                {
                    total = RowChunks.SumInOrder(total, Narrow(part.Values, ref narrow));
                }

                if (withGradient)
                {
                    RowChunks.AddInOrder<T>(Narrow(part.Gradients, ref narrow), gradient);
                }

                slowest = part.Compute > slowest ? part.Compute : slowest;
            }

            lock (_counting)
            {
                Evaluations++;
                RoundTrips += Stopwatch.GetElapsedTime(start, received);
                SlowestShards += slowest;
                Summing += Stopwatch.GetElapsedTime(received);
            }

            return total;
        }

        /// <summary>One shard's part; a shard that lost its rows (its silo died) is bound again and asked once more.</summary>
        private static async Task<ShardPart> Call(Shard shard, double[] theta, bool value, bool gradient, bool priors)
        {
            try
            {
                return await shard.Grain.Evaluate(theta, value, gradient, priors).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                Check(shard, await shard.Grain.Bind(shard.Request).ConfigureAwait(false));
                return await shard.Grain.Evaluate(theta, value, gradient, priors).ConfigureAwait(false);
            }
        }

        private static void Check(Shard shard, ShardBinding binding)
        {
            ShardRows rows = shard.Request.Rows;
            if (binding.Error is { } error)
            {
                throw binding.ErrorType == typeof(ModelDataException).FullName
                    ? new ModelDataException(error, binding.Element ?? string.Empty, binding.Row, binding.Column)
                    : new InvalidOperationException(error);
            }

            if (binding.Rows != rows.Count)
            {
                throw new InvalidOperationException($"The data source bound {binding.Rows} rows for {rows}, which holds {rows.Count}: it must bind exactly rows [{rows.Start}, {rows.End}).");
            }
        }

        private static ReadOnlySpan<T> Narrow(double[] wide, ref T[] buffer)
        {
            if (buffer.Length < wide.Length)
            {
                buffer = new T[wide.Length];
            }

            Span<T> narrow = buffer.AsSpan(0, wide.Length);
            Narrow(wide, narrow);
            return narrow;
        }

        private static void Narrow(double[] wide, Span<T> narrow)
        {
            for (int i = 0; i < wide.Length; i++)
            {
                narrow[i] = T.CreateTruncating(wide[i]);
            }
        }
    }
}

/// <summary>A sharded NUTS run (<see cref="ShardedFit{TModel, T}.SampleAsync"/>): the run, and the evaluations' costs as in <see cref="ShardedFitResult{T}"/>.</summary>
/// <param name="Fit">The NUTS run, as <c>model.Nuts(options)</c> on all the rows gives it.</param>
/// <param name="Shards">The number of shards.</param>
/// <param name="Evaluations">Log density and gradient evaluations (each a round trip to every shard), over all chains.</param>
/// <param name="RoundTrips">Their total time from the calls to the last shard's answer (chains overlapping).</param>
/// <param name="SlowestShards">Per evaluation, the slowest shard's own work, summed.</param>
/// <param name="Summing">The coordinator's sums, in total.</param>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed record ShardedSampleResult<T>(NutsFit<T> Fit, int Shards, int Evaluations, TimeSpan RoundTrips, TimeSpan SlowestShards, TimeSpan Summing)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// A sharded fit's result: the fit (<see cref="Fit"/>, as <c>model.Fit</c> returns it) and where the coordinator's time
/// went: <see cref="Evaluations"/> density calls, each a round trip to every shard (<see cref="RoundTrips"/> in all, from
/// sending θ to holding every part), of which the slowest shard's own computation each time (<see cref="SlowestShards"/>),
/// and the coordinator's sums (<see cref="Summing"/>). RoundTrips − SlowestShards is what the cluster adds to the steps.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed record ShardedFitResult<T>(AdviFit<T> Fit, int Shards, int Evaluations, TimeSpan RoundTrips, TimeSpan SlowestShards, TimeSpan Summing)
    where T : unmanaged, IFloatingPointIeee754<T>;
