namespace ModelGen;

/// <summary>
/// Declares a block of input data: one row per observation, <paramref name="features"/> columns.
/// The generated constructor takes it as a <c>T[,]</c> (rows × features) and stores it feature-major.
/// Put it on a <c>partial Input</c> property.
/// </summary>
/// <param name="features">Columns per row; at least 1.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute(int features) : Attribute
{
    /// <summary>Columns per row.</summary>
    public int Features { get; } = features;
}
