using System.Diagnostics;
using System.Globalization;
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

        using (var cancel = new CancellationTokenSource())
        {
            // Stop at 1,700: the last checkpoint is at 1,500, so 200 steps are done again after the resume.
            AdviFit<float> interrupted = model.Fit(options with { Progress = new CancelAt(1_700, cancel) }, cancel.Token);
            Assert.Equal(StopReason.Cancelled, interrupted.StopReason);
        }

        AdviFit<float> resumed = model.Fit(options);
        AdviFit<float> straight = model.Fit(options with { Checkpoint = null });
        Assert.Equal(straight.Iterations, resumed.Iterations);
        Assert.Equal(straight.Mean.ToArray(), resumed.Mean.ToArray());
        Assert.Equal(straight.Rho.ToArray(), resumed.Rho.ToArray());
        Assert.Equal(straight.Elbo, resumed.Elbo);
    }

    [Fact]
    public void A_corrupted_or_foreign_checkpoint_is_refused()
    {
        string path = Path.Combine(_folder, "fit.ckpt");
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviOptions options = new() { Iterations = 1_000, Seed = 5, Checkpoint = new CheckpointOptions(path, Every: 300) };
        model.Fit(options);

        var other = Assert.Throws<InvalidOperationException>(() => model.Fit(options with { Seed = 6 }));
        Assert.Contains("different model, seed or options", other.Message, StringComparison.Ordinal);

        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var corrupt = Assert.Throws<InvalidDataException>(() => model.Fit(options));
        Assert.Contains("corrupted", corrupt.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        Assert.Throws<InvalidDataException>(() => model.Fit(options));
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
