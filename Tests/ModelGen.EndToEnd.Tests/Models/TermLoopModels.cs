using static ModelGen.Terms.Math;

namespace ModelGen.EndToEnd.Tests.Models;

// [Term] methods with loops (docs/terms.md, "Loops"; TermLoopTests): each loop form the lowering knows, checked against
// central differences and against the methods run as written.

/// <summary>A loop over a data vector summing into the returned local, after a straight-line part.</summary>
[Model<double>]
public partial class LoopOverData
{
    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 1)] public partial double Mu { get; }

    [HalfNormal(1)] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double lp = Cauchy(Y[0], Mu, 3 * Sigma);
        for (int n = 1; n < Y.Length; n++)
        {
            lp += Normal(Y[n], Mu, Sigma);
        }

        return lp;
    }
}

/// <summary>
/// A regression by rows: an inner loop summing into a local of the outer loop's body (η = α + Σₖ Xₙₖ βₖ), a nested
/// loop summing straight into the returned local, and a loop with '&lt;=' from a data size.
/// </summary>
[Model<double>]
public partial class NestedLoops
{
    [Data] public partial int K { get; }

    [Data] public partial Matrix<double> X { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 1)] public partial double Alpha { get; }

    [Normal(0, 1), Size(nameof(K))] public partial ReadOnlySpan<double> Beta { get; }

    [HalfNormal(1)] public partial double Sigma { get; }

    [Normal(0, 1), Size(2, 3)] public partial Matrix<double> Z { get; }

    [Term]
    double Rows()
    {
        double lp = 0;
        for (int n = 0; n < X.Rows; n++)
        {
            double eta = Alpha;
            for (int k = 0; k < K; k++)
            {
                eta += X[n, k] * Beta[k];
            }

            lp += Normal(Y[n], eta, Sigma);
        }

        return lp;
    }

    [Term]
    double Cells()
    {
        double lp = 0;
        for (int i = 0; i < Z.Rows; i++)
        {
            for (int j = 1; j <= Z.Columns - 1; j++)
            {
                lp -= Square(Z[i, j] - Z[i, j - 1]) * (i + 1);
            }
        }

        return lp;
    }
}

/// <summary>
/// Branches: an 'if'/'else' on data, a '?:' on a loop index, and loop sums the term does not return as they are (a
/// log-sum-exp of two sums, so each is a value with a loop before and a reverse loop after).
/// </summary>
[Model<double>]
public partial class BranchingLoops
{
    [Data] public partial int K { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 1)] public partial double Mu { get; }

    [HalfNormal(1)] public partial double Sigma { get; }

    [Beta(2, 2)] public partial double Theta { get; }

    [Term]
    double Branches()
    {
        double lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            double scale = n < K ? Sigma : 2 * Sigma;
            if (Y[n] > 0.5 && n != 3)
            {
                lp += Normal(Y[n], Mu, scale);
            }
            else
            {
                double z = (Y[n] - Mu) / scale;
                lp += StudentT(z, 4, 0, 1) - Log(scale);
            }
        }

        return lp;
    }

    [Term]
    double Mixed()
    {
        double a = Log(Theta);
        double b = Log1p(-Theta);
        for (int n = 0; n < Y.Length; n++)
        {
            a += Normal(Y[n], Mu, Sigma);
            b += Normal(Y[n], -Mu, Sigma + 1);
        }

        return LogSumExp(a, b) + LogMix(Theta, Normal(Y[0], Mu, 1), Normal(Y[1], 0, 1));
    }
}

/// <summary><see cref="NestedLoops"/>'s regression in float, against the double model.</summary>
[Model<float>]
public partial class NestedLoopsF
{
    [Data] public partial int K { get; }

    [Data] public partial Matrix<float> X { get; }

    [Data] public partial ReadOnlySpan<float> Y { get; }

    [Normal(0, 1)] public partial float Alpha { get; }

    [Normal(0, 1), Size(nameof(K))] public partial ReadOnlySpan<float> Beta { get; }

    [HalfNormal(1)] public partial float Sigma { get; }

    [Normal(0, 1), Size(2, 3)] public partial Matrix<float> Z { get; }

    [Term]
    float Rows()
    {
        float lp = 0;
        for (int n = 0; n < X.Rows; n++)
        {
            float eta = Alpha;
            for (int k = 0; k < K; k++)
            {
                eta += X[n, k] * Beta[k];
            }

            lp += Normal(Y[n], eta, Sigma);
        }

        return lp;
    }

    [Term]
    float Cells()
    {
        float lp = 0;
        for (int i = 0; i < Z.Rows; i++)
        {
            for (int j = 1; j <= Z.Columns - 1; j++)
            {
                lp -= Square(Z[i, j] - Z[i, j - 1]) * (i + 1);
            }
        }

        return lp;
    }
}
