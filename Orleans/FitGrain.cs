using ModelGen.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Serialization;
using Orleans.Storage;

namespace ModelGen.Orleans;

/// <summary>One key's fit in a fleet: its grain is keyed by <see cref="FitGrainKey"/> (model, fleet, key).</summary>
[Alias("ModelGen.Orleans.IFitGrain")]
public interface IFitGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the request in the grain's state and starts the fit in the background; returns at once. The same request
    /// again does nothing new (a finished fit keeps its result); another request for the same grain is refused.
    /// </summary>
    [Alias("Start")]
    Task Start(FitRequest request);

    /// <summary>
    /// Where the fit stands, and its result once finished: answers as soon as the fit finishes, or after
    /// <paramref name="wait"/> with its progress (zero: at once). Interleaves with the grain's other calls. A reactivated
    /// grain with an unfinished fit resumes it from its last checkpoint.
    /// </summary>
    [Alias("Poll")]
    [AlwaysInterleave]
    Task<FitStatus> Poll(TimeSpan wait);

    /// <summary>
    /// Cancels an unfinished fit: its run stops within a step, and its state records a cancelled result
    /// (<see cref="FitResult.Cancelled"/>), persisted, its reminder dropped. A finished fit keeps its result. Returns the
    /// fit's result either way; null when the grain holds no fit.
    /// </summary>
    [Alias("Cancel")]
    [AlwaysInterleave]
    Task<FitResult?> Cancel();

    /// <summary>
    /// Deletes a finished (or cancelled) fit's state from the grain storage and lets the grain go; a grain holding no fit
    /// has nothing to clear. An unfinished fit is refused (<see cref="ArgumentException"/>): cancel it first. Returns
    /// whether a state was deleted.
    /// </summary>
    [Alias("Clear")]
    Task<bool> Clear();
}

/// <summary>What one fit grain is asked to do: fit <see cref="Key"/>'s data with the model named <see cref="Model"/>.</summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.FitRequest")]
public sealed record FitRequest(
    [property: Id(0)] string Model,
    [property: Id(1)] string Key,
    [property: Id(2)] FleetFitOptions Options);

/// <summary>A fit's progress (<see cref="Done"/> of <see cref="Cap"/> steps) and, once it finished, its <see cref="Result"/>.</summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.FitStatus")]
public sealed record FitStatus(
    [property: Id(0)] int Done,
    [property: Id(1)] int Cap,
    [property: Id(2)] FitResult? Result,
    [property: Id(3)] bool Started);

/// <summary>
/// A fit grain's persisted state: the request, the last checkpoint (the runtime's checkpoint format) and the result. The
/// result is persisted in Orleans' binary form (<see cref="ResultBytes"/>), so that a grain storage's own serializer
/// (Orleans' JSON by default, PostgreSQL's included) writes one blob rather than each of its thousands of numbers as
/// text: that text was a fifth of a small fleet's CPU time (docs/orleans.md, "Throughput").
/// </summary>
#pragma warning disable ORLEANS0004 // Result has no [Id] on purpose: ResultBytes carries it.
[GenerateSerializer]
[Alias("ModelGen.Orleans.FitGrainState")]
public sealed class FitGrainState
{
    /// <summary>The fit asked for; null before <see cref="IFitGrain.Start"/>.</summary>
    [Id(0)]
    public FitRequest? Request { get; set; }

    /// <summary>The fit's last checkpoint (<see cref="ICheckpointStore"/> bytes); after the fit finished, its finished checkpoint.</summary>
    [Id(1)]
    public byte[]? Checkpoint { get; set; }

    /// <summary>The result, once the fit finished (or failed): the grain's copy, persisted as <see cref="ResultBytes"/>.</summary>
    [Newtonsoft.Json.JsonIgnore]
    [System.Text.Json.Serialization.JsonIgnore]
    public FitResult? Result { get; set; }

    /// <summary>How many times the fit was started (the result's <see cref="FitResult.Restarts"/> is one less).</summary>
    [Id(3)]
    public int Starts { get; set; }

    /// <summary>How many of those starts a reminder tick made: the grain was activated (its fit resumed) by its <c>resume</c> reminder, no driver calling it.</summary>
    [Id(4)]
    public int ReminderStarts { get; set; }

