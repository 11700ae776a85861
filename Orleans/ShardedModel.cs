using System.Diagnostics;
using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using ModelGen.Inference;
using ModelGen.Simd;

namespace ModelGen.Orleans;

/// <summary>
/// Rows [<see cref="Start"/>, <see cref="End"/>) of a sharded fit's data set, held by shard <see cref="Index"/>. The
/// data source of a sharded model binds exactly these rows (<c>AddShardedModel</c>).
/// </summary>
/// <param name="Index">The shard's place in the fit, from 0: shards are added in this order.</param>
/// <param name="Start">The data set's first row the shard holds: a multiple of <see cref="RowChunks.ChunkRows"/>.</param>
/// <param name="End">One past its last row.</param>
[GenerateSerializer]
[Alias("ModelGen.Orleans.ShardRows")]
public sealed record ShardRows(
    [property: Id(0)] int Index,
    [property: Id(1)] int Start,
    [property: Id(2)] int End)
{
    /// <summary>Rows the shard holds.</summary>
    public int Count => End - Start;

    /// <summary>"shard 2 (rows 8192–12287)".</summary>
    public override string ToString() => $"shard {Index} (rows {Start}–{End - 1})";
}

/// <summary>How a sharded fit's rows are cut into shards: on the single-machine chunk boundaries, so the sum is the same bits.</summary>
public static class ShardLayout
{
    /// <summary>
    /// <paramref name="rows"/> rows in <paramref name="shards"/> shards of whole chunks (<see cref="RowChunks.ChunkRows"/>
    /// rows; the last shard ends at the last row), as even as chunks allow, the first shards taking one chunk more.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one shard, or more shards than chunks.</exception>
    public static ShardRows[] Even(int rows, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        int chunks = RowChunks.Count(rows);
        if (shards > chunks)
        {
            throw new ArgumentOutOfRangeException(nameof(shards), shards, $"{rows} rows make {chunks} chunks of {RowChunks.ChunkRows}; a shard holds whole chunks, so at most {chunks} shards.");
        }

        var layout = new ShardRows[shards];
        int chunk = 0;
        for (int s = 0; s < shards; s++)
        {
            int take = (chunks / shards) + (s < chunks % shards ? 1 : 0);
            layout[s] = new ShardRows(s, chunk * RowChunks.ChunkRows, Math.Min((chunk + take) * RowChunks.ChunkRows, rows));
            chunk += take;
        }

        return layout;
    }

    /// <summary>
    /// Checks a layout: shards numbered 0, 1, … in order, each starting where the last ended (the first at row 0), each
    /// but the last a whole number of chunks, none empty.
    /// </summary>
    /// <exception cref="ArgumentException">The layout breaks one of these, named.</exception>
    public static void Check(IReadOnlyList<ShardRows> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            throw new ArgumentException("A sharded fit needs at least one shard.", nameof(shards));
        }

        int next = 0;
        for (int s = 0; s < shards.Count; s++)
        {
            ShardRows shard = shards[s];
            string why = shard.Index != s ? $"is numbered {shard.Index} at place {s}: number shards 0, 1, … in row order"
                : shard.Start != next ? $"starts at row {shard.Start}, not at row {next} where the one before it ended"
                : shard.Count < 1 ? "holds no rows"
                : s < shards.Count - 1 && shard.Count % RowChunks.ChunkRows != 0 ? $"holds {shard.Count} rows, not a whole number of chunks of {RowChunks.ChunkRows} (only the last shard may end mid-chunk): its sum would not be the single-machine one"
                : string.Empty;
            if (why.Length > 0)
            {
                throw new ArgumentException($"The shard layout's {shard} {why}.", nameof(shards));
            }

            next = shard.End;
        }
    }
}

/// <summary>A model type the silos can hold shards of, whatever its element type: what the shard grain needs of a <see cref="ShardedModel{TModel, T}"/>.</summary>
public interface IShardedModel
{
    /// <summary>The name sharded fits of this model are run under: the model type's full name (<see cref="FleetModel.NameOf{TModel}"/>).</summary>
    string Name { get; }

    /// <summary>Binds <paramref name="rows"/> of <paramref name="dataSet"/> through the data source, at <paramref name="width"/>; the generated constructor's checks throw <c>ModelDataException</c>.</summary>
    IBoundShard Bind(string dataSet, ShardRows rows, SimdWidth width);

    /// <summary>
    /// Runs chain <see cref="ChainRequest.Chain"/> of a sharded NUTS run (data set <see cref="ChainRequest.Key"/>) alone (<c>NutsOptions.FirstChain</c>), its
    /// evaluations summed from the shards through <paramref name="grains"/>; a run that throws gives a part naming why.
    /// </summary>
    Task<NutsChainPart> SampleChain(IGrainFactory grains, ChainRequest request);
}

/// <summary>A shard's rows, bound once on its silo: what each step of a sharded fit asks of it.</summary>
public interface IBoundShard
{
    /// <summary>Rows bound.</summary>
    int Rows { get; }

    /// <summary>Chunks of them.</summary>
    int Chunks { get; }

