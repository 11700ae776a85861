namespace ModelGen;

/// <summary>Describes a named per-row data value of a generated model: the type of a <c>[Column]</c> property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Input">The input holding the value.</param>
/// <param name="Index">The column of that input, 0-based.</param>
public sealed record Column(string Name, string Input, int Index);
