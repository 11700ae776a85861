using System.Numerics;

namespace ModelGen.Optimizers;

/// <summary>
/// The options of a first-order optimizer. Optimizers here <em>maximise</em> an objective (ADVI ascends
/// the ELBO): each step moves the parameters along +gradient. An options record is immutable; the
/// per-run memory lives in the <see cref="OptimizerState{T}"/> that <see cref="CreateState{T}"/> allocates once.
/// </summary>
/// <remarks>
/// Records with primary constructors accept any values; <see cref="Validate"/> checks them, and
/// <see cref="CreateState{T}"/> always calls it first, so a bad option fails before any work is done.
/// </remarks>
public abstract record Optimizer
{
    /// <summary>The default optimizer: <see cref="Adam"/> with its default options.</summary>
    public static Optimizer Default => new Adam();

    /// <summary>Validates the options, then allocates the state for <paramref name="length"/> parameters.</summary>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <param name="length">The number of parameters stepped together; zero or more.</param>
    /// <returns>A fresh state with <see cref="OptimizerState{T}.Steps"/> equal to 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the exception names it), or <paramref name="length"/> is negative.</exception>
    public abstract OptimizerState<T> CreateState<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The same optimizer with its learning rate multiplied by <paramref name="factor"/>: how a fit retries after a divergence.</summary>
    public abstract Optimizer WithScaledLearningRate(double factor);

    /// <summary>Checks every option; call it to fail early, before <see cref="CreateState{T}"/> does.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <see cref="ArgumentException.ParamName"/> is the option's property name.</exception>
    public abstract void Validate();

    /// <summary>Throws unless <paramref name="value"/> is finite and greater than zero.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's property name, reported as the parameter name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is zero, negative, infinite or NaN.</exception>
    protected static void RequirePositiveFinite(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and greater than 0.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is in [0, 1), the range of a decay rate.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's property name, reported as the parameter name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside [0, 1) or NaN.</exception>
    protected static void RequireDecayRate(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is at least 1.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="name">The option's property name, reported as the parameter name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is less than 1.</exception>
    protected static void RequireAtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
    }
}
