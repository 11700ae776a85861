namespace ModelGen;

/// <summary>
/// The exponential distribution with rate lambda: density lambda·exp(−lambda·x) on x ≥ 0.
/// Support x > 0: the parameter is positive, sampled through x = exp(u) unless <see cref="DistributionAttribute.Transform"/> says otherwise.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class ExponentialAttribute : DistributionAttribute
{
    /// <summary>Exponential(lambda) with constant arguments.</summary>
    /// <param name="lambda">The rate, > 0 (mean 1/lambda).</param>
    public ExponentialAttribute(double @lambda)
    {
        Lambda = @lambda;
    }

    /// <summary>Exponential(lambda) with <paramref name="lambda"/> taken from the named parameter.</summary>
    /// <param name="lambda">The rate, > 0 (mean 1/lambda).</param>
    public ExponentialAttribute(string @lambda)
    {
        LambdaFrom = @lambda;
    }

    /// <summary>The constant lambda, when <see cref="LambdaFrom"/> is null.</summary>
    public double Lambda { get; }

    /// <summary>The parameter giving lambda, or null for the constant <see cref="Lambda"/>.</summary>
    public string? LambdaFrom { get; }
}
