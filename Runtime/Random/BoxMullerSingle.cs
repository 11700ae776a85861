using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Random;

/// <summary>
/// The float transcendentals of the vector Box–Muller kernels (<see cref="Rng.FillNormal(Span{float})"/>), written for
/// the arguments Box–Muller gives them: ln u for u in (0, 1], and sin, cos of a quarter-turn count t = 4u₂ in [0, 4).
/// .NET's <c>Vector512.Log</c> and <c>SinCos</c> for float take any argument and work in double inside; these take
/// only what they are given and stay in float, at a fraction of the cost (40 normals: 160 → ~60 ns on AVX-512).
/// </summary>
/// <remarks>
/// <para>ln u: u = 2^e m with m in [√½, √2), ln u = e ln 2 + ln m, ln m by Cephes' <c>logf</c> polynomial in
/// f = m − 1 (Moshier, Cephes Math Library), ln 2 in two parts so that e ln 2 adds no rounding error.</para>
/// <para>sin, cos: t = q + r with q = round(t), an integer 0 … 4, and r in [−½, ½]; both are exact because t is a
/// multiple of 2^-22 below 4. sin(πr/2) and cos(πr/2) are Taylor polynomials to r⁹ and r¹⁰ (the first omitted
/// terms are below 2·10⁻⁹ for |r| ≤ ½, under a float ulp), and the quadrant q swaps and negates them.</para>
/// <para>Measured over every possible input (2^24 of each, <c>BoxMullerSingleTests</c>): a few float ulps from the
/// double-precision values; the tests hold them to 4.</para>
/// </remarks>
internal static class BoxMullerSingle
{
    // Cephes logf: ln(1 + f) = f − f²/2 + f³ P(f) for f in [√½ − 1, √2 − 1].
    private const float P0 = 7.0376836292E-2f;
    private const float P1 = -1.1514610310E-1f;
    private const float P2 = 1.1676998740E-1f;
    private const float P3 = -1.2420140846E-1f;
    private const float P4 = 1.4249322787E-1f;
    private const float P5 = -1.6668057665E-1f;
    private const float P6 = 2.0000714765E-1f;
    private const float P7 = -2.4999993993E-1f;
    private const float P8 = 3.3333331174E-1f;

    // ln 2 = Ln2High + Ln2Low, Ln2High with few significant bits, so e · Ln2High is exact for |e| < 2^8.
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float Sqrt2 = 1.41421356f;

    // sin(πr/2) = r (S1 + S3 r² + S5 r⁴ + S7 r⁶ + S9 r⁸); cos(πr/2) = 1 + C2 r² + … + C10 r¹⁰: (π/2)^k / k! with signs.
    private const float S1 = 1.5707963267948966f;
    private const float S3 = -0.6459640975062462f;
    private const float S5 = 0.07969262624616703f;
    private const float S7 = -0.004681754135318687f;
    private const float S9 = 0.00016044118478735975f;
    private const float C2 = -1.2337005501361697f;
    private const float C4 = 0.253669507901048f;
    private const float C6 = -0.020863480763352957f;
    private const float C8 = 0.0009192602748394263f;
    private const float C10 = -2.5202042373060596e-05f;

