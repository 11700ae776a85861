namespace ModelGen.Generator.Spec;

// The parser's output: plain values only (strings, numbers, enums, EquatableArray), never a symbol,
// syntax node or location, so an edit that does not change the model leaves it equal and every
// later stage cached.

/// <summary>
/// A model as declared: its type, element type and elements in declaration order.
/// <see cref="Members"/> lists every partial property the generator must implement (accepted elements
/// and rejected ones alike); <see cref="Rejected"/> names the elements the parser reported and dropped,
/// so the checker treats references to them as resolved instead of piling errors on the one reported.
/// </summary>
internal sealed record ModelSpec(
    TypeRef Type,
    ElementType ElementType,
    EquatableArray<MemberSpec> Members,
    EquatableArray<InputSpec> Inputs,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<ObservedSpec> Observed,
    EquatableArray<RejectedSpec> Rejected,
    bool DeclaresParameterlessConstructor)
{
    /// <summary>The standalone parameters (<c>[HalfNormal(1)] public partial Parameter Scale { get; }</c>), in declaration order.</summary>
    public EquatableArray<ParameterSpec> Parameters { get; init; } = EquatableArray<ParameterSpec>.Empty;

    /// <summary>The group indices (<c>[Group(nameof(X), column, levels)]</c>), in declaration order.</summary>
    public EquatableArray<GroupSpec> Groups { get; init; } = EquatableArray<GroupSpec>.Empty;

    /// <summary>The named per-row data columns (<c>[Column(nameof(X), index)]</c>), in declaration order.</summary>
    public EquatableArray<ColumnSpec> Columns { get; init; } = EquatableArray<ColumnSpec>.Empty;

    /// <summary>Data and parameters declared by their shape (docs/terms.md): <c>[Data] public partial int K { get; }</c>, …</summary>
    public DeclarationsSpec Declarations { get; init; } = DeclarationsSpec.Empty;

    /// <summary>The [Term] methods (docs/terms.md, "Terms"), read into plain values, in declaration order.</summary>
    public EquatableArray<TermSpec> Terms { get; init; } = EquatableArray<TermSpec>.Empty;

    /// <summary>
    /// False when the type itself cannot be a model (MG0014: generic, static, abstract, a record, a primary
    /// constructor, or a struct or interface the compiler already rejects): the checker then has nothing to
    /// check and the emitter only implements the partial properties, so the one type error stands alone.
    /// </summary>
    public bool IsModelClass { get; init; } = true;
}

/// <summary>
/// Where the partial type lives. Names are as declared, without '@' (<see cref="Namespace"/> is dotted,
/// "" for the global namespace): hint names use them as they are, and the emitter escapes keywords.
/// </summary>
internal sealed record TypeRef(string Namespace, TypeDeclaration Declaration, EquatableArray<TypeDeclaration> ContainingTypes)
{
    /// <summary>The type's name, without '@' or type parameters.</summary>
    public string Name => Declaration.Name;

    /// <summary>"Ns.Outer.Name" (no global:: prefix), for hint names, messages and dumps; generic types keep their arity ("Outer`1").</summary>
    public string FullName
    {
        get
        {
            var parts = new System.Collections.Generic.List<string>();
            if (Namespace.Length > 0)
            {
                parts.Add(Namespace);
            }

            foreach (TypeDeclaration outer in ContainingTypes)
            {
                parts.Add(outer.MetadataName);
            }

            parts.Add(Declaration.MetadataName);
            return string.Join(".", parts);
        }
    }
}

/// <summary>
/// One type declaration the generated file reopens: its kind keyword ("class", "struct", "record",
/// "record struct", "interface"), its name and its type parameter names (["T"] for Outer&lt;T&gt;), so
/// the generated part declares exactly the type the user declared.
/// </summary>
internal sealed record TypeDeclaration(string Keyword, string Name, EquatableArray<string> TypeParameters)
{
    /// <summary>"Name" or "Name`2": unique per arity, and valid in a hint name.</summary>
    public string MetadataName => TypeParameters.Count == 0 ? Name : Name + "`" + TypeParameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The model's element type; <see cref="Unsupported"/> keeps a bad declaration parseable so Check can report it.</summary>
internal enum ElementType
{
    Float,
    Double,
    Unsupported,
}

/// <summary>A property's declared type, by the runtime descriptor it names.</summary>
internal enum MemberKind
{
    Input,
    Layer,
    Observed,
    Parameter,
    Group,
    Column,

