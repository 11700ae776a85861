namespace ModelGen;

/// <summary>
/// The Bernoulli likelihood for 0/1 observations, on an <c>Observed</c> property. Give exactly one of
/// <see cref="Logits"/> (the layer's output is log(p / (1 - p)), the stable form) or <see cref="P"/>
/// (the layer's output is p itself: it must end in a sigmoid, which ModelGen folds into the logit link
/// so the density is still computed stably).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class BernoulliAttribute : Attribute
{
    /// <summary>The layer whose single unit is the log-odds of y = 1.</summary>
    public string? Logits { get; set; }

    /// <summary>The sigmoid layer whose single unit is P(y = 1).</summary>
    public string? P { get; set; }

    /// <summary>
    /// Likelihood only: a parameter added to each row's linear predictor, by <c>nameof</c>: a scalar, or a
    /// <c>[Size(nameof(Group))]</c> vector whose element the row's group picks (varying intercepts, PyMC's
    /// <c>a[county_idx] + ...</c>). Null for none.
    /// </summary>
    public string? Intercept { get; set; }
}
