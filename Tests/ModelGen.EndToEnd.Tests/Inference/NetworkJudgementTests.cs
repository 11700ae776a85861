using System.Numerics;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Samples.HierarchicalMoons;
using ModelGen.Samples.Moons;
using ModelGen.Samples.MultiClass;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>
/// The networks at ADVI's default judged as the study judges them (docs/advi-defaults.md, "Networks: right against their own
/// basin"): a network's posterior has many modes, so a fit is compared with the optimum of its own basin by what the modes
/// share, the ELBO. Right: the fit's ELBO within 0.015·d nats of its basin's optimum (the tolerance, 0.1 optimum sds in
/// a mean and 10 % in an sd, in nats: δ²/2 + (r² − 1)/2 − log r at δ = 0.1, r = 1.1). The optima are the study's (Samples/AdviStudy
/// --judge: the same seed's start, then Adam at 0.002 for 150,000 steps, the last 5,000 iterates averaged), written here; the
/// fit's ELBO is estimated below from its definition, E_q[log p(θ) − log q(θ)] over 4,000 draws.
/// </summary>
public sealed class NetworkJudgementTests(ITestOutputHelper output)
{
    private const double NatsPerCoordinate = 0.015;
    private const int Cap = 50_000;
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    /// <summary>
    /// Seeds 2 and 4 of the seed network: with the plateau stop after 10,000 iterations they stopped on a flat stretch their
    /// ELBO later left, 3.7 and 3.9 nats below their basin's optimum (tolerance 0.6). Seeds 1 and 5 of the hierarchical network:
    /// their ELBO was flat from 8,000 iterations on, but their window's average, known to 0.33 posterior sds at 10,000 iterations
    /// (0.06–0.15 later), never qualified for the plateau stop (0.35) nor for the rule (0.025), so they ran to the 50,000 cap.
    /// The optima's ELBOs are the study's.
    /// </summary>
    [Theory]
    [InlineData("seed", 2, -113.68)]
    [InlineData("seed", 4, -113.56)]
    [InlineData("hierarchical", 1, -102.40)]
    [InlineData("hierarchical", 5, -102.60)]
    public void A_moons_network_at_the_default_stops_on_its_plateau_before_the_cap_at_its_basins_elbo(string network, ulong seed, double optimum)
    {
        var options = new AdviOptions { Seed = seed };
        AdviFit<float> fit;
        Func<float[], float> logDensity;
        if (network == "seed")
        {
            var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
            (fit, logDensity) = (model.Fit(options), t => model.LogDensity(t));
        }
        else
        {
            var model = new HierarchicalMoonsNetwork(Seed.TrainX, Seed.TrainY);
            (fit, logDensity) = (model.Fit(options), t => model.LogDensity(t));
        }

        AssertStoppedOnThePlateau(fit);
        AssertNearItsBasin(fit, logDensity, optimum);
    }

    /// <summary>
    /// The multi-class network (2-12-12-3, 231 parameters) on the study's data: stops before the cap, says it did not converge,
    /// predicts 600 held-out rows about as well as the study's 20 seeds (85.2–88.0 % at the default), and reaches its basin's ELBO.
    /// Seed 1 did all of this before the fourth round too (10,000 iterations, 1.5 nats below its basin's optimum against 0.8 now):
    /// this test guards the behaviour; the seed the change took off the cap (seed 10: 47,500 iterations) is too slow for a test.
    /// </summary>
    [Fact]
    public void The_multi_class_network_at_the_default_stops_before_the_cap_predicts_and_reaches_its_basins_elbo()
    {
        (float[,] x, float[] y, float[,] testX, float[] testY) = SpiralData();
        var model = new SpiralNetwork(x, y);
        AdviFit<float> fit = model.Fit(new AdviOptions { Seed = 1 });
        double accuracy = model.Predict(testX, fit.Sample(400, 7)).Accuracy<float>(testY);
        output.WriteLine($"held-out accuracy {accuracy:P1}");
        AssertStoppedOnThePlateau(fit);

        // The study's lowest, 85.2 %, less two binomial sds of an accuracy near 86 % on 600 rows (1.4 points each).
        Assert.True(accuracy >= 0.824, $"held-out accuracy {accuracy:P1}");
        AssertNearItsBasin(fit, t => model.LogDensity(t), MultiClassOptimum);
    }

    // The study's basin optimum of seed 1 (Samples/AdviStudy --models multi-class --judge 1): −419.70 ± 0.38 nats, held-out 87.5 %.
    private const double MultiClassOptimum = -419.70;

    private void AssertStoppedOnThePlateau<T>(AdviFit<T> fit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        output.WriteLine($"{fit.StopReason} after {fit.Iterations} iterations, {fit.GradientEvaluations} gradients; {fit.Message}");
        Assert.True(fit.Iterations < Cap, $"{fit.Iterations} iterations: the fit ran to its cap");
        Assert.Equal(StopReason.ChecksFailed, fit.StopReason);
        Assert.False(fit.Converged);
        Assert.Contains("plateau", fit.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Converged", fit.Message, StringComparison.Ordinal);
    }

    private void AssertNearItsBasin<T>(AdviFit<T> fit, Func<T[], T> logDensity, double optimum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int draws = 4_000;
        int d = fit.Mean.Length;
        T[] theta = fit.SampleUnconstrained(draws, 0xE1B0);
        var one = new T[d];
        double sum = 0;
        for (int k = 0; k < draws; k++)
        {
            theta.AsSpan(k * d, d).CopyTo(one);
            sum += double.CreateChecked(logDensity(one)) - fit.LogApproximation(one);
        }

        double elbo = sum / draws;
        double tolerance = NatsPerCoordinate * d;
        output.WriteLine($"ELBO {elbo:F2}, its basin's optimum {optimum:F2}, gap {optimum - elbo:F2} (tolerance {tolerance:F2} nats, d = {d})");
        Assert.True(optimum - elbo <= tolerance, $"the ELBO {elbo:F2} is {optimum - elbo:F2} nats below its basin's optimum {optimum:F2}; the tolerance is {tolerance:F2}");
    }

    /// <summary>The study's multi-class data: 600 rows to fit and 600 held out from the same spiral, standardised with the first's mean and sd.</summary>
    private static (float[,] X, float[] Y, float[,] TestX, float[] TestY) SpiralData()
    {
        const ulong dataSeed = 20_261_207;
        (double[,] all, int[] labels) = Spiral.Draw(600, dataSeed + 5);
        (double[,] held, int[] heldLabels) = Spiral.Draw(600, dataSeed + 55);
        var x = new float[600, 2];
        var testX = new float[600, 2];
        for (int c = 0; c < 2; c++)
        {
            double mean = Enumerable.Range(0, 600).Average(r => all[r, c]);
            double sd = Math.Sqrt(Enumerable.Range(0, 600).Sum(r => (all[r, c] - mean) * (all[r, c] - mean)) / 599);
            for (int r = 0; r < 600; r++)
            {
                x[r, c] = (float)((all[r, c] - mean) / sd);
                testX[r, c] = (float)((held[r, c] - mean) / sd);
            }
        }

        return (x, Array.ConvertAll(labels, l => (float)l), testX, Array.ConvertAll(heldLabels, l => (float)l));
    }
}
