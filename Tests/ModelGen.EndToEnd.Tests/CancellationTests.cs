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
