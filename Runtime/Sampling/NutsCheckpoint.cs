using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using ModelGen.Inference;
using ModelGen.Random;
using static ModelGen.Sampling.CheckpointReads;

namespace ModelGen.Sampling;

/// <summary>Where and how often NUTS saves its chains (<see cref="Checkpoint"/>), so an interrupted run resumes bit for bit.</summary>
public sealed partial record NutsOptions
{
    /// <summary>
    /// Where and how often (in iterations of each chain, warm-up included) the sampler saves every chain's state: a file
    /// or any <see cref="ICheckpointStore"/>. A run that finds a checkpoint resumes each chain where it was saved and ends
    /// with the draws, statistics, step sizes and metrics of the uninterrupted run, bit for bit; one of a finished run
    /// gives that run's draws without sampling. A checkpoint of another model, seed, data or options is an error saying
    /// which. A cancelled run writes no checkpoint of its own: it resumes from the last one written. Null (the default): none.
    /// </summary>
    public CheckpointOptions? Checkpoint { get; init; }
}

/// <summary>
/// The NUTS checkpoint: every chain's state between two of its iterations, in one store. Chains run in parallel and are
/// saved each at its own pace (every <see cref="CheckpointOptions.Every"/> of its iterations): a chain is independent of
/// the others, so resuming each from its own last state gives the uninterrupted run. Format (little-endian): "MGNU",
/// version 1, the <see cref="CheckpointKey"/> (model, seed, data, the options that shape the draws, by name), the number
/// of chains, each chain's state (empty for a chain not started), then an FNV-1a 64 checksum of everything before it.
/// A chain's state: its iteration (warm-up included), random stream, step size, inverse metric, position with its log
/// density and gradient, the adaptations' running sums, warm-up leapfrogs, times, and its kept draws so far with their statistics.
/// </summary>
internal sealed class NutsCheckpoint<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const uint Magic = 0x554E474D; // "MGNU"
    private const uint AdviMagic = 0x4B43474D; // "MGCK", an ADVI checkpoint
    private const int Version = 1;

    private readonly ICheckpointStore _store;
    private readonly string _path;
    private readonly CheckpointKey _key;
    private readonly byte[]?[] _chains;
    private readonly Lock _lock = new();

    private NutsCheckpoint(ICheckpointStore store, string path, CheckpointKey key, byte[]?[] chains)
    {
        _store = store;
        _path = path;
        _key = key;
        _chains = chains;
    }

    /// <summary>Iterations of a chain between its saves.</summary>
    public required int Every { get; init; }

    /// <summary>
    /// The run's checkpoint when <see cref="NutsOptions.Checkpoint"/> is set (else null): what its store holds, checked
    /// against this run's key. A run given no seed takes the checkpoint's (<paramref name="seed"/> is updated).
    /// </summary>
    public static NutsCheckpoint<T>? Open(NutsOptions options, ModelInfo info, string? dataIdentity, ref ulong seed)
    {
        if (options.Checkpoint is not { } checkpoint)
        {
            return null;
        }

        checkpoint.Validate();
        string data = dataIdentity ?? throw new ArgumentException(
            "A NUTS run with a checkpoint must know which data it runs on, so that it resumes a checkpoint only on the same data, and this density does not say (ILogDensity.DataIdentity). "
            + "Sample the model with its bound rows, or without NutsOptions.Checkpoint.",
            nameof(options));
        var key = KeyOf(info, options, seed, data);
        ICheckpointStore store = checkpoint.Resolve();
        var chains = new byte[]?[options.Chains];
        if (store.Read() is { } bytes)
        {
            CheckpointKey saved = Parse(bytes, checkpoint.Path, chains);
            if ((options.Seed is null ? key with { Seed = saved.Seed } : key).Differences(saved) is { } differences)
            {
                throw new InvalidOperationException($"The NUTS checkpoint '{checkpoint.Path}' was written by {differences}, so this run cannot resume it. Delete it, or give this run another CheckpointOptions.Path, to sample afresh.");
            }

            (seed, key) = (saved.Seed, key with { Seed = saved.Seed });
        }

        return new NutsCheckpoint<T>(store, checkpoint.Path, key, chains) { Every = checkpoint.Every };
    }

    /// <summary>
    /// Restores chain <paramref name="c"/> (its sampler, adaptations, kept draws and statistics) from the checkpoint;
    /// false when the checkpoint holds no state of it (it starts afresh).
    /// </summary>
    public bool TryRestore<TDensity>(int c, NutsChain<TDensity, T> chain, StepSizeAdaptation? step, MetricAdaptation? metric, T[] values, SamplerStatistics stats, int constrained, out ChainProgress progress)
        where TDensity : struct, ILogDensity<T>
    {
        progress = default;
        byte[]? bytes;
        lock (_lock)
        {
            bytes = _chains[c];
        }

        if (bytes is null)
        {
            return false;
        }

        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            progress = new ChainProgress(r.ReadInt32(), r.ReadInt64(), TimeSpan.FromTicks(r.ReadInt64()), TimeSpan.FromTicks(r.ReadInt64()));
            chain.ReadState(r);
            if (r.ReadBoolean() != step is not null || r.ReadBoolean() != metric is not null)
            {
                throw new InvalidDataException("its chains were adapted otherwise");
            }

            step?.ReadState(r);
            metric?.ReadState(r);
            int kept = r.ReadInt32();
            int start = c * stats.DrawsPerChain;
            ReadExactly(r, MemoryMarshal.AsBytes(values.AsSpan(start * constrained, kept * constrained)));
            for (int k = start; k < start + kept; k++)
            {
                stats.LogDensity[k] = r.ReadDouble();
                stats.AcceptStat[k] = r.ReadDouble();
                stats.StepSize[k] = r.ReadDouble();
                stats.TreeDepth[k] = r.ReadInt32();
                stats.Leapfrogs[k] = r.ReadInt32();
                stats.Divergent[k] = r.ReadBoolean();
                stats.Energy[k] = r.ReadDouble();
            }

            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"The NUTS checkpoint '{_path}' holds a state of chain {c} this run cannot read ({e.Message}); delete it to sample afresh.", e);
        }
    }

    /// <summary>
    /// Saves chain <paramref name="c"/> after its iteration <paramref name="progress"/>.Iteration (warm-up included) and
    /// writes the checkpoint, with every other chain's last saved state, to the store. Called on the chain's thread.
    /// </summary>
    public void Save<TDensity>(int c, NutsChain<TDensity, T> chain, StepSizeAdaptation? step, MetricAdaptation? metric, T[] values, SamplerStatistics stats, int constrained, int warmup, ChainProgress progress)
        where TDensity : struct, ILogDensity<T>
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(progress.Iteration);
            w.Write(progress.WarmupLeapfrogs);
            w.Write(progress.Elapsed.Ticks);
            w.Write(progress.WarmupElapsed.Ticks);
            chain.WriteState(w);
            w.Write(step is not null);
            w.Write(metric is not null);
            step?.WriteState(w);
            metric?.WriteState(w);
            int kept = Math.Max(0, progress.Iteration - warmup);
            int start = c * stats.DrawsPerChain;
            w.Write(kept);
            w.Write(MemoryMarshal.AsBytes(values.AsSpan(start * constrained, kept * constrained)));
            for (int k = start; k < start + kept; k++)
            {
                w.Write(stats.LogDensity[k]);
                w.Write(stats.AcceptStat[k]);
                w.Write(stats.StepSize[k]);
                w.Write(stats.TreeDepth[k]);
                w.Write(stats.Leapfrogs[k]);
                w.Write(stats.Divergent[k]);
                w.Write(stats.Energy[k]);
            }
        }

        byte[] state = buffer.ToArray();
        lock (_lock)
        {
            _chains[c] = state;
            _store.Write(ToBytes());
        }
    }

    /// <summary>The checkpoint's bytes: header, key, each chain's last state, checksum last.</summary>
    private byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            Checkpoint<T>.WriteKey(w, _key);
            w.Write(_chains.Length);
            foreach (byte[]? chain in _chains)
            {
                w.Write(chain?.Length ?? 0);
                w.Write(chain ?? []);
            }
        }

        ulong checksum = Checkpoint<T>.Fnv1a(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(BitConverter.GetBytes(checksum));
        return buffer.ToArray();
    }

    /// <summary>Reads a checkpoint's chains into <paramref name="chains"/> and returns its key.</summary>
    private static CheckpointKey Parse(byte[] bytes, string path, byte[]?[] chains)
    {
        if (bytes.Length >= 4 && BitConverter.ToUInt32(bytes, 0) == AdviMagic)
        {
            throw new InvalidDataException($"The checkpoint '{path}' is an ADVI fit's, not a NUTS run's; give NutsOptions.Checkpoint a path of its own.");
        }

        if (bytes.Length < 16 || BitConverter.ToUInt64(bytes, bytes.Length - 8) != Checkpoint<T>.Fnv1a(bytes.AsSpan(0, bytes.Length - 8)))
        {
            throw new InvalidDataException($"The NUTS checkpoint '{path}' is truncated or corrupted (checksum mismatch); delete it to sample afresh.");
        }

        using var r = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 8), Encoding.UTF8);
        if (r.ReadUInt32() != Magic)
        {
            throw new InvalidDataException($"'{path}' is not a ModelGen NUTS checkpoint.");
        }

        int version = r.ReadInt32();
        if (version != Version)
        {
            throw new InvalidDataException($"The NUTS checkpoint '{path}' has format version {version}; this ModelGen reads version {Version}. Delete it to sample afresh.");
        }

        CheckpointKey key = Checkpoint<T>.ReadKey(r);
        int count = r.ReadInt32();
        if (count != chains.Length)
        {
            // The key names the chains too, so this is caught with the other differences; keep what fits for its message.
            return key;
        }

        for (int c = 0; c < count; c++)
        {
            int length = r.ReadInt32();
            chains[c] = length == 0 ? null : r.ReadBytes(length);
        }

        return key;
    }

    /// <summary>The key of a NUTS run: the model, seed, data and every option that shapes its draws, by name.</summary>
    private static CheckpointKey KeyOf(ModelInfo info, NutsOptions o, ulong seed, string data)
    {
        var invariant = CultureInfo.InvariantCulture;
        string R(double value) => value.ToString("R", invariant);
        KeyValuePair<string, string>[] named =
        [
            new("Sampler", "NUTS"),
            new("Chains", o.Chains.ToString(invariant)),
            new("Warmup", o.Warmup.ToString(invariant)),
            new("Draws", o.Draws.ToString(invariant)),
            new("TargetAcceptance", R(o.TargetAcceptance)),
            new("MaxTreeDepth", o.MaxTreeDepth.ToString(invariant)),
            new("InitialStepSize", R(o.InitialStepSize)),
            new("DualAveraging", $"γ {R(o.Gamma)}, κ {R(o.Kappa)}, t₀ {R(o.T0)}"),
            new("MetricWindows", $"{o.InitBuffer}/{o.BaseWindow}/{o.TermBuffer}, adapted: {o.AdaptMetric}"),
            new("InitialInverseMetric", o.InitialInverseMetric is { } m ? string.Join(";", m.ToArray().Select(R)) : "not set"),
            new("InitialPoints", o.InitialPoints is { } points ? string.Join(" | ", points.Select(p => string.Join(";", p.Select(R)))) : "not set"),
            new("InitialRadius", R(o.InitialRadius)),
            .. (o.FirstChain != 0 ? [new KeyValuePair<string, string>("FirstChain", o.FirstChain.ToString(invariant))] : Array.Empty<KeyValuePair<string, string>>()),
        ];
        return new CheckpointKey(CheckpointKey.ModelOf(info), seed, data, named);
    }
}

