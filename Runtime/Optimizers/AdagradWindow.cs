namespace ModelGen.Optimizers;

/// <summary>
/// Adagrad over a sliding window of squared gradients: PyMC's default ADVI optimizer
/// (<c>adagrad_window</c> in <c>pymc/variational/updates.py</c>). It keeps the last
/// <see cref="Window"/> squared gradients per coordinate and steps by
/// <c>x ← x + η·g / √(Σ_{last n_win steps} g² + ε)</c>, the current g² included.
/// </summary>
/// <remarks>
/// <para>This matches PyMC exactly: its window buffer starts at zero (so the first steps sum fewer than
/// <see cref="Window"/> squares), the current squared gradient overwrites the oldest slot before the sum,
/// and ε sits inside the square root. PyMC descends a loss, <c>x ← x − η·∇loss / √(…)</c>; ascending the
/// ELBO = −loss gives the same iterates, since the squares do not depend on the sign.</para>
/// <para>The defaults are PyMC's: <c>learning_rate=0.001</c>, <c>epsilon=0.1</c>, <c>n_win=10</c>.</para>
/// </remarks>
/// <param name="LearningRate">The step size η; finite and greater than 0.</param>
/// <param name="Epsilon">Added to the windowed sum inside the square root; finite and greater than 0.</param>
/// <param name="Window">The number of past squared gradients summed (PyMC's <c>n_win</c>); at least 1.</param>
public sealed record AdagradWindow(double LearningRate = 0.001, double Epsilon = 0.1, int Window = 10) : Optimizer
{
    /// <inheritdoc/>
    public override OptimizerState<T> CreateState<T>(int length)
    {
        Validate();
        return new AdagradWindowState<T>(this, length);
    }

    /// <inheritdoc/>
    public override Optimizer WithScaledLearningRate(double factor) => this with { LearningRate = LearningRate * factor };

    /// <inheritdoc/>
    public override void Validate()
    {
        RequirePositiveFinite(LearningRate, nameof(LearningRate));
        RequirePositiveFinite(Epsilon, nameof(Epsilon));
        RequireAtLeastOne(Window, nameof(Window));
    }
}
