namespace ModelGen.Optimizers;

/// <summary>
/// Gradient ascent with optional heavy-ball momentum: <c>u ← μ·u + η·g</c>, <c>x ← x + u</c>.
/// With <see cref="Momentum"/> = 0 this is plain <c>x ← x + η·g</c>.
/// </summary>
/// <param name="LearningRate">The step size η; finite and greater than 0.</param>
/// <param name="Momentum">The velocity decay μ; in [0, 1).</param>
public sealed record Sgd(double LearningRate = 0.01, double Momentum = 0.0) : Optimizer
{
    /// <inheritdoc/>
    public override OptimizerState<T> CreateState<T>(int length)
    {
        Validate();
        return new SgdState<T>(this, length);
    }

    /// <inheritdoc/>
    public override Optimizer WithScaledLearningRate(double factor) => this with { LearningRate = LearningRate * factor };

    /// <inheritdoc/>
    public override void Validate()
    {
        RequirePositiveFinite(LearningRate, nameof(LearningRate));
        RequireDecayRate(Momentum, nameof(Momentum));
    }
}
