namespace ModelGen;

/// <summary>Describes a group index of a generated model: the type of a <c>[Group]</c> property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Input">The input holding the index.</param>
/// <param name="Column">The column of that input, 0-based.</param>
/// <param name="Levels">How many groups; each row's index is from 0 to Levels − 1.</param>
public sealed record Group(string Name, string Input, int Column, int Levels);
