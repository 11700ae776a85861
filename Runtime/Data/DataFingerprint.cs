using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using ModelGen.Batches;

namespace ModelGen.Data;

/// <summary>
/// What identifies the data a fit runs on, so that a checkpoint (<see cref="Inference.CheckpointOptions"/>) is resumed
/// only by a fit on the same data: for bound rows, their count, width and a 128-bit hash of every value (inputs
/// feature-major, then the observations, bit for bit); for a batch source, its <see cref="IBatchSource{T}.Identity"/>,
/// total rows and batch size. The generated density reports it (<see cref="Inference.ILogDensity{T}.DataIdentity"/>);
/// it is computed only when a fit asks, that is when it checkpoints.
/// </summary>
public static class DataFingerprint
{
    /// <summary>"1000 rows of 2 feature(s), hash 5f0c…": bound rows, inputs then observations.</summary>
    public static string Of<T>(FeatureMajor<T> inputs, ObservedColumn<T> observed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(observed);
        return Describe(inputs.Rows, inputs.Features, Hash(inputs, observed.Values.AsSpan(0, inputs.Rows)));
    }

    /// <summary>
    /// "batch source …, 100000 rows in all, batches of up to 50", or null when the source does not say what it serves
    /// (its <see cref="IBatchSource{T}.Identity"/> is null): then a fit cannot tell its data from other data.
    /// </summary>
    public static string? Of<T>(IBatchSource<T> source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Identity is { } identity
            ? string.Create(CultureInfo.InvariantCulture, $"batch source {identity}, {source.TotalRows} rows in all, batches of up to {source.BatchSize}")
            : null;
    }

    /// <summary>"1000 rows of 2 feature(s), hash …": the form <see cref="Of{T}(FeatureMajor{T}, ObservedColumn{T})"/> gives.</summary>
    internal static string Describe(int rows, int features, UInt128 hash) =>
        string.Create(CultureInfo.InvariantCulture, $"{rows} rows of {features} feature(s), hash {hash:x32}");

    /// <summary>The hash of rows [0, Rows) of every input column, then of <paramref name="observed"/>.</summary>
    internal static UInt128 Hash<T>(FeatureMajor<T> inputs, ReadOnlySpan<T> observed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var hash = new Hash128();
        hash.Add(inputs.Rows);
        hash.Add(inputs.Features);
        for (int f = 0; f < inputs.Features; f++)
        {
            hash.Add(MemoryMarshal.AsBytes(inputs.Column(f)[..inputs.Rows]));
        }

        hash.Add(MemoryMarshal.AsBytes(observed));
        return hash.Finish();
    }

    /// <summary>
    /// A 128-bit hash of a byte stream: two 64-bit lanes, each word mixed by SplitMix64's finaliser, one lane rotated and
    /// multiplied, the other added and multiplied, so order and every bit count. For telling data sets apart, not for security.
    /// </summary>
    private struct Hash128()
    {
        private ulong _a = 0x243F6A8885A308D3UL;
        private ulong _b = 0x13198A2E03707344UL;
        private ulong _length;

        public void Add(long value) => Word((ulong)value);

        public void Add(ReadOnlySpan<byte> bytes)
        {
            Word((ulong)bytes.Length);
            ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes);
            foreach (ulong word in words)
            {
                Word(word);
            }

            ulong tail = 0;
            for (int i = words.Length * sizeof(ulong); i < bytes.Length; i++)
            {
                tail = (tail << 8) | bytes[i];
            }

            Word(tail);
        }

        public readonly UInt128 Finish() => new(Mix(_a ^ _length), Mix(_b + _a + _length));

        private void Word(ulong word)
        {
            _a = BitOperations.RotateLeft(_a ^ Mix(word), 23) * 0x9E3779B97F4A7C15UL;
            _b = (_b + Mix(word ^ 0xA0761D6478BD642FUL)) * 0xE7037ED1A0B428DBUL;
            _length++;
        }

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
