using static ModelGen.Terms.Math;

namespace ModelGen.EndToEnd.Tests.Models;

// Per-row loops (docs/terms.md, "Vectorising a per-row loop"): loops whose trips are independent rows, printed one
// register of rows per trip, and loops that must stay scalar (a lagged read, an operation registers lack).

/// <summary>Sample 4 (MixtureTerm) in float: the same two-component mixture, one register of rows per trip.</summary>
[Model<float>]
public partial class MixtureTermF
{
    [Data] public partial ReadOnlySpan<float> Y { get; }

    [Ordered, Normal(0, 2), Size(2)] public partial ReadOnlySpan<float> Mu { get; }

    [HalfNormal(2), Size(2)] public partial ReadOnlySpan<float> Sigma { get; }

    [Beta(5, 5)] public partial float Theta { get; }

    [Term]
    float Likelihood()
    {
        float lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            lp += LogMix(Theta, Normal(Y[n], Mu[0], Sigma[0]), Normal(Y[n], Mu[1], Sigma[1]));
        }

        return lp;
    }
}

/// <summary>
/// Rows reading two data vectors (two registers per row), a local of the body, a read of Y[0] inside the loop (the
/// same in every lane: a broadcast), a logistic term and parameters named like the kernel's own locals (Theta, Row).
/// </summary>
[Model<double>]
public partial class TwoColumnRows
{
    [Data] public partial ReadOnlySpan<double> X { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 2)] public partial double Theta { get; }

    [Normal(0, 2)] public partial double Row { get; }

    [HalfNormal(2)] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            double mu = Theta + (Row * X[n]);
            lp += Normal(Y[n] - (0.1 * Y[0]), mu, Sigma) + BernoulliLogit(0, mu - Y[n]);
        }

        return lp;
    }
}

/// <summary>A lagged read (Y[n − 1]): the trips are not independent rows, so the loop stays scalar.</summary>
[Model<double>]
public partial class LaggedRows
{
    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 2)] public partial double Mu { get; }

    [Normal(0, 1)] public partial double Phi { get; }

    [HalfNormal(2)] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double lp = 0;
        for (int n = 1; n < Y.Length; n++)
        {
            lp += Normal(Y[n], Mu + (Phi * Y[n - 1]), Sigma);
        }

        return lp;
    }
}

/// <summary>A row read through |·|, which registers lack: the loop stays scalar.</summary>
[Model<double>]
public partial class AbsoluteRows
{
    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 2)] public partial double Mu { get; }

    [HalfNormal(2)] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            lp += -Abs(Y[n] - Mu) / Sigma - Log(Sigma);
        }

        return lp;
    }
}
