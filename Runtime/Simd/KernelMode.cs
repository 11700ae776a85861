namespace ModelGen.Simd;

/// <summary>
/// What a generated density kernel computes. Kernels take the mode as a struct type argument, so
/// the JIT removes the branches of the parts not asked for: the ADVI hot loop runs the gradient
/// alone, the ELBO estimate the value alone.
/// </summary>
public interface IKernelMode
{
    /// <summary>Whether the kernel accumulates the log density.</summary>
    static abstract bool Value { get; }

    /// <summary>Whether the kernel runs the reverse pass and writes the gradient.</summary>
    static abstract bool Gradient { get; }
}

/// <summary>Gradient only: the hot path of the fit.</summary>
public readonly struct GradientOnly : IKernelMode
{
    /// <inheritdoc/>
    public static bool Value => false;

    /// <inheritdoc/>
    public static bool Gradient => true;
}

/// <summary>Value only: ELBO estimates and density checks.</summary>
public readonly struct ValueOnly : IKernelMode
{
    /// <inheritdoc/>
    public static bool Value => true;

    /// <inheritdoc/>
    public static bool Gradient => false;
}

/// <summary>Value and gradient in one pass.</summary>
public readonly struct ValueAndGradient : IKernelMode
{
    /// <inheritdoc/>
    public static bool Value => true;

    /// <inheritdoc/>
    public static bool Gradient => true;
}
