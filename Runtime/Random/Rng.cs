using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ModelGen.Simd;

namespace ModelGen.Random;

/// <summary>
/// A seeded, splittable pseudo-random generator: xoshiro256** (Blackman and Vigna) seeded through
/// splitmix64. It is a mutable struct; pass it by <see langword="ref"/> so draws advance the caller's
/// copy. No member allocates.
/// </summary>
/// <remarks>
/// <para>The 256-bit state has period 2^256 - 1. <c>default(Rng)</c> has the all-zero state, which
/// produces only zeros: always construct one from a seed or with <see cref="FromState"/>.</para>
/// <para>For per-thread or per-chain streams use <see cref="Split"/> (hash-derived, any number of
/// streams) or <see cref="Jump"/> (provably non-overlapping blocks of 2^128 draws).</para>
/// </remarks>
public partial struct Rng
{
    /// <summary>Words in the state written by <see cref="GetState"/> and read by <see cref="FromState"/>.</summary>
    public const int StateLength = 4;

    // splitmix64's increment: the golden ratio in 64-bit fixed point.
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    // The xoshiro256 jump polynomial for 2^128 steps, from the reference implementation.
    private const ulong Jump0 = 0x180EC6D33CFD0ABAUL;
    private const ulong Jump1 = 0xD5A61266F0C9392CUL;
    private const ulong Jump2 = 0xA9582618E03FC9AAUL;
    private const ulong Jump3 = 0x39ABDC4529B1661CUL;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator whose state is four successive splitmix64 outputs from <paramref name="seed"/>.</summary>
    /// <param name="seed">Any value, zero included: splitmix64 never yields an all-zero state.</param>
    public Rng(ulong seed)
    {
        ulong counter = seed;
        _s0 = SplitMix64(ref counter);
        _s1 = SplitMix64(ref counter);
        _s2 = SplitMix64(ref counter);
        _s3 = SplitMix64(ref counter);
    }

    /// <summary>Returns 64 random bits and advances the state by one step.</summary>
    /// <returns>The next xoshiro256** output.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a uniform double in [0, 1) carrying 53 random bits (the top bits of one output).</summary>
    /// <returns>A multiple of 2^-53 in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a uniform float in [0, 1) carrying 24 random bits (the top bits of one output).</summary>
    /// <returns>A multiple of 2^-24 in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>
    /// Returns a uniform integer in [0, <paramref name="maxExclusive"/>) without bias, by Lemire's
    /// multiply-and-reject method ("Fast random integer generation in an interval", 2019).
    /// </summary>
    /// <param name="maxExclusive">The exclusive upper bound; must be positive.</param>
    /// <returns>An integer in [0, <paramref name="maxExclusive"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is zero or negative.</exception>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return Bounded((uint)maxExclusive);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with uniform integers in [0, <paramref name="maxExclusive"/>): the same
    /// values, in the same order, as that many <see cref="NextInt"/> calls, and the state ends where theirs would.
    /// </summary>
    /// <param name="destination">Receives the integers.</param>
    /// <param name="maxExclusive">The exclusive upper bound; must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is zero or negative.</exception>
    public void FillInts(Span<int> destination, int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);

