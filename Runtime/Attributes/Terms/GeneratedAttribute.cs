namespace ModelGen;

/// <summary>
/// Marks an instance method of a model of declarations as a generated quantity (docs/terms.md, "Transformed parameters
/// and generated quantities"): one <see cref="Random.Rng"/> parameter, returning <c>int</c> or the model's element type.
/// It runs once per draw after a fit (<c>draws.Generate(model, seed)</c>), reading the parameters and transformed
/// parameters at that draw, with a random stream of its own; its value is a column of the draws, named as the method.
/// It is not differentiated, so its body may hold any C#.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GeneratedAttribute : Attribute
{
}
