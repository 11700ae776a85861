namespace ModelGen.Simd;

/// <summary>
/// Per-thread scratch memory for generated kernels whose working set is too large for the stack: the lane-wise weight
/// adjoint accumulators of wide (tiled) dense layers, one register per weight, and, past 128 tiled units, the units
/// themselves (a stack buffer of 100,000 units would overflow the stack, ending the process). The array is allocated on a thread's
/// first call and reused after that (grown, never shrunk), so kernels stay allocation-free once warm, and two threads
/// never share one.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public static class KernelScratch<T>
    where T : unmanaged
{
    [ThreadStatic]
    private static T[]? t_buffer;

    /// <summary>
    /// Returns <paramref name="length"/> zeroed elements of this thread's scratch array, valid until the same thread
    /// calls again (a kernel asks once per call, before its row loop).
    /// </summary>
    /// <param name="length">The elements needed; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static Span<T> Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        T[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < length)
        {
            // Padded to whole 512-bit registers, as every kernel buffer is.
            buffer = new T[SimdSupport.PaddedLength(length)];
            t_buffer = buffer;
        }

        Span<T> span = buffer.AsSpan(0, length);
        span.Clear();
        return span;
    }
}
