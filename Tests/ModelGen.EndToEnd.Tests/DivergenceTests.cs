using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Optimizers;
using ModelGen.Samples.Moons;

namespace ModelGen.EndToEnd.Tests;

/// <summary>Fault injection: a non-finite gradient or ELBO mid-fit is caught, rolled back and retried, or stops cleanly.</summary>
public sealed class DivergenceTests
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    private static readonly ModelInfo QuadraticInfo = new("Quadratic", "double", new[] { new ParameterBlock("Theta", 0, new EquatableShape(3), "Normal(0, 1)") });

    [Fact]
    public void A_single_non_finite_gradient_is_rolled_back_and_the_fit_recovers()
    {
        var density = new FaultyQuadratic(new Counter(), firstBad: 150, lastBad: 150);
        AdviFit<double> fit = Advi.Fit<FaultyQuadratic, double>(ref density, new Model(), new AdviOptions { Iterations = 8_000, Seed = 1, ElboEvery = 100 });
        Assert.Equal(StopReason.IterationLimit, fit.StopReason);
        Assert.Contains("Recovered from a non-finite gradient at iteration 150, first in 'Theta[3]'", fit.Message, StringComparison.Ordinal);
        Assert.All(fit.Mean.ToArray(), m => Assert.True(double.IsFinite(m)));

        // The target is N(c, 1) with c = (1, 2, 3): after the retry (rate 0.001, so about 0.001 per step) the
        // 7,900 remaining steps still bring the mean there from its N(0, 1) start.
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, fit.Mean.ToArray(), (a, b) => Math.Abs(a - b) < 0.25);
    }

    [Fact]
    public void A_density_that_stays_broken_stops_as_diverged_with_the_best_state()
    {
        var density = new FaultyQuadratic(new Counter(), firstBad: 300, lastBad: int.MaxValue);
        AdviFit<double> fit = Advi.Fit<FaultyQuadratic, double>(ref density, new Model(), new AdviOptions { Iterations = 3_000, Seed = 1, ElboEvery = 100 });
        Assert.Equal(StopReason.Diverged, fit.StopReason);
        Assert.Contains("after 3 retries", fit.Message, StringComparison.Ordinal);
        Assert.Contains("'Theta[3]'", fit.Message, StringComparison.Ordinal);
        Assert.All(fit.Mean.ToArray(), m => Assert.True(double.IsFinite(m)));
        Assert.All(fit.Rho.ToArray(), r => Assert.True(double.IsFinite(r)));
        Assert.Equal(100, fit.Sample(100).Count);
    }

    [Fact]
    public void A_huge_step_never_returns_non_finite_parameters_as_a_success()
    {
        // Steps of 1e20 overflow the float prior (θ² > 3.4e38): the ELBO turns infinite.
        var options = new AdviOptions { Iterations = 2_000, Seed = 1, Optimizer = new Adam(1e20), ElboEvery = 50 };
        AdviFit<float> fit = new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(options);
        Assert.All(fit.Mean.ToArray(), m => Assert.True(float.IsFinite(m)));
        Assert.All(fit.Rho.ToArray(), r => Assert.True(float.IsFinite(r)));
        Assert.True(fit.StopReason == StopReason.Diverged || fit.Elbo.All(p => double.IsFinite(p.Value)), $"{fit.StopReason}: {fit.Message}");
        Assert.NotNull(fit.Message);
    }

    private sealed class Counter
    {
        public int Calls;
    }

    /// <summary>log p = −½ Σ (θᵢ − cᵢ)², whose gradient is NaN in its third coordinate (Theta[3], 1-based as Stan) on calls firstBad..lastBad.</summary>
    private readonly struct FaultyQuadratic(Counter counter, int firstBad, int lastBad) : ILogDensity<double>
    {
        public int Dimension => 3;

        public double LogDensity(ReadOnlySpan<double> theta)
        {
            double sum = 0;
            for (int i = 0; i < 3; i++)
            {
                sum += -0.5 * (theta[i] - (i + 1)) * (theta[i] - (i + 1));
            }

            return sum;
        }

        public void Gradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            int call = ++counter.Calls;
            for (int i = 0; i < 3; i++)
            {
                gradient[i] = (i + 1) - theta[i];
            }

            if (call >= firstBad && call <= lastBad)
            {
                gradient[2] = double.NaN;
            }
        }

        public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            Gradient(theta, gradient);
            return LogDensity(theta);
        }

        public bool NextBatch() => true;
    }

    private sealed class Model : IModel<double>
    {
        public ModelInfo Info => QuadraticInfo;

        public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> constrained) => unconstrained.CopyTo(constrained);
    }
}
