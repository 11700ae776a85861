using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace ModelGen.Inference;

/// <summary>Where and how often a fit saves its state so an interrupted fit can resume.</summary>
/// <param name="Path">
/// The checkpoint file. If it exists when the fit starts, the fit resumes from it, or returns the result it holds when
/// that fit ran to the end; a checkpoint of another model, seed, data or options is an error that says which. With a
/// <see cref="Store"/>, the store's name, which messages give.
/// </param>
/// <param name="Every">Steps between checkpoints; default 1,000. Writes are atomic (a temporary file, then a rename).</param>
public sealed record CheckpointOptions(string Path, int Every = 1_000)
{
    /// <summary>Checkpoints kept in <paramref name="store"/> (grain state, a database row …) rather than in a file.</summary>
    /// <param name="store">Where the checkpoint's bytes go, in the format a checkpoint file holds.</param>
    /// <param name="every">Steps between checkpoints; default 1,000.</param>
    public CheckpointOptions(ICheckpointStore store, int every = 1_000)
        : this((store ?? throw new ArgumentNullException(nameof(store))).Name, every) => Store = store;

    /// <summary>Where the checkpoint goes when not in the file at <see cref="Path"/>; null (the default) for that file.</summary>
    public ICheckpointStore? Store { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of its domain.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Path, nameof(Path));
        ArgumentOutOfRangeException.ThrowIfLessThan(Every, 1, nameof(Every));
    }

    /// <summary>The store the fit reads and writes: <see cref="Store"/>, or the file at <see cref="Path"/>.</summary>
    internal ICheckpointStore Resolve() => Store ?? new CheckpointFile(Path);
}