/// <summary>Where a chain stands at a save: iterations done (warm-up included), warm-up leapfrogs and the times spent so far.</summary>
internal readonly record struct ChainProgress(int Iteration, long WarmupLeapfrogs, TimeSpan Elapsed, TimeSpan WarmupElapsed);

/// <summary>The state a chain carries from one transition to the next (the rest is rebuilt by each transition).</summary>
internal sealed partial class NutsChain<TDensity, T>
{
    /// <summary>Writes the random stream, step size, inverse metric and the position with its log density and gradient.</summary>
    public void WriteState(BinaryWriter w)
    {
        Span<ulong> rng = stackalloc ulong[Rng.StateLength];
        _rng.GetState(rng);
        foreach (ulong word in rng)
        {
            w.Write(word);
        }

        w.Write(StepSize);
        w.Write(_n);
        w.Write(MemoryMarshal.AsBytes(_inverseMetric.AsSpan(0, _n)));   // the n values, not the register padding
        w.Write(MemoryMarshal.AsBytes(_z.Q[.._n]));
        w.Write(MemoryMarshal.AsBytes(_z.Grad[.._n]));
        w.Write(_z.Lp);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    public void ReadState(BinaryReader r)
    {
        Span<ulong> rng = stackalloc ulong[Rng.StateLength];
        for (int i = 0; i < rng.Length; i++)
        {
            rng[i] = r.ReadUInt64();
        }

        _rng = Rng.FromState(rng);
        StepSize = r.ReadDouble();
        int n = r.ReadInt32();
        if (n != _n)
        {
            throw new InvalidDataException($"a chain of {n} unconstrained parameters where this model has {_n}");
        }

        ReadExactly(r, MemoryMarshal.AsBytes(_inverseMetric.AsSpan(0, _n)));   // the padding stays 0
        ReadExactly(r, MemoryMarshal.AsBytes(_z.Q[.._n]));
        ReadExactly(r, MemoryMarshal.AsBytes(_z.Grad[.._n]));
        _z.Lp = r.ReadDouble();
    }
}

/// <summary>The dual averaging's running sums, for checkpoints.</summary>
internal sealed partial class StepSizeAdaptation
{
    public void WriteState(BinaryWriter w)
    {
        w.Write(_counter);
        w.Write(_sBar);
        w.Write(_xBar);
        w.Write(_mu);
    }

