using System.Numerics;
using ModelGen.Inference;
using ModelGen.Random;

namespace ModelGen.Draws;

/// <summary>
/// A model with transformed parameters or generated quantities (docs/terms.md, "Transformed parameters and generated
/// quantities"), implemented by the generator: given one draw's parameter values, it computes the transformed
/// parameters as written and runs each generated quantity with its own random stream.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public interface IGeneratedQuantities<T> : IModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The columns the model adds to a draw, in Stan's order: each transformed parameter, then each generated quantity,
    /// in declaration order; offsets from 0 within the added columns.
    /// </summary>
    IReadOnlyList<ParameterBlock> Quantities { get; }

    /// <summary>
    /// Writes the quantities of the draw <paramref name="draw"/> (the parameters' constrained values, laid out as
    /// <see cref="IModel{T}.Info"/>) into <paramref name="quantities"/>: generated quantity q draws from
    /// <c>rng.Split(q)</c>, so each has a stream of its own and adding one does not change the others.
    /// </summary>
    void Generate(ReadOnlySpan<T> draw, Rng rng, Span<T> quantities);
}

/// <summary><c>draws.Generate(model, seed)</c>: the draws with the model's transformed parameters and generated quantities as columns.</summary>
public static class GeneratedQuantities
{
    /// <summary>
    /// The draws of <paramref name="model"/>'s parameters followed, in each draw, by its transformed parameters and
    /// generated quantities (<see cref="IGeneratedQuantities{T}.Quantities"/>): a new <see cref="Draws{T}"/> whose
    /// layout names them, so summaries and CmdStan CSV (<c>Lp.1</c> … <c>Lp.T</c>, <c>S</c>) carry them as columns. Draw
    /// d's random stream is <c>new Rng(seed).Split(d)</c>: the same seed gives the same columns, whatever the order or
    /// thread the draws are computed in.
    /// </summary>
    /// <exception cref="ArgumentException">The draws are not of this model's layout (another model's, or draws that already carry quantities).</exception>
    public static Draws<T> Generate<T>(this Draws<T> draws, IGeneratedQuantities<T> model, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(model);
        ModelInfo info = model.Info;
        if (!SameLayout(draws.Info, info))
        {
            throw new ArgumentException($"The draws' layout ({draws.Info.Name}: {string.Join(", ", draws.Info.Parameters.Select(p => p.Name))}) is not model '{info.Name}''s ({string.Join(", ", info.Parameters.Select(p => p.Name))}): generate from the draws of a fit of this model, once.", nameof(draws));
        }

        IReadOnlyList<ParameterBlock> quantities = model.Quantities;
        int added = quantities.Count == 0 ? 0 : quantities[^1].Offset + quantities[^1].Length;
        int dimension = info.Dimension;
        int width = dimension + added;
        var values = new T[draws.Count * width];
        var root = new Rng(seed);
        for (int d = 0; d < draws.Count; d++)
        {
            Span<T> row = values.AsSpan(d * width, width);
            draws[d].CopyTo(row);
            model.Generate(draws[d], root.Split((ulong)d), row.Slice(dimension));
        }

        var blocks = new List<ParameterBlock>(info.Parameters);
        foreach (ParameterBlock q in quantities)
        {
            blocks.Add(q with { Offset = dimension + q.Offset });
        }

        return new Draws<T>(new ModelInfo(info.Name, info.ElementType, blocks), values, draws.Count);
    }

    private static bool SameLayout(ModelInfo draws, ModelInfo model)
    {
        if (draws.Name != model.Name || draws.Parameters.Count != model.Parameters.Count)
        {
            return false;
        }

        for (int i = 0; i < model.Parameters.Count; i++)
        {
            if (draws.Parameters[i] != model.Parameters[i])
            {
                return false;
            }
        }

        return true;
    }
}
