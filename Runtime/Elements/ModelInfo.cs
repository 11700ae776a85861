namespace ModelGen;

/// <summary>Everything a generated model declares, for tools that work on any model: draws, summaries, export.</summary>
/// <param name="Name">The model's type name.</param>
/// <param name="ElementType">"float" or "double".</param>
/// <param name="Parameters">Every parameter block in layout order; offsets are contiguous from 0.</param>
public sealed record ModelInfo(string Name, string ElementType, IReadOnlyList<ParameterBlock> Parameters)
{
    /// <summary>Length of the flat parameter vector.</summary>
    public int Dimension => Parameters.Count == 0 ? 0 : Parameters[^1].Offset + Parameters[^1].Length;

    /// <summary>The block named <paramref name="name"/>, e.g. "Hidden1.Weights".</summary>
    /// <exception cref="KeyNotFoundException">No block has that name; the message lists the ones that exist.</exception>
    public ParameterBlock this[string name]
    {
        get
        {
            foreach (ParameterBlock block in Parameters)
            {
                if (block.Name == name)
                {
                    return block;
                }
            }

            throw new KeyNotFoundException($"Model '{Name}' has no parameter block '{name}'; it has: {string.Join(", ", Parameters.Select(p => p.Name))}.");
        }
    }

    /// <summary>The name of every scalar in the flat vector, Stan-style ("Hidden1.Weights[1,2]").</summary>
    public IEnumerable<string> ScalarNames()
    {
        foreach (ParameterBlock block in Parameters)
        {
            for (int i = 0; i < block.Length; i++)
            {
                yield return block.ElementName(i);
            }
        }
    }
}
