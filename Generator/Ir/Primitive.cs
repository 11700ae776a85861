namespace ModelGen.Generator.Ir;

/// <summary>
/// The operations an IR statement applies. Each has one adjoint rule in <see cref="Adjoints"/> and one spelling in
/// C# in <see cref="IrPrinter"/>; the math in the comments is what the printed code computes.
/// </summary>
internal enum Primitive
{
    /// <summary>a + b.</summary>
    Add,

    /// <summary>a − b.</summary>
    Subtract,

    /// <summary>a · b.</summary>
    Multiply,

    /// <summary>a / b.</summary>
    Divide,

    /// <summary>−a.</summary>
    Negate,

    /// <summary>a².</summary>
    Square,

    /// <summary>log a.</summary>
    Log,

    /// <summary>eᵃ.</summary>
    Exp,

    /// <summary>log(1 + a), accurate for tiny a.</summary>
    Log1P,

    /// <summary>|a|.</summary>
    Abs,

    /// <summary>sign a (−1, 0 or 1): the slope of |a|, itself flat almost everywhere.</summary>
    Sign,

    /// <summary>tanh a.</summary>
    Tanh,

    /// <summary>log(1 + eᵃ), without overflow for large a.</summary>
    Softplus,

    /// <summary>1/(1 + e⁻ᵃ).</summary>
    Sigmoid,

    /// <summary>log(eᵃ + eᵇ), without overflow.</summary>
    LogSumExp,

    /// <summary>log(1 + a²/b), finite for every finite a (the Student t and Cauchy kernel).</summary>
    Log1PSquareOver,

    /// <summary>a/(b + a²) as 1/(a + b/a): the slope of <see cref="Log1PSquareOver"/>, without overflow.</summary>
    ZOverNuPlusZSquared,

    /// <summary>log Γ(a), a &gt; 0.</summary>
    LogGamma,

    /// <summary>log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), without cancellation for large arguments.</summary>
    LogBeta,

    /// <summary>The Student t's normaliser log Γ((a + 1)/2) − log Γ(a/2) − ½ log(aπ), the Γ ratio without cancellation.</summary>
    StudentTLogNormaliser,

    /// <summary>d/da of <see cref="StudentTLogNormaliser"/>: only the reverse pass uses it.</summary>
    StudentTLogNormaliserSlope,

    /// <summary>ψ(a) = d log Γ(a)/da: only the reverse pass uses it (its own slope, ψ′, is not in the runtime).</summary>
    Digamma,

    /// <summary>
    /// a·b − log(1 + eᵇ): the Bernoulli log density of a ∈ {0, 1} at logit b with the logit link folded in (never
    /// log σ(b), which underflows); its slope in b is a − σ(b), the likelihood's y − σ(z).
    /// </summary>
    LogitBernoulli,

    /// <summary>
    /// max(a, b) as a + relu(b − a), used only as the shift m of a log-sum-exp, m + log Σ e^(z − m) (any m gives the same
    /// value; the largest z keeps every e^(z − m) ≤ 1): the derivation holds it constant, as JAX's stop_gradient, since
    /// the log-sum-exp's slope through m is 1 − Σ softmax = 0 (<see cref="IrBuilder.LogSumExp"/>).
    /// </summary>
    LogSumExpShift,

    /// <summary>[a = 0] for a whole number a, as max(0, 1 − a²): the one-hot of a class label (a = y − k); data only reads it.</summary>
    ClassIndicator,

    /// <summary>√a (a term's Sqrt).</summary>
    Sqrt,

    /// <summary>eᵃ − 1, accurate for tiny a (a term's Expm1).</summary>
    Expm1,

    /// <summary>aᵇ (a term's Pow).</summary>
    Pow,

    /// <summary>
    /// a ? b : c for a condition a on data and loop indices only (a load of a C# bool expression): a term's <c>?:</c>
    /// and <c>if</c>/<c>else</c>. Both b and c are computed; the slope goes to the one chosen.
    /// </summary>
    Select,

    /// <summary>
    /// lower + (upper − lower)·σ(u) for (u, e, lower, upper) with e = e^−|u| (<see cref="IrBuilder.Interval"/> writes e),
    /// formed from the nearer bound and kept strictly inside (the interval transform's value). Its rule gives u the
    /// whole slope (upper − lower)·e/(1 + e)² = (upper − lower)·σ(u)·σ(−u) and e nothing, e being u's own function.
    /// </summary>
    Interval,
}

/// <summary>Facts about each primitive beyond its rule and its spelling.</summary>
internal static class Primitives
{
    /// <summary>How many arguments <paramref name="op"/> takes.</summary>
    public static int Arity(Primitive op) => op switch
    {
        Primitive.Add or Primitive.Subtract or Primitive.Multiply or Primitive.Divide or Primitive.LogSumExp
            or Primitive.Log1PSquareOver or Primitive.ZOverNuPlusZSquared or Primitive.LogBeta or Primitive.LogitBernoulli
            or Primitive.LogSumExpShift or Primitive.Pow => 2,
        Primitive.Select => 3,
        Primitive.Interval => 4,
        _ => 1,
    };
}
