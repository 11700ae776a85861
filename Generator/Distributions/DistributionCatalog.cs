using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Distributions;

/// <summary>The set of values a distribution puts mass on; it decides a parameter's default transform.</summary>
internal enum SupportKind
{
    /// <summary>The real line: no transform.</summary>
    Real,

    /// <summary>x &gt; 0: log (or softplus).</summary>
    Positive,

    /// <summary>lower &lt; x &lt; upper with constant bounds (Beta's (0, 1), Uniform's arguments): scaled logit.</summary>
    Interval,
}

/// <summary>The domain of one distribution argument, which the checker enforces on constants and on referenced parameters.</summary>
internal enum ArgDomain
{
    /// <summary>Any finite number (a location).</summary>
    Real,

    /// <summary>Greater than 0 (a scale, shape, rate or degrees of freedom).</summary>
    Positive,
}

/// <summary>One argument of a distribution: its name as the attribute's constructor spells it, and its domain.</summary>
internal sealed record ArgInfo(string Name, ArgDomain Domain);

/// <summary>
/// How a prior lowers into the kernel IR: given the builder, the value x and the arguments (in the distribution's
/// order), writes log p(x | args) and returns its value id. The reverse pass is derived from it (<see cref="Adjoints"/>).
/// </summary>
internal delegate int LogDensityLowering(IrBuilder b, int x, IReadOnlyList<int> args);

/// <summary>
/// A whole block's prior with constant arguments, where the family has a cheaper form than the per-element one: inside
/// the loop over the block's <paramref name="length"/> elements from x, then after it (<see cref="IrBuilder.AfterLoop"/>).
/// </summary>
internal delegate void ConstantBlockLowering(IrBuilder b, int x, IReadOnlyList<double> constants, int length);

/// <summary>
/// What the generator knows about one distribution family: its attribute, its arguments in order, its support, the
/// runtime class (ModelGen.Distributions.X) that samples it and computes it for reports, and how a prior lowers into
/// the kernel IR (<see cref="Lower"/>, with <see cref="Math"/> the formula its generated block shows).
/// </summary>
internal sealed record DistributionInfo(DistributionKind Kind, string Name, SupportKind Support, IReadOnlyList<ArgInfo> Args)
{
    /// <summary>log p(x | args) in IR; null for an improper flat prior (log density 0 on the support: nothing to write).</summary>
    public LogDensityLowering? Lower { get; init; }

    /// <summary>The block form with constant arguments, if the family has one (else each element through <see cref="Lower"/>).</summary>
    public ConstantBlockLowering? LowerConstantBlock { get; init; }

    /// <summary>The block form's formula, for the comment (see <see cref="LowerConstantBlock"/>).</summary>
    public string ConstantBlockMath { get; init; } = string.Empty;

    /// <summary>The log density as the generated comment shows it, in the argument names of <see cref="Args"/>.</summary>
    public string Math { get; init; } = string.Empty;

    /// <summary>
    /// Whether the density integrates to 1. An improper one (Flat, HalfFlat) is a log density of 0 on its support:
    /// it can be fitted where the likelihood makes the posterior proper, but <c>SamplePrior</c> has nothing to draw.
    /// </summary>
    public bool IsProper { get; init; } = true;

    /// <summary>The attribute's metadata name, e.g. "ModelGen.HalfNormalAttribute".</summary>
    public string AttributeMetadataName => "ModelGen." + Name + "Attribute";

}

/// <summary>
/// Every distribution a prior can use, each with its lowering into the kernel IR. To add one: a value in
/// <see cref="DistributionKind"/>, a row here (support, arguments, lowering), its attribute in
/// Runtime/Attributes/Distributions and its LogDensity and sampler in Runtime/Distributions and Runtime/Random.
/// </summary>
internal static class DistributionCatalog
{
    private static readonly ArgInfo Location = new("mu", ArgDomain.Real);

