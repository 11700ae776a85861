using System.Numerics;
using System.Runtime.InteropServices;
using ModelGen.Simd;

namespace ModelGen.Runtime.Tests.Simd;

/// <summary>The inputs every operator is checked on, and the loop that runs a vector operator over them.</summary>
internal static class SimdInputs
{
    /// <summary>Every element of the dense grid over [−40, 40] (step 2⁻⁸) and of the fine grid near 0.</summary>
    private const int GridSteps = 256;

    /// <summary>
    /// The fine grid over [−0.25, 0.25] (step 2⁻¹⁴) covers the small arguments, where tanh, log1p and softplus must keep
    /// relative accuracy.
    /// </summary>
    private const int FineSteps = 16384;

    /// <summary>
    /// Points where the operators change branch or reach a limit: values near 0 (±1e-8, ±1e-30, the former tanh
    /// series switch ±0.049/±0.05/±0.051, double tanh's branch split ±0.625 and clamp ±19.1), the subnormals, large ±1e4, float exp's limits (±88, ±88.7,
    /// ±103.9 where exp(x) leaves the subnormals) and double's (±709, ±709.78, ±745), the largest finite
    /// value of the type, and ±∞. Both signs of each, plus ±0. NaN is checked on its own (<see cref="WithNaN"/>).
    /// </summary>
    private static readonly double[] s_special =
    [
        1e-8, 1e-30, 0.049, 0.0499, 0.05, 0.0501, 0.051, 0.06, 0.1, 0.5, 0.6249, 0.625, 0.6251, 1, 2, 19.06, 19.1, 19.2,
        1e-40, 1e-45, 1e-310, 5e-324,
        1e4, 1e6, 88, 88.7, 89, 100, 103.9, 104, 709, 709.78, 710, 745, 746,
        3.4e38, double.PositiveInfinity,
    ];

    /// <summary>The grids and the special points, as <typeparamref name="T"/>; no NaN.</summary>
    public static T[] Unary<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new List<T>();
        for (int i = -40 * GridSteps; i <= 40 * GridSteps; i++)
        {
            values.Add(T.CreateTruncating((double)i / GridSteps));
        }

        for (int i = -FineSteps / 4; i <= FineSteps / 4; i++)
        {
            values.Add(T.CreateTruncating((double)i / FineSteps));
        }

        foreach (double v in s_special)
        {
            values.Add(T.CreateTruncating(v));
            values.Add(T.CreateTruncating(-v));
        }

        values.Add(LargestFinite<T>());
        values.Add(-LargestFinite<T>());

        values.Add(T.Zero);
        values.Add(T.NegativeZero);
        return [.. values];
    }

    /// <summary>Finite values with NaN at every third element: every lane position of each width holds a NaN once.</summary>
    public static T[] WithNaN<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[3 * SimdSupport.PadElements];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i % 3 == 0 ? T.NaN : T.CreateTruncating(i - 10);
        }

        return values;
    }

    /// <summary>
    /// Runs <paramref name="op"/> over <paramref name="x"/> a register at a time. The input is copied into a
    /// buffer padded to whole registers (zeros), as bound data is, so every load stays inside it.
    /// </summary>
    public static T[] Map<TSimd, TVec, T>(ReadOnlySpan<T> x, Func<TVec, TVec> op)
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged
    {
        int count = TSimd.Count;
        int padded = (x.Length + count - 1) / count * count;
        var input = new T[padded];
        var output = new T[padded];
        x.CopyTo(input);
        ref T source = ref MemoryMarshal.GetArrayDataReference(input);
        ref T destination = ref MemoryMarshal.GetArrayDataReference(output);
        for (int i = 0; i < padded; i += count)
        {
            TSimd.Store(op(TSimd.Load(in source, (nuint)i)), ref destination, (nuint)i);
        }

        return output[..x.Length];
    }

    /// <summary>Runs a lane-wise operator of three registers over three equal-length inputs.</summary>
    public static T[] Map<TSimd, TVec, T>(T[] a, T[] b, T[] c, Func<TVec, TVec, TVec, TVec> op)
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged
    {
        int count = TSimd.Count;
        Assert.Equal(0, a.Length % count);
        var output = new T[a.Length];
        for (int i = 0; i < a.Length; i += count)
        {
            TVec r = op(TSimd.Load(in a[0], (nuint)i), TSimd.Load(in b[0], (nuint)i), TSimd.Load(in c[0], (nuint)i));
            TSimd.Store(r, ref output[0], (nuint)i);
        }

        return output;
    }

    /// <summary>Reads the lanes of <paramref name="v"/>.</summary>
    public static T[] Lanes<TSimd, TVec, T>(TVec v)
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged
    {
        var lanes = new T[TSimd.Count];
        TSimd.Store(v, ref lanes[0], 0);
        return lanes;
    }

    /// <summary>T.MaxValue (IFloatingPointIeee754 does not expose it).</summary>
    public static T LargestFinite<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.BitDecrement(T.PositiveInfinity);

    /// <summary>A register holding <paramref name="lanes"/> (exactly Count of them).</summary>
    public static TVec Vector<TSimd, TVec, T>(T[] lanes)
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged
    {
        Assert.Equal(TSimd.Count, lanes.Length);
        return TSimd.Load(in lanes[0], 0);
    }
}
