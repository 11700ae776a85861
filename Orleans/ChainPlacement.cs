using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace ModelGen.Orleans;

/// <summary>
/// Where a NUTS chain's grain (<see cref="IChainGrain"/>) is activated: chain c of a run on silo c mod n of the n
/// compatible silos in address order, so a run's chains spread over the silos one per silo, whatever their keys hash to.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("ModelGen.Orleans.ChainPlacement")]
public sealed class ChainPlacement : PlacementStrategy;

/// <summary>Places chain c of a run (the last part of its grain key) on silo c mod n, the silos sorted by address.</summary>
internal sealed class ChainPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SiloAddress[] silos = [.. context.GetCompatibleSilos(target).OrderBy(s => s)];
        string key = target.GrainIdentity.Key.ToString() ?? string.Empty;
        int chain = int.TryParse(key.AsSpan(key.LastIndexOf('\u001f') + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int c) ? c : 0;
        return Task.FromResult(silos[chain % silos.Length]);
    }
}

/// <summary>Places a grain class by <see cref="ChainPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class ChainPlacementAttribute() : PlacementAttribute(new ChainPlacement());

/// <summary>Registers <see cref="ChainPlacement"/>'s director on a silo, once however many models register it.</summary>
internal static class ChainPlacementRegistration
{
    public static void Add(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(ChainPlacementDirector)))
        {
            services.AddPlacementDirector<ChainPlacement, ChainPlacementDirector>();
        }
    }
}