        // A local copy: the JIT keeps its four words in registers, where `this` would go through memory at every draw.
        Rng local = this;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = local.Bounded((uint)maxExclusive);
        }

        this = local;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with uniform integers in [0, <paramref name="maxExclusive"/>), without bias,
    /// taking two from each 64-bit output (its high and then its low 32 bits, each through Lemire's multiply-and-reject):
    /// half the generator steps of <see cref="FillInts"/>, for a different stream. An odd count leaves the last low
    /// half unused. For callers that draw many small indices per step (a minibatch's rows).
    /// </summary>
    /// <param name="destination">Receives the integers.</param>
    /// <param name="maxExclusive">The exclusive upper bound; must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is zero or negative.</exception>
    internal void FillIndices(Span<int> destination, int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        uint bound = (uint)maxExclusive;

        // 2^32 mod bound: a 32-bit word whose product's low half falls below it is rejected (then the next word is used).
        uint threshold = (0u - bound) % bound;
        Rng local = this;
        ref int target = ref MemoryMarshal.GetReference(destination);
        nint count = destination.Length;
        nint i = 0;
        while (i < count)
        {
            ulong word = local.NextUInt64();
            ulong high = (word >> 32) * bound;
            ulong low = (word & 0xFFFF_FFFFUL) * bound;
            if ((uint)high >= threshold)
            {
                Unsafe.Add(ref target, i++) = (int)(high >> 32);
            }

            if ((uint)low >= threshold && i < count)
            {
                Unsafe.Add(ref target, i++) = (int)(low >> 32);
            }
        }

        this = local;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bounded(uint bound)
    {
        ulong product = (NextUInt64() >> 32) * bound;
        uint low = (uint)product;
        if (low < bound)
        {
            // 2^32 mod bound: rejecting the low words below it leaves every output the same number of preimages.
            uint threshold = (0u - bound) % bound;
            while (low < threshold)
            {
                product = (NextUInt64() >> 32) * bound;
                low = (uint)product;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>Returns a standard normal draw (Box–Muller on two outputs; the second normal is discarded).</summary>
    /// <returns>A draw from N(0, 1), computed with scalar <see cref="Math"/> functions.</returns>
    public double NextNormal()
    {
        ulong a = NextUInt64();
        ulong b = NextUInt64();
        return BoxMullerScalarD.Cosine(a, b);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with independent standard normals: Box–Muller on pairs, with
    /// the transcendental functions evaluated in the widest hardware-accelerated vector registers.
    /// </summary>
    /// <param name="destination">The span to fill; every element is written.</param>
    /// <remarks>
    /// <para>Each pair of outputs uses one 64-bit output split into two 24-bit uniforms, so the tails are
    /// exact out to |z| = sqrt(2 ln 2^24) ≈ 5.77. An odd last element costs one extra pair, whose second
    /// half is discarded. The state advances by ceil(n / 2) steps.</para>
    /// <para>For a given seed and length the values are identical on every run on the same machine. They
    /// may differ in the last bits across instruction sets (Vector512, Vector256, Vector128 or scalar),
    /// because each width evaluates log, sin and cos with its own implementation.</para>
    /// </remarks>
    public void FillNormal(Span<float> destination)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            FillNormalCore<BoxMuller512F, float>(destination);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            FillNormalCore<BoxMuller256F, float>(destination);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            FillNormalCore<BoxMuller128F, float>(destination);
        }
        else
        {
            FillNormalCore<BoxMullerScalarF, float>(destination);
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with independent standard normals: Box–Muller on pairs, with
    /// the transcendental functions evaluated in the widest hardware-accelerated vector registers.
    /// </summary>
    /// <param name="destination">The span to fill; every element is written.</param>
    /// <remarks>
    /// <para>Each pair of outputs uses two 64-bit outputs turned into 52-bit uniforms, so the tails are
    /// exact out to |z| = sqrt(2 ln 2^52) ≈ 8.49. An odd last element costs one extra pair, whose second
    /// half is discarded. The state advances by n steps, rounded up to even.</para>
    /// <para>For a given seed and length the values are identical on every run on the same machine. They
    /// may differ in the last bits across instruction sets (Vector512, Vector256, Vector128 or scalar),
    /// because each width evaluates log, sin and cos with its own implementation.</para>
    /// </remarks>
    public void FillNormal(Span<double> destination)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            FillNormalCore<BoxMuller512D, double>(destination);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            FillNormalCore<BoxMuller256D, double>(destination);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            FillNormalCore<BoxMuller128D, double>(destination);
        }
        else
        {
            FillNormalCore<BoxMullerScalarD, double>(destination);
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with independent standard normals for generic numeric code:
    /// <see cref="float"/> and <see cref="double"/> take the vectorised overloads; any other type is
    /// filled element by element from <see cref="NextNormal"/>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="destination">The span to fill; every element is written.</param>
    public void FillNormal<T>(Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // typeof tests on a value-type argument are JIT-time constants: only one branch survives.
        if (typeof(T) == typeof(float))
        {
            FillNormal(MemoryMarshal.Cast<T, float>(destination));
        }
        else if (typeof(T) == typeof(double))
        {
            FillNormal(MemoryMarshal.Cast<T, double>(destination));
        }
        else
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = T.CreateTruncating(NextNormal());
            }
        }
    }

    /// <summary>
    /// Returns an independent generator for stream <paramref name="stream"/>, derived deterministically
    /// from this state and the stream index; this generator is not advanced.
    /// </summary>
    /// <param name="stream">The stream index, e.g. a thread or chain number.</param>
    /// <returns>A generator seeded (as by <see cref="Rng(ulong)"/>) with a splitmix64 hash of the state and index.</returns>
    /// <remarks>
    /// Every step of the hash is a bijection of the stream index, so distinct indices from one state
    /// always give distinct generators. Splitting the same state with the same index twice gives the
    /// same generator: advance or split the parent between uses if fresh streams are wanted.
    /// </remarks>
    public readonly Rng Split(ulong stream)
    {
        ulong key = Mix64(stream + Golden);
        key = Mix64(key ^ _s0);
        key = Mix64(key ^ _s1);
        key = Mix64(key ^ _s2);
        key = Mix64(key ^ _s3);
        return new Rng(key);
    }

    /// <summary>
    /// Advances the state by 2^128 steps in 256 steps' time (the xoshiro256 jump polynomial). Calling it
    /// k times on copies of one generator gives k streams that cannot overlap for 2^128 draws each.
    /// </summary>
    public void Jump()
    {
        ulong t0 = 0;
        ulong t1 = 0;
        ulong t2 = 0;
        ulong t3 = 0;
        JumpWord(Jump0, ref t0, ref t1, ref t2, ref t3);
        JumpWord(Jump1, ref t0, ref t1, ref t2, ref t3);
        JumpWord(Jump2, ref t0, ref t1, ref t2, ref t3);
        JumpWord(Jump3, ref t0, ref t1, ref t2, ref t3);
        _s0 = t0;
        _s1 = t1;
        _s2 = t2;
        _s3 = t3;
    }

    /// <summary>Writes the four state words, for checkpointing; <see cref="FromState"/> restores them.</summary>
    /// <param name="destination">At least <see cref="StateLength"/> words; the first four are written.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="StateLength"/>.</exception>
    public readonly void GetState(Span<ulong> destination)
    {
        if (destination.Length < StateLength)
        {
            throw new ArgumentException($"The state needs {StateLength} words; the span has {destination.Length}.", nameof(destination));
        }

        destination[0] = _s0;
        destination[1] = _s1;
        destination[2] = _s2;
        destination[3] = _s3;
    }

    /// <summary>Recreates a generator from words written by <see cref="GetState"/>; it continues the same sequence.</summary>
    /// <param name="state">Exactly <see cref="StateLength"/> words, not all zero.</param>
    /// <returns>The restored generator.</returns>
    /// <exception cref="ArgumentException"><paramref name="state"/> has the wrong length or is all zero.</exception>
    public static Rng FromState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != StateLength)
        {
            throw new ArgumentException($"The state has {StateLength} words; the span has {state.Length}.", nameof(state));
        }

        if ((state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException("The all-zero state is a fixed point of xoshiro256** and is not a valid state.", nameof(state));
        }

        Rng rng = default;
        rng._s0 = state[0];
        rng._s1 = state[1];
        rng._s2 = state[2];
        rng._s3 = state[3];
        return rng;
    }

    /// <summary>Fills with standard normals through one chosen kernel width, so tests can compare every width with the scalar reference.</summary>
    internal void FillNormal(Span<float> destination, SimdWidth width)
    {
        switch (width)
        {
            case SimdWidth.Vector512: FillNormalCore<BoxMuller512F, float>(destination); break;
            case SimdWidth.Vector256: FillNormalCore<BoxMuller256F, float>(destination); break;
            case SimdWidth.Vector128: FillNormalCore<BoxMuller128F, float>(destination); break;
            default: FillNormalCore<BoxMullerScalarF, float>(destination); break;
        }
    }

    /// <summary>Fills with standard normals through one chosen kernel width, so tests can compare every width with the scalar reference.</summary>
    internal void FillNormal(Span<double> destination, SimdWidth width)
    {
        switch (width)
        {
            case SimdWidth.Vector512: FillNormalCore<BoxMuller512D, double>(destination); break;
            case SimdWidth.Vector256: FillNormalCore<BoxMuller256D, double>(destination); break;
            case SimdWidth.Vector128: FillNormalCore<BoxMuller128D, double>(destination); break;
            default: FillNormalCore<BoxMullerScalarD, double>(destination); break;
        }
    }

    /// <summary>The splitmix64 generator: advances <paramref name="counter"/> by the golden increment and mixes it.</summary>
    internal static ulong SplitMix64(ref ulong counter)
    {
        counter += Golden;
        return Mix64(counter);
    }

    // splitmix64's finaliser (Stafford's Mix13): a bijection of 64-bit words with full avalanche.
    private static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // One word of the jump polynomial: xor in the current state for every set bit, stepping once per bit.
    private void JumpWord(ulong word, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3)
    {
        for (int bit = 0; bit < 64; bit++)
        {
            if ((word & (1UL << bit)) != 0)
            {
                t0 ^= _s0;
                t1 ^= _s1;
                t2 ^= _s2;
                t3 ^= _s3;
            }

            NextUInt64();
        }
    }

    // Writes raw outputs, with the state in locals so the loop runs in registers rather than through `this`.
    private void FillBits(Span<ulong> destination)
    {
        ulong s0 = _s0;
        ulong s1 = _s1;
        ulong s2 = _s2;
        ulong s3 = _s3;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BitOperations.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = BitOperations.RotateLeft(s3, 45);
        }

        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }
}

