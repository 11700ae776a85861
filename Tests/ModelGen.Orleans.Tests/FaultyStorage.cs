using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// <see cref="SharedMemoryStorage"/> with faults injected into fit grains' state writes, chosen by the fleet's name in the
/// grain key (<see cref="FaultyStorageFixture"/>):
/// <list type="bullet">
/// <item><c>dup-result</c>: a state holding the result is stored, as a duplicate activation of the grain on another silo
/// would store it, and the writer is refused with <see cref="InconsistentStateException"/> (its ETag is now stale).</item>
/// <item><c>dup-checkpoint</c>: the same at the first checkpoint each fit persists.</item>
/// <item><c>down</c>: every write after the request's fails (the database gone).</item>
/// </list>
/// </summary>
internal sealed class FaultyStorage(SharedMemoryStorage inner) : IGrainStorage
{
    /// <summary>The message of the <c>down</c> fault's exception.</summary>
    public const string DownMessage = "the grain storage is unreachable (injected)";

    /// <summary>Writes per grain so far.</summary>
    private static readonly ConcurrentDictionary<string, int> Writes = new();

    /// <summary>Writes that were refused or failed, per grain.</summary>
    private static readonly ConcurrentDictionary<string, int> Faults = new();

    /// <summary>Faults injected into the grains whose key holds <paramref name="part"/>.</summary>
    public static int FaultsFor(string part) => Faults.Where(p => p.Key.Contains(part, StringComparison.Ordinal)).Sum(p => p.Value);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string id = grainId.ToString();
        int write = Writes.AddOrUpdate(id, 1, (_, n) => n + 1);
        var fit = grainState.State as FitGrainState;
        bool duplicate = (id.Contains("dup-result", StringComparison.Ordinal) && fit is { Result: not null } && Faults.TryAdd(id, 1))
            || (id.Contains("dup-checkpoint", StringComparison.Ordinal) && fit is { Checkpoint: not null, Result: null } && Faults.TryAdd(id, 1));
        if (duplicate)
        {
            // Another activation writes the same state first: it is stored, and this writer's ETag is stale.
            string? stale = grainState.ETag;
            await inner.WriteStateAsync(stateName, grainId, grainState);
            grainState.ETag = stale;
            throw new InconsistentStateException($"Another activation of '{id}' wrote its state first (injected).", "other", stale ?? string.Empty);
        }

        if (id.Contains("down", StringComparison.Ordinal) && write > 1)
        {
            Faults.AddOrUpdate(id, 1, (_, n) => n + 1);
            throw new InvalidOperationException(DownMessage);
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
    }
}
