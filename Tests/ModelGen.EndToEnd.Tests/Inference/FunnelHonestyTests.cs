using ModelGen.Inference;
using ModelGen.Samples.EightSchools;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>
/// Centred eight schools (Rubin's data, Samples/EightSchools linked), the funnel in which mean-field's τ drifts towards its
/// optimum slower than the averaged-iterates rule's window can see: at the default, a fit may stop away from the optimum, but
/// it must then not say "Converged" (docs/advi-defaults.md, "Never Converged when wrong").
/// </summary>
public sealed class FunnelHonestyTests(ITestOutputHelper output)
{
    // The mean-field optimum of centred eight schools in the unconstrained coordinates [μ, log τ, θ₁ … θ₈]: the study's run A,
    // 2,000,000 steps of Adam at 0.002 from the default's start, the last 1,500,000 iterates averaged, seed 1,001 (made by
    // `dotnet run -c Release --project Samples/AdviStudy -- --seeds 1 --models centred --cache DIR`, read from
    // DIR/eight-schools_-centred.A.default.json). Its run B (3,000,000 steps at 0.001) differs from it by at most 0.005
    // optimum sds in a mean and 0.13 % in an sd.
    private static readonly double[] OptimumMean = [4.280644865228042, 1.7774265567543415, 7.173091125773824, 5.167196737153416, 3.487968802507359, 4.829626846643839, 2.8115789445149364, 3.615327172756421, 7.535175451819261, 4.9606897435736865];

    private static readonly double[] OptimumSd = [1.834945614095864, 0.2410371420641301, 5.232874448444036, 4.876972696823785, 5.273582582190658, 4.985033168130673, 4.7421457777743505, 4.9775086954236425, 4.872405095310664, 5.33175676620901];

    /// <summary>
    /// The default reaches the mean-field optimum in the funnel within its cap: where log p has no mode it starts at the ELBO's
    /// optimum on fixed draws (L-BFGS from Pathfinder's approximation) rather than in the funnel's neck, where Pathfinder's
    /// approximation sits (τ about 10 optimum sds low) and from where the stochastic steps took more than the cap to climb.
    /// The tolerance is the study's "right" (0.1 optimum sds in every mean, 10 % in every sd): the study's 20 seeds at the default
    /// reach 0.09 sds and 4 % at worst (docs/advi-defaults.md); before, every seed stopped 1.3–2.2 sds off.
    /// </summary>
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void A_default_fit_of_centred_eight_schools_reaches_the_mean_field_optimum(ulong seed)
    {
        var model = new Centred(Rubin.Schools(), Rubin.Estimates);
        AdviFit<double> fit = model.Fit(new AdviOptions { Seed = seed });
        (double meanError, double sdError) = Distance(fit);
        output.WriteLine($"seed {seed}: {fit.StopReason} after {fit.Iterations}, {fit.GradientEvaluations} gradients, worst mean error {meanError:F3} optimum sds, worst sd error {sdError:P1}; {fit.Message}");
        Assert.True(meanError <= 0.1, $"a mean {meanError:F3} optimum sds from the optimum");
        Assert.True(sdError <= 0.1, $"an sd {sdError:P1} from the optimum's");
        Assert.True(fit.StopReason != StopReason.IterationLimit, "ran to the cap");
    }

    [Fact]
    public void A_default_fit_of_centred_eight_schools_says_converged_only_when_it_reached_the_optimum()
    {
        var model = new Centred(Rubin.Schools(), Rubin.Estimates);
        var wrongButConverged = new List<ulong>();
        for (ulong seed = 1; seed <= 20; seed++)
        {
            AdviFit<double> fit = model.Fit(new AdviOptions { Seed = seed });
            (double meanError, double sdError) = Distance(fit);
            bool right = meanError <= 0.1 && sdError <= 0.1;
            output.WriteLine($"seed {seed}: {fit.StopReason} after {fit.Iterations}, worst mean error {meanError:F3} optimum sds, worst sd error {sdError:P1}, right: {right}; {fit.Message}");
            if (fit.Converged && !right)
            {
                wrongButConverged.Add(seed);
            }

            if (!fit.Converged)
            {
                Assert.DoesNotContain("Converged", fit.Message, StringComparison.Ordinal);
            }
        }

        Assert.True(wrongButConverged.Count == 0, $"seeds {string.Join(", ", wrongButConverged)} said Converged while more than 0.1 optimum sds (or 10 % in an sd) from the optimum");
    }

    private static (double Mean, double Sd) Distance(AdviFit<double> fit) => OptimumDistance.Of(fit, OptimumMean, OptimumSd);
}
