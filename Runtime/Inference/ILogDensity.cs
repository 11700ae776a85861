using System.Numerics;

namespace ModelGen.Inference;

/// <summary>
/// A log density over a flat vector of unconstrained parameters, with its gradient: what every
/// inference algorithm needs from a model. The generator implements it, per model, as a struct that
/// wraps the bound model, so the runtime's drivers (<see cref="Advi"/>) are compiled once per model
/// with direct, inlinable calls.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public interface ILogDensity<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Length of the unconstrained parameter vector.</summary>
    int Dimension { get; }

    /// <summary>log p(θ, y) including every normalising constant and the log-Jacobian of the constraint transforms.</summary>
    T LogDensity(ReadOnlySpan<T> theta);

    /// <summary>Writes ∇θ log p(θ, y) into <paramref name="gradient"/> without computing the value: the fit's hot path.</summary>
    void Gradient(ReadOnlySpan<T> theta, Span<T> gradient);

    /// <summary>Writes the gradient and returns the value, in one pass.</summary>
    T LogDensityGradient(ReadOnlySpan<T> theta, Span<T> gradient);

    /// <summary>
    /// Moves to the next minibatch before a step; the density and gradient then cover that batch, with the
    /// likelihood scaled by total rows / batch rows. A full-batch density does nothing and returns true.
    /// </summary>
    /// <returns>False when the data source is exhausted.</returns>
    bool NextBatch();

    /// <summary>
    /// Whether the density covers the whole data set (no minibatches), so its value at a draw is exact and
    /// diagnostics such as PSIS's k̂ mean something. Default true.
    /// </summary>
    bool IsFullBatch => true;

    /// <summary>
    /// What identifies the data the density covers (<see cref="Data.DataFingerprint"/>), so that a checkpoint is resumed
    /// only by a fit on the data it was written from. Asked only when a fit checkpoints. Null (the default) when the
    /// density cannot say: a fit with <see cref="AdviOptions.Checkpoint"/> then refuses to start.
    /// </summary>
    string? DataIdentity => null;
}

/// <summary>What a fitted model offers beyond its density: its layout and the map to constrained values.</summary>
/// <typeparam name="T">The model's element type.</typeparam>
public interface IModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The model's parameter layout.</summary>
    ModelInfo Info { get; }

    /// <summary>
    /// Length of the unconstrained vector θ <see cref="Constrain"/> maps from; the draws hold <see cref="ModelInfo.Dimension"/>
    /// constrained values, which is more where a constraint removes degrees of freedom (a simplex of K from K − 1, a
    /// Cholesky factor of a correlation matrix from K(K − 1)/2: docs/terms.md). Default: the same number.
    /// </summary>
    int UnconstrainedDimension => Info.Dimension;

    /// <summary>Maps an unconstrained vector to the constrained parameter values stored in draws.</summary>
    void Constrain(ReadOnlySpan<T> unconstrained, Span<T> constrained);
}
