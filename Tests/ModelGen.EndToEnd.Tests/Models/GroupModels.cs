namespace ModelGen.EndToEnd.Tests.Models;

/// <summary>
/// Eight schools (Rubin 1981; the Stan and PyMC case study), centred: each school's effect θⱼ ~ N(μ, τ), its
/// estimate yⱼ ~ N(θⱼ, σⱼ) with σⱼ the known standard error. X holds, per row, the school (column 0) and σⱼ (column 1).
/// </summary>
[Model<double>]
public partial class EightSchools : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Group(nameof(X), 0, levels: 8)] public partial Group School { get; }

    [Column(nameof(X), 1)] public partial Column StdErr { get; }

    [Normal(0, 5)] public partial Parameter Mu { get; }

    [HalfCauchy(5)] public partial Parameter Tau { get; }

    [Normal(nameof(Mu), nameof(Tau)), Size(nameof(School))] public partial Parameter Theta { get; }

    [Normal(nameof(Theta), nameof(StdErr))] public partial Observed Y { get; }
}

/// <summary>Eight schools, non-centred: θⱼ = μ + τ·zⱼ with zⱼ ~ N(0, 1), the form that removes the funnel.</summary>
[Model<double>]
public partial class EightSchoolsNonCentred : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Group(nameof(X), 0, levels: 8)] public partial Group School { get; }

    [Column(nameof(X), 1)] public partial Column StdErr { get; }

    [Normal(0, 5)] public partial Parameter Mu { get; }

    [HalfCauchy(5)] public partial Parameter Tau { get; }

    [Normal(nameof(Mu), nameof(Tau), NonCentered = true), Size(nameof(School))] public partial Parameter Theta { get; }

    [Normal(nameof(Theta), nameof(StdErr))] public partial Observed Y { get; }
}

/// <summary>
/// Radon with varying intercepts by county (Gelman and Hill): log radon = a[county] + b·floor + ε, the county
/// intercepts drawn around a learned mean with a learned spread. X holds floor (column 0) and county (column 1);
/// the layer sees the floor only.
/// </summary>
[Model<double>]
public partial class Radon : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Group(nameof(X), 1, levels: 12)] public partial Group County { get; }

    [Normal(0, 10)] public partial Parameter MuA { get; }

    [HalfNormal(5)] public partial Parameter SigmaA { get; }

    [Normal(nameof(MuA), nameof(SigmaA)), Size(nameof(County))] public partial Parameter A { get; }

    [Dense(nameof(X), 1), Normal(0, 10)] public partial Layer Floor { get; }

    [HalfNormal(5)] public partial Parameter SigmaY { get; }

    [Normal(nameof(Floor), nameof(SigmaY), Intercept = nameof(A))] public partial Observed Y { get; }
}

/// <summary>
/// Counts with a per-site log-rate offset added to a small network's output: the network reads columns 0 and 1, the
/// site index sits in column 2. (The offsets' prior is fixed: a learned scale on a log rate reaches rates whose log
/// density is too large for the finite differences the gradient tests compare with.)
/// </summary>
[Model<double>]
public partial class GroupPoisson : ITestDensity
{
    [Input(3)] public partial Input X { get; }

    [Group(nameof(X), 2, levels: 5)] public partial Group Site { get; }

    [Normal(0, 0.5), Size(nameof(Site))] public partial Parameter SiteEffect { get; }

    [Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1), Normal(0, 1)] public partial Layer LogRate { get; }

    [Poisson(LogRate = nameof(LogRate), Intercept = nameof(SiteEffect))] public partial Observed Y { get; }
}

/// <summary>A Bernoulli whose probability is one parameter with a Beta prior (the conjugate pair); X only gives the rows.</summary>
[Model<double>]
public partial class BetaBernoulli : ITestDensity
{
    [Input(1)] public partial Input X { get; }

    [Beta(2, 3)] public partial Parameter P { get; }

    [Bernoulli(P = nameof(P))] public partial Observed Y { get; }
}

/// <summary>A Bernoulli with one log-odds per group and a shared scalar intercept: per-group location plus scalar term.</summary>
[Model<double>]
public partial class GroupLogits : ITestDensity
{
    [Input(1)] public partial Input X { get; }

    [Group(nameof(X), 0, levels: 4)] public partial Group Arm { get; }

    [Normal(0, 1.5)] public partial Parameter Base { get; }

    [Normal(0, 1), Size(nameof(Arm))] public partial Parameter ArmLogit { get; }

    [Bernoulli(Logits = nameof(ArmLogit), Intercept = nameof(Base))] public partial Observed Y { get; }
}

/// <summary>Successes out of a number of trials that differs by row (column 1), log-odds from a line in column 0.</summary>
[Model<double>]
public partial class VaryingTrials : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Column(nameof(X), 1)] public partial Column N { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)] public partial Layer Logit { get; }

    [Binomial(Logits = nameof(Logit), TrialsFrom = nameof(N))] public partial Observed Y { get; }
}
