namespace ModelGen.Inference;

/// <summary>
/// Where a fit keeps its checkpoint: a file (<see cref="CheckpointOptions.Path"/>, the default) or any other store of
/// bytes: a grain's persisted state, a database row, a blob. The bytes are the checkpoint format itself (the one a
/// checkpoint file holds), opaque to the store: it keeps the last ones written and gives them back.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>What the store is, for messages: "The checkpoint '<c>Name</c>' was written by a fit on different data …".</summary>
    string Name { get; }

    /// <summary>The last checkpoint written, or null when there is none (the fit then starts afresh).</summary>
    byte[]? Read();

    /// <summary>
    /// Replaces the checkpoint with <paramref name="checkpoint"/>, whole: a later <see cref="Read"/> (in this process or
    /// after a crash) gives the old bytes or the new ones, never part of either. Called on the fit's thread, every
    /// <see cref="CheckpointOptions.Every"/> steps and once at the end; the span is valid only during the call.
    /// </summary>
    void Write(ReadOnlySpan<byte> checkpoint);
}

/// <summary>The checkpoint file at a path, replaced atomically (a temporary file beside it, flushed, then renamed over it).</summary>
internal sealed class CheckpointFile(string path) : ICheckpointStore
{
    public string Name => path;

    public byte[]? Read() => File.Exists(path) ? File.ReadAllBytes(path) : null;

    public void Write(ReadOnlySpan<byte> checkpoint)
    {
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(checkpoint);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
