using Orleans.TestingHost;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// An in-process TestingHost cluster of three silos, deployed once per test class and disposed after it; the fixture
/// that derives from it names the silo configurator (what the silos host).
/// </summary>
/// <typeparam name="TSilo">The silo configurator every silo of the cluster runs.</typeparam>
public abstract class TestClusterFixture<TSilo> : IAsyncLifetime
    where TSilo : ISiloConfigurator, new()
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<TSilo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
