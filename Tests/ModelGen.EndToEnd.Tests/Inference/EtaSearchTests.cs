using ModelGen.Inference;
using ModelGen.Optimizers;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>Stan's step-size search (<see cref="StanAdaptive"/> with no η): a sensible, reproducible choice.</summary>
public sealed class EtaSearchTests(ITestOutputHelper output)
{
    // Independent normals away from the start: μ = (6, −4), sd = (0.5, 2). Far from the mode Stan's steps are about
    // η/√t long, so η = 100 throws μ₀ around by hundreds of sds, and η = 0.01 cannot travel 6 units in thousands of
    // steps (Σ 0.01/√t ≈ 0.02 √T); η = 1 covers about 2√50 ≈ 14 units in the search's 50 steps.
    private static readonly double[] Location = [6, -4];
    private static readonly double[] Scale = [0.5, 2];

    private static FunctionDensity Target() => new(2, static (theta, gradient) =>
    {
        double value = -20;
        for (int i = 0; i < 2; i++)
        {
            double z = (theta[i] - Location[i]) / Scale[i];
            gradient[i] = -z / Scale[i];
            value += (-0.5 * z * z) - Math.Log(Scale[i]) - (0.5 * Math.Log(2 * Math.PI));
        }

        return value;
    });

    /// <summary>
    /// The target is Gaussian, so the optimal q is the target itself and its ELBO is exactly −20 (log p − log q = −20
    /// for every draw). The adapted fit must converge by Stan's default rule (relative ELBO change 0.01, i.e. 0.2 nats
    /// here; the 100-draw ELBO estimates themselves vary by about 0.1 nats near the optimum), with μ within 0.5 sd of
    /// the truth and σ within 25 % (the rule stops on a small change, not at the optimum). Fixed-η fits of the same
    /// length at the two ends of the sequence must end with a lower ELBO, by more than 4 standard errors of the
    /// difference of the two 4,000-draw estimates, or the model would not test the search.
    /// </summary>
    [Fact]
    public void The_search_picks_a_sensible_eta_and_the_fit_converges()
    {
        var model = new FlatModel("FarGaussian", 2);
        // Stan's ADVI (its start, search, steps and rule): the search is what is tested here.
        var options = AdviOptions.Stan with { Seed = 17, MaxIterations = 20_000 };
        FunctionDensity density = Target();
        AdviFit<double> fit = Advi.Fit<FunctionDensity, double>(ref density, model, options);
        double[] sd = fit.StandardDeviation();
        output.WriteLine($"eta {fit.AdaptedEta}, {fit.StopReason} after {fit.Iterations}: μ = ({fit.Mean[0]:F4}, {fit.Mean[1]:F4}), σ = ({sd[0]:F4}, {sd[1]:F4}), ELBO {fit.Elbo[^1].Value:F3}; {fit.Message}");

        Assert.NotNull(fit.AdaptedEta);
        Assert.Contains(fit.AdaptedEta!.Value, StanAdaptive.EtaSequence);
        Assert.InRange(fit.AdaptedEta.Value, 0.1, 10);
        Assert.Equal(StopReason.Converged, fit.StopReason);
        Assert.Contains("eta =", fit.Message, StringComparison.Ordinal);
        for (int i = 0; i < 2; i++)
        {
            Assert.True(Math.Abs(fit.Mean[i] - Location[i]) < 0.5 * Scale[i], $"μ{i} = {fit.Mean[i]} vs {Location[i]}");
            Assert.True(Math.Abs((sd[i] / Scale[i]) - 1) < 0.25, $"σ{i} = {sd[i]} vs {Scale[i]}");
        }

        (double adapted, double adaptedError) = FinalElbo(fit);
        foreach (double eta in new[] { 100.0, 0.01 })
        {
            AdviFit<double> fixedFit = Advi.Fit<FunctionDensity, double>(ref density, model, options with { Optimizer = new StanAdaptive(eta), Iterations = fit.Iterations, Convergence = null });
            (double elbo, double error) = FinalElbo(fixedFit);
            output.WriteLine($"fixed eta {eta}: μ = ({fixedFit.Mean[0]:F4}, {fixedFit.Mean[1]:F4}), ELBO {elbo:F3} ± {error:F3} vs adapted {adapted:F3} ± {adaptedError:F3}");
            double margin = 4 * Math.Sqrt((error * error) + (adaptedError * adaptedError));
            Assert.True(elbo < adapted - margin, $"eta {eta} should end below the adapted fit by more than {margin:F3}: {elbo} vs {adapted}");
        }
    }

