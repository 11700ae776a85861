using ModelGen.Batches;
using ModelGen.Inference;
using ModelGen.Sources.Tests.Models;
using ModelGen.Sources.Tests.Support;

namespace ModelGen.Sources.Tests;

/// <summary>
/// A source that reads a table or file front to back gives the batches of <see cref="InMemoryBatches{T}.Sequential"/>
/// over the same rows, so a fit from it is the in-memory fit: the same batches in the same order are the same
/// arithmetic, and μ and ρ agree bit for bit.
/// </summary>
public sealed class SameFitTests(SeedFiles files) : IClassFixture<SeedFiles>
{
    private static readonly AdviOptions Options = new() { Iterations = 2_000, Seed = 7 };

    private AdviFit<float> InMemory() => new SeedNetwork().Fit(InMemoryBatches<float>.Sequential(files.Data.TrainX, files.Data.TrainY, 50), Options);

    [Fact]
    public void A_sqlite_fit_is_the_in_memory_sequential_fit()
    {
        using var source = SqliteBatches<float>.Open(files.SqlitePath, SeedFiles.Table, SeedFiles.Inputs, SeedFiles.Observed, 50);
        Assert.Equal(500, source.TotalRows);
        AdviFit<float> fit = new SeedNetwork().Fit(source, Options);
        Assert.Equal(StopReason.IterationLimit, fit.StopReason);
        Fits.AssertIdentical(InMemory(), fit, "SQLite");
    }

    [Fact]
    public void A_parquet_fit_across_row_groups_is_the_in_memory_sequential_fit()
    {
        using var source = ParquetBatches<float>.Open(files.ParquetPath, SeedFiles.Inputs, SeedFiles.Observed, 50);
        Assert.Equal(500, source.TotalRows);
        Assert.Equal(4, source.RowGroups);
        AdviFit<float> fit = new SeedNetwork().Fit(source, Options);
        Assert.Equal(StopReason.IterationLimit, fit.StopReason);
        Fits.AssertIdentical(InMemory(), fit, "Parquet");
    }

    [Fact]
    public void Stream_fits_of_the_same_batches_are_the_in_memory_sequential_fit()
    {
        float[,] x = files.Data.TrainX;
        float[] y = files.Data.TrainY;
        AdviFit<float> expected = InMemory();

        using var batches = StreamBatches<float>.FromBatches(Epochs(x, y, 50), 500, 50, 2);
        Fits.AssertIdentical(expected, new SeedNetwork().Fit(batches, Options), "IEnumerable");

        using var asyncBatches = StreamBatches<float>.FromAsyncBatches(EpochsAsync(x, y, 50), 500, 50, 2);
        Fits.AssertIdentical(expected, new SeedNetwork().Fit(asyncBatches, Options), "IAsyncEnumerable");

        int next = 0;
        var callback = StreamBatches<float>.FromCallback(b => FillSequential(b, x, y, 50, ref next), 500, 50, 2);
        Fits.AssertIdentical(expected, new SeedNetwork().Fit(callback, Options), "callback");
    }

    [Theory]
    [InlineData(50, 2)]
    [InlineData(64, 3)] // 500 = 7 × 64 + 52: the remainder ends each epoch; 64-row batches straddle the 128-row groups unevenly
    [InlineData(500, 2)]
    [InlineData(128, 1)]
    public void Sqlite_and_parquet_batches_are_the_in_memory_sequential_batches(int batchSize, int epochs)
    {
        var expected = Fits.Drain(InMemoryBatches<float>.Sequential(files.Data.TrainX, files.Data.TrainY, batchSize, epochs));
        Assert.Equal(epochs * ((500 + batchSize - 1) / batchSize), expected.Count);
        using var sqlite = SqliteBatches<float>.Open(files.SqlitePath, SeedFiles.Table, SeedFiles.Inputs, SeedFiles.Observed, batchSize, epochs);
        using var parquet = ParquetBatches<float>.Open(files.ParquetPath, SeedFiles.Inputs, SeedFiles.Observed, batchSize, epochs);
        foreach ((string name, IBatchSource<float> source) in new (string, IBatchSource<float>)[] { ("SQLite", sqlite), ("Parquet", parquet) })
        {
            var actual = Fits.Drain(source);
            Assert.Equal(expected.Count, actual.Count);
            for (int b = 0; b < expected.Count; b++)
            {
                Assert.True(expected[b].Y.SequenceEqual(actual[b].Y), $"{name}, batch {b}: observations differ");
                for (int f = 0; f < 2; f++)
                {
                    Assert.True(expected[b].X[f].SequenceEqual(actual[b].X[f]), $"{name}, batch {b}: column {f} differs");
                }
            }

            // Exhausted stays exhausted.
            Assert.Equal(0, source.Next(new BatchBuffer<float>(batchSize, 2)));
        }
    }

    [Fact]
    public void A_given_total_overrides_the_count_and_columns_can_be_named_in_any_case_and_order()
    {
        // The table stands for a sample of a data set ten times its size.
        using var sqlite = SqliteBatches<float>.Open(files.SqlitePath, "MOONS", ["X1", "x2"], "Y", 50, totalRows: 5_000);
        Assert.Equal(5_000, sqlite.TotalRows);
        using var parquet = ParquetBatches<float>.Open(files.ParquetPath, ["x2", "x1"], "y", 50, epochs: 1, totalRows: 5_000);
        Assert.Equal(5_000, parquet.TotalRows);
        var swapped = Fits.Drain(parquet)[0];
        Assert.Equal(files.Data.TrainX[0, 1], swapped.X[0][0]);
        Assert.Equal(files.Data.TrainX[0, 0], swapped.X[1][0]);
    }

    /// <summary>Sequential epochs as a lazily enumerated stream of (X, Y) arrays.</summary>
    internal static IEnumerable<(float[,] X, float[] Y)> Epochs(float[,] x, float[] y, int batchSize)
    {
        while (true)
        {
            for (int start = 0; start < y.Length; start += batchSize)
            {
                yield return Slice(x, y, start, Math.Min(batchSize, y.Length - start));
            }
        }
    }

    /// <summary>The same, asynchronously, with every other batch arriving after a real yield (not completed synchronously).</summary>
    internal static async IAsyncEnumerable<(float[,] X, float[] Y)> EpochsAsync(float[,] x, float[] y, int batchSize)
    {
        int n = 0;
        foreach ((float[,] X, float[] Y) batch in Epochs(x, y, batchSize))
        {
            if (n++ % 2 == 0)
            {
                await Task.Yield();
            }

            yield return batch;
        }
    }

    /// <summary>Sequential epochs written straight into the model's buffers: no allocation.</summary>
    internal static int FillSequential(BatchBuffer<float> batch, float[,] x, float[] y, int batchSize, ref int next)
    {
        if (next == y.Length)
        {
            next = 0;
        }

        int rows = Math.Min(batchSize, y.Length - next);
        Span<float> x1 = batch.Column(0);
        Span<float> x2 = batch.Column(1);
        Span<float> targets = batch.Targets;
        for (int r = 0; r < rows; r++)
        {
            x1[r] = x[next + r, 0];
            x2[r] = x[next + r, 1];
            targets[r] = y[next + r];
        }

        next += rows;
        return rows;
    }

    private static (float[,] X, float[] Y) Slice(float[,] x, float[] y, int start, int count)
    {
        var xs = new float[count, x.GetLength(1)];
        for (int r = 0; r < count; r++)
        {
            for (int f = 0; f < x.GetLength(1); f++)
            {
                xs[r, f] = x[start + r, f];
            }
        }

        return (xs, y[start..(start + count)]);
    }
}
