using System.Numerics;

namespace ModelGen.Prediction;

/// <summary>
/// The forward pass of a categorical model over a set of inputs, as the generator emits it: for one draw of the
/// parameters, each row's probability of every class (the softmax of the logits layer). A struct per model, so
/// <see cref="Predictive"/> is compiled once per model with the call inlined.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public interface ICategoricalPredictor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of input.</summary>
    int Rows { get; }

    /// <summary>Rows rounded up to whole registers: the length of one class's slice of an output buffer.</summary>
    int Stride { get; }

    /// <summary>The number of classes K.</summary>
    int Classes { get; }

    /// <summary>
    /// Writes P(y = k) of rows [<paramref name="rowBegin"/>, <paramref name="rowEnd"/>) for parameters <paramref name="theta"/>
    /// class-major: row r's probability of class k at <c>output[k * Stride + r]</c> (so the buffer holds Classes × Stride).
    /// <paramref name="rowBegin"/> is a multiple of 32 (<see cref="ModelGen.Simd.SimdSupport.PadElements"/>: a whole trip of the kernels' row loop at any width); <paramref name="rowEnd"/> is at most <see cref="Stride"/>.
    /// </summary>
    void Forward(ReadOnlySpan<T> theta, int rowBegin, int rowEnd, Span<T> output);
}
