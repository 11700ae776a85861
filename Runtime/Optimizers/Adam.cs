namespace ModelGen.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", 2015, Algorithm 1) with bias
/// correction, as an ascent: with g the gradient and t the step number,
/// <c>m ← β1·m + (1 − β1)·g</c>, <c>v ← β2·v + (1 − β2)·g²</c>,
/// <c>x ← x + α·m̂ / (√v̂ + ε)</c> where <c>m̂ = m / (1 − β1^t)</c> and <c>v̂ = v / (1 − β2^t)</c>.
/// </summary>
/// <remarks>The first step moves every coordinate with a non-negligible gradient by almost exactly α.</remarks>
/// <param name="LearningRate">The step size α; finite and greater than 0.</param>
/// <param name="Beta1">The decay rate of the first-moment average; in [0, 1).</param>
/// <param name="Beta2">The decay rate of the second-moment average; in [0, 1).</param>
/// <param name="Epsilon">Added to √v̂ so that a zero gradient gives a zero step; finite and greater than 0.</param>
public sealed record Adam(double LearningRate = 0.01, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8) : Optimizer
{
    /// <inheritdoc/>
    public override OptimizerState<T> CreateState<T>(int length)
    {
        Validate();
        return new AdamState<T>(this, length);
    }

    /// <inheritdoc/>
    public override Optimizer WithScaledLearningRate(double factor) => this with { LearningRate = LearningRate * factor };

    /// <inheritdoc/>
    public override void Validate()
    {
        RequirePositiveFinite(LearningRate, nameof(LearningRate));
        RequireDecayRate(Beta1, nameof(Beta1));
        RequireDecayRate(Beta2, nameof(Beta2));
        RequirePositiveFinite(Epsilon, nameof(Epsilon));
    }
}
