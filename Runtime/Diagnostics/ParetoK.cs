namespace ModelGen.Diagnostics;

/// <summary>How far importance ratios (or an ADVI fit's draws) can be trusted, read from the Pareto k̂.</summary>
public enum ParetoKReading
{
    /// <summary>k̂ ≤ 0.5: the ratios have finite variance; importance sampling, and the approximation, are fine.</summary>
    Good,

    /// <summary>0.5 &lt; k̂ ≤ 0.7: PSIS estimates are still usable (and the approximation passable), with a slower convergence.</summary>
    Ok,

    /// <summary>0.7 &lt; k̂ ≤ 1: unreliable; too few draws carry the weight.</summary>
    Bad,

    /// <summary>k̂ &gt; 1 (or ∞, when no tail could be fitted): the ratios have no finite mean; do not use the estimate.</summary>
    VeryBad,
}

/// <summary>
/// The result of Pareto smoothed importance sampling on one set of log importance ratios: the shape k̂ of the
/// generalized Pareto distribution fitted to the largest ratios, and what it means.
/// </summary>
/// <param name="K">
/// k̂, the fitted shape after loo's weakly informative prior (M·k + 10·0.5)/(M + 10); +∞ when the tail has fewer
/// than 5 draws or all its values are equal (loo's convention).
/// </param>
/// <param name="Sigma">The fitted scale σ̂ of the tail's exceedances over the cutoff (in ratio units, relative to the largest ratio); NaN when no fit was made.</param>
/// <param name="TailLength">M, the number of largest ratios fitted: ⌈min(S/5, 3√S)⌉, loo's rule for r_eff = 1.</param>
/// <param name="DrawCount">S, the number of ratios.</param>
public readonly record struct ParetoK(double K, double Sigma, int TailLength, int DrawCount)
{
    /// <summary>
    /// The fixed reading loo 2.5.1 prints (its <c>pareto_k_table</c> bins): good ≤ 0.5 &lt; ok ≤ 0.7 &lt; bad ≤ 1 &lt; very bad.
    /// </summary>
    public ParetoKReading Reading => K switch
    {
        <= 0.5 => ParetoKReading.Good,
        <= 0.7 => ParetoKReading.Ok,
        <= 1 => ParetoKReading.Bad,
        _ => ParetoKReading.VeryBad,
    };

    /// <summary>
    /// The sample-size-dependent threshold of Vehtari et al. (2024, JMLR 25(72), §3.2.4), min(1 − 1/log₁₀ S, 0.7): below
    /// it, S draws are enough for a reliable estimate. loo adopted it in 2.6.0; loo 2.5.1 uses the fixed 0.7 only.
    /// </summary>
    public double Threshold => Psis.Threshold(DrawCount);

    /// <summary>Whether k̂ is at or below <see cref="Threshold"/>.</summary>
    public bool IsReliable => K <= Threshold;

    /// <summary>
    /// One line on what <see cref="Reading"/> means for the results of the approximation q whose draws gave the ratios
    /// (an ADVI fit's, <see cref="Inference.AdviFit{T}.ParetoK"/>), and what to do about it: "good: …", "ok: …", "bad: …"
    /// or "very bad: …" (Yao, Vehtari, Simpson and Gelman 2018: above 0.7, q misses mass the posterior has).
    /// </summary>
    public string Advice => Reading switch
    {
        ParetoKReading.Good => "good: the approximation is close to the posterior; its draws, and importance-sampling estimates from them, can be used.",
        ParetoKReading.Ok => "ok: the approximation is close enough to the posterior that its draws can be used; importance-sampling estimates from them converge more slowly.",
        ParetoKReading.Bad => "bad: the approximation misses part of the posterior; do not trust its uncertainties (standard deviations, intervals); check the results with NUTS (model.Nuts()) or, after a mean-field fit, a full-rank one (AdviOptions.Family = VariationalFamily.FullRank).",
        _ => "very bad: the approximation is not reliable here, for its uncertainties, its means or importance sampling; use NUTS (model.Nuts()) for this posterior, or try a full-rank fit (AdviOptions.Family = VariationalFamily.FullRank).",
    };

    /// <summary>The line to print: "Pareto k̂ = 1.41 over 1000 draws (reliable below 0.67): very bad: …" (<see cref="Advice"/>).</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Pareto k̂ = {(double.IsFinite(K) ? K.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : K > 0 ? "∞" : K.ToString(System.Globalization.CultureInfo.InvariantCulture))} over {DrawCount} draws (reliable below {Threshold:F2}): {Advice}");
}
