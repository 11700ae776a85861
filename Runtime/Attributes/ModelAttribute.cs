using System.Numerics;

namespace ModelGen;

/// <summary>
/// Marks a <c>partial class</c> as a Bayesian model. ModelGen's source generator reads the
/// attributes on its properties (inputs, parameters with their priors, layers, the likelihood) and
/// emits, for this model alone, its log density, the reverse-mode gradient, ADVI fitting, sampling
/// and prediction.
/// </summary>
/// <typeparam name="T">The element type every buffer and kernel uses: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <example>
/// <code>
/// [Model&lt;float&gt;]
/// public partial class MoonsNetwork
/// {
///     [Input(features: 2)] public partial Input X { get; }
///     [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }
///     [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden2 { get; }
///     [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }
///     [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ModelAttribute<T> : Attribute
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
}
