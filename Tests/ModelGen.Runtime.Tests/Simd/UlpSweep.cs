using System.Globalization;
using System.Numerics;
using System.Text;
using Xunit.Abstractions;

namespace ModelGen.Runtime.Tests.Simd;

/// <summary>
/// The accuracy sweep the vector log and log1p tests share: every input's result within <c>allowed</c> ulps of its
/// reference, the worst case logged, and up to 12 failures listed.
/// </summary>
internal static class UlpSweep
{
    public static void Check<T>(string name, T[] x, T[] actual, Func<T, T> reference, double allowed, ITestOutputHelper output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var failures = new StringBuilder();
        int failed = 0;
        double worst = 0;
        T worstX = T.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            T expected = reference(x[i]);
            double ulps = Ulp.Between(actual[i], expected);
            if (ulps > worst)
            {
                (worst, worstX) = (ulps, x[i]);
            }

            if (ulps > allowed && failed++ < 12)
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"  x = {Show(x[i])}: {Show(actual[i])}, reference {Show(expected)}, {ulps:G4} ulps");
            }
        }

        output.WriteLine($"{name}: worst {worst:G4} ulps at x = {Show(worstX)} over {x.Length} points (bound {allowed})");
        Assert.True(failed == 0, $"{name}: {failed} of {x.Length} points beyond {allowed} ulps:\n{failures}");
    }

    /// <summary>A value as its shortest round-tripping double text.</summary>
    public static string Show<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T>
        => double.CreateTruncating(value).ToString("R", CultureInfo.InvariantCulture);
}
