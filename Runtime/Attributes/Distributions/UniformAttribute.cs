namespace ModelGen;

/// <summary>
/// The uniform distribution on [lower, upper], density 1 / (upper − lower). The parameter is sampled through
/// x = lower + (upper − lower)·logistic(u), whose log-Jacobian the density includes. The bounds are constants.
/// </summary>
/// <param name="lower">The lower bound.</param>
/// <param name="upper">The upper bound, greater than <paramref name="lower"/>.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class UniformAttribute(double lower, double upper) : DistributionAttribute
{
    /// <summary>The lower bound.</summary>
    public double Lower { get; } = lower;

    /// <summary>The upper bound.</summary>
    public double Upper { get; } = upper;
}
