using System.Threading.Channels;
using ModelGen.Inference;

namespace ModelGen.Orleans;

/// <summary>
/// The one path that runs a fit (<see cref="FitGrain"/>) or a NUTS chain (<see cref="ChainGrain"/>) on one of the silo's
/// fit threads with a checkpoint store in its grain: the run starts from the persisted checkpoint, and each checkpoint it
/// writes is handed back to the grain's scheduler, which persists it (only the latest when several are waiting).
/// </summary>
internal static class CheckpointedRun
{
    /// <summary>
    /// Runs <paramref name="work"/> on a fit thread with a <see cref="GrainCheckpointStore"/> holding <paramref name="persisted"/>,
    /// and calls <paramref name="persist"/> on the caller's scheduler with each latest checkpoint and whether the run was
    /// still going. Returns the run's result; null when <paramref name="persist"/> said to stop (false), the run then
    /// cancelled. A <paramref name="persist"/> that throws cancels the run and throws.
    /// </summary>
    public static async Task<TResult?> Run<TResult>(FitSlots slots, string name, byte[]? persisted, Func<ICheckpointStore, CancellationToken, TResult> work, Func<byte[], bool, Task<bool>> persist, CancellationTokenSource run)
        where TResult : class
    {
        var checkpoints = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var store = new GrainCheckpointStore(name, persisted, checkpoints.Writer);
        CancellationToken cancel = run.Token;
        Task<TResult> fit = slots.Run(() => work(store, cancel), cancel);
        _ = fit.ContinueWith(_ => checkpoints.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            // Back on the grain's scheduler: persist each checkpoint (only the latest when several are waiting).
            while (await checkpoints.Reader.WaitToReadAsync(CancellationToken.None))
            {
                byte[]? latest = null;
                while (checkpoints.Reader.TryRead(out byte[]? bytes))
                {
                    latest = bytes;
                }

                if (latest is not null && !await persist(latest, !fit.IsCompleted))
                {
                    await run.CancelAsync();
                    return null;
                }
            }
        }
        catch
        {
            await run.CancelAsync();
            throw;
        }

        return await fit;
    }
}

/// <summary>
/// The checkpoint store of a fit or chain grain: starts from the persisted checkpoint; each checkpoint the run writes
/// goes to the grain (a channel), which persists it on its own scheduler.
/// </summary>
internal sealed class GrainCheckpointStore(string name, byte[]? persisted, ChannelWriter<byte[]> written) : ICheckpointStore
{
    private byte[]? _last = persisted;

    public string Name => name;

    public byte[]? Read() => _last;

    public void Write(ReadOnlySpan<byte> checkpoint)
    {
        _last = checkpoint.ToArray();
        written.TryWrite(_last);
    }
}