// The Box–Muller kernels behind FillNormal. A block of 2p elements is first filled with raw output bits,
// then transformed in place: lane i of the first half and lane i of the second half hold the bits of one
// uniform pair (u1, u2), and are overwritten with z0 = r cos θ and z1 = r sin θ, where r = sqrt(-2 ln u1)
// and θ = 2π u2. Writing the bits into the destination itself needs no buffer, and a block fits in L1. The float
// vector kernels take ln and sin/cos from the SIMD types' UnitLog and SinCosQuarterTurns (θ as 4 u2 quarter turns), the others from .NET.
public partial struct Rng
{
    // Elements per block: the raw bits are still in L1 when the kernel reads them back.
    private const int BlockElements = 512;

    // Lanes of the widest register (Vector512 of float): the size of each half of the padded tail buffer.
    private const int MaxLanes = 16;

    private const double TwoPi = 2 * Math.PI;
    private const float TwoPiF = 2 * MathF.PI;

    // The bits of 1.0: 52 random mantissa bits under this exponent give a double in [1, 2) exactly.
    private const ulong OneBits = 0x3FF0000000000000UL;

    // 24-bit integers convert to float exactly; this scales them to [0, 1].
    private const float Scale24 = 1.0f / (1 << 24);

    /// <summary>One register width of the Box–Muller transform.</summary>
    private interface IBoxMuller<T>
        where T : unmanaged
    {
        /// <summary>Pairs transformed per call.</summary>
        static abstract int Count { get; }

        /// <summary>Reads <see cref="Count"/> words of u1 bits at <paramref name="first"/> and of u2 bits at
        /// <paramref name="second"/>, and overwrites them with the cosine and sine normals.</summary>
        static abstract void Transform(ref T first, ref T second);
    }