    [Fact]
    public void Same_seed_same_eta_and_same_fit()
    {
        var model = new FlatModel("FarGaussian", 2);
        var options = new AdviOptions { Seed = 23, Optimizer = new StanAdaptive(), Iterations = 2_000 };
        FunctionDensity density = Target();
        AdviFit<double> first = Advi.Fit<FunctionDensity, double>(ref density, model, options);
        AdviFit<double> second = Advi.Fit<FunctionDensity, double>(ref density, model, options);
        Assert.NotNull(first.AdaptedEta);
        Assert.Equal(first.AdaptedEta, second.AdaptedEta);
        Assert.Equal(first.Mean.ToArray(), second.Mean.ToArray());
        Assert.Equal(first.Elbo, second.Elbo);

        // A given η skips the search.
        AdviFit<double> given = Advi.Fit<FunctionDensity, double>(ref density, model, options with { Optimizer = new StanAdaptive(1.0) });
        Assert.Null(given.AdaptedEta);
    }

    [Fact]
    public void Without_a_fit_an_unset_eta_cannot_step()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new StanAdaptive().CreateState<double>(4));
        Assert.Contains("Eta", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StanAdaptive(-1).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new StanAdaptive(AdaptIterations: 0).Validate());
    }

    /// <summary>
    /// Stan's sequence by hand for two steps on one coordinate: s₁ = g₁², x₁ = x₀ + η g₁/(1 + |g₁|);
    /// s₂ = 0.9 s₁ + 0.1 g₂², x₂ = x₁ + (η/√2) g₂/(1 + √s₂).
    /// </summary>
    [Fact]
    public void The_step_is_stans_sequence()
    {
        OptimizerState<double> state = new StanAdaptive(0.5).CreateState<double>(1);
        double[] x = [1.0];
        state.Step(x, [2.0]);
        Assert.Equal(1.0 + (0.5 * 2.0 / 3.0), x[0], 15);
        double s2 = (0.9 * 4.0) + (0.1 * 9.0);
        double expected = x[0] + (0.5 / Math.Sqrt(2) * -3.0 / (1 + Math.Sqrt(s2)));
        state.Step(x, [-3.0]);
        Assert.Equal(expected, x[0], 15);
    }

    /// <summary>
    /// The state a checkpoint keeps is the whole state: saved after 7 steps and loaded into a fresh state, the next
    /// steps are bit for bit those of the original; Reset returns to the fresh state (t = 1 again, s = 0).
    /// </summary>
    [Fact]
    public void The_state_saves_loads_and_resets_exactly()
    {
        var options = new StanAdaptive(0.3);
        OptimizerState<double> original = options.CreateState<double>(5);
        var rng = new Random.Rng(8);
        var x = new double[5];
        var g = new double[5];
        for (int t = 0; t < 7; t++)
        {
            rng.FillNormal(g.AsSpan());
            original.Step(x, g);
        }

        var saved = new double[original.StateLength];
        original.SaveState(saved);
        Assert.Equal(6, saved.Length);
        Assert.Equal(7, saved[0]);
        OptimizerState<double> restored = options.CreateState<double>(5);
        restored.LoadState(saved);
        double[] y = (double[])x.Clone();
        for (int t = 0; t < 5; t++)
        {
            rng.FillNormal(g.AsSpan());
            original.Step(x, g);
            restored.Step(y, g);
        }

        Assert.Equal(x, y);

        restored.Reset();
        OptimizerState<double> fresh = options.CreateState<double>(5);
        double[] a = [1, 2, 3, 4, 5];
        double[] b = [1, 2, 3, 4, 5];
        restored.Step(a, g);
        fresh.Step(b, g);
        Assert.Equal(b, a);
    }

    /// <summary>The ELBO of the fit's final state from 4,000 draws of log p − log q, with its standard error.</summary>
    private static (double Value, double StandardError) FinalElbo(AdviFit<double> fit)
    {
        const int count = 4_000;
        FunctionDensity density = Target();
        double[] theta = fit.SampleUnconstrained(count, seed: 99);
        var terms = new double[count];
        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<double> draw = theta.AsSpan(k * 2, 2);
            terms[k] = density.LogDensity(draw) - fit.LogApproximation(draw);
        }

        double mean = terms.Average();
        double variance = terms.Sum(t => (t - mean) * (t - mean)) / (count - 1);
        return (mean, Math.Sqrt(variance / count));
    }
}
