using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelGen.Data;

/// <summary>
/// Branch-free whole-span tests behind the per-batch checks: a minibatch step checks every row it is given, and a
/// loop that branches on each value (a Bernoulli label is 0 or 1 at random) mispredicts about every second row. These
/// only answer "all good?"; on false the caller's scalar loop finds and names the first bad row.
/// </summary>
internal static class ValueChecks
{
    /// <summary>Whether every value is finite: x − x is 0 for finite x and NaN for ±∞ and NaN.</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        => All<T, Finite<T>>(values);

    /// <summary>Whether every value is exactly 0 or 1.</summary>
    public static bool AllZeroOrOne<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        => All<T, ZeroOrOne<T>>(values);

    /// <summary>Whether <typeparamref name="TTest"/> passes every value, with one accumulated mask tested once.</summary>
    private static bool All<T, TTest>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTest : struct, IValueTest<T>
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && values.Length >= Vector<T>.Count)
        {
            // No branch depends on the data.
            Vector<T> bad = Vector<T>.Zero;
            for (int i = 0; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                bad |= TTest.Bad(Vector.LoadUnsafe(ref start, (nuint)i));
            }

            // The last register overlaps the one before: re-testing a value is harmless.
            bad |= TTest.Bad(Vector.LoadUnsafe(ref start, (nuint)(values.Length - Vector<T>.Count)));
            return bad == Vector<T>.Zero;
        }

        bool ok = true;
        for (int i = 0; i < values.Length; i++)
        {
            ok &= TTest.Good(Unsafe.Add(ref start, i));
        }

        return ok;
    }

    /// <summary>A value test, a register at a time (all-ones lanes where it fails) and one value at a time.</summary>
    private interface IValueTest<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract Vector<T> Bad(Vector<T> v);

        static abstract bool Good(T v);
    }

    private readonly struct Finite<T> : IValueTest<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<T> Bad(Vector<T> v) => ~Vector.Equals(v - v, Vector<T>.Zero);

        public static bool Good(T v) => T.IsFinite(v);
    }

    private readonly struct ZeroOrOne<T> : IValueTest<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<T> Bad(Vector<T> v) => ~(Vector.Equals(v, Vector<T>.Zero) | Vector.Equals(v, Vector<T>.One));

        public static bool Good(T v) => (v == T.Zero) | (v == T.One);
    }
}
