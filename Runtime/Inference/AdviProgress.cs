namespace ModelGen.Inference;

/// <summary>Progress of a fit, reported at each ELBO estimate.</summary>
/// <param name="Iteration">Steps done.</param>
/// <param name="MaxIterations">The cap.</param>
/// <param name="Elbo">The estimate just made.</param>
/// <param name="Elapsed">Wall time of the loop so far.</param>
public readonly record struct AdviProgress(int Iteration, int MaxIterations, double Elbo, TimeSpan Elapsed)
{
    /// <summary>Steps per second so far.</summary>
    public double IterationsPerSecond => Elapsed.TotalSeconds > 0 ? Iteration / Elapsed.TotalSeconds : 0;

    /// <summary>Time to the cap at the rate so far (a fit that converges stops sooner).</summary>
    public TimeSpan Remaining => IterationsPerSecond > 0 ? TimeSpan.FromSeconds((MaxIterations - Iteration) / IterationsPerSecond) : TimeSpan.Zero;
}
