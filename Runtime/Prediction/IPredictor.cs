using System.Numerics;
using ModelGen.Random;

namespace ModelGen.Prediction;

/// <summary>
/// The forward pass of a model over a set of inputs, as the generator emits it: for one draw of the
/// parameters, the likelihood's mean parameter per row (P(y = 1) for Bernoulli, the mean for Normal).
/// A struct per model, so <see cref="Predictive"/> is compiled once per model with the call inlined.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public interface IPredictor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of input.</summary>
    int Rows { get; }

    /// <summary>Rows rounded up to whole registers: the length of an output buffer.</summary>
    int Stride { get; }

    /// <summary>Writes the mean parameter of rows [<paramref name="rowBegin"/>, <paramref name="rowEnd"/>) for parameters <paramref name="theta"/>.
    /// <paramref name="rowBegin"/> is a multiple of 32 (<see cref="ModelGen.Simd.SimdSupport.PadElements"/>: a whole trip of the kernels' row loop at any width); <paramref name="rowEnd"/> is at most <see cref="Stride"/>.</summary>
    void Forward(ReadOnlySpan<T> theta, int rowBegin, int rowEnd, Span<T> output);

    /// <summary>
    /// Draws one observation given its mean parameter (the likelihood's sampler); <paramref name="theta"/> is the draw,
    /// for a likelihood with parameters of its own (a learned sigma).
    /// </summary>
    T SampleObserved(ReadOnlySpan<T> theta, T meanParameter, ref Rng rng);

    /// <summary>
    /// Draws the observation of row <paramref name="row"/> given its mean parameter: for a likelihood with a per-row
    /// argument of its own (each row's known sigma). Generated predictors implement it; by default it ignores the row.
    /// </summary>
    T SampleObserved(ReadOnlySpan<T> theta, int row, T meanParameter, ref Rng rng) => SampleObserved(theta, meanParameter, ref rng);
}
