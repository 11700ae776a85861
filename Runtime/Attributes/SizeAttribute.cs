namespace ModelGen;

/// <summary>
/// Makes a <c>Parameter</c> a vector of <see cref="Length"/> values, each with the parameter's prior (as PyMC's
/// <c>shape=</c>). A vector referenced by a layer's prior gives one value per unit, so its length must equal the
/// layer's units. Without this attribute a parameter is a scalar.
/// </summary>
/// <param name="length">The number of values, at least 1.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SizeAttribute(int length) : Attribute
{
    /// <summary>The number of values.</summary>
    public int Length { get; } = length;
}
