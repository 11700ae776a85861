namespace ModelGen;

/// <summary>Describes the observed element of a generated model: the type of the likelihood's property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Likelihood">The distribution of each observation, e.g. "Bernoulli(logits = Output)".</param>
public sealed record Observed(string Name, string Likelihood);
