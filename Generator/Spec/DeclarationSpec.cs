namespace ModelGen.Generator.Spec;

// Data and parameters declared by their shape (docs/terms.md, "Data" and "Parameters"): plain values, like the rest of
// the spec, so the incremental pipeline caches them.

/// <summary>The shape a declaration's C# type says: <c>int</c>/<c>double</c>, <c>ReadOnlySpan&lt;…&gt;</c>, <c>Matrix&lt;…&gt;</c>.</summary>
internal enum DeclaredShape
{
    Scalar,
    Vector,
    Matrix,
}

/// <summary>
/// A <c>[Data]</c> property: its shape, whether it holds integers, the element type as declared ("int", "double",
/// "float"), and the bounds <c>[Data(Min = …, Max = …)]</c> checks at bind (infinite when not given).
/// </summary>
internal sealed record DataSpec(string Name, DeclaredShape Shape, bool IsInteger, string ElementType, double Min, double Max);

/// <summary>A constraint attribute on a declared parameter (Runtime/Attributes/Declarations/ConstraintAttributes.cs).</summary>
internal enum ConstraintKind
{
    None,
    Lower,
    Upper,
    Bounds,
    Ordered,
    PositiveOrdered,
    Simplex,
    SimplexRows,
    UnitVector,
    CholeskyCorrelation,
    CholeskyCovariance,
}

/// <summary>One dimension of a declared parameter: a constant, or the <c>int</c> data element <see cref="Data"/> names.</summary>
internal sealed record SizeSpec(int Constant, string? Data)
{
    public bool IsConstant => Data is null;
}

/// <summary>A prior on a whole vector or matrix: <c>[Dirichlet(α)]</c> (a constant or a data vector) or <c>[LkjCholesky(η)]</c>.</summary>
internal sealed record ShapePriorSpec(string Kind, double Constant, string? Data);

/// <summary>
/// A parameter declared by its shape (<c>[Normal(0, 1), Size(nameof(K))] public partial ReadOnlySpan&lt;double&gt; Beta { get; }</c>):
/// its sizes (none for a scalar, one for a vector, rows and columns for a matrix; empty when the declaration gave none,
/// which the checker reports), an element-wise prior from the catalog or a shape prior, and its constraint with the
/// constant bounds of Lower/Upper/Bounds.
/// </summary>
internal sealed record DeclaredParameterSpec(
    string Name,
    DeclaredShape Shape,
    EquatableArray<SizeSpec> Sizes,
    PriorSpec? Prior,
    ShapePriorSpec? ShapePrior,
    ConstraintKind Constraint,
    double Lower,
    double Upper);

/// <summary>
/// A <c>[Transformed]</c> property (docs/terms.md, "Transformed parameters and generated quantities"): a scalar or a
/// vector whose one size is a constant, an <c>int</c> data scalar or a data vector's length; <see cref="Computes"/> is
/// the <c>[Computes]</c> method that writes it as written, once per draw; <see cref="SizeIsVector"/> when the size names a data vector.
/// </summary>
internal sealed record TransformedSpec(string Name, DeclaredShape Shape, SizeSpec? Size, bool SizeIsVector, string Computes);

/// <summary>A <c>[Generated]</c> method: its name (the draws' column) and whether it returns <c>int</c> (else the element type).</summary>
internal sealed record GeneratedSpec(string Name, bool IsInteger);

/// <summary>The data and parameters a model declares by their shape, each in declaration order.</summary>
internal sealed record DeclarationsSpec(EquatableArray<DataSpec> Data, EquatableArray<DeclaredParameterSpec> Parameters)
{
    public static readonly DeclarationsSpec Empty = new(EquatableArray<DataSpec>.Empty, EquatableArray<DeclaredParameterSpec>.Empty);

    /// <summary>The transformed parameters, in declaration order: columns of the draws after the parameters.</summary>
    public EquatableArray<TransformedSpec> Transformed { get; init; } = EquatableArray<TransformedSpec>.Empty;

    /// <summary>The generated quantities, in declaration order: columns of the draws after the transformed parameters.</summary>
    public EquatableArray<GeneratedSpec> Generated { get; init; } = EquatableArray<GeneratedSpec>.Empty;

    /// <summary>Whether the model adds columns to its draws (transformed parameters or generated quantities).</summary>
    public bool HasQuantities => Transformed.Count > 0 || Generated.Count > 0;

    /// <summary>Whether the model declares anything this way.</summary>
    public bool Any => Data.Count > 0 || Parameters.Count > 0;
}
