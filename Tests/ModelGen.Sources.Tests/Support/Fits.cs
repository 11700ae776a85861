using ModelGen.Batches;
using ModelGen.Inference;

namespace ModelGen.Sources.Tests.Support;

/// <summary>Comparing fits bit for bit, and reading a source's batches out for comparison.</summary>
internal static class Fits
{
    /// <summary>Asserts two fits hold the same μ and ρ, bit for bit, after the same number of iterations.</summary>
    public static void AssertIdentical(AdviFit<float> expected, AdviFit<float> actual, string what)
    {
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.StopReason, actual.StopReason);
        Assert.True(Bits(expected.Mean).SequenceEqual(Bits(actual.Mean)), $"{what}: μ differs from the in-memory sequential fit");
        Assert.True(Bits(expected.Rho).SequenceEqual(Bits(actual.Rho)), $"{what}: ρ differs from the in-memory sequential fit");
    }

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        }

        return bits;
    }

    /// <summary>Every batch a source gives until it is exhausted (at most <paramref name="limit"/>), as (x rows, y) copies.</summary>
    public static List<(float[][] X, float[] Y)> Drain(IBatchSource<float> source, int limit = 10_000)
    {
        var buffer = new BatchBuffer<float>(source.BatchSize, source.Features);
        var batches = new List<(float[][] X, float[] Y)>();
        for (int i = 0; i < limit; i++)
        {
            int rows = source.Next(buffer);
            if (rows == 0)
            {
                return batches;
            }

            var x = new float[source.Features][];
            for (int f = 0; f < source.Features; f++)
            {
                x[f] = buffer.Column(f)[..rows].ToArray();
            }

            batches.Add((x, buffer.Targets[..rows].ToArray()));
        }

        throw new InvalidOperationException($"The source gave more than {limit} batches.");
    }
}
