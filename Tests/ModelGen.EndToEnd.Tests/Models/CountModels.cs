using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests.Models;

/// <summary>The generated members the tests drive, as an interface the models below declare (the generator's members implement it).</summary>
public interface ITestDensity
{
    SimdWidth SimdWidth { get; set; }

    double LogDensity(ReadOnlySpan<double> theta);

    double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient);

    void Gradient(ReadOnlySpan<double> theta, Span<double> gradient);
}

/// <summary>A Poisson regression through a small tanh network: log rate = network(x).</summary>
[Model<double>]
public partial class PoissonNet : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 3, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Bias = true), Normal(0, 1)] public partial Layer LogRate { get; }

    [Poisson(LogRate = nameof(LogRate))] public partial Observed Y { get; }
}

/// <summary>Successes out of 5 trials, with the log-odds from a small network.</summary>
[Model<double>]
public partial class BinomialNet : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 3, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Bias = true), Normal(0, 1)] public partial Layer Logits { get; }

    [Binomial(Logits = nameof(Logits), Trials = 5)] public partial Observed Y { get; }
}

/// <summary>Over-dispersed counts with a learned dispersion (Gamma prior, positive through exp).</summary>
[Model<double>]
public partial class NegativeBinomialNet : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Gamma(2, 0.5)] public partial Parameter Phi { get; }

    [Dense(nameof(X), 3, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Bias = true), Normal(0, 1)] public partial Layer LogMean { get; }

    [NegativeBinomial(nameof(LogMean), nameof(Phi))] public partial Observed Y { get; }
}

/// <summary>The same counts with a fixed dispersion: the gamma terms are data only.</summary>
[Model<double>]
public partial class FixedDispersionNet : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 2, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Bias = true), Normal(0, 1)] public partial Layer LogMean { get; }

    [NegativeBinomial(nameof(LogMean), 2.5)] public partial Observed Y { get; }
}

/// <summary>Robust regression: Student-t noise with learned degrees of freedom and scale.</summary>
[Model<double>]
public partial class RobustRegression : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Gamma(2, 0.1)] public partial Parameter Nu { get; }

    [HalfNormal(1)] public partial Parameter Scale { get; }

    [Dense(nameof(X), 3, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Bias = true), Normal(0, 1)] public partial Layer Mean { get; }

    [StudentT(nameof(Nu), nameof(Mean), nameof(Scale))] public partial Observed Y { get; }
}

/// <summary>Student-t noise with fixed ν and σ.</summary>
[Model<double>]
public partial class FixedStudentT : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 2)] public partial Layer Mean { get; }

    [StudentT(4, nameof(Mean), 0.5)] public partial Observed Y { get; }
}
