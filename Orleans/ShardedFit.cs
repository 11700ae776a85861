using System.Diagnostics;
using System.Numerics;
using ModelGen.Batches;
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
/// <typeparam name="TModel">The generated model type, registered on every silo with <c>AddShardedModel</c>.</typeparam>
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
    /// <param name="options">
    /// ADVI options, as for <c>model.Fit(options)</c>. With <see cref="AdviOptions.Checkpoint"/> the coordinator saves the
    /// fit's state in it every <see cref="CheckpointOptions.Every"/> steps, and a fit started again with the same store
    /// (after the coordinator stopped or died) resumes there and ends bit for bit as the uninterrupted fit; the checkpoint
    /// knows the data by <see cref="ShardedDataIdentity"/> (the data set's name and rows), not by a hash of the rows.
    /// </param>
    /// <param name="cancellationToken">Stops the fit within one step; the result keeps the state reached.</param>
    /// <returns>The fit, and where its time went.</returns>
    /// <exception cref="ModelDataException">A shard's rows do not fit the model.</exception>
    public async Task<ShardedFitResult<T>> FitAsync(string dataSet, IReadOnlyList<ShardRows> shards, AdviOptions? options = null, CancellationToken cancellationToken = default)
    {
        (AdviFit<T> fit, Coordinator coordinator) = await Run(dataSet, shards, c =>
        {
            var density = new ShardedDensity(c);
            return Advi.Fit<ShardedDensity, T>(ref density, _model, options, cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
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
    /// <param name="options">NUTS' options; with <see cref="NutsOptions.Checkpoint"/> the coordinator checkpoints the chains as <c>model.Nuts(options)</c> does, knowing the data by <see cref="ShardedDataIdentity"/>.</param>
    /// <param name="cancellationToken">Stops the chains within a transition.</param>
    public async Task<ShardedSampleResult<T>> SampleAsync(string dataSet, IReadOnlyList<ShardRows> shards, NutsOptions? options = null, CancellationToken cancellationToken = default)
    {
        (NutsFit<T> fit, Coordinator coordinator) = await Run(dataSet, shards, c =>
        {
            var density = new ShardedDensity(c);
            return Nuts.Sample<ShardedDensity, T>(ref density, _model, options, cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
        return new ShardedSampleResult<T>(fit, shards.Count, coordinator.Evaluations, coordinator.RoundTrips, coordinator.SlowestShards, coordinator.Summing);
    }

    /// <summary>
    /// Samples with NUTS as <see cref="SampleAsync"/> does, but each chain on a grain of its own (<see cref="IChainGrain"/>,
    /// chain c on silo c mod n), a coordinator per chain: the chains run on different silos at once, each evaluation of
    /// each a round trip to every shard, and merged in chain order they are <c>model.Nuts(options.ToNutsOptions())</c> on
    /// all the rows at <see cref="SimdWidth"/>, bit for bit.
    /// </summary>
    /// <param name="dataSet">The data set's name, which the silos' data source knows.</param>
    /// <param name="shards">The shards (<see cref="ShardLayout.Even"/>).</param>
    /// <param name="options">The run's options (<see cref="FleetFitOptions.ToNutsOptions"/>: chains, warm-up, draws, seed, …).</param>
    /// <param name="cancellationToken">Stops waiting (chains already running go on in their grains).</param>
    /// <returns>The run, and the silo each chain ran on.</returns>
    public Task<ChainedNutsResult<T>> SampleChainsAsync(string dataSet, IReadOnlyList<ShardRows> shards, FleetFitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataSet);
        ArgumentNullException.ThrowIfNull(options);
        ShardLayout.Check(shards);
        string name = FleetModel.NameOf<TModel>();
        ShardRows[] layout = [.. shards];
        string run = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{dataSet} in {layout.Length} shards");
        return ChainRuns.RunAll<T>(_model.Info, options, maxTries: 5, c => _grains.GetGrain<IChainGrain>(FitGrainKey.Of(name, run, ChainRuns.Name(c))).Sample(new ChainRequest(name, dataSet, options, c, layout, SimdWidth)), cancellationToken);
    }

    /// <summary>
    /// Fits by minibatch ADVI with the rows held by the shards (registered on the silos with
    /// <see cref="ShardedSiloBuilderExtensions.AddShardedModel{TModel, T}(ISiloBuilder, Func{string, ShardRows, ValueTuple{T[,], T[]}}, Func{T[,], T[], TModel})"/>,
    /// which keeps them): each step <paramref name="order"/> names the batch's rows in the data set's numbering (as
    /// <see cref="InMemoryBatches{T}"/> would over all the rows), each row is asked of the shard that holds it (one call
    /// per shard holding any, all at once), and the batch is put together in the order drawn; <paramref name="fit"/>, the
    /// model's generated <c>Fit(batches, options, cancellationToken)</c>, evaluates it with the likelihood scaled by the
    /// data set's rows over the batch's. So the fit is the single-machine <c>model.Fit(InMemoryBatches…, options)</c> with
    /// the same order, seed and batch size, bit for bit, for any number of shards: the batch's kernel runs over its rows in
    /// the order drawn, in the coordinator, as on one machine (a batch is small; a minibatch kernel's sum runs across the
    /// batch's rows in the order drawn, so parts summed on the shards would not be its bits).
    /// </summary>
    /// <param name="dataSet">The data set's name, which the silos' data source knows.</param>
    /// <param name="shards">The layout (<see cref="ShardLayout.Even"/>).</param>
    /// <param name="order">Which rows each batch takes: <see cref="BatchOrder.WithReplacement"/>, <see cref="BatchOrder.Epochs"/> or <see cref="BatchOrder.Sequential"/> over the data set's rows (the layout's last row + 1). It is consumed by the fit.</param>
    /// <param name="fit">The model's minibatch fit: <c>(batches, options, cancel) =&gt; model.Fit(batches, options, cancel)</c>, with any model of the type (rows are not needed).</param>
    /// <param name="options">ADVI options, as for the single-machine fit; <see cref="AdviOptions.Checkpoint"/> must be unset (a sharded minibatch fit does not checkpoint yet: its batches have no identity to resume on).</param>
    /// <param name="cancellationToken">Stops the fit within one step.</param>
    /// <returns>The fit; <see cref="ShardedFitResult{T}.Evaluations"/> counts the batches taken, <see cref="ShardedFitResult{T}.RoundTrips"/> their calls.</returns>
    /// <exception cref="ModelDataException">A shard's rows do not fit the model.</exception>
    public async Task<ShardedFitResult<T>> FitBatchesAsync(string dataSet, IReadOnlyList<ShardRows> shards, BatchOrder order, Func<IBatchSource<T>, AdviOptions?, CancellationToken, AdviFit<T>> fit, AdviOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(shards);
        int rows = shards.Count > 0 ? shards[^1].End : 0;
        if (order.Rows != rows)
        {
            throw new ArgumentException($"The batch order draws from {order.Rows} rows; the shards hold {rows}: make it over the data set's rows.", nameof(order));
        }

        if (options?.Checkpoint is not null)
        {
            throw new ArgumentException("A sharded minibatch fit does not checkpoint yet: leave AdviOptions.Checkpoint unset.", nameof(options));
        }

        (AdviFit<T> result, Coordinator coordinator) = await Run(dataSet, shards, c => fit(new ShardedBatches(c, order), options, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new ShardedFitResult<T>(result, shards.Count, coordinator.Evaluations, coordinator.RoundTrips, coordinator.SlowestShards, coordinator.Summing);
    }

    /// <summary>
    /// Checks the arguments, binds every
    /// shard, then runs <paramref name="method"/> (synchronous: it waits on each evaluation's calls) on a thread of its own
    /// over the shards (their density, or their rows).
    /// </summary>
    private async Task<(TResult Result, Coordinator Coordinator)> Run<TResult>(string dataSet, IReadOnlyList<ShardRows> shards, Func<Coordinator, TResult> method, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataSet);
        ShardLayout.Check(shards);
        string modelName = FleetModel.NameOf<TModel>();
        var coordinator = new Coordinator(_model.Info.Dimension, ShardedDataIdentity(dataSet, shards, SimdWidth), [.. shards.Select(s => new Shard(_grains.GetGrain<IShardGrain>(ShardGrainKey.Of(modelName, dataSet, s)), new ShardRequest(modelName, dataSet, s, SimdWidth)))]);
        await coordinator.BindAll().ConfigureAwait(false);
        TResult result = await Task.Factory.StartNew(() => method(coordinator), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
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

        /// <summary>The checkpoint's data: <see cref="ShardedDataIdentity"/>.</summary>
        public string? DataIdentity => coordinator.DataIdentity;
    }

    /// <summary>
    /// What a sharded fit's checkpoint knows its data by: the data set's name, the rows the shards hold and the register
    /// width ("sharded data set 'moons': rows [0, 20000) at Vector256"). The silos' data source, not the coordinator,
    /// reads the rows, so the name stands for them (as it does for the shard grains' keys); the layout is not part of it,
    /// since any layout on chunk boundaries gives the same bits, so a fit may resume in other shards.
    /// </summary>
    internal static string ShardedDataIdentity(string dataSet, IReadOnlyList<ShardRows> shards, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(shards);
        int rows = shards.Count > 0 ? shards[^1].End : 0;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"sharded data set '{dataSet}': rows [0, {rows}) at {width}");
    }

    /// <summary>
    /// The batches of a sharded minibatch fit: the rows <see cref="BatchOrder"/> names, each taken from the shard that
    /// holds it (one call per shard holding any, all at once) and put into the batch in the order drawn.
    /// </summary>
    private sealed class ShardedBatches : IBatchSource<T>
    {
        private readonly Coordinator _coordinator;
        private readonly BatchOrder _order;
        private readonly List<int>[] _rows;
        private readonly List<int>[] _places;

        public ShardedBatches(Coordinator coordinator, BatchOrder order)
        {
            (_coordinator, _order) = (coordinator, order);
            Features = coordinator.Features >= 0 ? coordinator.Features : throw new InvalidOperationException($"The shards of model '{coordinator.Model}' keep no rows for minibatches: register it on every silo with AddShardedModel(rows, bind), which keeps them.");
            _rows = [.. Enumerable.Range(0, coordinator.ShardCount).Select(_ => new List<int>(order.BatchSize))];
            _places = [.. Enumerable.Range(0, coordinator.ShardCount).Select(_ => new List<int>(order.BatchSize))];
        }

        public long TotalRows => _order.Rows;

        public int BatchSize => _order.BatchSize;

        public int Features { get; }

        public int Next(BatchBuffer<T> batch)
        {
            ArgumentNullException.ThrowIfNull(batch);
            ReadOnlySpan<int> drawn = _order.Next(out long firstRow);
            if (drawn.IsEmpty)
            {
                return 0;
            }

            foreach (List<int> list in _rows.Concat(_places))
            {
                list.Clear();
            }

            for (int place = 0; place < drawn.Length; place++)
            {
                (int shard, int row) = _coordinator.Locate(drawn[place]);
                _rows[shard].Add(row);
                _places[shard].Add(place);
            }

            ShardRowValues?[] parts = _coordinator.Gather(_rows);
            for (int s = 0; s < parts.Length; s++)
            {
                if (parts[s] is not { } part)
                {
                    continue;
                }

                List<int> places = _places[s];
                for (int i = 0; i < places.Count; i++)
                {
                    for (int f = 0; f < Features; f++)
                    {
                        batch.Column(f)[places[i]] = T.CreateTruncating(part.Inputs[(i * Features) + f]);
                    }

                    batch.Targets[places[i]] = T.CreateTruncating(part.Observed[i]);
                }
            }

            batch.FirstRow = firstRow;
            return drawn.Length;
        }
    }

    private sealed record Shard(IShardGrain Grain, ShardRequest Request);

    /// <summary>The shards of one fit and the step's sum over them.</summary>
    private sealed class Coordinator(int dimension, string dataIdentity, Shard[] shards)
    {
        private readonly Lock _counting = new();

        public int Dimension => dimension;

        /// <summary>The data a checkpoint of this fit resumes on (<see cref="ShardedDataIdentity"/>).</summary>
        public string DataIdentity => dataIdentity;

        public int Evaluations { get; private set; }

        public TimeSpan RoundTrips { get; private set; }

        public TimeSpan SlowestShards { get; private set; }

        public TimeSpan Summing { get; private set; }

        public int ShardCount => shards.Length;

        public string Model => shards[0].Request.Model;

        /// <summary>Input columns of the rows the shards keep for minibatches; -1 when they keep none.</summary>
        public int Features { get; private set; } = -1;

        /// <summary>Binds every shard; the first that fails (in shard order) fails the fit, naming it.</summary>
        public async Task BindAll()
        {
            ShardBinding[] bound = await Task.WhenAll(shards.Select(s => s.Grain.Bind(s.Request))).ConfigureAwait(false);
            for (int s = 0; s < shards.Length; s++)
            {
                Check(shards[s], bound[s]);
            }

            Features = bound[0].Features;
        }

        /// <summary>The shard holding row <paramref name="row"/> of the data set, and the row's place in it.</summary>
        public (int Shard, int Row) Locate(int row)
        {
            int lo = 0;
            int hi = shards.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) / 2;
                if (shards[mid].Request.Rows.Start <= row)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return (lo, row - shards[lo].Request.Rows.Start);
        }

        /// <summary>
        /// Rows <paramref name="rows"/>[s] of each shard s that is asked for any (null for the others), all shards at once;
        /// a shard that lost its rows is bound again and asked once more.
        /// </summary>
        public ShardRowValues?[] Gather(List<int>[] rows)
        {
            long start = Stopwatch.GetTimestamp();
            var calls = new Task<ShardRowValues>?[shards.Length];
            for (int s = 0; s < shards.Length; s++)
            {
                if (rows[s].Count > 0)
                {
                    int[] asked = [.. rows[s]];
                    calls[s] = Retry(shards[s], grain => grain.Rows(asked));
                }
            }

            var parts = new ShardRowValues?[shards.Length];
            for (int s = 0; s < shards.Length; s++)
            {
                parts[s] = calls[s]?.GetAwaiter().GetResult();
            }

            lock (_counting)
            {
                Evaluations++;
                RoundTrips += Stopwatch.GetElapsedTime(start);
            }

            return parts;
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

        /// <summary>One shard's part.</summary>
        private static Task<ShardPart> Call(Shard shard, double[] theta, bool value, bool gradient, bool priors) =>
            Retry(shard, grain => grain.Evaluate(theta, value, gradient, priors));

        /// <summary>A call to one shard; a shard that lost its rows (its silo died) is bound again and asked once more.</summary>
        private static async Task<TAnswer> Retry<TAnswer>(Shard shard, Func<IShardGrain, Task<TAnswer>> call)
        {
            try
            {
                return await call(shard.Grain).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                Check(shard, await shard.Grain.Bind(shard.Request).ConfigureAwait(false));
                return await call(shard.Grain).ConfigureAwait(false);
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
