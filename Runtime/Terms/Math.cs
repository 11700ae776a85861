using System.Numerics;
using System.Runtime.CompilerServices;
using ModelGen.Distributions;

namespace ModelGen.Terms;

/// <summary>
/// The math library of terms (docs/terms.md, "The math library"): <c>using static ModelGen.Terms.Math;</c> brings it
/// into a model class. Each function is plain C# that runs as written (what <c>EvaluateAsWritten</c> calls); the
/// generator lowers a call to the kernel IR's primitive or catalog entry of the same fact. The distributions are log
/// densities with every normalising constant, each the runtime's own <c>LogDensity</c> (one path per fact): the
/// attribute <c>[Normal(0, 1)]</c> and the call <c>Normal(x, 0, 1)</c> compute the same number.
/// </summary>
public static partial class Math
{
    /// <summary>eˣ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Exp(x);

    /// <summary>log x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Log(x);

    /// <summary>log(1 + x), accurate for tiny x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log1p<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => KernelMath.Log1P(x);

    /// <summary>log(eᵃ + eᵇ), without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogSumExp<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T> => KernelMath.LogSumExp(a, b);

    /// <summary>
    /// log Σ e^{v_k} over a span, without overflow (<see cref="Reductions.LogSumExp{T}"/>): runs as written; in a term the
    /// generator does not differentiate it yet (docs/terms.md, sample 5).
    /// </summary>
    public static T LogSumExp<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> => Reductions.LogSumExp(values);

    /// <summary>
    /// log(θ eᵃ + (1 − θ) eᵇ), Stan's <c>log_mix</c> of two components' log densities, as log-sum-exp(log θ + a,
    /// log(1 − θ) + b): the form the generator differentiates, so a term's value as written is the kernel's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogMix<T>(T theta, T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T> => KernelMath.LogSumExp(T.Log(theta) + a, KernelMath.Log1P(-theta) + b);

    /// <summary>eˣ − 1, accurate for tiny x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Expm1<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.ExpM1(x);

    /// <summary>log(1 + eˣ), without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log1pExp<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => Reductions.Log1pExp(x);

    /// <summary>1/(1 + e⁻ˣ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => KernelMath.Sigmoid(x);

    /// <summary>log σ(x) = −log(1 + e⁻ˣ), without underflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogSigmoid<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => -KernelMath.Softplus(-x);

    /// <summary>tanh x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tanh<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Tanh(x);

    /// <summary>xʸ (x &gt; 0 where the slope in y is needed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Pow<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Pow(x, y);

    /// <summary>√x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sqrt<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Sqrt(x);

    /// <summary>x².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Square<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => x * x;

    /// <summary>|x|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Abs<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Abs(x);

    /// <summary>log Γ(x), x &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LGamma<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => SpecialFunctions.LogGamma(x);

    /// <summary>log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), a, b &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LBeta<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T> => SpecialFunctions.LogBeta(a, b);

    // ---- log densities: the catalog's, argument for argument as the attributes take them after x ----------------

    /// <summary>log N(x | mu, sigma).</summary>
    public static T Normal<T>(T x, T mu, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.Normal.LogDensity(x, mu, sigma);

    /// <summary>log HalfNormal(x | sigma), x ≥ 0.</summary>
    public static T HalfNormal<T>(T x, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.HalfNormal.LogDensity(x, sigma);

    /// <summary>log StudentT(x | nu, mu, sigma).</summary>
    public static T StudentT<T>(T x, T nu, T mu, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.StudentT.LogDensity(x, nu, mu, sigma);

    /// <summary>log HalfStudentT(x | nu, sigma), x ≥ 0.</summary>
    public static T HalfStudentT<T>(T x, T nu, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.HalfStudentT.LogDensity(x, nu, sigma);

    /// <summary>log Cauchy(x | alpha, beta).</summary>
    public static T Cauchy<T>(T x, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.Cauchy.LogDensity(x, alpha, beta);

    /// <summary>log HalfCauchy(x | beta), x ≥ 0.</summary>
    public static T HalfCauchy<T>(T x, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.HalfCauchy.LogDensity(x, beta);

    /// <summary>log Laplace(x | mu, b).</summary>
    public static T Laplace<T>(T x, T mu, T b)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.Laplace.LogDensity(x, mu, b);

    /// <summary>log Exponential(x | lambda), x ≥ 0.</summary>
    public static T Exponential<T>(T x, T lambda)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.Exponential.LogDensity(x, lambda);

    /// <summary>log Gamma(x | alpha, beta) (shape, rate), x &gt; 0.</summary>
    public static T Gamma<T>(T x, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.Gamma.LogDensity(x, alpha, beta);

    /// <summary>log InverseGamma(x | alpha, beta), x &gt; 0.</summary>
    public static T InverseGamma<T>(T x, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.InverseGamma.LogDensity(x, alpha, beta);

    /// <summary>log LogNormal(x | mu, sigma), x &gt; 0.</summary>
    public static T LogNormal<T>(T x, T mu, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.LogNormal.LogDensity(x, mu, sigma);

    /// <summary>log Beta(x | alpha, beta), 0 &lt; x &lt; 1.</summary>
    public static T Beta<T>(T x, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.Beta.LogDensity(x, alpha, beta);

    /// <summary>log Uniform(x | lower, upper).</summary>
    public static T Uniform<T>(T x, T lower, T upper)
        where T : unmanaged, IFloatingPointIeee754<T> => Distributions.Uniform.LogDensity(x, lower, upper);

    /// <summary>
    /// log Bernoulli(y | σ(logit)) = y·logit − log(1 + e^logit), y ∈ {0, 1}: the logit link folded in (never log σ,
    /// which underflows), as the row block's Bernoulli likelihood computes it.
    /// </summary>
    public static T BernoulliLogit<T>(T y, T logit)
        where T : unmanaged, IFloatingPointIeee754<T> => (y * logit) - KernelMath.Softplus(logit);
}
