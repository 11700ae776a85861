namespace ModelGen.Tests.Shared;

/// <summary>
/// The check that a fit's steps allocate nothing: a fit allocates its buffers once, up front, so two fits that differ only
/// in their number of steps allocate the same bytes on the fit's thread.
/// </summary>
/// <remarks>
/// A step that allocated would make every long fit allocate more than the short one, thousands of steps' worth. Bytes
/// from outside the fit land on one run or the other now and then: CI once measured 65,616 bytes for the short fit and
/// 71,000 for the long one, with runtime code that measured equal bytes at three other heads and in every run alone
/// (the thread's share of the runtime's own lazily refilled state on a machine busy with other test classes). So a pair
/// is measured up to three times and must be equal once; every pair measured is in the failure's message.
/// </remarks>
internal static class StepAllocations
{
    /// <summary>
    /// Runs <paramref name="shortRun"/> and <paramref name="longRun"/> once each to warm up, then measures the bytes each
    /// allocates on this thread, up to three times, and passes when a pair is equal.
    /// </summary>
    public static void AssertEqual(Action shortRun, Action longRun)
    {
        shortRun();
        longRun();
        var pairs = new List<(long Short, long Long)>(3);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long a = GC.GetAllocatedBytesForCurrentThread();
            shortRun();
            long b = GC.GetAllocatedBytesForCurrentThread();
            longRun();
            long c = GC.GetAllocatedBytesForCurrentThread();
            if (b - a == c - b)
            {
                return;
            }

            pairs.Add((b - a, c - b));
        }

        Xunit.Assert.Fail("The short and the long fit allocated different bytes in each of three measurements (short, long): "
            + string.Join("; ", pairs.Select(p => $"{p.Short:N0}, {p.Long:N0}")) + ". A step allocates.");
    }
}
