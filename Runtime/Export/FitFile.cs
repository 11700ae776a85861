using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ModelGen.Inference;

namespace ModelGen.Export;

/// <summary>
/// Thrown when a saved fit is loaded into a model whose structure differs from the one it was written for;
/// the message names the first difference.
/// </summary>
public sealed class FitMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FitMismatchException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public FitMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public FitMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The saved-fit format (<c>.mgfit</c>), version 2; <c>docs/outputs.md</c> is its specification. Little-endian
/// throughout: magic, version, body length, body, then the SHA-256 of everything before it. Version 2 adds the
/// variational family and the Cholesky factor's strictly-lower part λ to version 1, which held μ and ρ only;
/// this build writes version 2 for both families and reads both versions.
/// </summary>
public static class FitFile
{
    /// <summary>The format version this build writes.</summary>
    public const int Version = 2;

    /// <summary>The oldest format version this build reads (it reads every version from this one to <see cref="Version"/>).</summary>
    public const int OldestReadableVersion = 1;

    private const int HashLength = 32;

    /// <summary>The first eight bytes of every fit file: "MGFIT", CR, LF, 0x1A.</summary>
    private static ReadOnlySpan<byte> Magic => [0x4D, 0x47, 0x46, 0x49, 0x54, 0x0D, 0x0A, 0x1A];

    /// <summary>
    /// The structure hash the file records: SHA-256 of the UTF-8 text "name\nelementType\n" followed by one line
    /// "blockName|offset|d1xd2…|prior\n" per block, lower-case hex.
    /// </summary>
    public static string StructureHash(ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var text = new StringBuilder();
        text.Append(info.Name).Append('\n').Append(info.ElementType).Append('\n');
        foreach (ParameterBlock block in info.Parameters)
        {
            text.Append(block.Name).Append('|').Append(block.Offset.ToString(CultureInfo.InvariantCulture)).Append('|');
            for (int d = 0; d < block.Shape.Rank; d++)
            {
                text.Append(d == 0 ? string.Empty : "x").Append(block.Shape[d].ToString(CultureInfo.InvariantCulture));
            }

            text.Append('|').Append(block.Prior).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Everything a fit file holds.</summary>
    /// <remarks><paramref name="Lower"/> is λ, L's strictly-lower part row by row as in <see cref="ElboEstimator"/>: empty for mean-field.</remarks>
    internal sealed record Contents<T>(ModelInfo Info, VariationalFamily Family, T[] Mean, T[] Rho, T[] Lower, ElboPoint[] Elbo, int Iterations, TimeSpan Elapsed, StopReason StopReason, ulong Seed, string? Message)
        where T : unmanaged, IFloatingPointIeee754<T>;

    internal static void Write<T>(string path, Contents<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (c.Lower.Length != ElboEstimator.ParameterCount(c.Family, c.Mean.Length) - (2 * c.Mean.Length))
        {
            throw new ArgumentException($"A {c.Family} fit of {c.Mean.Length} coordinates has {ElboEstimator.ParameterCount(c.Family, c.Mean.Length) - (2 * c.Mean.Length)} strictly-lower entries, not {c.Lower.Length}.", nameof(c));
        }

        var body = new Writer();
        body.String(c.Info.Name);
        body.String(c.Info.ElementType);
        body.Int32(Unsafe.SizeOf<T>());
        body.Int32(c.Info.Parameters.Count);
        foreach (ParameterBlock block in c.Info.Parameters)
        {
            body.String(block.Name);
            body.Int32(block.Offset);
            body.Int32(block.Shape.Rank);
            for (int d = 0; d < block.Shape.Rank; d++)
            {
                body.Int32(block.Shape[d]);
            }

            body.String(block.Prior);
        }

        body.Bytes(Convert.FromHexString(StructureHash(c.Info)));
        body.UInt64(c.Seed);
        body.Int32(c.Iterations);
        body.Int32((int)c.StopReason);
        body.Int64(c.Elapsed.Ticks);
        if (c.Message is null)
        {
            body.Int32(-1);
        }
        else
        {
            body.String(c.Message);
        }

        body.Int32((int)c.Family);
        body.Int32(c.Mean.Length);
        body.Values(c.Mean);
        body.Values(c.Rho);
        body.Int32(c.Lower.Length);
        body.Values(c.Lower);
        body.Int32(c.Elbo.Length);
        foreach (ElboPoint p in c.Elbo)
        {
            body.Int32(p.Iteration);
            body.Double(p.Value);
        }

        var file = new Writer();
        file.Bytes(Magic);
        file.Int32(Version);
        file.Int64(body.Length);
        file.Bytes(body.Span);
        file.Bytes(SHA256.HashData(file.Span));
        AtomicFile.WriteAllBytes(path, file.Span);
    }

    internal static Contents<T> Read<T>(string path, ModelInfo model, int dimension)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = File.ReadAllBytes(path);
        int head = Magic.Length + 4 + 8;
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a ModelGen fit file (it does not start with the MGFIT signature).");
        }

        if (bytes.Length < head + HashLength)
        {
            throw new InvalidDataException($"The fit file '{path}' is truncated: {bytes.Length} bytes, too short for its header and checksum.");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version is < OldestReadableVersion or > Version)
        {
            throw new InvalidDataException($"The fit file '{path}' has format version {version}; this build of ModelGen reads versions {OldestReadableVersion} to {Version}.");
        }

        long bodyLength = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(Magic.Length + 4));
        if (bodyLength < 0 || head + bodyLength + HashLength != bytes.Length)
        {
            throw new InvalidDataException($"The fit file '{path}' is truncated or corrupted: its header promises {head + bodyLength + HashLength} bytes, the file has {bytes.Length}.");
        }

