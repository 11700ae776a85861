using ModelGen;

namespace ModelGen.KernelInstructions;

/// <summary>
/// Regressions for the likelihood forms no sample declares, so their kernels are counted too (issue 17's gate): a
/// Student t with constant arguments (robust regression) and a Binomial with a constant number of trials.
/// </summary>
[Model<double>]
public partial class StudentTRegression
{
    [Input(3)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)] public partial Layer Line { get; }

    [StudentT(4, nameof(Line), 0.5)] public partial Observed Y { get; }
}

/// <summary>Successes out of 5 trials per row with the logit link.</summary>
[Model<double>]
public partial class BinomialRegression
{
    [Input(3)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)] public partial Layer Logits { get; }

    [Binomial(Logits = nameof(Logits), Trials = 5)] public partial Observed Y { get; }
}
