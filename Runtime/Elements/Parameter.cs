namespace ModelGen;

/// <summary>Describes a parameter element of a generated model: the type of a property carrying only a prior.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Block">Where its values sit in the flat parameter vector, with its shape and prior.</param>
public sealed record Parameter(string Name, ParameterBlock Block);
