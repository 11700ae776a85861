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

/// <summary>Sample 7 (FlatRegressionTerm) in float: η = α + Σₖ X[n, k]·β[k] per row, its inner sum one register of rows per k.</summary>
[Model<float>]
public partial class FlatRegressionTermF
{
    [Data] public partial int K { get; }

    [Data] public partial Matrix<float> X { get; }

    [Data] public partial ReadOnlySpan<float> Y { get; }

    [Flat] public partial float Alpha { get; }

    [Flat, Size(nameof(K))] public partial ReadOnlySpan<float> Beta { get; }

    [HalfFlat] public partial float Sigma { get; }

    [Term]
    float Likelihood()
    {
        float lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            float mu = Alpha;
            for (int k = 0; k < K; k++)
            {
                mu += X[n, k] * Beta[k];
            }

            lp += Normal(Y[n], mu, Sigma);
        }

        return lp;
    }
}

/// <summary>
/// Inner sums of a row beyond a linear predictor: one from k = 1 whose body is non-linear in the parameters
/// (e^(β[k] − β[k−1])·X[n, k]), reads the row's Y and the index k itself, a second inner loop summing into the returned
/// local directly, a fixed column X[n, 0] read outside the inner loops, and a parameter named like the row loop's locals.
/// </summary>
[Model<double>]
public partial class InnerSumRows
{
    [Data] public partial int K { get; }

    [Data] public partial Matrix<double> X { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 1), Size(nameof(K))] public partial ReadOnlySpan<double> Beta { get; }

    [Normal(0, 1)] public partial double Gathered { get; }

    [HalfNormal(2)] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            double eta = Gathered * X[n, 0];
            for (int k = 1; k < K; k++)
            {
                eta += (Exp(Beta[k] - Beta[k - 1]) * X[n, k]) + (0.1 * k * Beta[k] * Y[n]);
            }

            for (int j = 0; j < K; j++)
            {
                lp -= 0.05 * Square(Beta[j] * X[n, j]);
            }

            lp += Normal(Y[n], eta, Sigma);
        }

        return lp;
    }
}
