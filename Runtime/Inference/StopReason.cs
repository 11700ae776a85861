namespace ModelGen.Inference;

/// <summary>Why a fit stopped.</summary>
public enum StopReason
{
    /// <summary>It ran the iterations it was asked for.</summary>
    IterationLimit = 0,

    /// <summary>A convergence rule was met and the fit's own checks agree (the ELBO no longer rising, Pareto k̂ at most 0.7).</summary>
    Converged = 1,

    /// <summary>
    /// The cancellation token was signalled; the result holds the state reached (the random start when no step ran:
    /// <see cref="AdviFit{T}.Message"/> then says that nothing was learned).
    /// </summary>
    Cancelled = 2,

    /// <summary>The ELBO or the parameters became non-finite; the result holds the last finite state.</summary>
    Diverged = 3,

    /// <summary>The minibatch source ran out of batches before the iterations asked for; the result holds the state reached.</summary>
    DataExhausted = 4,

    /// <summary>
    /// A convergence rule stopped the fit, but its own checks disagree: the ELBO was still rising, Pareto k̂ is above 0.7, or
    /// the averaged iterates still drift over the run's last two thirds; or the fit stopped on the ELBO's plateau while its
    /// iterates never settled (a network's many modes: <see cref="StationaryAverage"/>).
    /// <see cref="AdviFit{T}.Message"/> says which, and what to do. Not a converged fit.
    /// </summary>
    ChecksFailed = 5,
}

/// <summary>One ELBO estimate during a fit.</summary>
/// <param name="Iteration">The step after which it was estimated (1-based).</param>
/// <param name="Value">The estimate, including every normalising constant (comparable with Stan's and PyMC's).</param>
public readonly record struct ElboPoint(int Iteration, double Value);
