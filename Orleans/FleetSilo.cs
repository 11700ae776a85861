using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Numerics;
using ModelGen.Inference;

namespace ModelGen.Orleans;

/// <summary>The grain storage provider fit grains persist their state (request, checkpoint, result) in.</summary>
public static class FleetStorage
{
    /// <summary>
    /// The provider's name: configure a grain storage under it on every silo, durable (e.g.
    /// <c>AddAdoNetGrainStorage(FleetStorage.Name, …)</c>) for fits to survive a silo.
    /// </summary>
    public const string Name = "ModelGenFits";
}

/// <summary>Options of a silo's fleet work.</summary>
public sealed class FleetSiloOptions
{
    /// <summary>Fits this silo runs at once; the others wait for a slot. Default: the processor count.</summary>
    public int MaxConcurrentFits { get; set; } = Environment.ProcessorCount;
}

/// <summary>The silo's fit slots: at most <see cref="FleetSiloOptions.MaxConcurrentFits"/> fits run at once.</summary>
internal sealed class FitSlots(IOptions<FleetSiloOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(
        options.Value.MaxConcurrentFits >= 1 ? options.Value.MaxConcurrentFits : throw new ArgumentOutOfRangeException(nameof(options), options.Value.MaxConcurrentFits, "FleetSiloOptions.MaxConcurrentFits must be at least 1."));

    public Task WaitAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}

/// <summary>Registers fleet models on a silo.</summary>
public static class FleetSiloBuilderExtensions
{
    /// <summary>
    /// Lets this silo fit <typeparamref name="TModel"/>: <paramref name="bind"/> builds the model on a key's data,
    /// <paramref name="fit"/> fits it (<c>(model, options, cancel) =&gt; model.Fit(options, cancel)</c>). Register the same on
    /// every silo, with a grain storage named <see cref="FleetStorage.Name"/>.
    /// </summary>
    /// <typeparam name="TModel">The generated model type.</typeparam>
    /// <typeparam name="T">Its element type.</typeparam>
    /// <param name="builder">The silo.</param>
    /// <param name="bind">A key's data, bound (the data source: a callback).</param>
    /// <param name="fit">The model's generated <c>Fit</c>.</param>
    /// <param name="configure">The silo's fleet options (<see cref="FleetSiloOptions"/>); null for the defaults.</param>
    public static ISiloBuilder AddFleetModel<TModel, T>(
        this ISiloBuilder builder,
        Func<string, TModel> bind,
        Func<TModel, AdviOptions, CancellationToken, AdviFit<T>> fit,
        Action<FleetSiloOptions>? configure = null)
        where TModel : IModel<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IFleetModel>(new FleetModel<TModel, T>(bind, fit));
        builder.Services.AddSingleton<FitSlots>();
        builder.Services.AddOptions<FleetSiloOptions>();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
