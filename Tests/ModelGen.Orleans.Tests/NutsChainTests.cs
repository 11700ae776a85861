using ModelGen.Data;
using ModelGen.Sampling;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// NUTS chains on different silos: each chain of a key's run on a grain of its own, the chains merged in chain order
/// equal to <c>model.Nuts(options)</c> on one machine bit for bit; and the runtime's part of it, runs of one chain each
/// (<see cref="NutsOptions.FirstChain"/>) combined into the run of all of them.
/// </summary>
public sealed class NutsChainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly FleetFitOptions Options = new() { Method = FitMethod.Nuts, Chains = 4, Warmup = 200, Draws = 150, Seed = 19 };

    /// <summary>The run is the single-machine run bit for bit (<see cref="NutsAssert.Same"/>), and so are its summaries.</summary>
    private static void AssertSame(NutsFit<double> solo, NutsFit<double> run)
    {
        NutsAssert.Same(solo, run);
        Assert.Equal(solo.Summarize().Select(s => (s.Name, s.Mean, s.Rhat)), run.Summarize().Select(s => (s.Name, s.Mean, s.Rhat)));
    }

    [Fact]
    public void Runs_of_one_chain_each_combine_into_the_run_of_all_of_them_bit_for_bit()
    {
        LineModel model = LineModel.Bind("k5");
        NutsOptions all = Options.ToNutsOptions();
        NutsFit<double> solo = model.Nuts(all);
        NutsFit<double>[] chains = [.. Enumerable.Range(0, all.Chains).Select(c => model.Nuts(all with { Chains = 1, FirstChain = c }))];
        AssertSame(solo, NutsFit<double>.Combine(chains));

        // Two chains and two chains make the same four.
        AssertSame(solo, NutsFit<double>.Combine([model.Nuts(all with { Chains = 2 }), model.Nuts(all with { Chains = 2, FirstChain = 2 })]));
    }

    [Fact]
    public void Runs_of_other_samplings_do_not_combine()
    {
        LineModel model = LineModel.Bind("k5");
        NutsOptions one = Options.ToNutsOptions() with { Chains = 1, Warmup = 50, Draws = 20 };
        ArgumentException e = Assert.Throws<ArgumentException>(() => NutsFit<double>.Combine([model.Nuts(one), model.Nuts(one with { Seed = 20, FirstChain = 1 })]));
        Assert.Equal("Run 1 has seed 20, not 19 (run 0's): only runs of one sampling's chains combine. (Parameter 'runs')", e.Message);
    }

    [Fact]
    public async Task Chains_on_different_silos_are_the_single_machine_run_bit_for_bit()
    {
        var chains = new NutsChains<LineModel, double>(fixture.Cluster.Client, new LineModel());
        ChainedNutsResult<double> result = await chains.SampleAsync("k7", Options);
        AssertSame(LineModel.Bind("k7").Nuts(Options.ToNutsOptions()), result.Fit);
        Assert.Equal(Options.Chains, result.Silos.Count);
        Assert.True(result.Silos.Distinct().Count() > 1, $"every chain ran on {result.Silos[0]}");
    }

    [Fact]
    public async Task A_key_whose_data_fail_the_checks_fails_with_the_models_message()
    {
        string message = Assert.Throws<ModelDataException>(() => LineModel.Bind(LineModel.BadKey)).Message;
        var chains = new NutsChains<LineModel, double>(fixture.Cluster.Client, new LineModel());
        ModelDataException e = await Assert.ThrowsAsync<ModelDataException>(() => chains.SampleAsync(LineModel.BadKey, Options));
        Assert.Equal($"Key '{LineModel.BadKey}', chain 0: {message}", e.Message);
    }
}
