namespace ModelGen;

/// <summary>
/// Marks a partial property as data bound when the model is constructed (docs/terms.md, "Data"): an <c>int</c> or a
/// real scalar, a <c>ReadOnlySpan</c> of them, or a <c>Matrix</c>. The generated constructor takes every data element
/// in declaration order, named as the property (<c>new Model(k: 3, alpha: a)</c>), and checks it there: reals finite,
/// and each value within <see cref="Min"/> and <see cref="Max"/> when they are given
/// (<see cref="Data.ModelDataException"/> naming the element and the position otherwise).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DataAttribute : Attribute
{
    /// <summary>The smallest value allowed (inclusive); not checked when not set.</summary>
    public double Min { get; set; } = double.NegativeInfinity;

    /// <summary>The largest value allowed (inclusive); not checked when not set.</summary>
    public double Max { get; set; } = double.PositiveInfinity;
}
