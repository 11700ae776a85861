using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Numerics;
using ModelGen.Inference;
using ModelGen.Sampling;

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

    /// <summary>
    /// How often an unfinished fit's Orleans reminder wakes its grain, so a fit whose silo died resumes on a live silo
    /// from its last checkpoint with no driver polling it; null (the default) for no reminders (the driver's polls
    /// resume it). Needs a reminder service on every silo (<c>UseAdoNetReminderService</c> on PostgreSQL, or
    /// <c>AddReminders</c> with a durable <c>IReminderTable</c>), and at least Orleans' <c>ReminderOptions.MinimumReminderPeriod</c> (1 minute unless configured).
    /// </summary>
    public TimeSpan? ResumeEvery { get; set; }
}

/// <summary>
/// The silo's fit threads: <see cref="FleetSiloOptions.MaxConcurrentFits"/> threads of their own, started once, each
/// running one fit at a time from a first-come queue. A fit holds its thread for its whole run (it is CPU-bound and
/// synchronous), so it runs on none of the thread pool's: the silo's own work (grain turns, messages, membership
/// probes) never waits for the pool to grow around the fits.
/// </summary>
internal sealed class FitSlots : IDisposable
{
    private readonly System.Collections.Concurrent.BlockingCollection<Action> _queue = new();

    public FitSlots(IOptions<FleetSiloOptions> options)
    {
        int count = options.Value.MaxConcurrentFits;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, "FleetSiloOptions.MaxConcurrentFits");
        for (int i = 0; i < count; i++)
        {
            new Thread(Work) { IsBackground = true, Name = $"ModelGen fit {i + 1}" }.Start();
        }
    }

    /// <summary>Runs <paramref name="fit"/> on the next free fit thread; a fit cancelled while it waits does not run.</summary>
    public Task<T> Run<T>(Func<T> fit, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(
            () =>
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                done.SetResult(fit());
            }
            catch (OperationCanceledException e)
            {
                done.SetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        },
            CancellationToken.None);
        return done.Task;
    }

    public void Dispose() => _queue.CompleteAdding();

    private void Work()
    {
        foreach (Action fit in _queue.GetConsumingEnumerable())
        {
            fit();
        }
    }
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
    /// <param name="nuts">The model's generated <c>Nuts</c> (<c>(model, options, cancel) =&gt; model.Nuts(options, cancel)</c>), for fleets sampled with <see cref="FitMethod.Nuts"/>; null for ADVI only.</param>
    public static ISiloBuilder AddFleetModel<TModel, T>(
        this ISiloBuilder builder,
        Func<string, TModel> bind,
        Func<TModel, AdviOptions, CancellationToken, AdviFit<T>> fit,
        Action<FleetSiloOptions>? configure = null,
        Func<TModel, NutsOptions, CancellationToken, NutsFit<T>>? nuts = null)
        where TModel : IModel<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IFleetModel>(new FleetModel<TModel, T>(bind, fit, nuts));
        builder.Services.AddSingleton<FitSlots>();
        builder.Services.AddOptions<FleetSiloOptions>();
        ChainPlacementRegistration.Add(builder.Services);

        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