    public void ReadState(BinaryReader r)
    {
        _counter = r.ReadDouble();
        _sBar = r.ReadDouble();
        _xBar = r.ReadDouble();
        _mu = r.ReadDouble();
    }
}

/// <summary>The metric estimator's window and running moments, for checkpoints.</summary>
internal sealed partial class MetricAdaptation
{
    public void WriteState(BinaryWriter w)
    {
        w.Write(_samples);
        w.Write(_counter);
        w.Write(_windowSize);
        w.Write(_nextWindow);
        w.Write(_mean.Length);
        w.Write(MemoryMarshal.AsBytes(_mean.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(_m2.AsSpan()));
    }

    public void ReadState(BinaryReader r)
    {
        _samples = r.ReadInt32();
        _counter = r.ReadInt32();
        _windowSize = r.ReadInt32();
        _nextWindow = r.ReadInt32();
        if (r.ReadInt32() != _mean.Length)
        {
            throw new InvalidDataException("a metric estimate of another dimension");
        }

        ReadExactly(r, MemoryMarshal.AsBytes(_mean.AsSpan()));
        ReadExactly(r, MemoryMarshal.AsBytes(_m2.AsSpan()));
    }
}

/// <summary>Reads of a checkpoint's raw arrays.</summary>
internal static class CheckpointReads
{
    /// <summary>Fills <paramref name="destination"/> from <paramref name="r"/>, or throws <see cref="EndOfStreamException"/> when the bytes run out.</summary>
    public static void ReadExactly(BinaryReader r, Span<byte> destination)
    {
        if (r.Read(destination) != destination.Length)
        {
            throw new EndOfStreamException("the checkpoint ends inside an array");
        }
    }
}
