using System.Numerics;

namespace ModelGen.Optimizers;

/// <summary>
/// The state of a <see cref="StanAdaptive"/> run: the running average s of squared gradients.
/// Checkpoint layout <c>[Steps, s (Length)]</c>.
/// </summary>
/// <typeparam name="T">The parameter type.</typeparam>
internal sealed class StanAdaptiveState<T> : OptimizerState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _history;
    private readonly double _eta;
    private readonly T _tau;
    private readonly T _alpha;
    private readonly T _oneMinusAlpha;

    /// <summary>Allocates a zeroed history for <paramref name="length"/> parameters; <see cref="StanAdaptive.Eta"/> must be set.</summary>
    public StanAdaptiveState(StanAdaptive options, int length)
        : base(length)
    {
        _history = new T[length];
        _eta = options.Eta!.Value;
        _tau = T.CreateTruncating(options.Tau);
        _alpha = T.CreateTruncating(options.Alpha);
        _oneMinusAlpha = T.CreateTruncating(1 - options.Alpha);
    }

    /// <inheritdoc/>
    public override int StateLength => checked(1 + Length);

    /// <inheritdoc/>
    public override void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        CheckStepArguments(parameters, gradient);
        Steps++;

        // η/√t in double, as Stan computes it, then one rounding to T.
        T stepSize = T.CreateTruncating(_eta / Math.Sqrt(Steps));
        bool first = Steps == 1;

        // Scalar only: a handful of flops per element next to the gradient that feeds them.
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradient[i];
            T s = first ? g * g : (_oneMinusAlpha * _history[i]) + (_alpha * g * g);
            _history[i] = s;
            parameters[i] += stepSize * g / (_tau + T.Sqrt(s));
        }
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        Steps = 0;
        Array.Clear(_history);
    }

    /// <inheritdoc/>
    public override void SaveState(Span<double> destination)
    {
        CheckStateLength(destination.Length, nameof(destination));
        destination[0] = Steps;
        Widen(_history, destination[1..]);
    }

    /// <inheritdoc/>
    public override void LoadState(ReadOnlySpan<double> source)
    {
        CheckStateLength(source.Length, nameof(source));
        Steps = ReadStepCount(source[0], nameof(source));
        Narrow(source[1..], _history);
    }
}
