using ModelGen.Batches;
using ModelGen.Random;

namespace ModelGen.Runtime.Tests.Batches;

/// <summary>
/// The in-memory sources gather rows without bounds checks (and two-column data in one pass): every batch must hold
/// exactly the rows the seeded index stream names, inputs and observation together, for any number of columns.
/// </summary>
public class InMemoryBatchesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void WithReplacement_GathersTheRowsOfTheIndexStream(int features)
    {
        const int rows = 97;
        const int batchSize = 23;
        (float[,] x, float[] y) = Data(rows, features);
        var source = InMemoryBatches<float>.WithReplacement(x, y, batchSize, seed: 5);
        var buffer = new BatchBuffer<float>(batchSize, features);
        var indices = new Rng(5);
        int[] expected = new int[batchSize];
        for (int batch = 0; batch < 20; batch++)
        {
            Assert.Equal(batchSize, source.Next(buffer));
            indices.FillIndices(expected, rows);
            AssertRows(x, y, buffer, expected);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Sequential_GathersRowsInOrder_WithTheRemainderLast(int features)
    {
        const int rows = 50;
        (float[,] x, float[] y) = Data(rows, features);
        var source = InMemoryBatches<float>.Sequential(x, y, 16, epochs: 1);
        var buffer = new BatchBuffer<float>(16, features);
        int first = 0;
        int got;
        while ((got = source.Next(buffer)) > 0)
        {
            AssertRows(x, y, buffer, Enumerable.Range(first, got).ToArray());
            first += got;
        }

        Assert.Equal(rows, first);
    }

    private static (float[,] X, float[] Y) Data(int rows, int features)
    {
        var x = new float[rows, features];
        var y = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int f = 0; f < features; f++)
            {
                x[r, f] = (1000 * f) + r;
            }

            y[r] = -r;
        }

        return (x, y);
    }

    private static void AssertRows(float[,] x, float[] y, BatchBuffer<float> buffer, int[] sources)
    {
        for (int r = 0; r < sources.Length; r++)
        {
            for (int f = 0; f < x.GetLength(1); f++)
            {
                Assert.Equal(x[sources[r], f], buffer.Column(f)[r]);
            }

            Assert.Equal(y[sources[r]], buffer.Targets[r]);
        }
    }
}
