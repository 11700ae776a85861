using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Distributions;

/// <summary>The set of values a distribution puts mass on; it decides a parameter's default transform.</summary>
internal enum Support
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
/// What the generator knows about one distribution family: its attribute, its arguments in order, its support
/// and the runtime class (ModelGen.Distributions.X) whose LogDensity the generated priors call.
/// </summary>
internal sealed record DistributionInfo(DistributionKind Kind, string Name, Support Support, IReadOnlyList<ArgInfo> Args)
{
    /// <summary>
    /// Whether the density integrates to 1. An improper one (Flat, HalfFlat) is a log density of 0 on its support:
    /// it can be fitted where the likelihood makes the posterior proper, but <c>SamplePrior</c> has nothing to draw.
    /// </summary>
    public bool IsProper { get; init; } = true;

    /// <summary>The attribute's metadata name, e.g. "ModelGen.HalfNormalAttribute".</summary>
    public string AttributeMetadataName => "ModelGen." + Name + "Attribute";

    /// <summary>The runtime class implementing its log density and gradient.</summary>
    public string RuntimeClass => "global::ModelGen.Distributions." + Name;
}

/// <summary>
/// Every distribution a prior can use. To add one: a value in <see cref="DistributionKind"/>, a row here, its
/// attribute in Runtime/Attributes/Distributions and its LogDensity in Runtime/Distributions.
/// </summary>
internal static class DistributionCatalog
{
    private static readonly ArgInfo Location = new("mu", ArgDomain.Real);

    public static readonly IReadOnlyList<DistributionInfo> Priors = new[]
    {
        new DistributionInfo(DistributionKind.Normal, "Normal", Support.Real, new[] { Location, Scale("sigma") }),
        new DistributionInfo(DistributionKind.HalfNormal, "HalfNormal", Support.Positive, new[] { Scale("sigma") }),
        new DistributionInfo(DistributionKind.StudentT, "StudentT", Support.Real, new[] { Scale("nu"), Location, Scale("sigma") }),
        new DistributionInfo(DistributionKind.HalfStudentT, "HalfStudentT", Support.Positive, new[] { Scale("nu"), Scale("sigma") }),
        new DistributionInfo(DistributionKind.Cauchy, "Cauchy", Support.Real, new[] { new ArgInfo("alpha", ArgDomain.Real), Scale("beta") }),
        new DistributionInfo(DistributionKind.HalfCauchy, "HalfCauchy", Support.Positive, new[] { Scale("beta") }),
        new DistributionInfo(DistributionKind.Laplace, "Laplace", Support.Real, new[] { Location, Scale("b") }),
        new DistributionInfo(DistributionKind.Exponential, "Exponential", Support.Positive, new[] { Scale("lambda") }),
        new DistributionInfo(DistributionKind.Gamma, "Gamma", Support.Positive, new[] { Scale("alpha"), Scale("beta") }),
        new DistributionInfo(DistributionKind.InverseGamma, "InverseGamma", Support.Positive, new[] { Scale("alpha"), Scale("beta") }),
        new DistributionInfo(DistributionKind.LogNormal, "LogNormal", Support.Positive, new[] { Location, Scale("sigma") }),
        new DistributionInfo(DistributionKind.Beta, "Beta", Support.Interval, new[] { Scale("alpha"), Scale("beta") }),
        new DistributionInfo(DistributionKind.Uniform, "Uniform", Support.Interval, new[] { new ArgInfo("lower", ArgDomain.Real), new ArgInfo("upper", ArgDomain.Real) }),
        new DistributionInfo(DistributionKind.Flat, "Flat", Support.Real, System.Array.Empty<ArgInfo>()) { IsProper = false },
        new DistributionInfo(DistributionKind.HalfFlat, "HalfFlat", Support.Positive, System.Array.Empty<ArgInfo>()) { IsProper = false },
    };

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
