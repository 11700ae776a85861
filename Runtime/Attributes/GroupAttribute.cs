namespace ModelGen;

/// <summary>
/// A group index: column <see cref="Column"/> of input <see cref="Input"/> holds, per row, which of
/// <see cref="Levels"/> groups the row belongs to (a whole number from 0 to levels − 1: a school, a county).
/// A parameter declared <c>[Size(nameof(Group))]</c> has one value per group, and where it stands for a
/// row's value (a likelihood's location or intercept) the row's group picks the element, as PyMC's
/// <c>a[county_idx]</c>. Layers reading the input do not see its group columns.
/// </summary>
/// <param name="input">The <c>Input</c> holding the index, by <c>nameof</c>.</param>
/// <param name="column">The column of that input, 0-based.</param>
/// <param name="levels">How many groups, at least 1.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class GroupAttribute(string input, int column, int levels) : Attribute
{
    /// <summary>The input holding the group index.</summary>
    public string Input { get; } = input;

    /// <summary>The column of <see cref="Input"/>, 0-based.</summary>
    public int Column { get; } = column;

    /// <summary>How many groups.</summary>
    public int Levels { get; } = levels;
}