    /// <summary>½ log 2π.</summary>
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    /// <summary>log 2.</summary>
    private const double LogTwo = 0.693147180559945309417232121458;

    /// <summary>log π.</summary>
    private const double LogPi = 1.14472988584940017414342735135;

    // Each lowering follows the runtime's LogDensity term for term (ModelGen.Distributions.X), so its value is the same
    // number; the gradient is derived from it.
    public static readonly IReadOnlyList<DistributionInfo> Priors = new[]
    {
        new DistributionInfo(DistributionKind.Normal, "Normal", SupportKind.Real, new[] { Location, Scale("sigma") })
        {
            Lower = (b, x, a) => Normal(b, x, a[0], a[1]),
            LowerConstantBlock = NormalBlock,
            Math = "log p = −½z² − log sigma − ½ log 2π, z = (x − mu)/sigma",
            ConstantBlockMath = "log p = −½Σz² − n·(log sigma + ½ log 2π) over the block's n values, z = (x − mu)·(1/sigma)",
        },
        new DistributionInfo(DistributionKind.HalfNormal, "HalfNormal", SupportKind.Positive, new[] { Scale("sigma") })
        {
            Lower = (b, x, a) => b.Add(b.Constant(LogTwo), Normal(b, x, b.Constant(0), a[0])),
            Math = "log p = log 2 − ½z² − log sigma − ½ log 2π, z = x/sigma",
        },
        new DistributionInfo(DistributionKind.StudentT, "StudentT", SupportKind.Real, new[] { Scale("nu"), Location, Scale("sigma") })
        {
            Lower = (b, x, a) => StudentT(b, x, a[0], a[1], a[2]),
            Math = "log p = log Γ((nu + 1)/2) − log Γ(nu/2) − ½ log(nu·π) − log sigma − (nu + 1)/2 · log(1 + z²/nu), z = (x − mu)/sigma",
        },
        new DistributionInfo(DistributionKind.HalfStudentT, "HalfStudentT", SupportKind.Positive, new[] { Scale("nu"), Scale("sigma") })
        {
            Lower = (b, x, a) => b.Add(b.Constant(LogTwo), StudentT(b, x, a[0], b.Constant(0), a[1])),
            Math = "log p = log 2 + log StudentT(x | nu, 0, sigma)",
        },
        new DistributionInfo(DistributionKind.Cauchy, "Cauchy", SupportKind.Real, new[] { new ArgInfo("alpha", ArgDomain.Real), Scale("beta") })
        {
            Lower = (b, x, a) => Cauchy(b, x, a[0], a[1]),
            Math = "log p = −log π − log beta − log(1 + z²), z = (x − alpha)/beta",
        },
        new DistributionInfo(DistributionKind.HalfCauchy, "HalfCauchy", SupportKind.Positive, new[] { Scale("beta") })
        {
            Lower = (b, x, a) => b.Add(b.Constant(LogTwo), Cauchy(b, x, b.Constant(0), a[0])),
            Math = "log p = log 2 − log π − log beta − log(1 + (x/beta)²)",
        },
        new DistributionInfo(DistributionKind.Laplace, "Laplace", SupportKind.Real, new[] { Location, Scale("b") })
        {
            // −log 2 − log b − |x − mu|/b
            Lower = (b, x, a) => b.Subtract(
                b.Subtract(b.Constant(-LogTwo), b.Apply(Primitive.Log, "logB", a[1])),
                b.Divide(b.Apply(Primitive.Abs, b.Apply(Primitive.Subtract, "d", x, a[0])), a[1])),
            Math = "log p = −log 2 − log b − |x − mu|/b",
        },
        new DistributionInfo(DistributionKind.Exponential, "Exponential", SupportKind.Positive, new[] { Scale("lambda") })
        {
            Lower = (b, x, a) => b.Subtract(b.Apply(Primitive.Log, a[0]), b.Multiply(a[0], x)),
            Math = "log p = log lambda − lambda·x",
        },
        new DistributionInfo(DistributionKind.Gamma, "Gamma", SupportKind.Positive, new[] { Scale("alpha"), Scale("beta") })
        {
            // (alpha·log beta) − log Γ(alpha) + ((alpha − 1)·log x) − (beta·x)
            Lower = (b, x, a) => b.Subtract(
                b.Add(
                    b.Subtract(b.Multiply(a[0], b.Apply(Primitive.Log, "logBeta", a[1])), b.Apply(Primitive.LogGamma, a[0])),
                    b.Multiply(b.Subtract(a[0], b.Constant(1)), b.Apply(Primitive.Log, "logX", x))),
                b.Multiply(a[1], x)),
            Math = "log p = alpha·log beta − log Γ(alpha) + (alpha − 1)·log x − beta·x",
        },
        new DistributionInfo(DistributionKind.InverseGamma, "InverseGamma", SupportKind.Positive, new[] { Scale("alpha"), Scale("beta") })
        {
            // (alpha·log beta) − log Γ(alpha) − ((alpha + 1)·log x) − (beta/x)
            Lower = (b, x, a) => b.Subtract(
                b.Subtract(
                    b.Subtract(b.Multiply(a[0], b.Apply(Primitive.Log, "logBeta", a[1])), b.Apply(Primitive.LogGamma, a[0])),
                    b.Multiply(b.Add(a[0], b.Constant(1)), b.Apply(Primitive.Log, "logX", x))),
                b.Divide(a[1], x)),
            Math = "log p = alpha·log beta − log Γ(alpha) − (alpha + 1)·log x − beta/x",
        },
        new DistributionInfo(DistributionKind.LogNormal, "LogNormal", SupportKind.Positive, new[] { Location, Scale("sigma") })
        {
            Lower = (b, x, a) =>
            {
                int logX = b.Apply(Primitive.Log, "logX", x);
                return b.Subtract(Normal(b, logX, a[0], a[1]), logX);
            },
            Math = "log p = −½z² − log sigma − ½ log 2π − log x, z = (log x − mu)/sigma",
        },
        new DistributionInfo(DistributionKind.Beta, "Beta", SupportKind.Interval, new[] { Scale("alpha"), Scale("beta") })
        {
            // ((alpha − 1)·log x) + ((beta − 1)·log(1 − x)) − log B(alpha, beta)
            Lower = (b, x, a) => b.Subtract(
                b.Add(
                    b.Multiply(b.Subtract(a[0], b.Constant(1)), b.Apply(Primitive.Log, "logX", x)),
                    b.Multiply(b.Subtract(a[1], b.Constant(1)), b.Apply(Primitive.Log1P, "log1MinusX", b.Negate(x)))),
                b.Apply(Primitive.LogBeta, a[0], a[1])),
            Math = "log p = (alpha − 1)·log x + (beta − 1)·log(1 − x) − log B(alpha, beta)",
        },
        new DistributionInfo(DistributionKind.Uniform, "Uniform", SupportKind.Interval, new[] { new ArgInfo("lower", ArgDomain.Real), new ArgInfo("upper", ArgDomain.Real) })
        {
            Lower = (b, x, a) => b.Negate(b.Apply(Primitive.Log, b.Subtract(a[1], a[0]))),
            Math = "log p = −log(upper − lower) inside the interval (the transform keeps x there)",
        },
        new DistributionInfo(DistributionKind.Flat, "Flat", SupportKind.Real, System.Array.Empty<ArgInfo>()) { IsProper = false },
        new DistributionInfo(DistributionKind.HalfFlat, "HalfFlat", SupportKind.Positive, System.Array.Empty<ArgInfo>()) { IsProper = false },
    };

