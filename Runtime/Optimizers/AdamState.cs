using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelGen.Optimizers;

/// <summary>
/// The state of an <see cref="Adam"/> run: the moment averages m and v. Checkpoint layout
/// <c>[Steps, m (Length), v (Length)]</c>.
/// </summary>
/// <typeparam name="T">The parameter type.</typeparam>
internal sealed class AdamState<T> : OptimizerState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Adam _options;
    private readonly T[] _m;
    private readonly T[] _v;
    private readonly T _beta1;
    private readonly T _oneMinusBeta1;
    private readonly T _beta2;
    private readonly T _oneMinusBeta2;
    private readonly T _epsilon;

    /// <summary>Allocates zeroed moments for <paramref name="length"/> parameters.</summary>
    public AdamState(Adam options, int length)
        : base(length)
    {
        _options = options;
        _m = new T[length];
        _v = new T[length];
        _beta1 = T.CreateTruncating(options.Beta1);
        _oneMinusBeta1 = T.CreateTruncating(1 - options.Beta1);
        _beta2 = T.CreateTruncating(options.Beta2);
        _oneMinusBeta2 = T.CreateTruncating(1 - options.Beta2);
        _epsilon = T.CreateTruncating(options.Epsilon);
    }

    /// <inheritdoc/>
    public override int StateLength => checked(1 + (2 * Length));

    /// <inheritdoc/>
    public override void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        CheckStepArguments(parameters, gradient);
        Steps++;

        // Bias corrections in double: β^t underflows gracefully, so both tend to exactly 1.
        double correction1 = 1 - Math.Pow(_options.Beta1, Steps);
        double correction2 = 1 - Math.Pow(_options.Beta2, Steps);
        T stepSize = T.CreateTruncating(_options.LearningRate / correction1);
        T inverseCorrection2 = T.CreateTruncating(1 / correction2);

        int done = StepVector(parameters, gradient, stepSize, inverseCorrection2);
        for (int i = done; i < parameters.Length; i++)
        {
            T g = gradient[i];
            T m = (_beta1 * _m[i]) + (_oneMinusBeta1 * g);
            T v = (_beta2 * _v[i]) + (_oneMinusBeta2 * g * g);
            _m[i] = m;
            _v[i] = v;
            parameters[i] += stepSize * m / (T.Sqrt(v * inverseCorrection2) + _epsilon);
        }
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        Steps = 0;
        Array.Clear(_m);
        Array.Clear(_v);
    }

    /// <inheritdoc/>
    public override void SaveState(Span<double> destination)
    {
        CheckStateLength(destination.Length, nameof(destination));
        destination[0] = Steps;
        Widen(_m, destination.Slice(1, Length));
        Widen(_v, destination.Slice(1 + Length, Length));
    }

    /// <inheritdoc/>
    public override void LoadState(ReadOnlySpan<double> source)
    {
        CheckStateLength(source.Length, nameof(source));
        Steps = ReadStepCount(source[0], nameof(source));
        Narrow(source.Slice(1, Length), _m);
        Narrow(source.Slice(1 + Length, Length), _v);
    }

    // The same arithmetic as the scalar loop, in the same order, a register at a time; returns the
    // number of elements done. IEEE sqrt and division are exact-rounded, so both paths agree bit for bit.
    private int StepVector(Span<T> parameters, ReadOnlySpan<T> gradient, T stepSize, T inverseCorrection2)
    {
        if (!Vector.IsHardwareAccelerated || !Vector<T>.IsSupported)
        {
            return 0;
        }

        ref T x = ref MemoryMarshal.GetReference(parameters);
        ref readonly T g = ref MemoryMarshal.GetReference(gradient);
        ref T mRef = ref MemoryMarshal.GetArrayDataReference(_m);
        ref T vRef = ref MemoryMarshal.GetArrayDataReference(_v);
        var beta1 = new Vector<T>(_beta1);
        var oneMinusBeta1 = new Vector<T>(_oneMinusBeta1);
        var beta2 = new Vector<T>(_beta2);
        var oneMinusBeta2 = new Vector<T>(_oneMinusBeta2);
        var epsilon = new Vector<T>(_epsilon);
        var size = new Vector<T>(stepSize);
        var inverse2 = new Vector<T>(inverseCorrection2);

        int i = 0;
        for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
        {
            nuint at = (nuint)i;
            Vector<T> gi = Vector.LoadUnsafe(in g, at);
            Vector<T> m = (beta1 * Vector.LoadUnsafe(ref mRef, at)) + (oneMinusBeta1 * gi);
            Vector<T> v = (beta2 * Vector.LoadUnsafe(ref vRef, at)) + (oneMinusBeta2 * gi * gi);
            m.StoreUnsafe(ref mRef, at);
            v.StoreUnsafe(ref vRef, at);
            Vector<T> xi = Vector.LoadUnsafe(ref x, at);
            (xi + (size * m / (Vector.SquareRoot(v * inverse2) + epsilon))).StoreUnsafe(ref x, at);
        }

        return i;
    }
}
