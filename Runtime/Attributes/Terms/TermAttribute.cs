namespace ModelGen;

/// <summary>
/// Marks an instance method of a model of declarations as a term of its log density (docs/terms.md, "Terms"): no
/// parameters, returning the model's element type; what it returns is added to log p. The generator differentiates the
/// body at compile time; <c>model.EvaluateAsWritten(θ)</c> runs it as written. With <c>using static
/// ModelGen.Terms.Math;</c> the body calls the math library and the distributions' log densities.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TermAttribute : Attribute
{
}