    /// <summary>log N(x | mu, sigma) = (−½·z²) − log sigma − ½ log 2π, z = (x − mu)/sigma.</summary>
    private static int Normal(IrBuilder b, int x, int mu, int sigma)
    {
        int z = b.Apply(Primitive.Divide, "z", b.Subtract(x, mu), sigma);
        return b.Subtract(
            b.Subtract(b.Multiply(b.Constant(-0.5), b.Apply(Primitive.Square, z)), b.Apply(Primitive.Log, "logSigma", sigma)),
            b.Constant(HalfLogTwoPi));
    }

    /// <summary>
    /// A block of n values with constant mu and sigma: Σz² over the loop, z = (x − mu)·(1/sigma), then log p =
    /// −½Σz² − n·(log sigma + ½ log 2π) once (ModelGen.Distributions.Normal.Prior's sums, in its order).
    /// </summary>
    private static void NormalBlock(IrBuilder b, int x, IReadOnlyList<double> a, int length)
    {
        int inverse = b.Apply(Primitive.Divide, "inverseSigma", b.Constant(1), b.Constant(a[1]));
        int z = b.Apply(Primitive.Multiply, "z", b.Subtract(x, b.Constant(a[0])), inverse);
        b.AddToSum(b.Apply(Primitive.Square, z));
        int sum = b.AfterLoop();
        int constant = b.Multiply(b.Constant(length), b.Add(b.Apply(Primitive.Log, b.Constant(a[1])), b.Constant(HalfLogTwoPi)));
        b.AddToDensity(b.Subtract(b.Multiply(b.Constant(-0.5), sum), constant));
    }

