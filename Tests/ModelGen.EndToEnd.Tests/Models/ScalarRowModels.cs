using static ModelGen.Terms.Math;

namespace ModelGen.EndToEnd.Tests.Models;

// Samples 4 and 7 (StanTermModels.cs) with their loops kept on the scalar path by the internal [ScalarRows]: the
// baseline of the row registers (TermRowTests checks both paths agree; Tests/Benchmarks' RowTermBenchmarks times them).

/// <summary>Sample 4 (MixtureTerm) with its loop kept scalar: the baseline of the row registers.</summary>
[Model<double>]
public partial class MixtureTermScalar
{
    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Ordered, Normal(0, 2), Size(2)] public partial ReadOnlySpan<double> Mu { get; }

    [HalfNormal(2), Size(2)] public partial ReadOnlySpan<double> Sigma { get; }

    [Beta(5, 5)] public partial double Theta { get; }

    [Term, ScalarRows]
    double Likelihood()
    {
        double lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            lp += LogMix(Theta, Normal(Y[n], Mu[0], Sigma[0]), Normal(Y[n], Mu[1], Sigma[1]));
        }

        return lp;
    }
}

/// <summary>Sample 7 (FlatRegressionTerm) with its loops kept scalar: the baseline of the row registers.</summary>
[Model<double>]
public partial class FlatRegressionTermScalar
{
    [Data] public partial int K { get; }

    [Data] public partial Matrix<double> X { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Flat] public partial double Alpha { get; }

    [Flat, Size(nameof(K))] public partial ReadOnlySpan<double> Beta { get; }

    [HalfFlat] public partial double Sigma { get; }

    [Term, ScalarRows]
    double Likelihood()
    {
        double lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            double mu = Alpha;
            for (int k = 0; k < K; k++)
            {
                mu += X[n, k] * Beta[k];
            }

            lp += Normal(Y[n], mu, Sigma);
        }

        return lp;
    }
}
