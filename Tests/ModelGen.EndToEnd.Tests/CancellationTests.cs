using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;

namespace ModelGen.EndToEnd.Tests;

/// <summary>A cancelled fit stops within one iteration and keeps a usable result.</summary>
public sealed class CancellationTests
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    [Fact]
    public void Cancellation_stops_within_one_iteration_and_the_partial_fit_predicts()
    {
        using var cancel = new CancellationTokenSource();
        var stopAt500 = new CancelAt(500, cancel);
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = 50_000, Seed = 1, ElboEvery = 100, Progress = stopAt500 }, cancel.Token);

        // Cancelled during the report after step 500: step 501 never starts.
        Assert.Equal(StopReason.Cancelled, fit.StopReason);
        Assert.Equal(500, fit.Iterations);
        PosteriorPredictive p = model.Predict(Seed.TestX, fit.Sample(200));
        Assert.All(p.Mean, m => Assert.InRange(m, 0, 1));

        // The partial state is the state an uncancelled 500-step fit with the same seed reaches.
        AdviFit<float> reference = model.Fit(new AdviOptions { Iterations = 500, Seed = 1, ElboEvery = 100 });
        Assert.Equal(reference.Mean.ToArray(), fit.Mean.ToArray());
    }

    [Fact]
    public void A_fit_cancelled_before_its_first_step_says_nothing_was_learned()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = 1_000, Seed = 1 }, cancel.Token);

        Assert.Equal(StopReason.Cancelled, fit.StopReason);
        Assert.Equal(0, fit.Iterations);
        Assert.NotNull(fit.Message);
        Assert.Contains("before its first step", fit.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was learned", fit.Message, StringComparison.Ordinal);
        Assert.Contains("random starting point", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fit_cancelled_part_way_says_how_far_it_got()
    {
        using var cancel = new CancellationTokenSource();
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = 5_000, Seed = 1, ElboEvery = 100, Progress = new CancelAt(300, cancel) }, cancel.Token);

        Assert.Equal(300, fit.Iterations);
        Assert.NotNull(fit.Message);
        Assert.Contains("Cancelled after 300 of 5000 iterations", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_search_cancelled_before_its_first_iteration_says_nothing_was_learned()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        MapResult<float> map = model.Map(new MapOptions { Seed = 1 }, cancel.Token);

        Assert.Equal(MapStopReason.Cancelled, map.StopReason);
        Assert.Equal(0, map.Iterations);
        Assert.Contains("before its first iteration", map.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was learned", map.Message, StringComparison.Ordinal);
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