    /// <summary>log StudentT(x | nu, mu, sigma) = C(nu) − log sigma − (½·(nu + 1))·log(1 + z²/nu), z = (x − mu)/sigma.</summary>
    private static int StudentT(IrBuilder b, int x, int nu, int mu, int sigma)
    {
        int z = b.Apply(Primitive.Divide, "z", b.Subtract(x, mu), sigma);
        return b.Subtract(
            b.Subtract(b.Apply(Primitive.StudentTLogNormaliser, "normaliser", nu), b.Apply(Primitive.Log, "logSigma", sigma)),
            b.Multiply(b.Multiply(b.Constant(0.5), b.Add(nu, b.Constant(1))), b.Apply(Primitive.Log1PSquareOver, z, nu)));
    }

    /// <summary>log Cauchy(x | alpha, beta) = −log π − log beta − log(1 + z²), z = (x − alpha)/beta.</summary>
    private static int Cauchy(IrBuilder b, int x, int alpha, int beta)
    {
        int z = b.Apply(Primitive.Divide, "z", b.Subtract(x, alpha), beta);
        return b.Subtract(
            b.Subtract(b.Constant(-LogPi), b.Apply(Primitive.Log, "logBeta", beta)),
            b.Apply(Primitive.Log1PSquareOver, z, b.Constant(1)));
    }

    private static readonly Dictionary<string, DistributionInfo> s_byAttribute = Priors.ToDictionary(d => d.AttributeMetadataName);

    private static readonly Dictionary<DistributionKind, DistributionInfo> s_byKind = Priors.ToDictionary(d => d.Kind);

    /// <summary>The distribution whose attribute has metadata name <paramref name="attributeMetadataName"/>, or null.</summary>
    public static DistributionInfo? ByAttribute(string? attributeMetadataName) =>
        attributeMetadataName is not null && s_byAttribute.TryGetValue(attributeMetadataName, out DistributionInfo? info) ? info : null;

    /// <summary>The prior distribution <paramref name="kind"/>; null for a likelihood-only family (Bernoulli).</summary>
    public static DistributionInfo? Of(DistributionKind kind) => s_byKind.TryGetValue(kind, out DistributionInfo? info) ? info : null;

    /// <summary>The interval of a bounded prior: Beta's (0, 1), Uniform's constant arguments.</summary>
    public static (double Lower, double Upper) Bounds(PriorSpec prior) =>
        prior.Kind == DistributionKind.Uniform ? (prior.Args[0].Constant, prior.Args[1].Constant) : (0, 1);

    private static ArgInfo Scale(string name) => new(name, ArgDomain.Positive);
}
