using System.Numerics;

namespace ModelGen.Optimizers;

/// <summary>
/// The memory of one optimizer run over a fixed number of parameters: plain arrays allocated once, so
/// <see cref="Step"/> never allocates and the whole state can be checkpointed as doubles.
/// </summary>
/// <typeparam name="T">The parameter type.</typeparam>
/// <remarks>
/// The checkpoint layout is <c>[Steps, arrays...]</c>, <see cref="StateLength"/> doubles in all. Converting
/// <see cref="float"/> to <see cref="double"/> and back is exact, so a reloaded state continues identically.
/// </remarks>
public abstract class OptimizerState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Step counts are stored as doubles, which hold every integer up to 2^53 exactly.
    private const double MaxStoredSteps = 9007199254740992.0;

    /// <summary>Creates a state for <paramref name="length"/> parameters.</summary>
    /// <param name="length">The number of parameters; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    protected OptimizerState(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
    }

    /// <summary>The number of parameters each <see cref="Step"/> updates.</summary>
    public int Length { get; }

    /// <summary>The number of steps taken since creation or the last <see cref="Reset"/>.</summary>
    public long Steps { get; protected set; }

    /// <summary>The number of doubles <see cref="SaveState"/> writes and <see cref="LoadState"/> reads.</summary>
    public abstract int StateLength { get; }

    /// <summary>Takes one ascent step: moves <paramref name="parameters"/> along +<paramref name="gradient"/>.</summary>
    /// <param name="parameters">The parameters, updated in place; <see cref="Length"/> elements.</param>
    /// <param name="gradient">The gradient of the objective at <paramref name="parameters"/>; <see cref="Length"/> elements.</param>
    /// <exception cref="ArgumentException">A span's length differs from <see cref="Length"/>.</exception>
    public abstract void Step(Span<T> parameters, ReadOnlySpan<T> gradient);

    /// <summary>Returns to the freshly created state: zero steps and zeroed memory.</summary>
    public abstract void Reset();

    /// <summary>Writes the step count and all memory, for checkpointing.</summary>
    /// <param name="destination">Exactly <see cref="StateLength"/> doubles.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public abstract void SaveState(Span<double> destination);

    /// <summary>Restores a checkpoint written by <see cref="SaveState"/> of a state with the same options and length.</summary>
    /// <param name="source">Exactly <see cref="StateLength"/> doubles.</param>
    /// <exception cref="ArgumentException"><paramref name="source"/> has the wrong length or an invalid step count.</exception>
    public abstract void LoadState(ReadOnlySpan<double> source);

    /// <summary>Throws unless both spans have <see cref="Length"/> elements.</summary>
    /// <param name="parameters">The parameters passed to <see cref="Step"/>.</param>
    /// <param name="gradient">The gradient passed to <see cref="Step"/>.</param>
    /// <exception cref="ArgumentException">A span's length differs from <see cref="Length"/>.</exception>
    protected void CheckStepArguments(ReadOnlySpan<T> parameters, ReadOnlySpan<T> gradient)
    {
        if (parameters.Length != Length)
        {
            throw new ArgumentException($"Expected {Length} parameters, got {parameters.Length}.", nameof(parameters));
        }

        if (gradient.Length != Length)
        {
            throw new ArgumentException($"Expected a gradient of length {Length}, got {gradient.Length}.", nameof(gradient));
        }
    }

    /// <summary>Throws unless a checkpoint span has exactly <see cref="StateLength"/> elements.</summary>
    /// <param name="length">The span's length.</param>
    /// <param name="paramName">The span's parameter name.</param>
    /// <exception cref="ArgumentException"><paramref name="length"/> differs from <see cref="StateLength"/>.</exception>
    protected void CheckStateLength(int length, string paramName)
    {
        if (length != StateLength)
        {
            throw new ArgumentException($"The optimizer state has {StateLength} values; the span has {length}.", paramName);
        }
    }

    /// <summary>Converts a stored step count back to an integer.</summary>
    /// <param name="value">The stored count.</param>
    /// <param name="paramName">The checkpoint span's parameter name.</param>
    /// <returns>The step count.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a whole number in [0, 2^53].</exception>
    protected static long ReadStepCount(double value, string paramName)
    {
        if (!(value >= 0 && value <= MaxStoredSteps) || value != Math.Floor(value))
        {
            throw new ArgumentException($"The stored step count {value} is not a whole number in [0, 2^53].", paramName);
        }

        return (long)value;
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> as doubles.</summary>
    /// <param name="source">The values to save.</param>
    /// <param name="destination">A span of the same length.</param>
    protected static void Widen(ReadOnlySpan<T> source, Span<double> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = double.CreateTruncating(source[i]);
        }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> converted to <typeparamref name="T"/>.</summary>
    /// <param name="source">The saved values.</param>
    /// <param name="destination">A span of the same length.</param>
    protected static void Narrow(ReadOnlySpan<double> source, Span<T> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = T.CreateTruncating(source[i]);
        }
    }
}