        byte[] expected = SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashLength));
        if (!bytes.AsSpan(bytes.Length - HashLength).SequenceEqual(expected))
        {
            throw new InvalidDataException($"The fit file '{path}' is corrupted: its SHA-256 checksum does not match its contents.");
        }

        var r = new Reader(bytes, head, bytes.Length - HashLength, path, version);
        string name = r.String();
        string elementType = r.String();
        int elementSize = r.Int32();
        int blockCount = r.Int32();
        var blocks = new List<ParameterBlock>();
        for (int b = 0; b < blockCount; b++)
        {
            string blockName = r.String();
            int offset = r.Int32();
            int rank = r.Int32();
            var dims = new int[r.Count(rank, 4)];
            for (int d = 0; d < dims.Length; d++)
            {
                dims[d] = r.Int32();
            }

            string prior = r.String();
            try
            {
                blocks.Add(new ParameterBlock(blockName, offset, new EquatableShape(dims), prior));
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"The fit file '{path}' is corrupted: block '{blockName}' has an invalid shape.", e);
            }
        }

        var saved = new ModelInfo(name, elementType, blocks);
        string hash = Convert.ToHexStringLower(r.Bytes(HashLength));
        if (hash != StructureHash(saved))
        {
            throw new InvalidDataException($"The fit file '{path}' is corrupted: its structure hash does not match the structure it records.");
        }

        Compare(path, saved, elementSize, model, Unsafe.SizeOf<T>());
        if (hash != StructureHash(model))
        {
            throw new FitMismatchException($"The fit in '{path}' was written for a model with a different structure (hash {hash[..12]}… in the file, {StructureHash(model)[..12]}… for '{model.Name}').");
        }

        ulong seed = r.UInt64();
        int iterations = r.Int32();
        var stop = (StopReason)r.Int32();
        var elapsed = TimeSpan.FromTicks(r.Int64());
        int messageLength = r.Int32();
        string? message = messageLength < 0 ? null : r.Utf8(messageLength);

        // Version 1 has no family field: it only ever held mean-field fits.
        var family = version == 1 ? VariationalFamily.MeanField : (VariationalFamily)r.Int32();
        if (family is not (VariationalFamily.MeanField or VariationalFamily.FullRank))
        {
            throw new InvalidDataException($"The fit file '{path}' is corrupted: it names variational family {(int)family}, which this build does not know.");
        }

        // The unconstrained coordinates, fewer than the layout's values where a simplex or a Cholesky factor is declared.
        int coordinates = r.Int32();
        if (coordinates != dimension)
        {
            throw new InvalidDataException($"The fit file '{path}' is corrupted: it holds {coordinates} coordinates where model '{model.Name}' has {dimension}.");
        }

        T[] mean = r.Values<T>(dimension);
        T[] rho = r.Values<T>(dimension);
        T[] lower = [];
        if (version >= 2)
        {
            // λ's length follows from the family and d; the file repeats it so a reader can check the two agree.
            int lowerCount = ElboEstimator.ParameterCount(family, dimension) - (2 * dimension);
            int count = r.Int32();
            if (count != lowerCount)
            {
                throw new InvalidDataException($"The fit file '{path}' is corrupted: it holds {count} strictly-lower Cholesky entries where a {family} fit of {dimension} coordinates has {lowerCount}.");
            }

            lower = r.Values<T>(count);
        }

        var elbo = new ElboPoint[r.Count(r.Int32(), 12)];
        for (int i = 0; i < elbo.Length; i++)
        {
            elbo[i] = new ElboPoint(r.Int32(), r.Double());
        }

        r.End();
        return new Contents<T>(model, family, mean, rho, lower, elbo, iterations, elapsed, stop, seed, message);
    }

    /// <summary>Throws <see cref="FitMismatchException"/> naming the first difference between the file's model and this one.</summary>
    private static void Compare(string path, ModelInfo file, int fileElementSize, ModelInfo model, int elementSize)
    {
        string where = $"The fit in '{path}' does not match model '{model.Name}': ";
        if (file.Name != model.Name)
        {
            throw new FitMismatchException($"The fit in '{path}' was written for model '{file.Name}', not '{model.Name}'.");
        }

        if (file.ElementType != model.ElementType || fileElementSize != elementSize)
        {
            throw new FitMismatchException(where + $"the file holds {file.ElementType} values ({fileElementSize} bytes) but the model uses {model.ElementType} ({elementSize} bytes).");
        }

        foreach (ParameterBlock f in file.Parameters)
        {
            ParameterBlock? m = model.Parameters.FirstOrDefault(p => p.Name == f.Name);
            if (m is null)
            {
                throw new FitMismatchException(where + $"block '{f.Name}' is in the file but not in the model.");
            }

            if (!m.Shape.Equals(f.Shape))
            {
                throw new FitMismatchException(where + $"block '{f.Name}' has shape {f.Shape} in the file but {m.Shape} in the model.");
            }

            if (m.Offset != f.Offset)
            {
                throw new FitMismatchException(where + $"block '{f.Name}' starts at offset {f.Offset} in the file but {m.Offset} in the model.");
            }

            if (m.Prior != f.Prior)
            {
                throw new FitMismatchException(where + $"block '{f.Name}' has prior {f.Prior} in the file but {m.Prior} in the model.");
            }
        }

        foreach (ParameterBlock m in model.Parameters)
        {
            if (!file.Parameters.Any(p => p.Name == m.Name))
            {
                throw new FitMismatchException(where + $"block '{m.Name}' is in the model but not in the file.");
            }
        }
    }

    /// <summary>Little-endian writer over a growing buffer.</summary>
    private sealed class Writer
    {
        private byte[] _buffer = new byte[1024];

        public int Length { get; private set; }

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

        public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

        public void Int32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

        public void Int64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);

        public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);

        public void Double(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);

        public void String(string value)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(value);
            Int32(utf8.Length);
            Bytes(utf8);
        }

        public void Values<T>(T[] values)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (T v in values)
            {
                if (typeof(T) == typeof(float))
                {
                    BinaryPrimitives.WriteSingleLittleEndian(Take(4), float.CreateTruncating(v));
                }
                else
                {
                    Double(double.CreateTruncating(v));
                }
            }
        }

        private Span<byte> Take(int count)
        {
            if (Length + count > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
            }

            Span<byte> span = _buffer.AsSpan(Length, count);
            Length += count;
            return span;
        }
    }

    /// <summary>Little-endian reader that turns every overrun into a clear <see cref="InvalidDataException"/>.</summary>
    private sealed class Reader(byte[] bytes, int start, int end, string path, int version)
    {
        private int _at = start;

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

        public ReadOnlySpan<byte> Bytes(int count) => Take(count);

        public string String() => Utf8(Int32());

        public string Utf8(int count) => Encoding.UTF8.GetString(Take(Count(count, 1)));

        /// <summary>Checks a count read from the file against the bytes left (each item at least <paramref name="size"/> bytes).</summary>
        public int Count(int count, int size)
        {
            if (count < 0 || (long)count * size > end - _at)
            {
                throw Corrupt();
            }

            return count;
        }

        public T[] Values<T>(int count)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var values = new T[Count(count, Unsafe.SizeOf<T>())];
            for (int i = 0; i < count; i++)
            {
                values[i] = typeof(T) == typeof(float)
                    ? T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(Take(4)))
                    : T.CreateTruncating(Double());
            }

            return values;
        }

        public void End()
        {
            if (_at != end)
            {
                throw Corrupt();
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > end - _at)
            {
                throw Corrupt();
            }

            ReadOnlySpan<byte> span = bytes.AsSpan(_at, count);
            _at += count;
            return span;
        }

        private InvalidDataException Corrupt() => new($"The fit file '{path}' is corrupted: its contents do not follow format version {version}.");
    }
}

/// <summary>Writes files so a reader never sees a half-written one: a temporary file beside the target, flushed, then renamed over it.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
}
