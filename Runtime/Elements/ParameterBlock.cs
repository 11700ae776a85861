namespace ModelGen;

/// <summary>
/// A contiguous block of the flat parameter vector: one array-valued parameter of the model.
/// Draws are stored draws × parameters; a block's values for one draw are
/// <c>draw[Offset .. Offset + Length]</c>, row-major over <see cref="Shape"/>.
/// </summary>
/// <param name="Name">Qualified name such as "Hidden1.Weights".</param>
/// <param name="Offset">Index of the first element in the flat parameter vector.</param>
/// <param name="Shape">Dimensions, row-major (inputs × units for weights).</param>
/// <param name="Prior">The prior, e.g. "Normal(0, 1)".</param>
public sealed record ParameterBlock(string Name, int Offset, EquatableShape Shape, string Prior)
{
    /// <summary>
    /// How the fit's unconstrained values map to this block's values: "identity", "exp" (positive), "softplus",
    /// "logit(lower, upper)" (an interval) or "non-centred(mu, sigma)". Draws hold the constrained values.
    /// </summary>
    public string Transform { get; init; } = "identity";

    /// <summary>Number of scalars in the block.</summary>
    public int Length => Shape.Size;

    /// <summary>The name of element <paramref name="index"/> in Stan's style, e.g. "Hidden1.Weights[1,3]" (1-based).</summary>
    public string ElementName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        if (Shape.Rank == 0)
        {
            return Name;
        }

        Span<int> at = stackalloc int[Shape.Rank];
        int rest = index;
        for (int d = Shape.Rank - 1; d >= 0; d--)
        {
            at[d] = rest % Shape[d];
            rest /= Shape[d];
        }

        var text = new System.Text.StringBuilder(Name).Append('[');
        for (int d = 0; d < at.Length; d++)
        {
            text.Append(d == 0 ? string.Empty : ",").Append(at[d] + 1);
        }

        return text.Append(']').ToString();
    }
}
