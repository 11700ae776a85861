using System.Numerics;
using ModelGen.Data;

namespace ModelGen.Batches;

/// <summary>
/// Where minibatch ADVI gets its rows: each step the fit asks for the next batch, which the source
/// writes in place into buffers the model allocated once. The source must know the size of the
/// whole data set: the likelihood of a batch of b rows is scaled by <see cref="TotalRows"/> / b,
/// and a wrong or missing total is the commonest minibatch mistake, so there is no default.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public interface IBatchSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows in the whole data set (N in the N / b likelihood scale).</summary>
    long TotalRows { get; }

    /// <summary>The most rows one batch holds: the capacity of the buffers the model allocates.</summary>
    int BatchSize { get; }

    /// <summary>Input columns per row.</summary>
    int Features { get; }

    /// <summary>
    /// Writes the next batch into <paramref name="batch"/> (inputs feature-major, observations) and
    /// returns how many rows it wrote, 1 to <see cref="BatchSize"/>; 0 when the source is exhausted.
    /// Must not allocate on the in-memory paths. The model checks every row it is given (finite inputs,
    /// observations in the likelihood's support), so a source need not.
    /// </summary>
    int Next(BatchBuffer<T> batch);

    /// <summary>
    /// What names the rows this source serves, for checkpoints: a fit resumes a checkpoint only when the source's
    /// identity, <see cref="TotalRows"/> and <see cref="BatchSize"/> are those it was written with. A file's path and
    /// version, a table and its query, a hash of rows held in memory. Null (the default) when the source cannot say:
    /// a fit with a checkpoint then refuses to start rather than resume on data it cannot check.
    /// </summary>
    string? Identity => null;
}

/// <summary>The buffers a source fills: one feature-major column per input feature and the observations.</summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class BatchBuffer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates buffers for batches of up to <paramref name="capacity"/> rows.</summary>
    public BatchBuffer(int capacity, int features)
    {
        Inputs = FeatureMajor<T>.WithCapacity(capacity, features);
        Observed = ObservedColumn<T>.WithCapacity(capacity);
        Capacity = capacity;
    }

    /// <summary>The most rows a batch may have.</summary>
    public int Capacity { get; }

    /// <summary>Input columns.</summary>
    public int Features => Inputs.Features;

    /// <summary>The inputs, feature-major; <see cref="Column"/> gives one column to write.</summary>
    public FeatureMajor<T> Inputs { get; }

    /// <summary>The observations and their mask.</summary>
    public ObservedColumn<T> Observed { get; }

    /// <summary>Index of the batch's first row in the whole data set, when the source knows it (for messages); else -1.</summary>
    public long FirstRow { get; set; } = -1;

    /// <summary>Column <paramref name="feature"/> to write: row r of the batch at index r.</summary>
    public Span<T> Column(int feature) => Inputs.Column(feature);

    /// <summary>The observations to write: row r of the batch at index r.</summary>
    public Span<T> Targets => Observed.Values;
}
