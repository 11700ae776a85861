namespace ModelGen;

/// <summary>
/// The binomial likelihood for successes out of <see cref="Trials"/>, on an <c>Observed</c> property:
/// y ~ Binomial(Trials, σ(<see cref="Logits"/>)), computed stably from the logit. Observations must be whole numbers
/// from 0 to <see cref="Trials"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class BinomialAttribute : Attribute
{
    /// <summary>The layer whose single unit is the log-odds of success.</summary>
    public string? Logits { get; set; }

    /// <summary>Trials per row, at least 1; or give <see cref="TrialsFrom"/>.</summary>
    public int Trials { get; set; }

    /// <summary>
    /// The <c>Column</c> giving each row's number of trials (whole numbers ≥ 0), by <c>nameof</c>, for data where the
    /// trials differ by row (PyMC's <c>n=trials</c> array); instead of <see cref="Trials"/>.
    /// </summary>
    public string? TrialsFrom { get; set; }

    /// <summary>
    /// Likelihood only: a parameter added to each row's linear predictor, by <c>nameof</c>: a scalar, or a
    /// <c>[Size(nameof(Group))]</c> vector whose element the row's group picks (varying intercepts, PyMC's
    /// <c>a[county_idx] + ...</c>). Null for none.
    /// </summary>
    public string? Intercept { get; set; }
}
