namespace ModelGen.Optimizers;

/// <summary>
/// Stan's ADVI step-size sequence (Kucukelbir et al. 2017, §3.3; <c>stan::variational::advi</c>), as an ascent:
/// with g the gradient and t the step number (from 1),
/// <c>s ← g²</c> at t = 1, then <c>s ← (1 − α)·s + α·g²</c>, and <c>x ← x + η·t^(−½)·g / (τ + √s)</c>,
/// with Stan's α = 0.1 and τ = 1.
/// </summary>
/// <remarks>
/// <para>With <see cref="Eta"/> null (the default) the fit chooses η itself before it starts, as Stan's
/// <c>adapt engaged=1</c>: it runs <see cref="AdaptIterations"/> steps from the initial approximation with each η
/// in <see cref="EtaSequence"/> (100, 10, 1, 0.1, 0.01), estimates the ELBO after each trial, and takes the
/// η before the first one whose ELBO is lower than its predecessor's (once one beats the initial ELBO), or
/// the last η when the ELBO improved all the way down; every trial starts again from the same initial
/// approximation. The fit reports its choice in <c>AdviFit.AdaptedEta</c>.</para>
/// <para>The decay t^(−½) makes late steps small, so the iterates settle instead of jittering at a fixed
/// step size as Adam's do; it also means a fit that needs many steps moves slowly near its end.</para>
/// </remarks>
/// <param name="Eta">The step-size scale η; finite and greater than 0, or null to let the fit choose it.</param>
/// <param name="AdaptIterations">Steps per trial η when the fit chooses η (Stan's <c>adapt iter</c>, default 50); at least 1.</param>
/// <param name="Tau">τ, added to √s so that a vanishing gradient history does not blow the step up; finite and greater than 0.</param>
/// <param name="Alpha">α, the weight of the newest squared gradient in the running average s; in (0, 1].</param>
public sealed record StanAdaptive(double? Eta = null, int AdaptIterations = 50, double Tau = 1.0, double Alpha = 0.1) : Optimizer
{
    /// <summary>The η values the fit tries, largest first: Stan's <c>eta_sequence</c>.</summary>
    public static IReadOnlyList<double> EtaSequence { get; } = [100, 10, 1, 0.1, 0.01];

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException"><see cref="Eta"/> is null: only a fit can choose it.</exception>
    public override OptimizerState<T> CreateState<T>(int length)
    {
        Validate();
        if (Eta is null)
        {
            throw new InvalidOperationException("StanAdaptive.Eta is null: an ADVI fit chooses it by Stan's search before stepping. Give Eta a value to step with a fixed one.");
        }

        return new StanAdaptiveState<T>(this, length);
    }

    /// <inheritdoc/>
    public override Optimizer WithScaledLearningRate(double factor) => this with { Eta = Eta * factor };

    /// <inheritdoc/>
    public override void Validate()
    {
        if (Eta is double eta)
        {
            RequirePositiveFinite(eta, nameof(Eta));
        }

        RequireAtLeastOne(AdaptIterations, nameof(AdaptIterations));
        RequirePositiveFinite(Tau, nameof(Tau));
        if (!(Alpha > 0 && Alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be in (0, 1].");
        }
    }
}