    private void FillNormalCore<TKernel, T>(Span<T> destination)
        where TKernel : struct, IBoxMuller<T>
        where T : unmanaged
    {
        while (destination.Length > 1)
        {
            int length = Math.Min(destination.Length & ~1, BlockElements);
            FillNormalBlock<TKernel, T>(destination[..length]);
            destination = destination[length..];
        }

        if (destination.Length == 1)
        {
            Span<T> pair = stackalloc T[2];
            FillNormalBlock<TKernel, T>(pair);
            destination[0] = pair[0];
        }
    }

    private void FillNormalBlock<TKernel, T>(Span<T> block)
        where TKernel : struct, IBoxMuller<T>
        where T : unmanaged
    {
        FillBits(MemoryMarshal.Cast<T, ulong>(block));
        int pairs = block.Length / 2;
        ref T first = ref MemoryMarshal.GetReference(block);
        ref T second = ref Unsafe.Add(ref first, pairs);
        int i = 0;
        for (; i <= pairs - TKernel.Count; i += TKernel.Count)
        {
            TKernel.Transform(ref Unsafe.Add(ref first, i), ref Unsafe.Add(ref second, i));
        }

        if (i < pairs && typeof(T) == typeof(float))
        {
            i = NarrowerTail(ref Unsafe.As<T, float>(ref first), ref Unsafe.As<T, float>(ref second), i, pairs);
        }

        if (i < pairs)
        {
            TransformTail<TKernel, T>(block, i, pairs);
        }
    }

