namespace ModelGen;

/// <summary>
/// Marks the method that computes a transformed parameter (docs/terms.md): <c>void ComputeLp(Span&lt;double&gt; lp)</c>
/// for a vector, which writes every element; <c>double ComputeX()</c> for a scalar, which returns it. It reads the
/// parameters at the point being computed, as a term does.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ComputesAttribute : Attribute
{
    /// <summary>Marks the method computing <paramref name="transformed"/>.</summary>
    /// <param name="transformed">The transformed parameter, by <c>nameof</c>.</param>
    public ComputesAttribute(string transformed)
    {
        Transformed = transformed;
    }

    /// <summary>The transformed parameter this method computes.</summary>
    public string Transformed { get; }
}
