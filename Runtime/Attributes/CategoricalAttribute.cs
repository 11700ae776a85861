namespace ModelGen;

/// <summary>
/// The categorical likelihood for class labels, on an <c>Observed</c> property: y ~ Categorical(softmax(<see cref="Logits"/>)),
/// PyMC's <c>Categorical(logit_p=...)</c> and NumPyro's <c>Categorical(logits=...)</c>. The layer has one unit per class
/// (K ≥ 2, usually with <c>Activation.Identity</c>); observations are the labels 0, 1, …, K − 1, given as whole numbers
/// of the model's element type.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class CategoricalAttribute : Attribute
{
    /// <summary>The layer whose K units are each row's unnormalised log-probabilities of the K classes.</summary>
    public string? Logits { get; set; }
}
