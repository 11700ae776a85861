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