    // The float kernels give the same bits at every width (UnitLog and SinCosQuarterTurns are lane-wise IEEE arithmetic), so a tail
    // of whole narrower registers goes through them in place instead of a padded copy: the seed model's 40 normals are
    // one 512-bit and one 128-bit register. Returns the first pair not done.
    private static int NarrowerTail(ref float first, ref float second, int i, int pairs)
    {
        if (Vector256.IsHardwareAccelerated && pairs - i >= Vector256<float>.Count)
        {
            BoxMuller256F.Transform(ref Unsafe.Add(ref first, i), ref Unsafe.Add(ref second, i));
            i += Vector256<float>.Count;
        }

        if (Vector128.IsHardwareAccelerated && pairs - i >= Vector128<float>.Count)
        {
            BoxMuller128F.Transform(ref Unsafe.Add(ref first, i), ref Unsafe.Add(ref second, i));
            i += Vector128<float>.Count;
        }

        return i;
    }

    // The last partial register goes through a zero-padded copy, so the tail gets the same arithmetic as
    // full registers (zero bits are a valid uniform pair, so the padding lanes stay finite).
    private static void TransformTail<TKernel, T>(Span<T> block, int start, int pairs)
        where TKernel : struct, IBoxMuller<T>
        where T : unmanaged
    {
        int count = pairs - start;
        Span<T> padded = stackalloc T[2 * MaxLanes];
        block.Slice(start, count).CopyTo(padded);
        block.Slice(pairs + start, count).CopyTo(padded[MaxLanes..]);
        TKernel.Transform(ref padded[0], ref padded[MaxLanes]);
        padded[..count].CopyTo(block.Slice(start, count));
        padded.Slice(MaxLanes, count).CopyTo(block.Slice(pairs + start, count));
    }

