using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace ModelGen.Orleans.Tests;

/// <summary>An in-process cluster of three silos that fit <see cref="LineModel"/> fleets over <see cref="FaultyStorage"/>.</summary>
public sealed class FaultyStorageFixture : TestClusterFixture<FaultyStorageFixture.Silo>
{
    /// <summary>What each silo hosts: the line model, and the shared grain store with faults injected.</summary>
    public sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddGrainStorage(FleetStorage.Name, (services, _) => new FaultyStorage(new SharedMemoryStorage(services.GetRequiredService<Serializer>())));
            siloBuilder.AddFleetModel<LineModel, double>(LineModel.Bind, (m, o, c) => m.Fit(o, c), o => o.MaxConcurrentFits = 2);
        }
    }
}
