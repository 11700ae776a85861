namespace ModelGen;

/// <summary>
/// Makes a <c>Parameter</c> a vector, each value with the parameter's prior (as PyMC's <c>shape=</c>):
/// <c>[Size(n)]</c> gives <see cref="Length"/> values; <c>[Size(nameof(County))]</c> gives one value per level of
/// a <c>Group</c>, and where the parameter stands for a row's value the row's group picks the element.
/// A vector referenced by a layer's prior gives one value per unit, so its length must equal the layer's units.
/// Without this attribute a parameter is a scalar.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SizeAttribute : Attribute
{
    /// <summary>A vector of <paramref name="length"/> values.</summary>
    /// <param name="length">The number of values, at least 1.</param>
    public SizeAttribute(int length) => Length = length;

    /// <summary>
    /// One value per level of the group <paramref name="group"/>, indexed by each row's group; on a declared vector
    /// (<c>ReadOnlySpan</c>), one value per unit of the <c>int</c> data element it names (docs/terms.md).
    /// </summary>
    /// <param name="group">The <c>Group</c> element, by <c>nameof</c>.</param>
    public SizeAttribute(string group) => Group = group;

    /// <summary>A declared matrix of <paramref name="rows"/> × <paramref name="columns"/> values (docs/terms.md).</summary>
    public SizeAttribute(int rows, int columns) => (Length, Columns) = (rows, columns);

    /// <summary>A declared matrix whose sizes are the <c>int</c> data elements <paramref name="rows"/> and <paramref name="columns"/>, by <c>nameof</c>.</summary>
    public SizeAttribute(string rows, string columns) => (Group, ColumnsFrom) = (rows, columns);

    /// <summary>A declared matrix's columns (0 otherwise).</summary>
    public int Columns { get; }

    /// <summary>The <c>int</c> data element giving a declared matrix's columns, or null.</summary>
    public string? ColumnsFrom { get; }

    /// <summary>The number of values (0 when sized by a group: the group's levels).</summary>
    public int Length { get; }

    /// <summary>The group whose levels size the vector, or null.</summary>
    public string? Group { get; }
}
