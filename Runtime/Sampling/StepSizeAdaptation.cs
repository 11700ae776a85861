namespace ModelGen.Sampling;

/// <summary>
/// Nesterov's dual averaging of the log step size toward a target mean acceptance statistic (Hoffman and Gelman
/// 2014, Algorithm 5), as Stan's <c>stepsize_adaptation</c>: the iterate x = log ε is pulled toward μ = log(10 ε₀)
/// and the averaged iterate x̄ is the step size kept after warm-up.
/// </summary>
internal sealed partial class StepSizeAdaptation(double target, double gamma, double kappa, double t0)
{
    private double _counter;
    private double _sBar;
    private double _xBar;
    private double _mu;

    /// <summary>Sets the point the iterates shrink toward, log(10 ε) for the current ε.</summary>
    public void SetMu(double mu) => _mu = mu;

    /// <summary>Forgets the averages (after a metric update).</summary>
    public void Restart()
    {
        _counter = 0;
        _sBar = 0;
        _xBar = 0;
    }

    /// <summary>One dual-averaging step with the last transition's acceptance statistic; returns the next step size.</summary>
    public double Learn(double acceptStat)
    {
        _counter++;
        acceptStat = Math.Min(acceptStat, 1);

        // Running average of the acceptance shortfall H̄ₜ = (1 − 1/(t + t₀)) H̄ₜ₋₁ + (δ − αₜ)/(t + t₀).
        double eta = 1.0 / (_counter + t0);
        _sBar = ((1 - eta) * _sBar) + (eta * (target - acceptStat));

        // xₜ = μ − √t/γ · H̄ₜ, then the averaged iterate x̄ with weight t^−κ.
        double x = _mu - (_sBar * Math.Sqrt(_counter) / gamma);
        double xEta = Math.Pow(_counter, -kappa);
        _xBar = ((1 - xEta) * _xBar) + (xEta * x);
        return Math.Exp(x);
    }

    /// <summary>The step size kept after warm-up, exp(x̄).</summary>
    public double Final => Math.Exp(_xBar);
}
