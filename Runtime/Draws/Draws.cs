using System.Numerics;

namespace ModelGen.Draws;

/// <summary>
/// Posterior draws of a model's parameters in the constrained space: one contiguous block of
/// <see cref="Count"/> × <see cref="Dimension"/> values, draw-major, with named views per parameter block.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class Draws<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _values;

    /// <summary>Wraps <paramref name="values"/> (draw-major, <paramref name="count"/> × <c>info.Dimension</c>) without copying.</summary>
    public Draws(ModelInfo info, T[] values, int count)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != count * info.Dimension)
        {
            throw new ArgumentException($"Expected {count} × {info.Dimension} = {count * info.Dimension} values for model '{info.Name}', got {values.Length}.", nameof(values));
        }

        Info = info;
        _values = values;
        Count = count;
    }

    /// <summary>The model's layout.</summary>
    public ModelInfo Info { get; }

    /// <summary>Number of draws.</summary>
    public int Count { get; }

    /// <summary>Parameters per draw.</summary>
    public int Dimension => Info.Dimension;

    /// <summary>Every value, draw-major.</summary>
    public ReadOnlySpan<T> Values => _values;

    /// <summary>All parameters of draw <paramref name="draw"/>.</summary>
    public ReadOnlySpan<T> this[int draw] => _values.AsSpan(draw * Dimension, Dimension);

    /// <summary>The draws of one parameter block, e.g. <c>draws[model.Hidden1.Weights]</c>.</summary>
    public BlockDraws<T> this[ParameterBlock block]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(block);
            if (!Info.Parameters.Contains(block))
            {
                throw new ArgumentException($"Parameter block '{block.Name}' does not belong to model '{Info.Name}'.", nameof(block));
            }

            return new BlockDraws<T>(this, block);
        }
    }

    /// <summary>Value of flat parameter <paramref name="parameter"/> in draw <paramref name="draw"/>.</summary>
    public T this[int draw, int parameter] => _values[(draw * Dimension) + parameter];

    /// <summary>Summaries (mean, sd, 5/50/95 % quantiles) of every scalar parameter, in layout order.</summary>
    public IReadOnlyList<ParameterSummary> Summarize()
    {
        var result = new List<ParameterSummary>(Dimension);
        var column = new double[Count];
        int index = 0;
        foreach (ParameterBlock block in Info.Parameters)
        {
            for (int i = 0; i < block.Length; i++, index++)
            {
                for (int k = 0; k < Count; k++)
                {
                    column[k] = double.CreateChecked(this[k, index]);
                }

                result.Add(ParameterSummary.Of(block.ElementName(i), column));
            }
        }

        return result;
    }
}

/// <summary>The draws of one parameter block: <c>[draw, element]</c> with the element index row-major over the block's shape.</summary>
/// <typeparam name="T">The model's element type.</typeparam>
public readonly struct BlockDraws<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Draws<T> _draws;

    internal BlockDraws(Draws<T> draws, ParameterBlock block)
    {
        _draws = draws;
        Block = block;
    }

    /// <summary>The block.</summary>
    public ParameterBlock Block { get; }

    /// <summary>Number of draws.</summary>
    public int Count => _draws.Count;

    /// <summary>Element <paramref name="element"/> of the block in draw <paramref name="draw"/>.</summary>
    public T this[int draw, int element]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(element);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(element, Block.Length);
            return _draws[draw, Block.Offset + element];
        }
    }

    /// <summary>The block's values in draw <paramref name="draw"/>.</summary>
    public ReadOnlySpan<T> this[int draw] => _draws[draw].Slice(Block.Offset, Block.Length);
}

/// <summary>Posterior summary of one scalar parameter.</summary>
/// <param name="Name">Stan-style name, e.g. "Hidden1.Weights[1,2]".</param>
/// <param name="Mean">Posterior mean.</param>
/// <param name="StandardDeviation">Posterior standard deviation (n - 1 denominator).</param>
/// <param name="Q5">5 % quantile.</param>
/// <param name="Q50">Median.</param>
/// <param name="Q95">95 % quantile.</param>
public readonly record struct ParameterSummary(string Name, double Mean, double StandardDeviation, double Q5, double Q50, double Q95)
{
    /// <summary>Summarises <paramref name="values"/>; sorts it in place.</summary>
    public static ParameterSummary Of(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            return new ParameterSummary(name, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double delta = values[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (values[i] - mean);
        }

        double sd = values.Length > 1 ? Math.Sqrt(m2 / (values.Length - 1)) : 0;
        Array.Sort(values);
        return new ParameterSummary(name, mean, sd, Quantile(values, 0.05), Quantile(values, 0.5), Quantile(values, 0.95));
    }

    /// <summary>Linear-interpolation quantile (NumPy's default, type 7) of sorted values.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
