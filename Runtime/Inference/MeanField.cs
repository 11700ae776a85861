using System.Numerics;
using System.Runtime.CompilerServices;

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
        => T.Max(rho, T.Zero) + T.LogP1(T.Exp(-T.Abs(rho)));

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
}
