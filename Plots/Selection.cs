using System.Globalization;
using ModelGen.Export;

namespace ModelGen.Plots;

/// <summary>One scalar of the flat parameter vector, with the name every plot shows for it.</summary>
/// <param name="Index">Its index in the flat (row-major) parameter vector.</param>
/// <param name="Name">Its Stan-style name, <see cref="ParameterBlock.ElementName"/>: "Theta[3]", "Hidden1.Weights[1,2]".</param>
/// <param name="Block">The block it belongs to.</param>
internal readonly record struct Scalar(int Index, string Name, ParameterBlock Block)
{
    /// <summary>Positive blocks ("exp", "softplus") have a density that stops at 0: the kernel estimate reflects there.</summary>
    public double? LowerBound => Block.Transform is "exp" or "softplus" ? 0 : null;
}

/// <summary>Which scalars a plot shows: the ones named, or by default the first few in layout order.</summary>
internal static class Selection
{
    /// <summary>
    /// Resolves <paramref name="names"/>: each a block name ("Theta", every element) or one element, named as
    /// <see cref="ParameterBlock.ElementName"/> writes it ("Theta[3]") or as a Stan CSV column (<see cref="StanCsv.ColumnName"/>,
    /// "Theta.3"). Null takes the first <paramref name="defaultCount"/> scalars in layout order and, when that is not all
    /// of them, adds a note to <paramref name="figure"/> saying so.
    /// </summary>
    public static IReadOnlyList<Scalar> Resolve(ModelInfo info, IEnumerable<string>? names, int defaultCount, Figure? figure = null)
    {
        var all = new List<Scalar>(info.Dimension);
        foreach (ParameterBlock block in info.Parameters)
        {
            for (int i = 0; i < block.Length; i++)
            {
                all.Add(new Scalar(block.Offset + i, block.ElementName(i), block));
            }
        }

        if (names is null)
        {
            if (all.Count > defaultCount)
            {
                figure?.Note(string.Create(CultureInfo.InvariantCulture, $"The first {defaultCount} of {all.Count} parameters; pass their names to choose others."));
                return all.GetRange(0, defaultCount);
            }

            return all;
        }

        var result = new List<Scalar>();
        foreach (string name in names)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(names));
            ParameterBlock? block = info.Parameters.FirstOrDefault(b => b.Name == name || StanCsv.StanIdentifier(b.Name) == name);
            if (block is not null)
            {
                result.AddRange(all.GetRange(block.Offset, block.Length));
                continue;
            }

            int found = all.FindIndex(s => s.Name == name || StanCsv.ColumnName(s.Block, s.Index - s.Block.Offset) == name);
            if (found < 0)
            {
                throw new ArgumentException($"Model '{info.Name}' has no parameter '{name}'; name a block ({string.Join(", ", info.Parameters.Select(p => p.Name))}) or one element, e.g. '{all.FirstOrDefault().Name}'.", nameof(names));
            }

            result.Add(all[found]);
        }

        if (result.Count == 0)
        {
            throw new ArgumentException($"No parameters of model '{info.Name}' were named.", nameof(names));
        }

        return result;
    }
}
