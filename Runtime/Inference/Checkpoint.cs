using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace ModelGen.Inference;

/// <summary>Where and how often a fit saves its state so an interrupted fit can resume.</summary>
/// <param name="Path">The checkpoint file. If it exists when the fit starts, the fit resumes from it.</param>
/// <param name="Every">Steps between checkpoints; default 1,000. Writes are atomic (a temporary file, then a rename).</param>
public sealed record CheckpointOptions(string Path, int Every = 1_000)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of its domain.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Path, nameof(Path));
        ArgumentOutOfRangeException.ThrowIfLessThan(Every, 1, nameof(Every));
    }
}

/// <summary>
/// The whole state of an ADVI fit between two steps: enough to continue bit for bit as if never
/// interrupted. File format (little-endian): "MGCK", format version, a fingerprint of the model's
/// layout and of every option that shapes the arithmetic, the state, then an FNV-1a 64 checksum of
/// everything before it. A changed model or options, a truncated or corrupted file: a clear error.
/// </summary>
internal sealed class Checkpoint<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const uint Magic = 0x4B43474D; // "MGCK"
    private const int Version = 1;

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

    /// <summary>
    /// What a checkpoint must match to be resumed: the layout and every option that shapes the arithmetic. Options
    /// added after format version 1 enter only when they differ from their defaults, so older mean-field checkpoints
    /// still resume.
    /// </summary>
    public static string Fingerprint(ModelInfo info, AdviOptions options, ulong seed) =>
        Fingerprint1(info, options, seed)
        + (options.Family == VariationalFamily.MeanField ? string.Empty : $"|family={options.Family}")
        + (options.InitialMean is { } initial ? $"|mu0={string.Join(";", initial.ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}" : string.Empty);

    private static string Fingerprint1(ModelInfo info, AdviOptions options, ulong seed) =>
        string.Join(
            "|",
            info.Name,
            info.ElementType,
            string.Join(";", info.Parameters.Select(p => $"{p.Name}@{p.Offset}{p.Shape}~{p.Prior}")),
            seed,
            options.Cap,
            options.Optimizer,
            options.GradientSamples,
            options.ElboSamples,
            options.ElboEvery,
            options.InitialMeanScale,
            options.InitialRho,
            options.EffectiveConvergence?.ToString() ?? "none",
            options.DivergenceRetries);

    public void Write(string path, string fingerprint)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(fingerprint);
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

        Commit(buffer, path);

        static void Commit(MemoryStream buffer, string path)
        {
            ulong checksum = Fnv1a(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            buffer.Write(BitConverter.GetBytes(checksum));

            // Atomic: a reader (or a resumed fit after a crash) sees the old checkpoint or the new one, never half of one.
            string temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                buffer.Position = 0;
                buffer.CopyTo(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
    }

    /// <summary>Reads a checkpoint of a fit with <paramref name="parameterCount"/> variational parameters.</summary>
    public static Checkpoint<T> Read(string path, string fingerprint, int parameterCount, int optimizerLength)
    {
        byte[] bytes = File.ReadAllBytes(path);
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
            throw new InvalidDataException($"The checkpoint '{path}' has format version {version}; this ModelGen reads version {Version}.");
        }

        string saved = r.ReadString();
        if (saved != fingerprint)
        {
            throw new InvalidOperationException($"The checkpoint '{path}' was written by a different model, seed or options and cannot be resumed by this fit. It has: {saved}. This fit has: {fingerprint}.");
        }

        var checkpoint = new Checkpoint<T>
        {
            Done = r.ReadInt32(),
            GoodIteration = r.ReadInt32(),
            Retries = r.ReadInt32(),
            Rng = [r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64()],
            Parameters = ReadValues(r, parameterCount),
            LastGood = ReadValues(r, parameterCount),
            BestState = ReadValues(r, parameterCount),
            Optimizer = ReadDoubles(r, optimizerLength),
            OptimizerGood = ReadDoubles(r, optimizerLength),
            Best = r.ReadDouble(),
            BestError = r.ReadDouble(),
            LastError = r.ReadDouble(),
            Elbo = ReadElbo(r),
            Tracker = r.ReadBytes(r.ReadInt32()),
        };
        return checkpoint;
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

    private static T[] ReadValues(BinaryReader r, int expected)
    {
        int length = r.ReadInt32();
        if (length != expected)
        {
            throw new InvalidDataException($"The checkpoint holds {length} values where this fit has {expected}.");
        }

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

    private static double[] ReadDoubles(BinaryReader r, int expected)
    {
        int length = r.ReadInt32();
        if (length != expected)
        {
            throw new InvalidDataException($"The checkpoint's optimizer state has {length} values where this fit's has {expected}.");
        }

        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = r.ReadDouble();
        }

        return values;
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