    /// <summary>The scalar reference for double, also behind <see cref="NextNormal"/>.</summary>
    private readonly struct BoxMullerScalarD : IBoxMuller<double>
    {
        public static int Count => 1;

        public static void Transform(ref double first, ref double second)
        {
            ulong a = Unsafe.As<double, ulong>(ref first);
            ulong b = Unsafe.As<double, ulong>(ref second);
            (double sin, double cos, double radius) = Polar(a, b);
            first = radius * cos;
            second = radius * sin;
        }

        public static double Cosine(ulong a, ulong b)
        {
            (_, double cos, double radius) = Polar(a, b);
            return radius * cos;
        }

        private static (double Sin, double Cos, double Radius) Polar(ulong a, ulong b)
        {
            // 2 - [1, 2) is in (0, 1], so the logarithm never sees 0.
            double u1 = 2.0 - BitConverter.UInt64BitsToDouble((a >> 12) | OneBits);
            double u2 = BitConverter.UInt64BitsToDouble((b >> 12) | OneBits) - 1.0;
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            (double sin, double cos) = Math.SinCos(TwoPi * u2);
            return (sin, cos, radius);
        }
    }

    /// <summary>The scalar reference for float.</summary>
    private readonly struct BoxMullerScalarF : IBoxMuller<float>
    {
        public static int Count => 1;

        public static void Transform(ref float first, ref float second)
        {
            uint a = Unsafe.As<float, uint>(ref first);
            uint b = Unsafe.As<float, uint>(ref second);

            // The top 24 bits plus one, in (0, 2^24], so the logarithm never sees 0.
            float u1 = (int)((a >> 8) + 1) * Scale24;
            float u2 = (int)(b >> 8) * Scale24;
            float radius = MathF.Sqrt(-2f * MathF.Log(u1));
            (float sin, float cos) = MathF.SinCos(TwoPiF * u2);
            first = radius * cos;
            second = radius * sin;
        }
    }

    private readonly struct BoxMuller128D : IBoxMuller<double>
    {
        public static int Count => Vector128<double>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Transform(ref double first, ref double second)
        {
            Vector128<ulong> a = Vector128.LoadUnsafe(ref Unsafe.As<double, ulong>(ref first));
            Vector128<ulong> b = Vector128.LoadUnsafe(ref Unsafe.As<double, ulong>(ref second));
            Vector128<ulong> one = Vector128.Create(OneBits);
            Vector128<double> u1 = Vector128.Create(2.0) - (Vector128.ShiftRightLogical(a, 12) | one).AsDouble();
            Vector128<double> u2 = (Vector128.ShiftRightLogical(b, 12) | one).AsDouble() - Vector128<double>.One;
            Vector128<double> radius = Vector128.Sqrt(Vector128.Create(-2.0) * Vector128.Log(u1));
            (Vector128<double> sin, Vector128<double> cos) = Vector128.SinCos(Vector128.Create(TwoPi) * u2);
            (radius * cos).StoreUnsafe(ref first);
            (radius * sin).StoreUnsafe(ref second);
        }
    }

    private readonly struct BoxMuller256D : IBoxMuller<double>
    {
        public static int Count => Vector256<double>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Transform(ref double first, ref double second)
        {
            Vector256<ulong> a = Vector256.LoadUnsafe(ref Unsafe.As<double, ulong>(ref first));
            Vector256<ulong> b = Vector256.LoadUnsafe(ref Unsafe.As<double, ulong>(ref second));
            Vector256<ulong> one = Vector256.Create(OneBits);
            Vector256<double> u1 = Vector256.Create(2.0) - (Vector256.ShiftRightLogical(a, 12) | one).AsDouble();
            Vector256<double> u2 = (Vector256.ShiftRightLogical(b, 12) | one).AsDouble() - Vector256<double>.One;
            Vector256<double> radius = Vector256.Sqrt(Vector256.Create(-2.0) * Vector256.Log(u1));
            (Vector256<double> sin, Vector256<double> cos) = Vector256.SinCos(Vector256.Create(TwoPi) * u2);
            (radius * cos).StoreUnsafe(ref first);
            (radius * sin).StoreUnsafe(ref second);
        }
    }

