using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ModelGen.Simd;

namespace ModelGen.Inference;

/// <summary>
/// The mean-field Gaussian's scale map, kept in one place: σ = softplus(ρ), as PyMC's <c>MeanField</c>.
/// Softplus rather than Stan's exp(ω) because it grows linearly, so one large gradient step cannot
/// blow σ up, and because the reference runs this project reproduces start at σ = softplus(0).
/// </summary>
public static class MeanField
{
    /// <summary>σ = softplus(ρ) = log(1 + e^ρ), stable for any ρ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigma<T>(T rho)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.Max(rho, T.Zero) + ScalarMath.Log1P(T.Exp(-T.Abs(rho)));

    /// <summary>dσ/dρ = sigmoid(ρ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SigmaDerivative<T>(T rho)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T e = T.Exp(-T.Abs(rho));
        T r = T.One / (T.One + e);
        return rho >= T.Zero ? r : e * r;
    }

    /// <summary>The entropy of N(μ, diag σ²): Σ log σᵢ + d/2 (1 + log 2π).</summary>
    public static double Entropy<T>(ReadOnlySpan<T> rho)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T r in rho)
        {
            sum += Math.Log(double.CreateChecked(Sigma(r)));
        }

        return sum + (0.5 * rho.Length * (1 + Math.Log(2 * Math.PI)));
    }

    /// <summary>
    /// For every coordinate, in one vectorised pass: σ = softplus(ρ), its slope σ′ = sigmoid(ρ), and the
    /// entropy's gradient ∂/∂ρ log σ = σ′/σ. The ADVI step needs all three once per iteration.
    /// </summary>
    public static void Scales<T>(ReadOnlySpan<T> rho, Span<T> sigma, Span<T> slope, Span<T> entropyGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (sigma.Length < rho.Length || slope.Length < rho.Length || entropyGradient.Length < rho.Length)
        {
            throw new ArgumentException("Each destination must be at least as long as rho.", nameof(sigma));
        }

        // typeof tests on a value-type argument are JIT-time constants: one branch survives per T.
        int done = 0;
        if (typeof(T) == typeof(float))
        {
            var r = MemoryMarshal.Cast<T, float>(rho);
            var s = MemoryMarshal.Cast<T, float>(sigma);
            var d = MemoryMarshal.Cast<T, float>(slope);
            var h = MemoryMarshal.Cast<T, float>(entropyGradient);
            done = Vector512.IsHardwareAccelerated ? ScalesCore<Simd512F, Vector512<float>, float>(r, s, d, h)
                : Vector256.IsHardwareAccelerated ? ScalesCore<Simd256F, Vector256<float>, float>(r, s, d, h)
                : Vector128.IsHardwareAccelerated ? ScalesCore<Simd128F, Vector128<float>, float>(r, s, d, h)
                : 0;
        }
        else if (typeof(T) == typeof(double))
        {
            var r = MemoryMarshal.Cast<T, double>(rho);
            var s = MemoryMarshal.Cast<T, double>(sigma);
            var d = MemoryMarshal.Cast<T, double>(slope);
            var h = MemoryMarshal.Cast<T, double>(entropyGradient);
            done = Vector512.IsHardwareAccelerated ? ScalesCore<Simd512D, Vector512<double>, double>(r, s, d, h)
                : Vector256.IsHardwareAccelerated ? ScalesCore<Simd256D, Vector256<double>, double>(r, s, d, h)
                : Vector128.IsHardwareAccelerated ? ScalesCore<Simd128D, Vector128<double>, double>(r, s, d, h)
                : 0;
        }

        // The tail (and every coordinate where nothing is accelerated) in scalar code.
        for (int i = done; i < rho.Length; i++)
        {
            sigma[i] = Sigma(rho[i]);
            slope[i] = SigmaDerivative(rho[i]);
            entropyGradient[i] = slope[i] / sigma[i];
        }
    }

    /// <summary>
    /// <see cref="Scales"/> and the mean-field draw θ = μ + σ ⊙ ε in one pass over the coordinates: what each ADVI step
    /// needs before the gradient, without writing σ out and reading it back.
    /// </summary>
    internal static void ScalesAndDraw<T>(ReadOnlySpan<T> rho, ReadOnlySpan<T> mu, ReadOnlySpan<T> epsilon, Span<T> sigma, Span<T> slope, Span<T> entropyGradient, Span<T> theta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = rho.Length;
        if (mu.Length != length || epsilon.Length != length || sigma.Length < length || slope.Length < length || entropyGradient.Length < length || theta.Length < length)
        {
            throw new ArgumentException("mu and epsilon must be as long as rho, and each destination at least as long.", nameof(mu));
        }

        int done = 0;
        if (typeof(T) == typeof(float))
        {
            var a = new DrawSpans<float>(MemoryMarshal.Cast<T, float>(rho), MemoryMarshal.Cast<T, float>(mu), MemoryMarshal.Cast<T, float>(epsilon), MemoryMarshal.Cast<T, float>(sigma), MemoryMarshal.Cast<T, float>(slope), MemoryMarshal.Cast<T, float>(entropyGradient), MemoryMarshal.Cast<T, float>(theta));
            done = Vector512.IsHardwareAccelerated ? ScalesAndDrawCore<Simd512F, Vector512<float>, float>(a)
                : Vector256.IsHardwareAccelerated ? ScalesAndDrawCore<Simd256F, Vector256<float>, float>(a)
                : Vector128.IsHardwareAccelerated ? ScalesAndDrawCore<Simd128F, Vector128<float>, float>(a)
                : 0;
        }
        else if (typeof(T) == typeof(double))
        {
            var a = new DrawSpans<double>(MemoryMarshal.Cast<T, double>(rho), MemoryMarshal.Cast<T, double>(mu), MemoryMarshal.Cast<T, double>(epsilon), MemoryMarshal.Cast<T, double>(sigma), MemoryMarshal.Cast<T, double>(slope), MemoryMarshal.Cast<T, double>(entropyGradient), MemoryMarshal.Cast<T, double>(theta));
            done = Vector512.IsHardwareAccelerated ? ScalesAndDrawCore<Simd512D, Vector512<double>, double>(a)
                : Vector256.IsHardwareAccelerated ? ScalesAndDrawCore<Simd256D, Vector256<double>, double>(a)
                : Vector128.IsHardwareAccelerated ? ScalesAndDrawCore<Simd128D, Vector128<double>, double>(a)
                : 0;
        }

        for (int i = done; i < length; i++)
        {
            sigma[i] = Sigma(rho[i]);
            slope[i] = SigmaDerivative(rho[i]);
            entropyGradient[i] = slope[i] / sigma[i];
            theta[i] = (sigma[i] * epsilon[i]) + mu[i];
        }
    }

    /// <summary>
    /// ∇ρ = (g ⊙ ε) ⊙ σ′ + σ′/σ in one pass: the reparameterised chain rule through θ = μ + softplus(ρ) ⊙ ε plus the
    /// entropy's gradient, for one draw. <paramref name="gradientRho"/> must not overlap the inputs.
    /// </summary>
    internal static void ScaleGradient<T>(ReadOnlySpan<T> gradientTheta, ReadOnlySpan<T> epsilon, ReadOnlySpan<T> slope, ReadOnlySpan<T> entropyGradient, Span<T> gradientRho)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = gradientTheta.Length;
        if (epsilon.Length != length || slope.Length < length || entropyGradient.Length < length || gradientRho.Length != length)
        {
            throw new ArgumentException("epsilon and the destination must be as long as the gradient, slope and entropyGradient at least as long.", nameof(gradientRho));
        }

        int done = 0;
        if (typeof(T) == typeof(float))
        {
            var g = MemoryMarshal.Cast<T, float>(gradientTheta);
            var e = MemoryMarshal.Cast<T, float>(epsilon);
            var d = MemoryMarshal.Cast<T, float>(slope);
            var h = MemoryMarshal.Cast<T, float>(entropyGradient);
            var r = MemoryMarshal.Cast<T, float>(gradientRho);
            done = Vector512.IsHardwareAccelerated ? ScaleGradientCore<Simd512F, Vector512<float>, float>(g, e, d, h, r)
                : Vector256.IsHardwareAccelerated ? ScaleGradientCore<Simd256F, Vector256<float>, float>(g, e, d, h, r)
                : Vector128.IsHardwareAccelerated ? ScaleGradientCore<Simd128F, Vector128<float>, float>(g, e, d, h, r)
                : 0;
        }
        else if (typeof(T) == typeof(double))
        {
            var g = MemoryMarshal.Cast<T, double>(gradientTheta);
            var e = MemoryMarshal.Cast<T, double>(epsilon);
            var d = MemoryMarshal.Cast<T, double>(slope);
            var h = MemoryMarshal.Cast<T, double>(entropyGradient);
            var r = MemoryMarshal.Cast<T, double>(gradientRho);
            done = Vector512.IsHardwareAccelerated ? ScaleGradientCore<Simd512D, Vector512<double>, double>(g, e, d, h, r)
                : Vector256.IsHardwareAccelerated ? ScaleGradientCore<Simd256D, Vector256<double>, double>(g, e, d, h, r)
                : Vector128.IsHardwareAccelerated ? ScaleGradientCore<Simd128D, Vector128<double>, double>(g, e, d, h, r)
                : 0;
        }

        for (int i = done; i < length; i++)
        {
            gradientRho[i] = (gradientTheta[i] * epsilon[i] * slope[i]) + entropyGradient[i];
        }
    }

    // ScalesCore plus θ = σ ε + μ per register (the same operations, in the same order, as the scalar tail).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScalesAndDrawCore<TSimd, TVec, TElement>(DrawSpans<TElement> a)
        where TSimd : struct, ISimd<TVec, TElement>
        where TVec : struct
        where TElement : unmanaged
    {
        int length = a.Rho.Length;
        if (length < TSimd.Count)
        {
            return 0;
        }

        ref readonly TElement r = ref MemoryMarshal.GetReference(a.Rho);
        ref readonly TElement m = ref MemoryMarshal.GetReference(a.Mu);
        ref readonly TElement e = ref MemoryMarshal.GetReference(a.Epsilon);
        ref TElement s = ref MemoryMarshal.GetReference(a.Sigma);
        ref TElement d = ref MemoryMarshal.GetReference(a.Slope);
        ref TElement h = ref MemoryMarshal.GetReference(a.EntropyGradient);
        ref TElement t = ref MemoryMarshal.GetReference(a.Theta);
        for (int i = 0; i < length; i += TSimd.Count)
        {
            // The last register overlaps the one before (no destination aliases an input, so it rewrites the same values).
            nuint at = (nuint)Math.Min(i, length - TSimd.Count);
            TVec x = TSimd.Load(in r, at);
            TVec sd = TSimd.Softplus(x);
            TVec dsd = TSimd.Sigmoid(x);
            TSimd.Store(sd, ref s, at);
            TSimd.Store(dsd, ref d, at);
            TSimd.Store(TSimd.Divide(dsd, sd), ref h, at);
            TSimd.Store(TSimd.Add(TSimd.Multiply(sd, TSimd.Load(in e, at)), TSimd.Load(in m, at)), ref t, at);
        }

        return length;
    }

    // (g ε) σ′ + σ′/σ per register, in the scalar tail's order; the last register overlaps the one before.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScaleGradientCore<TSimd, TVec, TElement>(ReadOnlySpan<TElement> gradientTheta, ReadOnlySpan<TElement> epsilon, ReadOnlySpan<TElement> slope, ReadOnlySpan<TElement> entropyGradient, Span<TElement> gradientRho)
        where TSimd : struct, ISimd<TVec, TElement>
        where TVec : struct
        where TElement : unmanaged
    {
        int length = gradientTheta.Length;
        if (length < TSimd.Count)
        {
            return 0;
        }

        ref readonly TElement g = ref MemoryMarshal.GetReference(gradientTheta);
        ref readonly TElement e = ref MemoryMarshal.GetReference(epsilon);
        ref readonly TElement d = ref MemoryMarshal.GetReference(slope);
        ref readonly TElement h = ref MemoryMarshal.GetReference(entropyGradient);
        ref TElement o = ref MemoryMarshal.GetReference(gradientRho);
        for (int i = 0; i < length; i += TSimd.Count)
        {
            nuint at = (nuint)Math.Min(i, length - TSimd.Count);
            TVec ge = TSimd.Multiply(TSimd.Load(in g, at), TSimd.Load(in e, at));
            TSimd.Store(TSimd.Add(TSimd.Multiply(ge, TSimd.Load(in d, at)), TSimd.Load(in h, at)), ref o, at);
        }

        return length;
    }

    /// <summary>
    /// Whole registers of <paramref name="rho"/>, the last one overlapping the one before when the length is not a
    /// multiple of the width (the destinations do not alias ρ, so the overlap rewrites the same values); returns how
    /// many coordinates it did: all of them, or none when ρ is shorter than a register.
    /// </summary>
    // AggressiveOptimization: this runs once per step; at tier 0 its SIMD helpers are real calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScalesCore<TSimd, TVec, TElement>(ReadOnlySpan<TElement> rho, Span<TElement> sigma, Span<TElement> slope, Span<TElement> entropyGradient)
        where TSimd : struct, ISimd<TVec, TElement>
        where TVec : struct
        where TElement : unmanaged
    {
        int length = rho.Length;
        if (length < TSimd.Count)
        {
            return 0;
        }

        ref readonly TElement r = ref MemoryMarshal.GetReference(rho);
        ref TElement s = ref MemoryMarshal.GetReference(sigma);
        ref TElement d = ref MemoryMarshal.GetReference(slope);
        ref TElement h = ref MemoryMarshal.GetReference(entropyGradient);
        for (int i = 0; i < length; i += TSimd.Count)
        {
            // A scalar tail would cost more than the whole vector part (scalar exp and log1p per coordinate).
            nuint at = (nuint)Math.Min(i, length - TSimd.Count);
            TVec x = TSimd.Load(in r, at);
            TVec sd = TSimd.Softplus(x);
            TVec dsd = TSimd.Sigmoid(x);
            TSimd.Store(sd, ref s, at);
            TSimd.Store(dsd, ref d, at);
            TSimd.Store(TSimd.Divide(dsd, sd), ref h, at);
        }

        return length;
    }
}

/// <summary>The spans of <see cref="MeanField.ScalesAndDraw"/>, bundled so the per-width cores take one argument.</summary>
internal readonly ref struct DrawSpans<T>(ReadOnlySpan<T> rho, ReadOnlySpan<T> mu, ReadOnlySpan<T> epsilon, Span<T> sigma, Span<T> slope, Span<T> entropyGradient, Span<T> theta)
{
    public ReadOnlySpan<T> Rho { get; } = rho;

    public ReadOnlySpan<T> Mu { get; } = mu;

    public ReadOnlySpan<T> Epsilon { get; } = epsilon;

    public Span<T> Sigma { get; } = sigma;

    public Span<T> Slope { get; } = slope;

    public Span<T> EntropyGradient { get; } = entropyGradient;

    public Span<T> Theta { get; } = theta;
}
