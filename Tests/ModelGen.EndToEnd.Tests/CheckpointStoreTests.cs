using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Samples.Moons;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// A checkpoint kept in a store of bytes (grain state, a database row) rather than a file: the same format, so a fit
/// resumed from the store is bit for bit the uninterrupted fit, and the store's bytes are the file's bytes.
/// </summary>
public sealed class CheckpointStoreTests : IDisposable
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-checkpoint-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_fit_cancelled_and_resumed_from_a_store_equals_the_uninterrupted_fit()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        var store = new MemoryStore();
        AdviOptions options = new() { Iterations = 2_000, Seed = 5, Checkpoint = new CheckpointOptions(store, every: 500) };

        using (var cancel = new CancellationTokenSource())
        {
            // Stop at 1,200: the store's last checkpoint is at 1,000, so 200 steps are done again after the resume.
            AdviFit<float> interrupted = model.Fit(options with { Progress = new CancelAt(1_200, cancel) }, cancel.Token);
            Assert.Equal(StopReason.Cancelled, interrupted.StopReason);
        }

        Assert.Equal(2, store.Writes); // at 500 and 1,000; a cancelled fit writes no final checkpoint
        AdviFit<float> resumed = model.Fit(options);
        AdviFit<float> straight = model.Fit(options with { Checkpoint = null });
        Assert.Equal(straight.Iterations, resumed.Iterations);
        Assert.Equal(straight.Mean.ToArray(), resumed.Mean.ToArray());
        Assert.Equal(straight.Rho.ToArray(), resumed.Rho.ToArray());
        Assert.Equal(straight.Elbo, resumed.Elbo);

        // Finished: the store holds the result, which the same fit run again returns without running (the message says so
        // and names the store).
        int writes = store.Writes;
        AdviFit<float> again = model.Fit(options);
        Assert.Equal(writes, store.Writes);
        Assert.Equal(straight.Mean.ToArray(), again.Mean.ToArray());
        Assert.Contains("Loaded from the finished checkpoint 'memory'", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_holds_the_bytes_a_checkpoint_file_holds()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        string path = Path.Combine(_folder, "fit.ckpt");
        AdviOptions options = new() { Iterations = 600, Seed = 9, ParetoKDraws = 0 };
        var store = new MemoryStore();
        model.Fit(options with { Checkpoint = new CheckpointOptions(store, every: 250) });
        model.Fit(options with { Checkpoint = new CheckpointOptions(path, Every: 250) });

        // The two runs differ only in their elapsed times, which the finished checkpoint records (8 bytes, before the
        // state), so compare the file read back through a store with the store's own bytes everywhere else.
        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(file.Length, store.Bytes!.Length);
        Assert.Equal("MGCK"u8.ToArray(), file[..4]);
        Assert.Equal("MGCK"u8.ToArray(), store.Bytes[..4]);

        // A file copied into a store resumes there: the finished fit comes back from it without running.
        var fromFile = new MemoryStore { Bytes = file };
        AdviFit<float> loaded = model.Fit(options with { Checkpoint = new CheckpointOptions(fromFile, every: 250) });
        Assert.Equal(0, fromFile.Writes);
        Assert.Equal(600, loaded.Iterations);
        Assert.StartsWith("Loaded from the finished checkpoint 'memory'", loaded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_store_is_refused_naming_it()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        var store = new MemoryStore();
        AdviOptions options = new() { Iterations = 300, Seed = 5, Checkpoint = new CheckpointOptions(store, every: 100) };
        model.Fit(options);
        store.Bytes![store.Bytes.Length / 2] ^= 0x40;
        var corrupt = Assert.Throws<InvalidDataException>(() => model.Fit(options));
        Assert.Contains("The checkpoint 'memory' is truncated or corrupted", corrupt.Message, StringComparison.Ordinal);
    }

    private sealed class MemoryStore : ICheckpointStore
    {
        public byte[]? Bytes { get; set; }

        public int Writes { get; private set; }

        public string Name => "memory";

        public byte[]? Read() => Bytes?.ToArray();

        public void Write(ReadOnlySpan<byte> checkpoint)
        {
            Bytes = checkpoint.ToArray();
            Writes++;
        }
    }

    private sealed class CancelAt(int iteration, CancellationTokenSource source) : IProgress<AdviProgress>
    {
        public void Report(AdviProgress value)
        {
            if (value.Iteration == iteration)
            {
                source.Cancel();
            }
        }
    }
}
