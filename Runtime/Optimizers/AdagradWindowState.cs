using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelGen.Optimizers;

/// <summary>
/// The state of an <see cref="AdagradWindow"/> run: a ring of <c>Window</c> blocks of squared gradients,
/// one block per step; step t (counting from 0) writes block <c>t mod Window</c>. Checkpoint layout
/// <c>[Steps, block 0 (Length), …, block Window−1 (Length)]</c>.
/// </summary>
/// <typeparam name="T">The parameter type.</typeparam>
internal sealed class AdagradWindowState<T> : OptimizerState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _window;
    private readonly T[] _squares;
    private readonly T _learningRate;
    private readonly T _epsilon;

    /// <summary>Allocates a zeroed window for <paramref name="length"/> parameters.</summary>
    public AdagradWindowState(AdagradWindow options, int length)
        : base(length)
    {
        if ((long)options.Window * length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Window × length exceeds the largest array ({Array.MaxLength} elements).");
        }

        _window = options.Window;
        _squares = new T[options.Window * length];
        _learningRate = T.CreateTruncating(options.LearningRate);
        _epsilon = T.CreateTruncating(options.Epsilon);
    }

    /// <inheritdoc/>
    public override int StateLength => checked(1 + _squares.Length);

    /// <inheritdoc/>
    public override void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        CheckStepArguments(parameters, gradient);
        int slot = (int)(Steps % _window);
        Steps++;
        Span<T> newest = _squares.AsSpan(slot * Length, Length);
        for (int i = 0; i < gradient.Length; i++)
        {
            newest[i] = gradient[i] * gradient[i];
        }

        int done = StepVector(parameters, gradient);
        for (int i = done; i < parameters.Length; i++)
        {
            T sum = _squares[i];
            for (int k = 1; k < _window; k++)
            {
                sum += _squares[(k * Length) + i];
            }

            parameters[i] += _learningRate * gradient[i] / T.Sqrt(sum + _epsilon);
        }
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        Steps = 0;
        Array.Clear(_squares);
    }

    /// <inheritdoc/>
    public override void SaveState(Span<double> destination)
    {
        CheckStateLength(destination.Length, nameof(destination));
        destination[0] = Steps;
        Widen(_squares, destination[1..]);
    }

    /// <inheritdoc/>
    public override void LoadState(ReadOnlySpan<double> source)
    {
        CheckStateLength(source.Length, nameof(source));
        Steps = ReadStepCount(source[0], nameof(source));
        Narrow(source[1..], _squares);
    }

    // The scalar loop a register at a time, summing the blocks in the same order (0 … Window−1), so both
    // paths agree bit for bit; returns the number of elements done.
    private int StepVector(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        if (!Vector.IsHardwareAccelerated || !Vector<T>.IsSupported)
        {
            return 0;
        }

        ref T x = ref MemoryMarshal.GetReference(parameters);
        ref readonly T g = ref MemoryMarshal.GetReference(gradient);
        ref T squares = ref MemoryMarshal.GetArrayDataReference(_squares);
        var learningRate = new Vector<T>(_learningRate);
        var epsilon = new Vector<T>(_epsilon);

        int i = 0;
        for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
        {
            nuint at = (nuint)i;
            Vector<T> sum = Vector.LoadUnsafe(ref squares, at);
            for (int k = 1; k < _window; k++)
            {
                sum += Vector.LoadUnsafe(ref squares, at + (nuint)(k * Length));
            }

            Vector<T> xi = Vector.LoadUnsafe(ref x, at);
            (xi + (learningRate * Vector.LoadUnsafe(in g, at) / Vector.SquareRoot(sum + epsilon))).StoreUnsafe(ref x, at);
        }

        return i;
    }
}
