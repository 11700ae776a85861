using System.Numerics;

namespace ModelGen.Optimizers;

/// <summary>
/// The state of an <see cref="Sgd"/> run: the velocity u. Checkpoint layout <c>[Steps, u (Length)]</c>.
/// </summary>
/// <typeparam name="T">The parameter type.</typeparam>
internal sealed class SgdState<T> : OptimizerState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _velocity;
    private readonly T _learningRate;
    private readonly T _momentum;

    /// <summary>Allocates a zeroed velocity for <paramref name="length"/> parameters.</summary>
    public SgdState(Sgd options, int length)
        : base(length)
    {
        _velocity = new T[length];
        _learningRate = T.CreateTruncating(options.LearningRate);
        _momentum = T.CreateTruncating(options.Momentum);
    }

    /// <inheritdoc/>
    public override int StateLength => checked(1 + Length);

    /// <inheritdoc/>
    public override void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        CheckStepArguments(parameters, gradient);
        Steps++;

        // Scalar only: two multiply-adds per element cost little next to the gradient that feeds them.
        for (int i = 0; i < parameters.Length; i++)
        {
            T u = (_momentum * _velocity[i]) + (_learningRate * gradient[i]);
            _velocity[i] = u;
            parameters[i] += u;
        }
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        Steps = 0;
        Array.Clear(_velocity);
    }

    /// <inheritdoc/>
    public override void SaveState(Span<double> destination)
    {
        CheckStateLength(destination.Length, nameof(destination));
        destination[0] = Steps;
        Widen(_velocity, destination[1..]);
    }

    /// <inheritdoc/>
    public override void LoadState(ReadOnlySpan<double> source)
    {
        CheckStateLength(source.Length, nameof(source));
        Steps = ReadStepCount(source[0], nameof(source));
        Narrow(source[1..], _velocity);
    }
}
