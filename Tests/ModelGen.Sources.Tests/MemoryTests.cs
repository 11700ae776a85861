using ModelGen.Batches;
using ModelGen.Inference;
using ModelGen.Samples.Moons;
using ModelGen.Sources.Tests.Models;
using ModelGen.Sources.Tests.Support;
using ModelGen.Tests.Shared;
using Xunit.Abstractions;

namespace ModelGen.Sources.Tests;

/// <summary>Heap measurements are process-wide: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryTestsRunAlone;

/// <summary>
/// Reading a table or file much larger than a batch keeps the managed heap bounded by a batch or a row group,
/// never by the data set; the in-memory source over the same rows is the contrast that shows the measure sees data.
/// </summary>
[Collection(nameof(MemoryTests))]
public sealed class MemoryTests(ITestOutputHelper output) : IDisposable
{
    private const int RowGroupSize = 10_000;
    private const int BatchSize = 1_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-memory-").FullName;

    [Fact]
    public void Reading_every_batch_of_a_large_table_or_file_keeps_the_heap_bounded()
    {
        // make_moons of 400,000 points: 200,000 training rows, 2.4 MB as float (x1, x2, y).
        MoonsData data = MoonsData.Generate(400_000, 0.2, 11);
        int rows = data.TrainY.Length;
        long dataBytes = rows * 3L * sizeof(float);
        string db = Path.Combine(_folder, "large.db");
        string parquet = Path.Combine(_folder, "large.parquet");
        SqliteBatches.WriteTable(db, "moons", SeedFiles.Columns, data.TrainX, data.TrainY);
        ParquetBatches.WriteFile(parquet, SeedFiles.Columns, data.TrainX, data.TrainY, RowGroupSize);

        long inMemory = PeakGrowth(() => InMemoryBatches<float>.Sequential(data.TrainX, data.TrainY, BatchSize, epochs: 1), rows);
        long sqlite = PeakGrowth(() => SqliteBatches<float>.Open(db, "moons", SeedFiles.Inputs, "y", BatchSize, epochs: 1), rows);
        long file = PeakGrowth(() => ParquetBatches<float>.Open(parquet, SeedFiles.Inputs, "y", BatchSize, epochs: 1), rows);
        output.WriteLine($"data {dataBytes / 1024} KB; peak heap growth while reading: in memory {inMemory / 1024} KB, SQLite {sqlite / 1024} KB, Parquet {file / 1024} KB");

        // The measure sees a source that holds the data: the in-memory one keeps a feature-major copy (≥ the data).
        Assert.True(inMemory >= dataBytes, $"in-memory growth {inMemory} should be at least the data's {dataBytes} bytes");

        // SQLite holds a reader over one batch of 1,000 rows (12 KB of values) and two prepared commands; its page cache
        // is native. Bound: 256 KB, a tenth of the data set, which a source that loaded the table could not meet.
        Assert.True(sqlite < 256 * 1024, $"SQLite: peak heap growth {sqlite} bytes");

        // Parquet holds one row group's three columns (10,000 rows: 120 KB as float) plus the decoder's buffers for one
        // column chunk and the file's footer. Bound: 1 MB, under half the data set; loading the file would exceed it.
        Assert.True(file < 1024 * 1024, $"Parquet: peak heap growth {file} bytes");
    }

    [Fact]
    public void A_sqlite_batch_allocates_a_few_small_objects_whatever_its_size()
    {
        MoonsData data = MoonsData.Generate(40_000, 0.2, 12);
        string db = Path.Combine(_folder, "alloc.db");
        SqliteBatches.WriteTable(db, "moons", SeedFiles.Columns, data.TrainX, data.TrainY);

        double PerBatch(int batchSize)
        {
            using var source = SqliteBatches<float>.Open(db, "moons", SeedFiles.Inputs, "y", batchSize, epochs: 3);
            var buffer = new BatchBuffer<float>(batchSize, 2);
            for (long read = 0; read < source.TotalRows;)
            {
                // The first epoch warms statement caches and tiered code; the next two are measured.
                read += source.Next(buffer);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            int batches = 0;
            while (source.Next(buffer) > 0)
            {
                batches++;
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)batches;
        }

        double small = PerBatch(20);
        double large = PerBatch(2_000);
        output.WriteLine($"SQLite allocation per batch: {small:F0} bytes at 20 rows, {large:F0} bytes at 2,000 rows");

        // No allocation per row or per value: a hundred times the rows costs the same few objects (a reader, a boxed
        // rowid); a boxed double per value would add 24 bytes × 3 × 2,000 = 144 KB to each large batch.
        Assert.True(large < 4096, $"{large} bytes per 2,000-row batch");
        Assert.True(large < small + 512, $"{large} bytes per 2,000-row batch vs {small} per 20-row batch");
    }

    [Fact]
    public void Callback_steps_allocate_nothing()
    {
        MoonsData seed = LoadSeed();
        long Run(AdviOptions o)
        {
            int next = 0;
            var source = StreamBatches<float>.FromCallback(b => SameFitTests.FillSequential(b, seed.TrainX, seed.TrainY, 50, ref next), 500, 50, 2);
            var model = new SeedNetwork();
            long before = GC.GetAllocatedBytesForCurrentThread();
            model.Fit(source, o);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        AssertStepsAllocateNothing(Run);
    }

    [Fact]
    public void Parquet_steps_within_a_row_group_allocate_nothing()
    {
        // One row group of all 500 rows: decoded once when the fit starts, then served for every epoch.
        MoonsData seed = LoadSeed();
        string path = Path.Combine(_folder, "one-group.parquet");
        ParquetBatches.WriteFile(path, SeedFiles.Columns, seed.TrainX, seed.TrainY, rowGroupSize: 500);
        long Run(AdviOptions o)
        {
            using var source = ParquetBatches<float>.Open(path, SeedFiles.Inputs, SeedFiles.Observed, 50);
            var model = new SeedNetwork();
            long before = GC.GetAllocatedBytesForCurrentThread();
            model.Fit(source, o);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        AssertStepsAllocateNothing(Run);
    }

    /// <summary>Fits of 500 and 5,500 iterations allocate the same bytes (after a warm-up of each): the steps allocate nothing.</summary>
    private static void AssertStepsAllocateNothing(Func<AdviOptions, long> run)
    {
        AdviOptions shortRun = new() { Iterations = 500, Seed = 3, ElboEvery = int.MaxValue, ElboSamples = 10 };
        AdviOptions longRun = shortRun with { Iterations = 5_500 };
        StepAllocations.AssertEqual(() => run(shortRun), () => run(longRun));
    }

    private static MoonsData LoadSeed() => MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// The most the live heap grows, from before the source is opened, at eight points spread over one pass of all
    /// its batches (each a full blocking collection, so only what is reachable counts).
    /// </summary>
    private static long PeakGrowth(Func<IBatchSource<float>> open, int rows)
    {
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        IBatchSource<float> source = open();
        var buffer = new BatchBuffer<float>(BatchSize, 2);
        int batches = (rows + BatchSize - 1) / BatchSize;
        long peak = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        int served = 0;
        for (int b = 0; b < batches; b++)
        {
            served += source.Next(buffer);
            if (b % (batches / 8) == batches / 16)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal(rows, served);
        Assert.Equal(0, source.Next(buffer));
        GC.KeepAlive(buffer);
        (source as IDisposable)?.Dispose();
        return peak;
    }
}