    /// <summary>Each chunk's likelihood value and/or gradient at θ (and the priors when asked), widened to double (exact).</summary>
    ShardPart Evaluate(double[] theta, bool value, bool gradient, bool priors);

    /// <summary>Input columns of the rows the shard keeps for minibatches; -1 when it keeps none (registered with the model alone).</summary>
    int Features { get; }

    /// <summary>The shard's rows <paramref name="rows"/> (numbered from its first), in that order, widened to double (exact): what a minibatch takes from it.</summary>
    /// <exception cref="InvalidOperationException">The shard keeps no rows (registered with the model alone).</exception>
    /// <exception cref="ArgumentException">A row is not the shard's.</exception>
    ShardRowValues Gather(int[] rows);
}

/// <summary>
/// Rows of a shard, as a minibatch takes them: <see cref="Inputs"/> row by row (each row's features in turn) and
/// <see cref="Observed"/>, in the order asked; in double whatever the model's type (a float widens exactly).
/// </summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.ShardRowValues")]
public sealed record ShardRowValues(
    [property: Id(0)] double[] Inputs,
    [property: Id(1)] double[] Observed);

/// <summary>
/// What a shard returns for one θ: each of its chunks' log-likelihood (<see cref="Values"/>) and gradient
/// (<see cref="Gradients"/>, one after another), and, from the shard asked for them, the priors' value and gradient. In
/// double whatever the model's type (a float widens exactly); the coordinator sums them in the model's type.
/// </summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.ShardPart")]
public sealed record ShardPart(
    [property: Id(0)] double[] Values,
    [property: Id(1)] double[] Gradients,
    [property: Id(2)] double PriorValue,
    [property: Id(3)] double[] PriorGradient,
    [property: Id(4)] TimeSpan Compute);

/// <summary>
/// How the silos bind a shard of a generated model type: a callback constructs the model on a shard's rows (the
/// generated constructor checks them), or reads the rows and binds the model to them, keeping them for minibatches. The model must implement <see cref="IRowChunkedDensity{T}"/>, which the
/// generator gives the models whose chunks carry the density (see docs/orleans.md).
/// </summary>
/// <typeparam name="TModel">The generated model type.</typeparam>
/// <typeparam name="T">Its element type (float or double).</typeparam>
public sealed class ShardedModel<TModel, T> : IShardedModel
    where TModel : IRowChunkedDensity<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Func<string, ShardRows, (TModel Model, T[,]? X, T[]? Y)> _bind;

    /// <summary>Shards bound by <paramref name="rows"/>: full-batch fits only (the shard keeps no rows for minibatches).</summary>
    /// <param name="rows">A data set's shard, bound: e.g. <c>(set, r) =&gt; new Network(X(set, r.Start, r.End), Y(set, r.Start, r.End))</c>.</param>
    public ShardedModel(Func<string, ShardRows, TModel> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _bind = (dataSet, shard) => (rows(dataSet, shard), null, null);
    }

    /// <summary>
    /// Shards whose rows <paramref name="rows"/> reads (inputs, observations) and <paramref name="bind"/> binds: the shard
    /// keeps the rows, so minibatch fits can take theirs from it (<see cref="ShardedFit{TModel, T}.FitBatchesAsync"/>), as well as full-batch fits.
    /// </summary>
    /// <param name="rows">A data set's shard's rows: inputs row by row and observations, exactly rows [Start, End).</param>
    /// <param name="bind">The model bound to them: <c>(x, y) =&gt; new M(x, y)</c>.</param>
    public ShardedModel(Func<string, ShardRows, (T[,] X, T[] Y)> rows, Func<T[,], T[], TModel> bind)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(bind);
        _bind = (dataSet, shard) =>
        {
            (T[,] x, T[] y) = rows(dataSet, shard);
            return (bind(x, y), x, y);
        };
    }

    /// <inheritdoc/>
    public string Name => FleetModel.NameOf<TModel>();

    /// <inheritdoc/>
    public async Task<NutsChainPart> SampleChain(IGrainFactory grains, ChainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            // Any instance gives the layout and the constraint map: a generated model has a constructor without rows.
            var fit = new ShardedFit<TModel, T>(grains, Activator.CreateInstance<TModel>()) { SimdWidth = request.Width };
            ShardedSampleResult<T> run = await fit.SampleAsync(request.Key, request.Layout ?? [], request.Options.ToNutsOptions() with { Chains = 1, FirstChain = request.Chain }).ConfigureAwait(false);
            return NutsChainPart.Of(run.Fit);
        }
        catch (Exception e)
        {
            return new NutsChainPart { Error = $"Chain {request.Chain}: {e.Message}", ErrorType = e.GetType().FullName };
        }
    }

    /// <inheritdoc/>
    public IBoundShard Bind(string dataSet, ShardRows rows, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(rows);
        (TModel model, T[,]? x, T[]? y) = _bind(dataSet, rows);
        model.SimdWidth = width;
        return new Bound(model, x, y);
    }

    private sealed class Bound(TModel model, T[,]? x, T[]? y) : IBoundShard
    {
        private readonly T[] _theta = new T[model.Info.Dimension];
        private readonly T[] _values = new T[model.RowChunkCount];
        private readonly T[] _gradients = new T[model.RowChunkCount * model.Info.Dimension];
        private readonly T[] _prior = new T[model.Info.Dimension];

        public int Rows => model.BoundRows;

        public int Chunks => model.RowChunkCount;

        public ShardPart Evaluate(double[] theta, bool value, bool gradient, bool priors)
        {
            ArgumentNullException.ThrowIfNull(theta);
            long start = Stopwatch.GetTimestamp();
            if (theta.Length != _theta.Length)
            {
                throw new ArgumentException($"Model '{model.Info.Name}' has {_theta.Length} parameters; θ has {theta.Length}.", nameof(theta));
            }

            for (int i = 0; i < theta.Length; i++)
            {
                _theta[i] = T.CreateTruncating(theta[i]);
            }

            model.LikelihoodChunks(_theta, value ? _values : default, gradient ? _gradients : default);
            T prior = priors ? model.PriorTerms(_theta, gradient ? _prior : default) : T.Zero;
            return new ShardPart(
                value ? Widen(_values) : [],
                gradient ? Widen(_gradients) : [],
                double.CreateTruncating(prior),
                priors && gradient ? Widen(_prior) : [],
                Stopwatch.GetElapsedTime(start));
        }

        public int Features => x?.GetLength(1) ?? -1;

        public ShardRowValues Gather(int[] rows)
        {
            ArgumentNullException.ThrowIfNull(rows);
            if (x is null || y is null)
            {
                throw new InvalidOperationException($"The shards of model '{model.Info.Name}' keep no rows for minibatches: register it with AddShardedModel(rows, bind) on every silo.");
            }

            int features = x.GetLength(1);
            var inputs = new double[rows.Length * features];
            var observed = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                int r = rows[i];
                if ((uint)r >= (uint)y.Length)
                {
                    throw new ArgumentException($"Row {r} is not one of the shard's {y.Length} rows.", nameof(rows));
                }

                for (int f = 0; f < features; f++)
                {
                    inputs[(i * features) + f] = double.CreateTruncating(x[r, f]);
                }

                observed[i] = double.CreateTruncating(y[r]);
            }

            return new ShardRowValues(inputs, observed);
        }

        private static double[] Widen(T[] values)
        {
            var wide = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                wide[i] = double.CreateTruncating(values[i]);
            }

            return wide;
        }
    }
}

