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
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && values.Length >= Vector<T>.Count)
        {
            // One accumulated mask, tested once: no branch depends on the data.
            Vector<T> bad = Vector<T>.Zero;
            for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> v = Vector.LoadUnsafe(ref start, (nuint)i);
                bad |= ~Vector.Equals(v - v, Vector<T>.Zero);
            }

            // The last register overlaps the one before: re-testing a value is harmless.
            Vector<T> last = Vector.LoadUnsafe(ref start, (nuint)(values.Length - Vector<T>.Count));
            bad |= ~Vector.Equals(last - last, Vector<T>.Zero);
            return bad == Vector<T>.Zero;
        }

        bool ok = true;
        for (; i < values.Length; i++)
        {
            ok &= T.IsFinite(Unsafe.Add(ref start, i));
        }

        return ok;
    }

    /// <summary>Whether every value is exactly 0 or 1.</summary>
    public static bool AllZeroOrOne<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && values.Length >= Vector<T>.Count)
        {
            Vector<T> bad = Vector<T>.Zero;
            for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                bad |= NotZeroOrOne(Vector.LoadUnsafe(ref start, (nuint)i));
            }

            bad |= NotZeroOrOne(Vector.LoadUnsafe(ref start, (nuint)(values.Length - Vector<T>.Count)));
            return bad == Vector<T>.Zero;
        }

        bool ok = true;
        for (; i < values.Length; i++)
        {
            T v = Unsafe.Add(ref start, i);
            ok &= (v == T.Zero) | (v == T.One);
        }

        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> NotZeroOrOne<T>(Vector<T> v)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ~(Vector.Equals(v, Vector<T>.Zero) | Vector.Equals(v, Vector<T>.One));
}
