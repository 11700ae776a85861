using ModelGen.Inference;
using ModelGen.Sampling;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// Warm starts (<see cref="FleetFitOptions.WarmStartFrom"/>): a fleet's fit of a key starts from the key's result in an
/// earlier fleet, and equals the solo fit started from the same values, bit for bit; a fleet that does not ask is the
/// plain solo fit.
/// </summary>
public sealed class WarmStartTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly FleetFitOptions Advi = new() { Iterations = 2_000, Seed = 13, CheckpointEvery = 500, Draws = 100, ParetoKDraws = 0 };

    private static readonly FleetFitOptions Nuts = new() { Method = FitMethod.Nuts, Chains = 2, Warmup = 150, Draws = 100, Seed = 13, CheckpointEvery = 1_000 };

    [Fact]
    public async Task An_advi_refit_starts_from_the_previous_mean_and_equals_the_solo_fit_started_there()
    {
        string[] keys = ["k500", "k501", "k502"];
        Dictionary<string, FitResult> cold = await Fit("warm-advi-a", keys, Advi);
        foreach (FitResult result in cold.Values)
        {
            // Not asked: the plain solo fit, bit for bit.
            Assert.True(result.Succeeded, result.Error);
            Assert.Null(result.WarmStartedFrom);
            Assert.Equal(LineModel.Bind(result.Key).Fit(Advi.ToAdviOptions()).Mean.ToArray(), result.Mean);
        }

        // A refit (fewer steps) from each key's previous result; "k509" has none in that fleet and fails alone, naming why.
        FleetFitOptions warmOptions = Advi with { Iterations = 500, WarmStartFrom = "warm-advi-a" };
        Dictionary<string, FitResult> warm = await Fit("warm-advi-b", [.. keys, "k509"], warmOptions);
        Assert.Equal("The fit of key 'k509' warm-starts from fleet 'warm-advi-a', which holds no fit of it.", warm["k509"].Error);
        foreach (string key in keys)
        {
            FitResult result = warm[key];
            Assert.True(result.Succeeded, result.Error);
            Assert.Equal("warm-advi-a", result.WarmStartedFrom);
            AdviOptions started = warmOptions.ToAdviOptions(cold[key]);
            Assert.Equal(cold[key].Mean, started.InitialMean!.Value.ToArray());
            Assert.Equal(cold[key].Rho.Select(r => double.LogP1(Math.Exp(r))), started.InitialScale!.Value.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-15 * b);
            AdviFit<double> solo = LineModel.Bind(key).Fit(started);
            Assert.Equal(solo.Mean.ToArray(), result.Mean);
            Assert.Equal(solo.Rho.ToArray(), result.Rho);
            Assert.Equal(solo.Elbo.Select(p => p.Value), result.Elbo);
            Assert.Equal(solo.Sample(warmOptions.Draws, warmOptions.Seed).Values.ToArray(), result.Draws);

            // The start mattered: the same 500 steps from the random start end elsewhere.
            Assert.NotEqual(LineModel.Bind(key).Fit(warmOptions.ToAdviOptions()).Mean.ToArray(), result.Mean);
        }
    }

    [Fact]
    public async Task A_nuts_refit_starts_from_the_previous_metric_and_step_size_or_an_advi_mean_and_equals_the_solo_run()
    {
        string[] keys = ["k520", "k521"];
        Dictionary<string, FitResult> cold = await Fit("warm-nuts-a", keys, Nuts);
        Dictionary<string, FitResult> advi = await Fit("warm-nuts-advi", keys, Advi);
        Dictionary<string, FitResult> fromNuts = await Fit("warm-nuts-b", keys, Nuts with { WarmStartFrom = "warm-nuts-a" });
        Dictionary<string, FitResult> fromAdvi = await Fit("warm-nuts-c", keys, Nuts with { WarmStartFrom = "warm-nuts-advi" });
        foreach (string key in keys)
        {
            // Not asked: the plain solo run, bit for bit; its adapted metrics travel with the result.
            NutsFit<double> plain = LineModel.Bind(key).Nuts(Nuts.ToNutsOptions());
            Assert.Equal(plain.Draws.Values.ToArray(), cold[key].Draws);
            Assert.Equal([.. plain.InverseMetric(0).ToArray(), .. plain.InverseMetric(1).ToArray()], cold[key].InverseMetrics);

            foreach ((FitResult result, FitResult previous) in new[] { (fromNuts[key], cold[key]), (fromAdvi[key], advi[key]) })
            {
                Assert.True(result.Succeeded, result.Error);
                NutsOptions started = Nuts.ToNutsOptions(previous);
                NutsFit<double> solo = LineModel.Bind(key).Nuts(started);
                Assert.Equal(solo.Draws.Values.ToArray(), result.Draws);
                Assert.Equal(solo.StepSizes.ToArray(), result.StepSizes);
                Assert.NotEqual(plain.Draws.Values.ToArray(), result.Draws);
            }

            // From a NUTS run: the chains' mean step size and metric; from an ADVI fit: its mean as every chain's start, its variances as the metric.
            NutsOptions fromRun = Nuts.ToNutsOptions(cold[key]);
            Assert.Equal(cold[key].StepSizes.Average(), fromRun.InitialStepSize);
            Assert.Equal(3, fromRun.InitialInverseMetric!.Value.Length);
            Assert.Equal(0.5 * (cold[key].InverseMetrics[0] + cold[key].InverseMetrics[3]), fromRun.InitialInverseMetric!.Value.Span[0]);
            Assert.Null(fromRun.InitialPoints);
            NutsOptions fromFit = Nuts.ToNutsOptions(advi[key]);
            Assert.Equal(advi[key].Mean, Assert.Single(fromFit.InitialPoints!));
            double sigma = Math.Log(1 + Math.Exp(advi[key].Rho[1]));
            Assert.Equal(sigma * sigma, fromFit.InitialInverseMetric!.Value.Span[1], 1e-15);
        }

        // An ADVI refit cannot start from a NUTS run (its draws are in the model's own terms): refused per key, naming it.
        Dictionary<string, FitResult> refused = await Fit("warm-nuts-d", ["k520"], Advi with { WarmStartFrom = "warm-nuts-a" });
        Assert.Equal(
            "The warm start of key 'k520' needs an ADVI fit's mean μ; its result is a Nuts run, whose draws are in the model's own terms (an ADVI fleet can warm-start only from an ADVI fleet). (Parameter 'previous')",
            refused["k520"].Error);
    }

    private Task<Dictionary<string, FitResult>> Fit(string fleet, string[] keys, FleetFitOptions options) =>
        FleetRun.Collect(fixture.Cluster.Client, fleet, keys, options);
}
