namespace ModelGen.EndToEnd.Tests.Models;

// Models whose Stan programs are in Tests/Data/stan (one folder each, named in the summary): StanReferenceTests fits
// them by NUTS on the same data and compares with Stan's posterior.

/// <summary>Linear regression with Student-t noise, ν and σ learned (Tests/Data/stan/student_t_regression).</summary>
[Model<double>]
public partial class StudentTRegression
{
    [Input(2)] public partial Input X { get; }

    [Gamma(2, 0.1)] public partial Parameter Nu { get; }

    [HalfNormal(1)] public partial Parameter Scale { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 2)] public partial Layer Mean { get; }

    [StudentT(nameof(Nu), nameof(Mean), nameof(Scale))] public partial Observed Y { get; }
}

/// <summary>Successes out of 5 trials with logistic log-odds (Tests/Data/stan/binomial_regression).</summary>
[Model<double>]
public partial class BinomialRegression
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)] public partial Layer Logits { get; }

    [Binomial(Logits = nameof(Logits), Trials = 5)] public partial Observed Y { get; }
}

/// <summary>Three classes by multinomial logistic regression (Tests/Data/stan/softmax_regression).</summary>
[Model<double>]
public partial class ThreeClassRegression
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 3, Bias = true), Normal(0, 1)] public partial Layer Logits { get; }

    [Categorical(Logits = nameof(Logits))] public partial Observed Y { get; }
}