    /// <summary>Data or a parameter declared by its shape (docs/terms.md); in <see cref="RejectedSpec"/> only.</summary>
    Declared,
    Other,
}

/// <summary>
/// A partial property definition the generator implements: every one that carries a ModelGen attribute or
/// is typed as an element descriptor, even in a model with errors (an unimplemented partial property is
/// CS9248). The implementation must repeat the definition exactly, so the declaration is kept as written:
/// <see cref="Modifiers"/> (accessibility, static, virtual, new, required, … in source order, without
/// partial), <see cref="Type"/> (fully qualified, with a nullable annotation if written) and
/// <see cref="Accessors"/> ("get", "private set", "init", each with its own modifiers).
/// <see cref="IsElement"/> says the parser accepted it as a model element of the canonical form
/// <c>public partial Layer Name { get; }</c>; only a model whose members are all elements is generated.
/// </summary>
internal sealed record MemberSpec(
    string Name,
    MemberKind Kind,
    string Modifiers,
    string Type,
    EquatableArray<string> Accessors,
    bool IsStatic,
    bool IsElement);

/// <summary>An element the parser reported (MG0008, MG0009, MG0012, MG0018…) and dropped, with the role its attributes gave it.</summary>
internal sealed record RejectedSpec(string Name, MemberKind Kind);

/// <summary>An <c>[Input(features)]</c> property.</summary>
internal sealed record InputSpec(string Name, int Features);

/// <summary>A <c>[Dense]</c> property with its priors.</summary>
internal sealed record LayerSpec(
    string Name,
    string Input,
    int Units,
    ActivationKind Activation,
    bool Bias,
    int DeclaredInputs,
    PriorSpec? WeightPrior,
    PriorSpec? BiasPrior);

/// <summary>Activation functions; values match <c>ModelGen.Activation</c>. A cast from an undefined number is kept for Check to report (MG0017).</summary>
internal enum ActivationKind
{
    Identity = 0,
    Tanh = 1,
    Sigmoid = 2,
    Relu = 3,
    Softplus = 4,
}

/// <summary>Distribution families known to the generator (see Distributions/DistributionCatalog for the priors).</summary>
internal enum DistributionKind
{
    Normal,
    Bernoulli,
    HalfNormal,
    StudentT,
    HalfStudentT,
    Cauchy,
    HalfCauchy,
    Laplace,
    Exponential,
    Gamma,
    InverseGamma,
    LogNormal,
    Beta,
    Uniform,
    Poisson,
    Binomial,
    NegativeBinomial,
    Categorical,
    Flat,
    HalfFlat,
}

/// <summary>A parameter's transform as the user chose it; values match <c>ModelGen.ParameterTransform</c>.</summary>
internal enum TransformChoice
{
    Auto = 0,
    Log = 1,
    Softplus = 2,
}

/// <summary>A prior: a distribution and its arguments in the distribution's parameter order.</summary>
internal sealed record PriorSpec(DistributionKind Kind, EquatableArray<ArgSpec> Args)
{
    /// <summary>The transform the user chose (Transform = ...); Auto follows the support.</summary>
    public TransformChoice Transform { get; init; }

    /// <summary>Normal only: sample z ~ N(0, 1) and set x = mu + sigma·z.</summary>
    public bool NonCentered { get; init; }

    /// <summary>The attribute's short name as written ("HalfNormal"), for location keys and messages.</summary>
    public string AttributeName => Kind.ToString();
}

/// <summary>A standalone <c>Parameter</c> element: a scalar (<see cref="Length"/> 1) or a [Size(n)] vector, with its prior.</summary>
internal sealed record ParameterSpec(string Name, int Length, PriorSpec? Prior)
{
    /// <summary>[Size(nameof(G))]: one value per level of group G (then <see cref="Length"/> is its levels), picked per row by G.</summary>
    public string? Group { get; init; }
}

/// <summary>A <c>[Group(input, column, levels)]</c> element: column <see cref="Column"/> of <see cref="Input"/> holds each row's group, 0 … levels − 1.</summary>
internal sealed record GroupSpec(string Name, string Input, int Column, int Levels);

/// <summary>A <c>[Column(input, index)]</c> element: a named per-row value, column <see cref="Index"/> of <see cref="Input"/>.</summary>
internal sealed record ColumnSpec(string Name, string Input, int Index);

/// <summary>A distribution argument: a constant, or the name of another model element.</summary>
internal sealed record ArgSpec(string Name, double Constant, string? Reference)
{
    public bool IsConstant => Reference is null;
}

/// <summary>How the likelihood reads its layer.</summary>
internal enum LinkKind
{
    /// <summary>Bernoulli(logits = layer), Binomial, Categorical(logits = layer of K units).</summary>
    Logits,

    /// <summary>Bernoulli(p = layer): the layer must end in a sigmoid, folded into the logit link.</summary>
    Probability,

    /// <summary>Normal(mu = layer, sigma), StudentT(nu, mu = layer, sigma).</summary>
    Mean,

    /// <summary>Poisson(log rate = layer).</summary>
    LogRate,

    /// <summary>NegativeBinomial(log mean = layer, dispersion).</summary>
    LogMean,
}

/// <summary>The observed element and its likelihood.</summary>
internal sealed record ObservedSpec(
    string Name,
    DistributionKind Kind,
    string Source,
    LinkKind Link,
    EquatableArray<ArgSpec> Args)
{
    /// <summary>A parameter added to each row's linear predictor (scalar, or per group), or null.</summary>
    public string? Intercept { get; init; }
}