    private readonly struct BoxMuller512D : IBoxMuller<double>
    {
        public static int Count => Vector512<double>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Transform(ref double first, ref double second)
        {
            Vector512<ulong> a = Vector512.LoadUnsafe(ref Unsafe.As<double, ulong>(ref first));
            Vector512<ulong> b = Vector512.LoadUnsafe(ref Unsafe.As<double, ulong>(ref second));
            Vector512<ulong> one = Vector512.Create(OneBits);
            Vector512<double> u1 = Vector512.Create(2.0) - (Vector512.ShiftRightLogical(a, 12) | one).AsDouble();
            Vector512<double> u2 = (Vector512.ShiftRightLogical(b, 12) | one).AsDouble() - Vector512<double>.One;
            Vector512<double> radius = Vector512.Sqrt(Vector512.Create(-2.0) * Vector512.Log(u1));
            (Vector512<double> sin, Vector512<double> cos) = Vector512.SinCos(Vector512.Create(TwoPi) * u2);
            (radius * cos).StoreUnsafe(ref first);
            (radius * sin).StoreUnsafe(ref second);
        }
    }

    private readonly struct BoxMuller128F : IBoxMuller<float>
    {
        public static int Count => Vector128<float>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Transform(ref float first, ref float second)
        {
            Vector128<int> a = Vector128.LoadUnsafe(ref Unsafe.As<float, int>(ref first));
            Vector128<int> b = Vector128.LoadUnsafe(ref Unsafe.As<float, int>(ref second));
            Vector128<float> u1 = Vector128.ConvertToSingle(Vector128.ShiftRightLogical(a, 8) + Vector128<int>.One) * Scale24;
            Vector128<float> quarterTurns = Vector128.ConvertToSingle(Vector128.ShiftRightLogical(b, 8)) * (4 * Scale24);
            Vector128<float> radius = Vector128.Sqrt(Vector128.Create(-2f) * Simd128F.UnitLog(u1));
            (Vector128<float> sin, Vector128<float> cos) = Simd128F.SinCosQuarterTurns(quarterTurns);
            (radius * cos).StoreUnsafe(ref first);
            (radius * sin).StoreUnsafe(ref second);
        }
    }

    private readonly struct BoxMuller256F : IBoxMuller<float>
    {
        public static int Count => Vector256<float>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Transform(ref float first, ref float second)
        {
            Vector256<int> a = Vector256.LoadUnsafe(ref Unsafe.As<float, int>(ref first));
            Vector256<int> b = Vector256.LoadUnsafe(ref Unsafe.As<float, int>(ref second));
            Vector256<float> u1 = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(a, 8) + Vector256<int>.One) * Scale24;
            Vector256<float> quarterTurns = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(b, 8)) * (4 * Scale24);
            Vector256<float> radius = Vector256.Sqrt(Vector256.Create(-2f) * Simd256F.UnitLog(u1));
            (Vector256<float> sin, Vector256<float> cos) = Simd256F.SinCosQuarterTurns(quarterTurns);
            (radius * cos).StoreUnsafe(ref first);
            (radius * sin).StoreUnsafe(ref second);
        }
    }

    private readonly struct BoxMuller512F : IBoxMuller<float>
    {
        public static int Count => Vector512<float>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Transform(ref float first, ref float second)
        {
            Vector512<int> a = Vector512.LoadUnsafe(ref Unsafe.As<float, int>(ref first));
            Vector512<int> b = Vector512.LoadUnsafe(ref Unsafe.As<float, int>(ref second));
            Vector512<float> u1 = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(a, 8) + Vector512<int>.One) * Scale24;
            Vector512<float> quarterTurns = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(b, 8)) * (4 * Scale24);
            Vector512<float> radius = Vector512.Sqrt(Vector512.Create(-2f) * Simd512F.UnitLog(u1));
            (Vector512<float> sin, Vector512<float> cos) = Simd512F.SinCosQuarterTurns(quarterTurns);
            (radius * cos).StoreUnsafe(ref first);
            (radius * sin).StoreUnsafe(ref second);
        }
    }
}
