using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    // β1^t and β2^t for t = Steps: a Math.Pow each per step cost about as much as the update of 80 parameters, so
    // they are running products, restarted from Math.Pow every 1,024 steps (PowerAt): a function of Steps alone, so
    // a reloaded state continues with the same bits, and at most 1,023 roundings from the exact power.
    private const long PowerRestart = 1024;
    private double _power1 = 1;
    private double _power2 = 1;

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

        // Bias corrections in double: β^t goes to 0, so both tend to exactly 1.
        (_power1, _power2) = Steps % PowerRestart == 0
            ? (Math.Pow(_options.Beta1, Steps), Math.Pow(_options.Beta2, Steps))
            : (_power1 * _options.Beta1, _power2 * _options.Beta2);
        double correction1 = 1 - _power1;
        double correction2 = 1 - _power2;
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
        (_power1, _power2) = (1, 1);
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
        (_power1, _power2) = (PowerAt(_options.Beta1, Steps), PowerAt(_options.Beta2, Steps));

        Narrow(source.Slice(1, Length), _m);
        Narrow(source.Slice(1 + Length, Length), _v);
    }

    // β^t exactly as the steps compute it: Math.Pow at the last multiple of PowerRestart, then one product per step.
    private static double PowerAt(double beta, long steps)
    {
        long start = steps - (steps % PowerRestart);
        double power = Math.Pow(beta, start);
        for (long t = start; t < steps; t++)
        {
            power *= beta;
        }

        return power;
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
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            // Vector<T> stays 256 bits wide on AVX-512 hardware; the 512-bit registers halve the trips.
            i = StepVector512(parameters, gradient, stepSize, inverseCorrection2);
        }

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

    // StepVector's loop at 512 bits; returns the number of elements done.
    private int StepVector512(Span<T> parameters, ReadOnlySpan<T> gradient, T stepSize, T inverseCorrection2)
    {
        ref T x = ref MemoryMarshal.GetReference(parameters);
        ref readonly T g = ref MemoryMarshal.GetReference(gradient);
        ref T mRef = ref MemoryMarshal.GetArrayDataReference(_m);
        ref T vRef = ref MemoryMarshal.GetArrayDataReference(_v);
        var beta1 = Vector512.Create(_beta1);
        var oneMinusBeta1 = Vector512.Create(_oneMinusBeta1);
        var beta2 = Vector512.Create(_beta2);
        var oneMinusBeta2 = Vector512.Create(_oneMinusBeta2);
        var epsilon = Vector512.Create(_epsilon);
        var size = Vector512.Create(stepSize);
        var inverse2 = Vector512.Create(inverseCorrection2);

        int i = 0;
        for (; i <= parameters.Length - Vector512<T>.Count; i += Vector512<T>.Count)
        {
            nuint at = (nuint)i;
            Vector512<T> gi = Vector512.LoadUnsafe(in g, at);
            Vector512<T> m = (beta1 * Vector512.LoadUnsafe(ref mRef, at)) + (oneMinusBeta1 * gi);
            Vector512<T> v = (beta2 * Vector512.LoadUnsafe(ref vRef, at)) + (oneMinusBeta2 * gi * gi);
            m.StoreUnsafe(ref mRef, at);
            v.StoreUnsafe(ref vRef, at);
            Vector512<T> xi = Vector512.LoadUnsafe(ref x, at);
            (xi + (size * m / (Vector512.Sqrt(v * inverse2) + epsilon))).StoreUnsafe(ref x, at);
        }

        return i;
    }
}