/// <summary>
/// What a checkpoint must match to be resumed, in four parts so a mismatch can say which differs: the model (its name,
/// element type and layout), the seed, the data (<see cref="ILogDensity{T}.DataIdentity"/>: a hash of the bound rows,
/// or a batch source's identity and size) and every option that shapes the arithmetic or the result, by name.
/// </summary>
internal sealed record CheckpointKey(string Model, ulong Seed, string Data, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    public static CheckpointKey Of(ModelInfo info, AdviOptions options, ulong seed, string data)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        string model = ModelOf(info);
        KeyValuePair<string, string>[] named =
        [
            new("Iterations", options.Iterations?.ToString(invariant) ?? "not set"),
            new("MaxIterations", options.Iterations is null ? options.MaxIterations.ToString(invariant) : "unused (Iterations is set)"),
            new("Convergence", options.EffectiveConvergence?.ToString() ?? "none"),
            new("Schedule", options.EffectiveSchedule.ToString()),
            new("Optimizer", options.Optimizer.ToString()),
            new("Family", options.Family.ToString()),
            new("GradientSamples", options.GradientSamples.ToString(invariant)),
            new("ElboSamples", options.ElboSamples.ToString(invariant)),
            new("ElboEvery", options.ElboEvery.ToString(invariant)),
            new("InitialMean", options.InitialMean is { } initial ? string.Join(";", initial.ToArray().Select(v => v.ToString("R", invariant))) : "not set"),
            new("InitialMeanScale", options.InitialMeanScale.ToString("R", invariant)),
            new("InitialRho", options.InitialRho.ToString("R", invariant)),
            new("InitialScale", options.InitialScale is { } scale ? string.Join(";", scale.ToArray().Select(v => v.ToString("R", invariant))) : "not set"),
            new("DivergenceRetries", options.DivergenceRetries.ToString(invariant)),
            new("ParetoKDraws", options.ParetoKDraws.ToString(invariant)),
        ];
        return new CheckpointKey(model, seed, data, named);
    }

    /// <summary>The model part of a key: its name, element type and each parameter's offset, shape and prior.</summary>
    public static string ModelOf(ModelInfo info) =>
        $"'{info.Name}' ({info.ElementType}): " + string.Join("; ", info.Parameters.Select(p => $"{p.Name}@{p.Offset}{p.Shape}~{p.Prior}"));

    /// <summary>
    /// Null when <paramref name="saved"/> (a checkpoint's key) is this one; else what differs, each part named with both
    /// values: "a fit on different data (the checkpoint's: …; this fit's: …), a different seed (the checkpoint's 5, this fit's 6)".
    /// </summary>
    public string? Differences(CheckpointKey saved)
    {
        var parts = new List<string>();
        if (saved.Data != Data)
        {
            parts.Add($"a fit on different data (the checkpoint's: {saved.Data}; this fit's: {Data})");
        }

        if (saved.Model != Model)
        {
            parts.Add($"a different model (the checkpoint's: {saved.Model}; this fit's: {Model})");
        }

        if (saved.Seed != Seed)
        {
            parts.Add($"a different seed (the checkpoint's {saved.Seed}, this fit's {Seed})");
        }

        var options = new List<string>();
        foreach (string name in saved.Options.Select(o => o.Key).Union(Options.Select(o => o.Key)))
        {
            string theirs = saved.Options.FirstOrDefault(o => o.Key == name).Value ?? "not recorded";
            string ours = Options.FirstOrDefault(o => o.Key == name).Value ?? "not recorded";
            if (theirs != ours)
            {
                options.Add($"{name} (the checkpoint's {theirs}, this fit's {ours})");
            }
        }

        if (options.Count > 0)
        {
            parts.Add("different options: " + string.Join(", ", options));
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}

/// <summary>How a fit that ran to the end ended: kept in its last checkpoint, which a matching fit then returns as it is.</summary>
internal sealed record FinishedFit(StopReason Reason, string? Message, double? AdaptedEta, TimeSpan Elapsed, Diagnostics.ParetoK? ParetoK);

/// <summary>
/// The whole state of an ADVI fit between two steps: enough to continue bit for bit as if never interrupted; or, once
/// the fit has run to the end, its result (<see cref="Finished"/>), so the same fit run again returns it rather than
/// resuming at its last periodic checkpoint. One format, whether in a file or another <see cref="ICheckpointStore"/> (little-endian): "MGCK", format version 2, the
/// <see cref="CheckpointKey"/> (model, seed, data, named options), whether the fit finished and how, the state, then
/// an FNV-1a 64 checksum of everything before it. A checkpoint of another model, seed, data or options, one of
/// another format version, a truncated or corrupted file: a clear error, never a silent resume or a silent restart.
/// </summary>
internal sealed class Checkpoint<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const uint Magic = 0x4B43474D; // "MGCK"

    // Version 2 (issue 15): the key is in parts and covers the data; a finished fit is marked and keeps its result.
    private const int Version = 2;

    /// <summary>The seed of the fit that wrote the checkpoint (read from its key; not written from here).</summary>
    public ulong Seed { get; init; }

    /// <summary>The result of the fit when it ran to the end; null for the state of an unfinished fit.</summary>
    public FinishedFit? Finished { get; init; }

    public required int Done { get; init; }

    public required int GoodIteration { get; init; }

    public required int Retries { get; init; }

    public required ulong[] Rng { get; init; }

    public required T[] Parameters { get; init; }

    public required T[] LastGood { get; init; }

    public required T[] BestState { get; init; }

    public required double[] Optimizer { get; init; }

    public required double[] OptimizerGood { get; init; }

    public required double Best { get; init; }

    public required double BestError { get; init; }

    public required double LastError { get; init; }

    public required List<ElboPoint> Elbo { get; init; }

    public required byte[] Tracker { get; init; }

    /// <summary>The checkpoint's bytes, checksum last: what a store keeps (a file store writes them atomically).</summary>
    public byte[] ToBytes(CheckpointKey key)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            WriteKey(w, key);
            WriteFinished(w, Finished);
            w.Write(Done);
            w.Write(GoodIteration);
            w.Write(Retries);
            foreach (ulong word in Rng)
            {
                w.Write(word);
            }

            WriteValues(w, Parameters);
            WriteValues(w, LastGood);
            WriteValues(w, BestState);
            WriteDoubles(w, Optimizer);
            WriteDoubles(w, OptimizerGood);
            w.Write(Best);
            w.Write(BestError);
            w.Write(LastError);
            w.Write(Elbo.Count);
            foreach (ElboPoint point in Elbo)
            {
                w.Write(point.Iteration);
                w.Write(point.Value);
            }

            w.Write(Tracker.Length);
            w.Write(Tracker);
        }

        ulong checksum = Fnv1a(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(BitConverter.GetBytes(checksum));
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a checkpoint's <paramref name="bytes"/> (as <see cref="ToBytes"/> wrote them) for a fit with
    /// <paramref name="key"/>; the caller checks the lengths of the state against its own (<see cref="CheckLengths"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, another format version, truncated or corrupted.</exception>
    /// <exception cref="InvalidOperationException">Written by a fit on other data, of another model, seed or options: the message says which.</exception>
    /// <param name="bytes">The checkpoint, as its store gave it.</param>
    /// <param name="path">The store's name (the file's path), for messages.</param>
    /// <param name="key">This fit's key.</param>
    /// <param name="anySeed">
    /// The fit was given no seed (<see cref="AdviOptions.Seed"/> is null, so its own is random): it takes the checkpoint's
    /// (<see cref="Seed"/>) rather than refusing every checkpoint it could resume.
    /// </param>
    public static Checkpoint<T> Read(byte[] bytes, string path, CheckpointKey key, bool anySeed)
    {
        if (bytes.Length < 16 || BitConverter.ToUInt64(bytes, bytes.Length - 8) != Fnv1a(bytes.AsSpan(0, bytes.Length - 8)))
        {
            throw new InvalidDataException($"The checkpoint '{path}' is truncated or corrupted (checksum mismatch); delete it to start afresh.");
        }

        using var r = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 8), Encoding.UTF8);
        if (r.ReadUInt32() != Magic)
        {
            throw new InvalidDataException($"'{path}' is not a ModelGen checkpoint.");
        }

        int version = r.ReadInt32();
        if (version != Version)
        {
            throw new InvalidDataException(
                $"The checkpoint '{path}' has format version {version}; this ModelGen reads version {Version}, which also records the data a fit ran on and whether it finished"
                + (version < Version ? ", so it cannot tell whether this fit may resume it. Delete it (or give CheckpointOptions another Path) to fit afresh." : ". Delete it, or read it with the ModelGen that wrote it."));
        }

        CheckpointKey saved = ReadKey(r);
        if ((anySeed ? key with { Seed = saved.Seed } : key).Differences(saved) is { } differences)
        {
            throw new InvalidOperationException($"The checkpoint '{path}' was written by {differences}, so this fit cannot resume it. Delete it, or give this fit another CheckpointOptions.Path, to fit afresh.");
        }

        var checkpoint = new Checkpoint<T>
        {
            Seed = saved.Seed,
            Finished = ReadFinished(r),
            Done = r.ReadInt32(),
            GoodIteration = r.ReadInt32(),
            Retries = r.ReadInt32(),
            Rng = [r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64()],
            Parameters = ReadValues(r),
            LastGood = ReadValues(r),
            BestState = ReadValues(r),
            Optimizer = ReadDoubles(r),
            OptimizerGood = ReadDoubles(r),
            Best = r.ReadDouble(),
            BestError = r.ReadDouble(),
            LastError = r.ReadDouble(),
            Elbo = ReadElbo(r),
            Tracker = r.ReadBytes(r.ReadInt32()),
        };
        return checkpoint;
    }

    /// <summary>Throws unless the state has <paramref name="parameterCount"/> variational parameters and, when given, <paramref name="optimizerLength"/> optimizer values.</summary>
    public void CheckLengths(string path, int parameterCount, int? optimizerLength)
    {
        if (Parameters.Length != parameterCount || LastGood.Length != parameterCount || BestState.Length != parameterCount)
        {
            throw new InvalidDataException($"The checkpoint '{path}' holds {Parameters.Length} values where this fit has {parameterCount}.");
        }

        if (optimizerLength is int length && (Optimizer.Length != length || OptimizerGood.Length != length))
        {
            throw new InvalidDataException($"The checkpoint '{path}''s optimizer state has {Optimizer.Length} values where this fit's has {length}.");
        }
    }

    internal static void WriteKey(BinaryWriter w, CheckpointKey key)
    {
        w.Write(key.Model);
        w.Write(key.Seed);
        w.Write(key.Data);
        w.Write(key.Options.Count);
        foreach ((string name, string value) in key.Options)
        {
            w.Write(name);
            w.Write(value);
        }
    }

    internal static CheckpointKey ReadKey(BinaryReader r)
    {
        string model = r.ReadString();
        ulong seed = r.ReadUInt64();
        string data = r.ReadString();
        var options = new KeyValuePair<string, string>[r.ReadInt32()];
        for (int i = 0; i < options.Length; i++)
        {
            options[i] = new(r.ReadString(), r.ReadString());
        }

        return new CheckpointKey(model, seed, data, options);
    }

    private static void WriteFinished(BinaryWriter w, FinishedFit? finished)
    {
        w.Write(finished is not null);
        if (finished is null)
        {
            return;
        }

        w.Write((int)finished.Reason);
        w.Write(finished.Message is not null);
        w.Write(finished.Message ?? string.Empty);
        w.Write(finished.AdaptedEta.HasValue);
        w.Write(finished.AdaptedEta ?? 0);
        w.Write(finished.Elapsed.Ticks);
        w.Write(finished.ParetoK.HasValue);
        Diagnostics.ParetoK k = finished.ParetoK ?? default;
        w.Write(k.K);
        w.Write(k.Sigma);
        w.Write(k.TailLength);
        w.Write(k.DrawCount);
    }

    private static FinishedFit? ReadFinished(BinaryReader r)
    {
        if (!r.ReadBoolean())
        {
            return null;
        }

        var reason = (StopReason)r.ReadInt32();
        bool hasMessage = r.ReadBoolean();
        string message = r.ReadString();
        bool hasEta = r.ReadBoolean();
        double eta = r.ReadDouble();
        var elapsed = TimeSpan.FromTicks(r.ReadInt64());
        bool hasK = r.ReadBoolean();
        var k = new Diagnostics.ParetoK(r.ReadDouble(), r.ReadDouble(), r.ReadInt32(), r.ReadInt32());
        return new FinishedFit(reason, hasMessage ? message : null, hasEta ? eta : null, elapsed, hasK ? k : null);
    }

    private static List<ElboPoint> ReadElbo(BinaryReader r)
    {
        int count = r.ReadInt32();
        var list = new List<ElboPoint>(count);
        for (int i = 0; i < count; i++)
        {
            list.Add(new ElboPoint(r.ReadInt32(), r.ReadDouble()));
        }

        return list;
    }

    private static void WriteValues(BinaryWriter w, T[] values)
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static T[] ReadValues(BinaryReader r)
    {
        int length = r.ReadInt32();
        var values = new T[length];
        r.Read(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static void WriteDoubles(BinaryWriter w, double[] values)
    {
        w.Write(values.Length);
        foreach (double v in values)
        {
            w.Write(v);
        }
    }

    private static double[] ReadDoubles(BinaryReader r)
    {
        int length = r.ReadInt32();
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = r.ReadDouble();
        }

        return values;
    }

    internal static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
