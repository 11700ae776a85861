using System.Diagnostics;
using System.Globalization;
using ModelGen.Batches;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Samples.Moons;

namespace ModelGen.EndToEnd.Tests;

/// <summary>Checkpoints: a resumed fit is bit for bit the uninterrupted one; bad files are refused clearly.</summary>
public sealed class CheckpointTests : IDisposable
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_fit_cancelled_and_resumed_equals_the_uninterrupted_fit()
    {
        string path = Path.Combine(_folder, "fit.ckpt");
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviOptions options = new() { Iterations = 3_000, Seed = 5, Checkpoint = new CheckpointOptions(path, Every: 500), Convergence = new RelativeElboChange(1e-6) };

        // Stop at 1,700: the last checkpoint is at 1,500, so 200 steps are done again after the resume.
        CancelResumeAndCompare(model, options, 1_700);
    }

    [Fact]
    public void A_fit_of_the_default_schedule_cancelled_and_resumed_equals_the_uninterrupted_fit()
    {
        // The standardised schedule (no Iterations): its MAP start, curvature coordinates and block averages must come
        // back from the checkpoint as they were. The seed network runs to its cap here (3,000 steps).
        string path = Path.Combine(_folder, "default.ckpt");
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviOptions options = new() { MaxIterations = 3_000, Seed = 5, Checkpoint = new CheckpointOptions(path, Every: 500), ParetoKDraws = 0 };
        Assert.Equal(AdviSchedule.Standardized, options.EffectiveSchedule);

        CancelResumeAndCompare(model, options, 1_700);
    }

    /// <summary>
    /// Cancels the fit at step <paramref name="cancelAt"/>, resumes it from its checkpoint and checks the result is the
    /// fit run straight through, bit for bit; returns that fit. <paramref name="between"/> looks at the checkpoint left.
    /// </summary>
    private static AdviFit<float> CancelResumeAndCompare(SeedFloat model, AdviOptions options, int cancelAt, Action? between = null)
    {
        using (var cancel = new CancellationTokenSource())
        {
            AdviFit<float> interrupted = model.Fit(options with { Progress = new CancelAt(cancelAt, cancel) }, cancel.Token);
            Assert.Equal(StopReason.Cancelled, interrupted.StopReason);
        }

        between?.Invoke();
        AdviFit<float> resumed = model.Fit(options);
        AdviFit<float> straight = model.Fit(options with { Checkpoint = null });
        Assert.Equal(straight.Iterations, resumed.Iterations);
        Assert.Equal(straight.Mean.ToArray(), resumed.Mean.ToArray());
        Assert.Equal(straight.Rho.ToArray(), resumed.Rho.ToArray());
        Assert.Equal(straight.Elbo, resumed.Elbo);
        return straight;
    }

    [Fact]
    public void A_corrupted_or_foreign_checkpoint_is_refused()
    {
        string path = Path.Combine(_folder, "fit.ckpt");
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviOptions options = new() { Iterations = 1_000, Seed = 5, Checkpoint = new CheckpointOptions(path, Every: 300) };
        model.Fit(options);

        var other = Assert.Throws<InvalidOperationException>(() => model.Fit(options with { Seed = 6 }));
        Assert.Contains("a different seed (the checkpoint's 5, this fit's 6)", other.Message, StringComparison.Ordinal);

        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var corrupt = Assert.Throws<InvalidDataException>(() => model.Fit(options));
        Assert.Contains("corrupted", corrupt.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        Assert.Throws<InvalidDataException>(() => model.Fit(options));
    }

    [Fact]
    public void A_checkpoint_of_a_fit_on_other_data_is_refused_naming_the_data()
    {
        string path = Path.Combine(_folder, "fit.ckpt");
        AdviOptions options = new() { Iterations = 1_000, Seed = 5, Checkpoint = new CheckpointOptions(path, Every: 300) };
        new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(options);

        // The same program on new data (the held-out rows): same model type, seed and options.
        var refused = Assert.Throws<InvalidOperationException>(() => new SeedFloat(Seed.TestX, Seed.TestY).Fit(options));
        Assert.Contains("a fit on different data", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"{Seed.TrainY.Length} rows", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"{Seed.TestY.Length} rows", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("different seed", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("different model", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("different options", refused.Message, StringComparison.Ordinal);

        // The same number of rows with one value changed is other data too.
        float[] y = (float[])Seed.TrainY.Clone();
        y[17] = 1 - y[17];
        var oneValue = Assert.Throws<InvalidOperationException>(() => new SeedFloat(Seed.TrainX, y).Fit(options));
        Assert.Contains("a fit on different data", oneValue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mismatch_names_what_differs_model_seed_or_options()
    {
        string path = Path.Combine(_folder, "fit.ckpt");
        AdviOptions options = new() { Iterations = 1_000, Seed = 5, Checkpoint = new CheckpointOptions(path, Every: 300) };
        new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(options);

        var model = Assert.Throws<InvalidOperationException>(() => new SeedDouble(ToDouble(Seed.TrainX), [.. Seed.TrainY.Select(v => (double)v)]).Fit(options));
        Assert.Contains("a different model", model.Message, StringComparison.Ordinal);

        var cap = Assert.Throws<InvalidOperationException>(() => new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(options with { Iterations = 2_000, ElboSamples = 50 }));
        Assert.Contains("different options", cap.Message, StringComparison.Ordinal);
        Assert.Contains("Iterations (the checkpoint's 1000, this fit's 2000)", cap.Message, StringComparison.Ordinal);
        Assert.Contains("ElboSamples (the checkpoint's 100, this fit's 50)", cap.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("different data", cap.Message, StringComparison.Ordinal);

        // A starting approximation is an option too: a checkpoint of a fit from one start is not another start's.
        var start = Assert.Throws<InvalidOperationException>(() => new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(options with { InitialMean = new double[40], InitialScale = Enumerable.Repeat(0.5, 40).ToArray() }));
        Assert.Contains("different options", start.Message, StringComparison.Ordinal);
        Assert.Contains("InitialScale (the checkpoint's not set", start.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finished_checkpoint_gives_the_finished_fit_without_running_again()
    {
        string path = Path.Combine(_folder, "fit.ckpt");
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviOptions options = new() { Iterations = 1_000, Seed = 5, Checkpoint = new CheckpointOptions(path, Every: 300) };
        AdviFit<float> first = model.Fit(options);

        var reports = new CountReports();
        AdviFit<float> loaded = new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(options with { Progress = reports });
        Assert.Equal(0, reports.Count);
        Assert.NotNull(loaded.Message);
        Assert.StartsWith($"Loaded from the finished checkpoint '{path}'", loaded.Message, StringComparison.Ordinal);
        Assert.Equal(first.Iterations, loaded.Iterations);
        Assert.Equal(first.StopReason, loaded.StopReason);
        Assert.Equal(first.Mean.ToArray(), loaded.Mean.ToArray());
        Assert.Equal(first.Rho.ToArray(), loaded.Rho.ToArray());
        Assert.Equal(first.Elbo, loaded.Elbo);
        Assert.Equal(first.ParetoK, loaded.ParetoK);
        Assert.Equal(first.Seed, loaded.Seed);
    }

    [Fact]
    public void A_fit_given_no_seed_resumes_with_the_checkpoints_seed()
    {
        string path = Path.Combine(_folder, "unseeded.ckpt");
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviOptions options = new() { Iterations = 1_000, Checkpoint = new CheckpointOptions(path, Every: 300) };
        ulong seed;
        using (var cancel = new CancellationTokenSource())
        {
            AdviFit<float> interrupted = model.Fit(options with { Progress = new CancelAt(700, cancel) }, cancel.Token);
            Assert.Equal(StopReason.Cancelled, interrupted.StopReason);
            seed = interrupted.Seed;
        }

        // Its own random seed would refuse the checkpoint; it takes the checkpoint's and ends as the seeded fit does.
        AdviFit<float> resumed = model.Fit(options);
        Assert.Equal(seed, resumed.Seed);
        AdviFit<float> straight = model.Fit(options with { Seed = seed, Checkpoint = null });
        Assert.Equal(straight.Mean.ToArray(), resumed.Mean.ToArray());
        Assert.Equal(straight.Elbo, resumed.Elbo);

        // A seed given explicitly must still match.
        var other = Assert.Throws<InvalidOperationException>(() => model.Fit(options with { Seed = seed + 1 }));
        Assert.Contains("a different seed", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_of_a_minibatch_fit_on_another_source_is_refused_naming_the_data()
    {
        string path = Path.Combine(_folder, "batches.ckpt");
        AdviOptions options = new() { Iterations = 600, Seed = 5, Checkpoint = new CheckpointOptions(path, Every: 200) };
        new SeedFloat().Fit(InMemoryBatches<float>.WithReplacement(Seed.TrainX, Seed.TrainY, 50, seed: 1), options);

        var refused = Assert.Throws<InvalidOperationException>(() => new SeedFloat().Fit(InMemoryBatches<float>.WithReplacement(Seed.TestX, Seed.TestY, 50, seed: 1), options));
        Assert.Contains("a fit on different data", refused.Message, StringComparison.Ordinal);

        AdviFit<float> loaded = new SeedFloat().Fit(InMemoryBatches<float>.WithReplacement(Seed.TrainX, Seed.TrainY, 50, seed: 1), options);
        Assert.StartsWith("Loaded from the finished checkpoint", loaded.Message, StringComparison.Ordinal);

        // A stream that cannot say what it streams cannot be checked, so it cannot be checkpointed until it is named.
        using var stream = StreamBatches<float>.FromBatches([(Seed.TrainX, Seed.TrainY)], Seed.TrainY.Length, Seed.TrainY.Length, 2);
        var unnamed = Assert.Throws<ArgumentException>(() => new SeedFloat().Fit(stream, options with { Checkpoint = new CheckpointOptions(Path.Combine(_folder, "stream.ckpt")) }));
        Assert.Contains("Identity", unnamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_of_the_old_format_is_refused_clearly()
    {
        // Format version 1: "MGCK", version 1, a fingerprint string, then (here, cut short) the state; FNV-1a 64 checksum.
        string path = Path.Combine(_folder, "old.ckpt");
        using (var buffer = new MemoryStream())
        {
            using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                w.Write(0x4B43474Du);
                w.Write(1);
                w.Write("SeedFloat|float|…");
                w.Write(300);
            }

            ulong hash = 14695981039346656037UL;
            foreach (byte b in buffer.ToArray())
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            buffer.Write(BitConverter.GetBytes(hash));
            File.WriteAllBytes(path, buffer.ToArray());
        }

        var old = Assert.Throws<InvalidDataException>(() => new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(new AdviOptions { Iterations = 10, Seed = 5, Checkpoint = new CheckpointOptions(path) }));
        Assert.Contains("format version 1", old.Message, StringComparison.Ordinal);
        Assert.Contains("Delete it", old.Message, StringComparison.Ordinal);
    }

    private static double[,] ToDouble(float[,] x)
    {
        var result = new double[x.GetLength(0), x.GetLength(1)];
        for (int r = 0; r < x.GetLength(0); r++)
        {
            for (int c = 0; c < x.GetLength(1); c++)
            {
                result[r, c] = x[r, c];
            }
        }

        return result;
    }

    [Fact]
    public void A_fit_killed_mid_run_resumes_from_its_checkpoint_with_the_uninterrupted_answer()
    {
        string checkpoint = Path.Combine(_folder, "child.ckpt");
        string result = Path.Combine(_folder, "child.txt");
        string assembly = typeof(ChildProcess).Assembly.Location;

        // First run: SIGKILL once a checkpoint exists (≥ 500 of 30,000 steps done), wherever the child then is.
        using (Process child = Start(assembly, checkpoint, result))
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(checkpoint) && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(10);
            }

            Assert.False(child.HasExited, "the child finished before it could be killed: raise ChildProcess.Iterations");
            child.Kill();
            child.WaitForExit();
        }

        Assert.True(File.Exists(checkpoint));
        Assert.False(File.Exists(result));

        // Second run: resumes from the checkpoint and finishes.
        using (Process child = Start(assembly, checkpoint, result))
        {
            Assert.True(child.WaitForExit(120_000), "the resumed child did not finish");
            Assert.True(child.ExitCode == 0, child.StandardError.ReadToEnd());
        }

        float[] resumed = File.ReadAllLines(result).Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        float[] straight = new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(ChildProcess.Options(null)).Mean.ToArray();
        Assert.Equal(straight, resumed);
    }

    private static Process Start(string assembly, string checkpoint, string result)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { assembly, "resume-child", checkpoint, result })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child fit");
    }

    // A checkpoint kept in a store of bytes (grain state, a database row) rather than a file: the same format, so a fit
    // resumed from the store is bit for bit the uninterrupted fit, and the store's bytes are the file's bytes.
    [Fact]
    public void A_fit_cancelled_and_resumed_from_a_store_equals_the_uninterrupted_fit()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        var store = new MemoryStore();
        AdviOptions options = new() { Iterations = 2_000, Seed = 5, Checkpoint = new CheckpointOptions(store, every: 500) };

        // Stop at 1,200: the store's last checkpoint is at 1,000 (written at 500 and 1,000; a cancelled fit writes no
        // final one), so 200 steps are done again after the resume.
        AdviFit<float> straight = CancelResumeAndCompare(model, options, 1_200, () => Assert.Equal(2, store.Writes));

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

    private sealed class CountReports : IProgress<AdviProgress>
    {
        public int Count { get; private set; }

        public void Report(AdviProgress value) => Count++;
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
