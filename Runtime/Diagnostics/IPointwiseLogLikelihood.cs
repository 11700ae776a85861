using System.Numerics;

namespace ModelGen.Diagnostics;

/// <summary>
/// A model that gives its pointwise log-likelihood: log p(yᵢ | θ) for each bound row i, the input of PSIS-LOO and
/// WAIC (<see cref="FitLoo"/>). Every generated model implements it; the generator writes the method from the same
/// kernel IR as the model's log density, so the values summed over the rows are the log density's likelihood part.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public interface IPointwiseLogLikelihood<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The observations (rows of bound data) there is one value for.</summary>
    int Observations { get; }

    /// <summary>
    /// Writes log p(yᵢ | draw) for each observation i into <paramref name="destination"/> (at least
    /// <see cref="Observations"/> long), at one draw in the model's own terms (a row of <c>Draws</c>). Allocates nothing.
    /// </summary>
    void PointwiseLogLikelihood(ReadOnlySpan<T> draw, Span<T> destination);

    /// <summary>log p(θ, y) at an unconstrained θ, Jacobian included: the correction for draws of an approximation.</summary>
    T LogDensity(ReadOnlySpan<T> theta);
}
