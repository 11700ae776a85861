namespace ModelGen;

/// <summary>
/// Marks a property of a model of declarations as a transformed parameter (docs/terms.md, "Transformed parameters and
/// generated quantities"): a scalar or a vector (with <c>[Size]</c>) of the model's element type, computed from the
/// parameters by the one method marked <c>[Computes(nameof(…))]</c>, and stored in the draws with its own columns.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class TransformedAttribute : Attribute
{
}