    /// <summary><see cref="Result"/> as the grain persists it: Orleans' serialization of it (binary, version tolerant); null before the result.</summary>
    [Id(5)]
#pragma warning disable CA1819 // A blob in a persisted state: a property, as the storage serializers need.
    public byte[]? ResultBytes { get; set; }
#pragma warning restore CA1819
}
#pragma warning restore ORLEANS0004

/// <summary>The grain key of a fit: the model's name, the fleet's name and the data key, so one grain per fit.</summary>
public static class FitGrainKey
{
    /// <summary>The key, the three parts joined by U+001F (unit separator), which none of them may hold.</summary>
    public static string Of(string model, string fleet, string key)
    {
        foreach ((string part, string name) in new[] { (model, nameof(model)), (fleet, nameof(fleet)), (key, nameof(key)) })
        {
            ArgumentException.ThrowIfNullOrEmpty(part, name);
            if (part.Contains('\u001f', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The {name} '{part}' holds U+001F, which separates a fit grain's key parts.", name);
            }
        }

        return string.Join('\u001f', model, fleet, key);
    }
}

/// <summary>
/// Runs one fit: the fit itself on one of the silo's fit threads (<see cref="FitSlots"/>: it is CPU-bound and
/// synchronous, at most <see cref="FleetSiloOptions.MaxConcurrentFits"/> at once), each checkpoint it writes then persisted as the grain's state,
/// on the grain's own scheduler. A silo that dies mid-fit loses the steps since the last persisted checkpoint: the next
/// call (the fleet driver's poll, or the fit's reminder when <see cref="FleetSiloOptions.ResumeEvery"/> is set)
/// activates the grain elsewhere, and it resumes from that checkpoint.
/// <para>
/// A write refused for a stale ETag (another activation of the grain, e.g. one left over on a silo being declared dead,
/// wrote since) re-reads the stored state: a stored result is final and is kept (a fit's result is the same bits
/// wherever it ran); otherwise this activation's state is written over the fresh ETag. A run that ends on any other
/// storage fault starts again from the last persisted checkpoint after a pause that doubles with each fault in a row
/// (<see cref="FirstRetry"/> to <see cref="LastRetry"/>), and after <see cref="MaxStorageFaults"/> in a row the fit's
/// polls answer with a failed result naming the fault: never a refit per poll.
/// </para>
/// </summary>
internal sealed partial class FitGrain(
    [PersistentState("fit", FleetStorage.Name)] IPersistentState<FitGrainState> state,
    IEnumerable<IFleetModel> models,
    FitSlots slots,
    IOptions<FleetSiloOptions> options,
    Serializer serializer,
    ILogger<FitGrain> log) : Grain, IFitGrain, IRemindable, IDisposable
{
    /// <summary>The name of an unfinished fit's reminder.</summary>
    internal const string ResumeReminder = "resume";

    /// <summary>Runs in a row that may end on a storage fault before the fit's polls answer with that fault.</summary>
    internal const int MaxStorageFaults = 4;

    /// <summary>The pause before a run that ended on a storage fault starts again; it doubles with each fault in a row.</summary>
    internal static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest pause between runs (see <see cref="FirstRetry"/>).</summary>
    internal static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();

    /// <summary>Cancelled by <see cref="Cancel"/>: stops the run, which records nothing (the cancelled result is Cancel's).</summary>
    private readonly CancellationTokenSource _cancel = new();
    private Task? _run;
    private int _done;
    private int _cap;

    /// <summary>Runs in a row that ended on a storage fault, the last such fault, and when the next run may start (<see cref="Environment.TickCount64"/>).</summary>
    private int _faults;
    private Exception? _fault;
    private long _retryAt;

    /// <summary>
    /// This activation resumed an unfinished fit (<see cref="OnActivateAsync"/>) and no call has yet said who activated
    /// it: the first call that does is a reminder tick (<see cref="ReceiveReminder"/>, counted in
    /// <see cref="FitGrainState.ReminderStarts"/>) or the driver's (<see cref="Start"/>, <see cref="Poll"/>).
    /// </summary>
    private bool _resumedUnclaimed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DecodeResult();
        // A grain that was fitting when its silo died comes back here (on the next call) and goes on from its checkpoint.
        if (state.State is { Request: not null, Result: null })
        {
            _resumedUnclaimed = true;
            Launch();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The fit stops within a step; its last persisted checkpoint is where a later activation resumes.
        await _stop.CancelAsync();
        if (_run is not null)
        {
            // Run ends within a step of the cancellation and never throws (it records what it could not do).
            await _run.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _cancel.Dispose();
    }

    public async Task<FitResult?> Cancel()
    {
        _resumedUnclaimed = false;
        if (state.State is not { Request: { } request, Result: null })
        {
            return state.State.Result;
        }

        await _cancel.CancelAsync();
        if (_run is not null)
        {
            // Run ends within a step of the cancellation and never throws; a result it persisted meanwhile is kept.
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        if (state.State.Result is null)
        {
            state.State.Result = new FitResult
            {
                Key = request.Key,
                Method = request.Options.Method,
                Error = $"The fit of key '{request.Key}' was cancelled after {Volatile.Read(ref _done)} of {request.Options.StepCap} steps.",
                ErrorType = typeof(OperationCanceledException).FullName,
                StopReason = nameof(StopReason.Cancelled),
                Iterations = Volatile.Read(ref _done),
                Restarts = Math.Max(0, state.State.Starts - 1),
                ReminderStarts = state.State.ReminderStarts,
                Cancelled = true,
            };
            await Persist();
        }

        await DropReminder(tolerant: true);
        return state.State.Result;
    }

    public async Task<bool> Clear()
    {
        if (state.State is { Request: { } request, Result: null })
        {
            throw new ArgumentException($"The fit of key '{request.Key}' has not finished; cancel it before clearing its state.");
        }

        if (state.State.Request is null && !state.RecordExists)
        {
            return false;
        }

        await DropReminder(tolerant: true);
        await state.ClearStateAsync();
        state.State = new FitGrainState();
        DeactivateOnIdle();
        return true;
    }

    public async Task Start(FitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _resumedUnclaimed = false;
        if (state.State.Request is { } existing)
        {
            if (existing != request)
            {
                throw new ArgumentException($"The fit of key '{request.Key}' in this fleet was started with other options ({existing.Options}); name another fleet to fit it with these ({request.Options}).", nameof(request));
            }
        }
        else
        {
            request.Options.Validate();
            state.State.Request = request;
            try
            {
                await Persist();
            }
            catch
            {
                // Not recorded: the driver's next Start records it.
                state.State.Request = null;
                throw;
            }
        }

        if (MayLaunch())
        {
            Launch();
        }

        if (state.State.Result is null && options.Value.ResumeEvery is { } every)
        {
            // Wakes the grain while the fit is unfinished: after its silo dies, on a live one, which resumes it.
            await this.RegisterOrUpdateReminder(ResumeReminder, every, every);
        }
    }

    /// <summary>The resume reminder's tick: the activation resumed the fit (<see cref="OnActivateAsync"/>); a finished fit's reminder is dropped.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Result is not null)
        {
            await DropReminder(tolerant: false);
        }
        else if (_resumedUnclaimed || MayLaunch())
        {
            // This tick activated the grain, which resumed the fit, or finds it between runs (after a storage fault's pause) and starts one.
            if (!_resumedUnclaimed)
            {
                Launch();
            }

            _resumedUnclaimed = false;
            state.State.ReminderStarts++;
            LogResumedByReminder(log, state.State.Request!.Key, state.State.Checkpoint is null ? "its start" : "its last checkpoint");
        }
    }

    /// <summary>Unregisters the fit's reminder; <paramref name="tolerant"/>: a failure is logged, and the reminder's next tick drops it.</summary>
    private async Task DropReminder(bool tolerant)
    {
        try
        {
            if (options.Value.ResumeEvery is not null && await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e) when (tolerant)
        {
            LogReminderKept(log, e, state.State.Request?.Key ?? "?");
        }
    }

    public async Task<FitStatus> Poll(TimeSpan wait)
    {
        _resumedUnclaimed = false;
        // A run that ended on a storage fault starts again from the last persisted checkpoint, once its pause is over;
        // a poll in the pause waits (within its wait), so a driver polling it does not spin.
        if (state.State is { Request: not null, Result: null } && _run is not { IsCompleted: false } && _faults is > 0 and < MaxStorageFaults)
        {
            TimeSpan pause = TimeSpan.FromMilliseconds(Math.Max(0, _retryAt - Environment.TickCount64));
            await Task.Delay(pause < wait ? pause : wait);
        }

        if (MayLaunch())
        {
            Launch();
        }

        if (state.State is { Request: { } failing, Result: null } && _faults >= MaxStorageFaults && _run is not { IsCompleted: false })
        {
            return new FitStatus(Volatile.Read(ref _done), Volatile.Read(ref _cap), GaveUp(failing), Started: true);
        }

        if (_run is { IsCompleted: false } run && wait > TimeSpan.Zero)
        {
            using var timeout = new CancellationTokenSource();
            await Task.WhenAny(run, Task.Delay(wait, timeout.Token));
            await timeout.CancelAsync();
        }

        // A result is answered once persisted: while a run is on, one in the state may be in a write that fails.
        FitResult? result = _run is { IsCompleted: false } ? null : state.State.Result;
        return new FitStatus(result?.Iterations ?? Volatile.Read(ref _done), Volatile.Read(ref _cap), result, state.State.Request is not null);
    }

    /// <summary>Whether a run may start now: the fit is asked for and unfinished, none runs, and no storage fault's pause or limit holds it back.</summary>
    private bool MayLaunch() =>
        state.State is { Request: not null, Result: null } && _run is not { IsCompleted: false } && !_cancel.IsCancellationRequested
        && _faults < MaxStorageFaults && Environment.TickCount64 >= _retryAt;

    /// <summary>The failed result a fit's polls answer with after <see cref="MaxStorageFaults"/> runs in a row ended on a storage fault (not persisted: the storage is what fails).</summary>
    private FitResult GaveUp(FitRequest request) => new()
    {
        Key = request.Key,
        Error = $"The fit of key '{request.Key}' ({request.Model}) could not persist its grain state: {MaxStorageFaults} runs in a row ended on a storage fault, the last: {_fault?.Message}",
        ErrorType = _fault?.GetType().FullName,
        Restarts = Math.Max(0, state.State.Starts - 1),
    };

    /// <summary>
    /// Writes the grain's state. A write refused for a stale ETag (another activation of this grain wrote since) re-reads
    /// what is stored: a stored result is final and is kept in place of this activation's state (false: stop fitting);
    /// otherwise this activation's state is written again over the fresh ETag (true).
    /// </summary>
    private async Task<bool> Persist()
    {
        state.State.ResultBytes = state.State.Result is { } result ? serializer.SerializeToArray(result) : null;
        try
        {
            await state.WriteStateAsync();
            return true;
        }
        catch (InconsistentStateException e)
        {
            FitGrainState mine = state.State;
            await state.ReadStateAsync();
            DecodeResult();
            if (state.State.Result is not null)
            {
                LogKeptStoredResult(log, e, mine.Request?.Key ?? "?");
                return false;
            }

            state.State = mine;
            await state.WriteStateAsync();
            return true;
        }
    }

    /// <summary>The result read back from <see cref="FitGrainState.ResultBytes"/> after the state was read.</summary>
    private void DecodeResult() =>
        state.State.Result = state.State.ResultBytes is { } bytes ? serializer.Deserialize<FitResult>(bytes) : null;

    private void Launch()
    {
        FitRequest request = state.State.Request!;
        _cap = request.Options.StepCap;
        _run = Run(request);
    }

    private async Task Run(FitRequest request)
    {
        // This run's fit stops on deactivation, on Cancel, and when the run ends on a storage fault or a stored result (it would be thrown away).
        using var run = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _cancel.Token);
        try
        {
            FitResult? result;
            IFleetModel? model = models.FirstOrDefault(m => m.Name == request.Model);
            if (model is null)
            {
                result = new FitResult { Key = request.Key, Error = $"No silo model is registered as '{request.Model}': register it on every silo with AddFleetModel<{request.Model}, T>(bind, fit).", ErrorType = typeof(InvalidOperationException).FullName };
            }
            else
            {
                state.State.Starts++;
                (FitResult? warm, FitResult? refused) = await WarmStart(request);
                result = refused ?? await FitInBackground(model, request, warm, run);
            }

            if (result is not null)
            {
                // False: another activation stored the result first (the same bits), which is kept.
                state.State.Result = result with { Restarts = Math.Max(0, state.State.Starts - 1), ReminderStarts = state.State.ReminderStarts };
                await Persist();
            }

            _faults = 0;
            await DropReminder(tolerant: true);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested || _cancel.IsCancellationRequested)
        {
            // Deactivating: the checkpoint persisted last is where the next activation resumes. Cancelled: Cancel records it.
        }
        catch (Exception e)
        {
            // A storage fault: the result is not recorded; after a pause, the fit starts again from its last persisted checkpoint.
            await run.CancelAsync();
            state.State.Result = null;
            _fault = e.GetBaseException(); // the storage's own exception, which Orleans wraps
            _faults++;
            TimeSpan pause = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(_faults - 1, 16)));
            _retryAt = Environment.TickCount64 + (long)pause.TotalMilliseconds;
            LogRunFailed(log, e, request.Key, _faults, MaxStorageFaults, pause);
        }
    }

