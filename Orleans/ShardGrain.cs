using ModelGen.Data;
using ModelGen.Simd;

namespace ModelGen.Orleans;

/// <summary>
/// One shard of a sharded fit: binds its rows once (<see cref="Bind"/>), then answers each step's θ with its chunks'
/// partial log-likelihoods and gradients (<see cref="Evaluate"/>). Keyed by <see cref="ShardGrainKey"/> (model, data set, shard).
/// </summary>
[Alias("ModelGen.Orleans.IShardGrain")]
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>Binds the shard's rows through the silo's data source, at the fit's register width; says how many it bound, or why it could not.</summary>
    [Alias("Bind")]
    Task<ShardBinding> Bind(ShardRequest request);

    /// <summary>
    /// The shard's chunks at θ: their log-likelihoods when <paramref name="value"/>, their gradients when
    /// <paramref name="gradient"/>, and the priors' part when <paramref name="priors"/> (asked of one shard per step).
    /// </summary>
    /// <exception cref="InvalidOperationException">The shard holds no rows (never bound, or reactivated after its silo died): bind it again.</exception>
    [Alias("Evaluate")]
    Task<ShardPart> Evaluate(double[] theta, bool value, bool gradient, bool priors);

    /// <summary>The shard's rows <paramref name="rows"/> (numbered from its first), in that order: a minibatch's share of them.</summary>
    /// <exception cref="InvalidOperationException">The shard holds no rows (bind it again), or keeps none for minibatches.</exception>
    [Alias("Rows")]
    Task<ShardRowValues> Rows(int[] rows);
}

/// <summary>What a shard grain binds: rows <see cref="Rows"/> of data set <see cref="DataSet"/> for model <see cref="Model"/>, at <see cref="Width"/>.</summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.ShardRequest")]
public sealed record ShardRequest(
    [property: Id(0)] string Model,
    [property: Id(1)] string DataSet,
    [property: Id(2)] ShardRows Rows,
    [property: Id(3)] SimdWidth Width);

/// <summary>
/// A shard's bind: the rows and chunks it holds, or why it could not bind them (<see cref="Error"/>, and for a
/// <see cref="ModelDataException"/> its element, row and column in the data set's numbering).
/// </summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.ShardBinding")]
public sealed record ShardBinding(
    [property: Id(0)] int Rows,
    [property: Id(1)] int Chunks,
    [property: Id(2)] string? Error = null,
    [property: Id(3)] string? ErrorType = null,
    [property: Id(4)] string? Element = null,
    [property: Id(5)] int Row = -1,
    [property: Id(6)] int Column = -1,
    [property: Id(7)] int Features = -1);

/// <summary>The grain key of a shard: the model's name, the data set's name and the shard's rows, so one grain per bound range.</summary>
public static class ShardGrainKey
{
    /// <summary>The key, "model␟data set␟start-end", the parts joined by U+001F as a fit grain's (<see cref="FitGrainKey.Of"/>).</summary>
    public static string Of(string model, string dataSet, ShardRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return FitGrainKey.Of(model, dataSet, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rows.Start}-{rows.End}"));
    }
}

/// <summary>
/// Holds one shard's rows in memory, bound once; each <see cref="Evaluate"/> runs the model's chunks over them in the
/// grain's turn. Nothing is persisted: a shard whose silo died comes back empty on its next call, and the coordinator
/// binds it again from the data source.
/// </summary>
internal sealed class ShardGrain(IEnumerable<IShardedModel> models) : Grain, IShardGrain
{
    private IBoundShard? _shard;
    private ShardRequest? _request;

    public Task<ShardBinding> Bind(ShardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_shard is not null && request == _request)
        {
            return Task.FromResult(new ShardBinding(_shard.Rows, _shard.Chunks, Features: _shard.Features));
        }

        (_shard, _request) = (null, null);
        IShardedModel? model = models.FirstOrDefault(m => m.Name == request.Model);
        if (model is null)
        {
            return Task.FromResult(new ShardBinding(0, 0, $"This silo has no sharded model '{request.Model}': register it with AddShardedModel on every silo.", typeof(InvalidOperationException).FullName));
        }

        ShardRows rows = request.Rows;
        try
        {
            IBoundShard shard = model.Bind(request.DataSet, rows, request.Width);
            (_shard, _request) = (shard, request);
            return Task.FromResult(new ShardBinding(shard.Rows, shard.Chunks, Features: shard.Features));
        }
        catch (ModelDataException e)
        {
            // The constructor numbers rows from the shard's first; the fit's user numbers them in the whole data set.
            int row = e.Row >= 0 ? rows.Start + e.Row : -1;
            string where = row >= 0 ? $"row {row} of the data set (row {e.Row} of the shard)" : "its rows";
            return Task.FromResult(new ShardBinding(0, 0, $"The {rows}: {where}: {e.Message}", e.GetType().FullName, e.Element, row, e.Column));
        }
        catch (Exception e)
        {
            return Task.FromResult(new ShardBinding(0, 0, $"The {rows} could not be bound: {e.Message}", e.GetType().FullName));
        }
    }

    public Task<ShardPart> Evaluate(double[] theta, bool value, bool gradient, bool priors) =>
        Task.FromResult(Bound.Evaluate(theta, value, gradient, priors));

    public Task<ShardRowValues> Rows(int[] rows) => Task.FromResult(Bound.Gather(rows));

    private IBoundShard Bound => _shard ?? throw new InvalidOperationException($"Shard grain '{this.GetPrimaryKeyString()}' holds no rows (never bound, or its silo restarted): bind it again.");
}
