using System.Numerics;
using ModelGen.Simd;

namespace ModelGen.Inference;

/// <summary>
/// A model's log density split the way a sharded fit needs it: the likelihood part of each fixed chunk of
/// <see cref="RowChunks.ChunkRows"/> bound rows, and the priors part alone. The generator implements it on models whose
/// chunks give both the value and the gradient: every model with layers whose likelihood's whole-data part is a count of
/// rows times a function of the parameters, a sum of data-only terms over the rows (the count likelihoods' log y!,
/// log C(n, y) and fixed-dispersion gamma terms, each chunk its own rows'; a learned dispersion's gamma terms, summed
/// by each chunk over its own rows), or nothing: transforms, standalone and hierarchical parameters and learned
/// likelihood arguments included.
/// </summary>
/// <remarks>
/// The model's own density of a large full batch (from <see cref="RowChunks.MinimumRows"/> rows) is computed by the same
/// code: <c>PriorTerms</c>, then each chunk's value and gradient added in chunk order (<see cref="RowChunks.SumInOrder{T}"/>,
/// <see cref="RowChunks.AddInOrder{T}"/>). A model bound to rows [s, e) of a data set, with s a multiple of
/// <see cref="RowChunks.ChunkRows"/>, has as its chunks the data set's chunks s / ChunkRows, …; so shards that each hold a
/// whole number of chunks (the last one any rest), evaluated at the same <see cref="SimdWidth"/> and added in global chunk
/// order after the priors, give the single-machine density bit for bit.
/// </remarks>
/// <typeparam name="T">The model's element type.</typeparam>
public interface IRowChunkedDensity<T> : IModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The register width the kernels run at; every shard of a fit must use the same one.</summary>
    SimdWidth SimdWidth { get; set; }

    /// <summary>Threads the chunks of one call may use (the result does not depend on it).</summary>
    int MaxThreads { get; set; }

    /// <summary>The rows bound.</summary>
    /// <exception cref="InvalidOperationException">The model has no rows bound.</exception>
    int BoundRows { get; }

    /// <summary>The chunks of the bound rows: ⌈rows / <see cref="RowChunks.ChunkRows"/>⌉.</summary>
    int RowChunkCount { get; }

    /// <summary>
    /// The likelihood part (no priors, no log-Jacobians) of each chunk of the bound rows at unconstrained
    /// <paramref name="theta"/>: chunk k's log-likelihood into <paramref name="values"/>[k] and its gradient into
    /// <paramref name="gradients"/>[k · n, (k + 1) · n), n the parameter count. Either buffer may be empty, to skip it.
    /// The gradient is with respect to θ: on a model with transforms each chunk's part is carried through them (the chain
    /// rule is linear); terms of the likelihood in the count of rows (a learned σ's −n·log σ) count the chunk's own rows.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is neither empty nor one value (one gradient) per chunk.</exception>
    void LikelihoodChunks(ReadOnlySpan<T> theta, Span<T> values, Span<T> gradients);

    /// <summary>
    /// The priors' log density (and any log-Jacobian) at <paramref name="theta"/>, its gradient written into
    /// <paramref name="gradient"/> (replacing what it held) unless that is empty: the part a sharded fit adds once.
    /// </summary>
    T PriorTerms(ReadOnlySpan<T> theta, Span<T> gradient);
}