    /// <summary>
    /// The key's result in the fleet the request warm-starts from (<see cref="FleetFitOptions.WarmStartFrom"/>), read
    /// from that fleet's grain at each start (a resumed fit starts from the same result: a finished fit's result is
    /// final); or a failed result naming the key and that fleet when it holds no finished, successful fit of the key.
    /// </summary>
    private async Task<(FitResult? Warm, FitResult? Refused)> WarmStart(FitRequest request)
    {
        if (request.Options.WarmStartFrom is not { } from)
        {
            return (null, null);
        }

        FitStatus previous = await GrainFactory.GetGrain<IFitGrain>(FitGrainKey.Of(request.Model, from, request.Key)).Poll(TimeSpan.Zero);
        string? why = previous switch
        {
            { Started: false } => "holds no fit of it",
            { Result: null } => "has not finished its fit of it",
            { Result.Error: { } error } => $"failed its fit of it ({error})",
            _ => null,
        };
        return why is null
            ? (previous.Result, null)
            : (null, new FitResult { Key = request.Key, Method = request.Options.Method, Error = $"The fit of key '{request.Key}' warm-starts from fleet '{from}', which {why}.", ErrorType = typeof(InvalidOperationException).FullName });
    }

    /// <summary>The fit, its checkpoints persisted as they come (<see cref="CheckpointedRun"/>); null when another activation's stored result was found instead (the fit is then stopped).</summary>
    private Task<FitResult?> FitInBackground(IFleetModel model, FitRequest request, FitResult? warm, CancellationTokenSource run)
    {
        var progress = new StepProgress(this);
        return CheckpointedRun.Run(
            slots,
            $"grain state of fit '{request.Key}' ({request.Model})",
            state.State.Checkpoint,
            (store, cancel) => model.Fit(request.Key, request.Options, warm, store, progress, cancel),
            async (latest, running) =>
            {
                // The fit's final checkpoint is persisted with its result, in one write (Run).
                state.State.Checkpoint = latest;
                return !running || await Persist();
            },
            run);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The fit of key '{Key}' was resumed from {From} by its reminder (no driver called it).")]
    private static partial void LogResumedByReminder(ILogger logger, string key, string from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fit of key '{Key}' finished, but its resume reminder could not be dropped now; its next tick drops it.")]
    private static partial void LogReminderKept(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fit of key '{Key}' stopped on a storage fault ({Faults} of {Limit} in a row); it starts again from its last persisted checkpoint in {Pause}.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string key, int faults, int limit, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Information, Message = "The fit of key '{Key}' found its result stored by another activation of its grain; that result is kept.")]
    private static partial void LogKeptStoredResult(ILogger logger, Exception exception, string key);

    /// <summary>Takes the fit's ELBO-time progress reports (on the fit's thread) for <see cref="Poll"/>.</summary>
    private sealed class StepProgress(FitGrain grain) : IProgress<AdviProgress>
    {
        public void Report(AdviProgress value) => Volatile.Write(ref grain._done, value.Iteration);
    }
}
