namespace ModelGen.Samples.EightSchools;

/// <summary>The published eight-schools data: estimated coaching effects and their standard errors (Rubin 1981).</summary>
public static class Rubin
{
    /// <summary>Each school's estimated effect.</summary>
    public static double[] Estimates => [28, 8, -3, 7, -1, 1, 18, 12];

    /// <summary>Each estimate's standard error.</summary>
    public static double[] StandardErrors => [15, 10, 16, 11, 9, 11, 10, 18];

    /// <summary>The models' input rows: the school's index, then its standard error.</summary>
    public static double[,] Schools()
    {
        double[] standardErrors = StandardErrors;
        var schools = new double[8, 2];
        for (int j = 0; j < 8; j++)
        {
            schools[j, 0] = j;
            schools[j, 1] = standardErrors[j];
        }

        return schools;
    }
}

/// <summary>
/// Rubin's eight schools, centred: each school's effect θⱼ ~ N(μ, τ) and its estimate yⱼ ~ N(θⱼ, σⱼ), σⱼ the known
/// standard error. X holds, per row, the school (column 0) and σⱼ (column 1); a school may have several rows.
/// </summary>
[Model<double>]
public partial class Centred
{
    [Input(features: 2)]
    public partial Input X { get; }

    [Group(nameof(X), 0, levels: 8)]
    public partial Group School { get; }

    [Column(nameof(X), 1)]
    public partial Column StdErr { get; }

    [Normal(0, 5)]
    public partial Parameter Mu { get; }

    [HalfCauchy(5)]
    public partial Parameter Tau { get; }

    [Normal(nameof(Mu), nameof(Tau)), Size(nameof(School))]
    public partial Parameter Theta { get; }

    [Normal(nameof(Theta), nameof(StdErr))]
    public partial Observed Y { get; }
}

/// <summary>The same model non-centred: θⱼ = μ + τ·zⱼ with zⱼ ~ N(0, 1), which removes the funnel between τ and θ.</summary>
[Model<double>]
public partial class NonCentred
{
    [Input(features: 2)]
    public partial Input X { get; }

    [Group(nameof(X), 0, levels: 8)]
    public partial Group School { get; }

    [Column(nameof(X), 1)]
    public partial Column StdErr { get; }

    [Normal(0, 5)]
    public partial Parameter Mu { get; }

    [HalfCauchy(5)]
    public partial Parameter Tau { get; }

    [Normal(nameof(Mu), nameof(Tau), NonCentered = true), Size(nameof(School))]
    public partial Parameter Theta { get; }

    [Normal(nameof(Theta), nameof(StdErr))]
    public partial Observed Y { get; }
}

/// <summary>
/// Radon with varying intercepts by county (Gelman and Hill 2007, ch. 12): log radon = a[county] + b·floor + ε,
/// a[county] ~ N(μ_a, σ_a). X holds the floor (column 0: 0 basement, 1 first floor) and the county (column 1).
/// </summary>
[Model<double>]
public partial class Radon
{
    public const int Counties = 20;

    [Input(features: 2)]
    public partial Input X { get; }

    [Group(nameof(X), 1, levels: Counties)]
    public partial Group County { get; }

    [Normal(0, 10)]
    public partial Parameter MuA { get; }

    [HalfNormal(5)]
    public partial Parameter SigmaA { get; }

    [Normal(nameof(MuA), nameof(SigmaA)), Size(nameof(County))]
    public partial Parameter A { get; }

    [Dense(nameof(X), 1), Normal(0, 10)]
    public partial Layer Floor { get; }

    [HalfNormal(5)]
    public partial Parameter SigmaY { get; }

    [Normal(nameof(Floor), nameof(SigmaY), Intercept = nameof(A))]
    public partial Observed LogRadon { get; }
}
