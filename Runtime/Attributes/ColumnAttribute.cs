namespace ModelGen;

/// <summary>
/// A named per-row data value: column <see cref="Index"/> of input <see cref="Input"/>, read by a likelihood
/// argument that varies by row, such as each row's known standard error (<c>[Normal(nameof(Theta), nameof(StdErr))]</c>,
/// the eight schools). Layers reading the input do not see it.
/// </summary>
/// <param name="input">The <c>Input</c> holding the value, by <c>nameof</c>.</param>
/// <param name="index">The column of that input, 0-based.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ColumnAttribute(string input, int index) : Attribute
{
    /// <summary>The input holding the value.</summary>
    public string Input { get; } = input;

    /// <summary>The column of <see cref="Input"/>, 0-based.</summary>
    public int Index { get; } = index;
}