    /// <summary>ln u for u in (0, 1] (normal floats: no zero, subnormal, infinity or NaN), 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Log(Vector128<float> u)
    {
        Vector128<int> bits = u.AsInt32();
        Vector128<int> exponent = Vector128.ShiftRightArithmetic(bits, 23) - Vector128.Create(127);
        Vector128<float> m = ((bits & Vector128.Create(0x007FFFFF)) | Vector128.Create(0x3F800000)).AsSingle();

        // m in [1, 2) → [√½, √2): halve the large ones and count them in the exponent (the mask is −1 where true).
        Vector128<float> large = Vector128.GreaterThan(m, Vector128.Create(Sqrt2));
        m = Vector128.ConditionalSelect(large, m * 0.5f, m);
        Vector128<float> e = Vector128.ConvertToSingle(exponent - large.AsInt32());
        Vector128<float> f = m - Vector128<float>.One;
        Vector128<float> z = f * f;

        Vector128<float> p = Vector128.FusedMultiplyAdd(Vector128.Create(P0), f, Vector128.Create(P1));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(P2));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(P3));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(P4));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(P5));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(P6));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(P7));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(P8));

        // f − f²/2 + f³ P(f) + e ln 2, the small terms first.
        Vector128<float> y = p * f * z;
        y = Vector128.FusedMultiplyAdd(e, Vector128.Create(Ln2Low), y);
        y = Vector128.FusedMultiplyAdd(z, Vector128.Create(-0.5f), y);
        return Vector128.FusedMultiplyAdd(e, Vector128.Create(Ln2High), f + y);
    }

    /// <summary>sin and cos of t quarter turns (angle πt/2) for t a multiple of 2^-22 in [0, 4), 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector128<float> Sin, Vector128<float> Cos) SinCosQuarterTurns(Vector128<float> t)
    {
        Vector128<float> q = Vector128.Round(t);
        Vector128<float> r = t - q;
        Vector128<float> r2 = r * r;

        Vector128<float> s = Vector128.FusedMultiplyAdd(Vector128.Create(S9), r2, Vector128.Create(S7));
        s = Vector128.FusedMultiplyAdd(s, r2, Vector128.Create(S5));
        s = Vector128.FusedMultiplyAdd(s, r2, Vector128.Create(S3));
        s = Vector128.FusedMultiplyAdd(s, r2, Vector128.Create(S1));
        s *= r;

        Vector128<float> c = Vector128.FusedMultiplyAdd(Vector128.Create(C10), r2, Vector128.Create(C8));
        c = Vector128.FusedMultiplyAdd(c, r2, Vector128.Create(C6));
        c = Vector128.FusedMultiplyAdd(c, r2, Vector128.Create(C4));
        c = Vector128.FusedMultiplyAdd(c, r2, Vector128.Create(C2));
        c = Vector128.FusedMultiplyAdd(c, r2, Vector128<float>.One);

        // Quadrant q: odd q swaps sin and cos; sin is negated for q = 2, 3 and cos for q = 1, 2 (bit 1 of q, q + 1).
        Vector128<int> quadrant = Vector128.ConvertToInt32(q);
        Vector128<float> swap = Vector128.Equals(quadrant & Vector128<int>.One, Vector128<int>.One).AsSingle();
        Vector128<float> sin = Vector128.ConditionalSelect(swap, c, s);
        Vector128<float> cos = Vector128.ConditionalSelect(swap, s, c);
        Vector128<int> sinSign = Vector128.ShiftLeft(quadrant & Vector128.Create(2), 30);
        Vector128<int> cosSign = Vector128.ShiftLeft((quadrant + Vector128<int>.One) & Vector128.Create(2), 30);
        return ((sin.AsInt32() ^ sinSign).AsSingle(), (cos.AsInt32() ^ cosSign).AsSingle());
    }

    /// <summary>ln u for u in (0, 1] (normal floats: no zero, subnormal, infinity or NaN), 256 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> u)
    {
        Vector256<int> bits = u.AsInt32();
        Vector256<int> exponent = Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(127);
        Vector256<float> m = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();

        // m in [1, 2) → [√½, √2): halve the large ones and count them in the exponent (the mask is −1 where true).
        Vector256<float> large = Vector256.GreaterThan(m, Vector256.Create(Sqrt2));
        m = Vector256.ConditionalSelect(large, m * 0.5f, m);
        Vector256<float> e = Vector256.ConvertToSingle(exponent - large.AsInt32());
        Vector256<float> f = m - Vector256<float>.One;
        Vector256<float> z = f * f;

        Vector256<float> p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), f, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(P5));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(P6));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(P7));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(P8));

        // f − f²/2 + f³ P(f) + e ln 2, the small terms first.
        Vector256<float> y = p * f * z;
        y = Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2Low), y);
        y = Vector256.FusedMultiplyAdd(z, Vector256.Create(-0.5f), y);
        return Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2High), f + y);
    }

    /// <summary>sin and cos of t quarter turns (angle πt/2) for t a multiple of 2^-22 in [0, 4), 256 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> Sin, Vector256<float> Cos) SinCosQuarterTurns(Vector256<float> t)
    {
        Vector256<float> q = Vector256.Round(t);
        Vector256<float> r = t - q;
        Vector256<float> r2 = r * r;

        Vector256<float> s = Vector256.FusedMultiplyAdd(Vector256.Create(S9), r2, Vector256.Create(S7));
        s = Vector256.FusedMultiplyAdd(s, r2, Vector256.Create(S5));
        s = Vector256.FusedMultiplyAdd(s, r2, Vector256.Create(S3));
        s = Vector256.FusedMultiplyAdd(s, r2, Vector256.Create(S1));
        s *= r;

        Vector256<float> c = Vector256.FusedMultiplyAdd(Vector256.Create(C10), r2, Vector256.Create(C8));
        c = Vector256.FusedMultiplyAdd(c, r2, Vector256.Create(C6));
        c = Vector256.FusedMultiplyAdd(c, r2, Vector256.Create(C4));
        c = Vector256.FusedMultiplyAdd(c, r2, Vector256.Create(C2));
        c = Vector256.FusedMultiplyAdd(c, r2, Vector256<float>.One);

        // Quadrant q: odd q swaps sin and cos; sin is negated for q = 2, 3 and cos for q = 1, 2 (bit 1 of q, q + 1).
        Vector256<int> quadrant = Vector256.ConvertToInt32(q);
        Vector256<float> swap = Vector256.Equals(quadrant & Vector256<int>.One, Vector256<int>.One).AsSingle();
        Vector256<float> sin = Vector256.ConditionalSelect(swap, c, s);
        Vector256<float> cos = Vector256.ConditionalSelect(swap, s, c);
        Vector256<int> sinSign = Vector256.ShiftLeft(quadrant & Vector256.Create(2), 30);
        Vector256<int> cosSign = Vector256.ShiftLeft((quadrant + Vector256<int>.One) & Vector256.Create(2), 30);
        return ((sin.AsInt32() ^ sinSign).AsSingle(), (cos.AsInt32() ^ cosSign).AsSingle());
    }

    /// <summary>ln u for u in (0, 1] (normal floats: no zero, subnormal, infinity or NaN), 512 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> u)
    {
        Vector512<int> bits = u.AsInt32();
        Vector512<int> exponent = Vector512.ShiftRightArithmetic(bits, 23) - Vector512.Create(127);
        Vector512<float> m = ((bits & Vector512.Create(0x007FFFFF)) | Vector512.Create(0x3F800000)).AsSingle();

        // m in [1, 2) → [√½, √2): halve the large ones and count them in the exponent (the mask is −1 where true).
        Vector512<float> large = Vector512.GreaterThan(m, Vector512.Create(Sqrt2));
        m = Vector512.ConditionalSelect(large, m * 0.5f, m);
        Vector512<float> e = Vector512.ConvertToSingle(exponent - large.AsInt32());
        Vector512<float> f = m - Vector512<float>.One;
        Vector512<float> z = f * f;

        Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), f, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(P5));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(P6));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(P7));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(P8));

        // f − f²/2 + f³ P(f) + e ln 2, the small terms first.
        Vector512<float> y = p * f * z;
        y = Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2Low), y);
        y = Vector512.FusedMultiplyAdd(z, Vector512.Create(-0.5f), y);
        return Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2High), f + y);
    }

    /// <summary>sin and cos of t quarter turns (angle πt/2) for t a multiple of 2^-22 in [0, 4), 512 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<float> Sin, Vector512<float> Cos) SinCosQuarterTurns(Vector512<float> t)
    {
        Vector512<float> q = Vector512.Round(t);
        Vector512<float> r = t - q;
        Vector512<float> r2 = r * r;

        Vector512<float> s = Vector512.FusedMultiplyAdd(Vector512.Create(S9), r2, Vector512.Create(S7));
        s = Vector512.FusedMultiplyAdd(s, r2, Vector512.Create(S5));
        s = Vector512.FusedMultiplyAdd(s, r2, Vector512.Create(S3));
        s = Vector512.FusedMultiplyAdd(s, r2, Vector512.Create(S1));
        s *= r;

        Vector512<float> c = Vector512.FusedMultiplyAdd(Vector512.Create(C10), r2, Vector512.Create(C8));
        c = Vector512.FusedMultiplyAdd(c, r2, Vector512.Create(C6));
        c = Vector512.FusedMultiplyAdd(c, r2, Vector512.Create(C4));
        c = Vector512.FusedMultiplyAdd(c, r2, Vector512.Create(C2));
        c = Vector512.FusedMultiplyAdd(c, r2, Vector512<float>.One);

        // Quadrant q: odd q swaps sin and cos; sin is negated for q = 2, 3 and cos for q = 1, 2 (bit 1 of q, q + 1).
        Vector512<int> quadrant = Vector512.ConvertToInt32(q);
        Vector512<float> swap = Vector512.Equals(quadrant & Vector512<int>.One, Vector512<int>.One).AsSingle();
        Vector512<float> sin = Vector512.ConditionalSelect(swap, c, s);
        Vector512<float> cos = Vector512.ConditionalSelect(swap, s, c);
        Vector512<int> sinSign = Vector512.ShiftLeft(quadrant & Vector512.Create(2), 30);
        Vector512<int> cosSign = Vector512.ShiftLeft((quadrant + Vector512<int>.One) & Vector512.Create(2), 30);
        return ((sin.AsInt32() ^ sinSign).AsSingle(), (cos.AsInt32() ^ cosSign).AsSingle());
    }
}
