namespace ModelGen;

/// <summary>Describes an input element of a generated model: the type of a <c>[Input]</c> property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Features">Columns per row.</param>
public sealed record Input(string Name, int Features);