/// <summary>Registers sharded models on a silo.</summary>
public static class ShardedSiloBuilderExtensions
{
    /// <summary>
    /// Lets this silo hold shards of <typeparamref name="TModel"/>: <paramref name="rows"/> binds a shard's rows (the data
    /// source: a callback from the data set's name and the <see cref="ShardRows"/> to the bound model, reading e.g. a file
    /// or a table per shard). Register
    /// the same on every silo. Shards keep their rows in memory for the fit; they need no grain storage.
    /// </summary>
    /// <typeparam name="TModel">The generated model type; it must implement <see cref="IRowChunkedDensity{T}"/>.</typeparam>
    /// <typeparam name="T">Its element type.</typeparam>
    /// <param name="builder">The silo.</param>
    /// <param name="rows">A data set's shard, bound: rows [Start, End) of the data set exactly.</param>
    public static ISiloBuilder AddShardedModel<TModel, T>(this ISiloBuilder builder, Func<string, ShardRows, TModel> rows)
        where TModel : IRowChunkedDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IShardedModel>(new ShardedModel<TModel, T>(rows));
        ChainPlacementRegistration.Add(builder.Services);
        return builder;
    }

    /// <summary>
    /// Lets this silo hold shards of <typeparamref name="TModel"/> that keep their rows, for full-batch fits and for
    /// minibatch fits (<see cref="ShardedFit{TModel, T}.FitBatchesAsync"/>): <paramref name="rows"/> reads a shard's rows
    /// [Start, End) of the data set (inputs row by row, observations), <paramref name="bind"/> binds the model to them
    /// (the generated constructor, which checks them: <c>(x, y) =&gt; new M(x, y)</c>). Register the same on every silo.
    /// </summary>
    /// <typeparam name="TModel">The generated model type; it must implement <see cref="IRowChunkedDensity{T}"/>.</typeparam>
    /// <typeparam name="T">Its element type.</typeparam>
    /// <param name="builder">The silo.</param>
    /// <param name="rows">A data set's shard's rows: exactly rows [Start, End).</param>
    /// <param name="bind">The model bound to them.</param>
    public static ISiloBuilder AddShardedModel<TModel, T>(this ISiloBuilder builder, Func<string, ShardRows, (T[,] X, T[] Y)> rows, Func<T[,], T[], TModel> bind)
        where TModel : IRowChunkedDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IShardedModel>(new ShardedModel<TModel, T>(rows, bind));
        ChainPlacementRegistration.Add(builder.Services);
        return builder;
    }
}
