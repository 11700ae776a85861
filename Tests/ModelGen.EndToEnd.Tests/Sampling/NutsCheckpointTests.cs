using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Sampling;

/// <summary>NUTS checkpoints: a run cancelled mid-warm-up or mid-sampling and resumed gives the uninterrupted run's draws bit for bit.</summary>
public sealed class NutsCheckpointTests
{
    private static readonly NutsOptions Options = new() { Chains = 3, Warmup = 300, Draws = 200, Seed = 21, MaxDegreeOfParallelism = 3 };

    [Theory]
    [InlineData(2)] // the first saves of the chains: every chain stops in its warm-up
    [InlineData(6)] // past the warm-up (300 of 500 iterations at 100 a save): chains stop while keeping draws
    public void A_run_cancelled_and_resumed_equals_the_uninterrupted_run(int cancelAfterWrites)
    {
        NoiseRegressionModel model = Model();
        NutsFit<double> straight = model.Nuts(Options);

        var store = new MemoryStore();
        using (var cancel = new CancellationTokenSource())
        {
            store.AfterWrite = writes =>
            {
                if (writes == cancelAfterWrites)
                {
                    cancel.Cancel();
                }
            };
            NutsOptions interrupted = Options with { Checkpoint = new CheckpointOptions(store, every: 100) };
            Assert.ThrowsAny<OperationCanceledException>(() => model.Nuts(interrupted, cancel.Token));
        }

        // The run stopped before its end: some chain's state is short of its 500 iterations.
        Assert.True(store.Writes < 3 * 5, $"{store.Writes} writes");
        store.AfterWrite = null;
        int before = store.Writes;
        NutsFit<double> resumed = model.Nuts(Options with { Checkpoint = new CheckpointOptions(store, every: 100) });
        // It went on from the saved states: a run from the start writes 15 times (each chain at 100, 200, 300, 400 and its end).
        Assert.InRange(store.Writes - before, 1, 14);
        ModelGen.Tests.Shared.NutsAssert.Same(straight, resumed);

        // Finished: the same run again samples nothing (no write) and gives the same draws from the checkpoint.
        int writes = store.Writes;
        NutsFit<double> again = model.Nuts(Options with { Checkpoint = new CheckpointOptions(store, every: 100) });
        Assert.Equal(writes, store.Writes);
        ModelGen.Tests.Shared.NutsAssert.Same(straight, again);
    }

    [Fact]
    public void A_checkpoint_of_other_options_or_an_advi_fit_is_refused_saying_why()
    {
        NoiseRegressionModel model = Model();
        var store = new MemoryStore();
        model.Nuts(Options with { Warmup = 50, Draws = 20, Checkpoint = new CheckpointOptions(store, every: 10) });
        var other = Assert.Throws<InvalidOperationException>(() => model.Nuts(Options with { Warmup = 60, Draws = 20, Checkpoint = new CheckpointOptions(store, every: 10) }));
        Assert.Contains("The NUTS checkpoint 'memory' was written by different options: Warmup (the checkpoint's 50, this fit's 60)", other.Message, StringComparison.Ordinal);

        var advi = new MemoryStore();
        model.Fit(new AdviOptions { Iterations = 200, Seed = 1, Checkpoint = new CheckpointOptions(advi, every: 100) });
        var wrong = Assert.Throws<InvalidDataException>(() => model.Nuts(Options with { Checkpoint = new CheckpointOptions(advi, every: 10) }));
        Assert.Equal("The checkpoint 'memory' is an ADVI fit's, not a NUTS run's; give NutsOptions.Checkpoint a path of its own.", wrong.Message);
    }

    /// <summary>40 rows of y = x·(1, −2, 0.5) + 0.3 + N(0, 0.7²): a learned noise scale, so the log transform and its Jacobian are in the chains.</summary>
    private static NoiseRegressionModel Model()
    {
        var rng = new Rng(3);
        var x = new double[40, 3];
        var y = new double[40];
        for (int r = 0; r < 40; r++)
        {
            for (int j = 0; j < 3; j++)
            {
                x[r, j] = rng.NextNormal();
            }

            y[r] = x[r, 0] - (2 * x[r, 1]) + (0.5 * x[r, 2]) + 0.3 + (0.7 * rng.NextNormal());
        }

        return new NoiseRegressionModel(x, y);
    }

    private sealed class MemoryStore : ICheckpointStore
    {
        public byte[]? Bytes { get; private set; }

        public int Writes { get; private set; }

        public Action<int>? AfterWrite { get; set; }

        public string Name => "memory";

        public byte[]? Read() => Bytes?.ToArray();

        public void Write(ReadOnlySpan<byte> checkpoint)
        {
            Bytes = checkpoint.ToArray();
            Writes++;
            AfterWrite?.Invoke(Writes);
        }
    }
}
