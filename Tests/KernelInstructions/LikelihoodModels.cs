using ModelGen;

namespace ModelGen.KernelInstructions;

/// <summary>
/// Regressions for the likelihood forms no sample declares, so their kernels are counted too (issue 17's gate): a
/// Student t with constant arguments (robust regression), one with learned ν and σ, and a Binomial with a constant
/// number of trials; and a regression with two interval parameters, for the scaled logit transform.
/// </summary>
[Model<double>]
public partial class StudentTRegression
{
    [Input(3)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)] public partial Layer Line { get; }

    [StudentT(4, nameof(Line), 0.5)] public partial Observed Y { get; }
}

/// <summary>A robust regression whose Student t learns its degrees of freedom ν and scale σ (parameters the rows read).</summary>
[Model<double>]
public partial class LearnedStudentTRegression
{
    [Input(3)] public partial Input X { get; }

    [Gamma(2, 0.1)] public partial Parameter Nu { get; }

    [HalfNormal(1)] public partial Parameter Scale { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)] public partial Layer Line { get; }

    [StudentT(nameof(Nu), nameof(Line), nameof(Scale))] public partial Observed Y { get; }
}

/// <summary>Successes out of 5 trials per row with the logit link.</summary>
[Model<double>]
public partial class BinomialRegression
{
    [Input(3)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)] public partial Layer Logits { get; }

    [Binomial(Logits = nameof(Logits), Trials = 5)] public partial Observed Y { get; }
}

/// <summary>A regression whose weights' scale and noise are interval parameters (Beta and Uniform priors: the scaled logit transform).</summary>
[Model<double>]
public partial class IntervalRegression
{
    [Input(3)] public partial Input X { get; }

    [Beta(2, 3)] public partial Parameter Shrink { get; }

    [Uniform(0.1, 3)] public partial Parameter Noise { get; }

    [Dense(nameof(X), 1, Bias = true)]
    [Normal(0, nameof(Shrink), Part = LayerPart.Weights), Normal(0, 1, Part = LayerPart.Bias)]
    public partial Layer Line { get; }

    [Normal(nameof(Line), nameof(Noise))] public partial Observed Y { get; }
}
