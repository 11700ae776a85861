using static ModelGen.Terms.Math;

namespace ModelGen.EndToEnd.Tests.Models;

/// <summary>
/// Sample 9 (varying_slopes), written with what the terms have today: a hierarchical logistic regression whose K
/// coefficients vary by group, non-centred, with correlated slopes: βⱼ = γ + diag(τ)·L_Ω·zⱼ, z ~ N(0, 1),
/// L_Ω ~ LKJCholesky(2), τ ~ half-Cauchy(0, 2.5), γ ~ N(0, 5), yₙ ~ BernoulliLogit(xₙ · β_{g[n]}). The Stan program
/// (Tests/Data/stan/varying_slopes/model.stan) forms β as a transformed parameter; here each row forms its group's β
/// inside the loop (Σₘ≤ₖ τₖ L_Ω[k, m] z[m, g]: L_Ω is lower-triangular), so the term is loops that sum and reads of
/// parameters by a data index (docs/terms.md, sample 9 "As built").
/// </summary>
[Model<double>]
public partial class VaryingSlopesTerm
{
    [Data] public partial int K { get; }

    [Data] public partial int J { get; }

    /// <summary>Each row's group, 0-based (Stan's g − 1).</summary>
    [Data(Min = 0)] public partial ReadOnlySpan<int> G { get; }

    [Data] public partial Matrix<double> X { get; }

    [Data(Min = 0, Max = 1)] public partial ReadOnlySpan<int> Y { get; }

    [Normal(0, 1), Size(nameof(K), nameof(J))] public partial Matrix<double> Z { get; }

    [CholeskyCorrelation, LkjCholesky(2), Size(nameof(K), nameof(K))] public partial Matrix<double> LOmega { get; }

    [HalfCauchy(2.5), Size(nameof(K))] public partial ReadOnlySpan<double> Tau { get; }

    [Normal(0, 5), Size(nameof(K))] public partial ReadOnlySpan<double> Gamma { get; }

    [Term]
    double Likelihood()
    {
        double lp = 0;
        for (int n = 0; n < Y.Length; n++)
        {
            double eta = 0;
            for (int k = 0; k < K; k++)
            {
                double beta = Gamma[k];
                for (int m = 0; m <= k; m++)
                {
                    beta += Tau[k] * LOmega[k, m] * Z[m, G[n]];
                }

                eta += X[n, k] * beta;
            }

            lp += BernoulliLogit(Y[n], eta);
        }

        return lp;
    }
}
