using ModelGen.Draws;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;

namespace ModelGen.EndToEnd.Tests;

/// <summary>Fits and predictions on many threads at once give what they give alone.</summary>
public sealed class ConcurrencyTests
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    [Fact]
    public void Parallel_fits_of_one_model_and_of_different_models_equal_the_fits_run_alone()
    {
        var shared = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviOptions Options(int k) => new() { Iterations = 1_500, Seed = (ulong)(100 + k) };
        float[][] alone = Enumerable.Range(0, 8).Select(k => shared.Fit(Options(k)).Mean.ToArray()).ToArray();

        var together = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            // Even k: the one shared model instance; odd k: a model of its own.
            SeedFloat model = k % 2 == 0 ? shared : new SeedFloat(Seed.TrainX, Seed.TrainY);
            together[k] = model.Fit(Options(k)).Mean.ToArray();
        });

        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(alone[k], together[k]);
        }
    }

    [Fact]
    public void One_posterior_predicts_from_many_threads_at_once()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        Draws<float> draws = model.Fit(new AdviOptions { Iterations = 1_000, Seed = 3 }).Sample(300);
        PosteriorPredictive alone = model.Predict(Seed.TestX, draws);
        var results = new PosteriorPredictive[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k => results[k] = model.Predict(Seed.TestX, draws));
        Assert.All(results, r =>
        {
            Assert.Equal(alone.Mean, r.Mean);
            Assert.Equal(alone.StandardDeviation, r.StandardDeviation);
        });
    }
}
