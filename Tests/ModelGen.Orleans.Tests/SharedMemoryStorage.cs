using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// Grain storage that outlives any one silo of an in-process test cluster (the stand-in for PostgreSQL): states are
/// kept serialized in one dictionary that every silo shares, with an ETag per state refusing stale writes as a
/// database's would. Orleans' memory storage keeps states in grains of the silos, so a killed silo takes some with it.
/// </summary>
internal sealed class SharedMemoryStorage(Serializer serializer) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, (string ETag, byte[] Bytes)> States = new();

    private static readonly ConcurrentDictionary<string, bool> Finished = new();
    /// <summary>Checkpoints written so far per fit grain (by its grain id) that has no result yet.</summary>
    private static readonly ConcurrentDictionary<string, int> Checkpoints = new();

    public static int Count => States.Count;

    /// <summary>States stored for grains whose key holds <paramref name="part"/>.</summary>
    public static int StatesFor(string part) => States.Keys.Count(k => k.Contains(part, StringComparison.Ordinal));

    /// <summary>Fit grain states holding a result, of the grains whose key holds <paramref name="part"/> (read from the store, not the grains).</summary>
    public static int FinishedFor(string part) => Finished.Keys.Count(k => k.Contains(part, StringComparison.Ordinal));

    /// <summary>
    /// The grain ids of the fits of grains whose key holds <paramref name="part"/> that hold a checkpoint and no result
    /// yet, with the number of checkpoints each has written (read from the store, not the grains).
    /// </summary>
    public static IReadOnlyDictionary<string, int> CheckpointsFor(string part) =>
        Checkpoints.Where(p => p.Key.Contains(part, StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (States.TryGetValue(Key(stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.Bytes);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string key = Key(stateName, grainId);
        byte[] bytes = serializer.SerializeToArray(grainState.State);
        string etag = Guid.NewGuid().ToString("N");
        States.AddOrUpdate(
            key,
            _ => grainState.ETag is null ? (etag, bytes) : throw new InconsistentStateException($"'{key}' was deleted since it was read.", string.Empty, grainState.ETag),
            (_, old) => old.ETag == grainState.ETag ? (etag, bytes) : throw new InconsistentStateException($"'{key}' was written since it was read.", old.ETag, grainState.ETag ?? string.Empty));
        grainState.ETag = etag;
        grainState.RecordExists = true;
        if (grainState.State is FitGrainState { Result: not null })
        {
            Finished[key] = true;
            Checkpoints.TryRemove(grainId.ToString(), out _);
        }
        else if (grainState.State is FitGrainState { Checkpoint: not null })
        {
            Checkpoints.AddOrUpdate(grainId.ToString(), 1, (_, n) => n + 1);
        }

        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        States.TryRemove(Key(stateName, grainId), out _);
        Finished.TryRemove(Key(stateName, grainId), out _);
        Checkpoints.TryRemove(grainId.ToString(), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => stateName + "/" + grainId;
}
