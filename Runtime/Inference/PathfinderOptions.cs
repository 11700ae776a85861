namespace ModelGen.Inference;

/// <summary>
/// Options of <see cref="Pathfinder.Fit{TDensity, T}"/>. The defaults are Stan's (CmdStan 2.33 <c>pathfinder</c>):
/// 4 paths, 1,000 draws from each path's approximation, 1,000 draws after Pareto-smoothed importance resampling,
/// 25 draws per ELBO estimate, an L-BFGS history of 5 and at most 1,000 L-BFGS iterations from a uniform start in
/// (−2, 2), with Stan's L-BFGS tolerances (<see cref="MapOptions"/>).
/// </summary>
public sealed record PathfinderOptions
{
    /// <summary>Independent paths, each from its own random start. 1 is single-path Pathfinder. Default 4, as Stan's <c>num_paths</c>.</summary>
    public int Paths { get; init; } = 4;

    /// <summary>Draws from each path's chosen approximation. Default 1,000, as Stan's <c>num_draws</c>.</summary>
    public int DrawsPerPath { get; init; } = 1_000;

    /// <summary>
    /// Draws returned after resampling the pooled draws of every path by their Pareto-smoothed importance weights (multi-path,
    /// <see cref="Resample"/> true). Default 1,000, as Stan's <c>num_psis_draws</c>. A single path returns its own draws.
    /// </summary>
    public int Draws { get; init; } = 1_000;

    /// <summary>Whether several paths' draws are resampled by importance weights (true) or returned pooled as they are. Default true, as Stan's <c>psis_resample</c>.</summary>
    public bool Resample { get; init; } = true;

    /// <summary>Draws per ELBO estimate along the path. Default 25, as Stan's <c>num_elbo_draws</c>.</summary>
    public int ElboDraws { get; init; } = 25;

    /// <summary>Correction pairs in each inverse-Hessian estimate. Default 5, as Stan's <c>history_size</c>.</summary>
    public int HistorySize { get; init; } = 5;

    /// <summary>Most L-BFGS iterations per path. Default 1,000, as Stan's <c>max_lbfgs_iters</c>.</summary>
    public int MaxIterations { get; init; } = 1_000;

    /// <summary>The half-width of the uniform random start of each path in the unconstrained space. Default 2, as Stan's.</summary>
    public double InitialRadius { get; init; } = 2.0;

    /// <summary>A start for every path in the unconstrained space (one value per coordinate); null, the default, starts each path at random.</summary>
    public ReadOnlyMemory<double>? InitialPoint { get; init; }

    /// <summary>The seed of every random choice (starts, ELBO draws, the draws, resampling); null draws one from the system.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of its domain.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Paths, 1, nameof(Paths));
        ArgumentOutOfRangeException.ThrowIfLessThan(DrawsPerPath, 1, nameof(DrawsPerPath));
        ArgumentOutOfRangeException.ThrowIfLessThan(Draws, 1, nameof(Draws));
        ArgumentOutOfRangeException.ThrowIfLessThan(ElboDraws, 1, nameof(ElboDraws));
        ArgumentOutOfRangeException.ThrowIfLessThan(HistorySize, 1, nameof(HistorySize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        if (!(InitialRadius >= 0) || double.IsInfinity(InitialRadius))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRadius), InitialRadius, "PathfinderOptions.InitialRadius must be finite and at least 0.");
        }
    }
}
