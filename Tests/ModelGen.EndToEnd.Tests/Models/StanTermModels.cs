using static ModelGen.Terms.Math;

namespace ModelGen.EndToEnd.Tests.Models;

// docs/terms.md's samples 7, 1, 4, 2, 3 and 8 as [Term] methods with loops, each the Stan program in Tests/Data/stan/<model>/
// model.stan written in ModelGen: the same priors and constraints (StanReferenceTests compares the posteriors).

/// <summary>Sample 7 (flat_regression): y ~ normal(x·β + α, σ), α and β flat, σ &gt; 0 flat; a loop over the rows.</summary>
[Model<double>]
public partial class FlatRegressionTerm
{
    [Data] public partial int K { get; }

    [Data] public partial Matrix<double> X { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Flat] public partial double Alpha { get; }

    [Flat, Size(nameof(K))] public partial ReadOnlySpan<double> Beta { get; }

    [HalfFlat] public partial double Sigma { get; }

    [Term]
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

/// <summary>Sample 1 (ar_k): y[n] ~ normal(α + Σₖ βₖ y[n − k], σ) for n &gt; K, α and β flat, σ &gt; 0 flat.</summary>
[Model<double>]
public partial class AutoRegressionTerm
{
    [Data] public partial int K { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Flat] public partial double Alpha { get; }

    [Flat, Size(nameof(K))] public partial ReadOnlySpan<double> Beta { get; }

    [HalfFlat] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double lp = 0;
        for (int n = K; n < Y.Length; n++)
        {
            double mu = Alpha;
            for (int k = 0; k < K; k++)
            {
                mu += Beta[k] * Y[n - k - 1];
            }

            lp += Normal(Y[n], mu, Sigma);
        }

        return lp;
    }
}

/// <summary>
/// Sample 4 (mixture): two normal components with ordered means ~ normal(0, 2), sds ~ half-normal(2) (Stan's
/// normal(0, 2) on σ &gt; 0), mixing weight θ ~ beta(5, 5); log_mix per observation.
/// </summary>
[Model<double>]
public partial class MixtureTerm
{
    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Ordered, Normal(0, 2), Size(2)] public partial ReadOnlySpan<double> Mu { get; }

    [HalfNormal(2), Size(2)] public partial ReadOnlySpan<double> Sigma { get; }

    [Beta(5, 5)] public partial double Theta { get; }

    [Term]
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

/// <summary>
/// Sample 2 (arma11): err[t] = y[t] − (μ + φ y[t − 1] + θ err[t − 1]) ~ normal(0, σ), err[1] = y[1] − (μ + φμ);
/// μ ~ normal(0, 10), φ and θ ~ normal(0, 2) on (−1, 1), σ ~ half-Cauchy(0, 5). The error is carried across the
/// loop's trips (a tape).
/// </summary>
[Model<double>]
public partial class Arma11Term
{
    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 10)] public partial double Mu { get; }

    [Normal(0, 2), Bounds(-1, 1)] public partial double Phi { get; }

    [Normal(0, 2), Bounds(-1, 1)] public partial double Theta { get; }

    [HalfCauchy(5)] public partial double Sigma { get; }

    [Term]
    double Likelihood()
    {
        double err = Y[0] - (Mu + Phi * Mu);
        double lp = Normal(err, 0, Sigma);
        for (int t = 1; t < Y.Length; t++)
        {
            double nu = Mu + Phi * Y[t - 1] + Theta * err;
            err = Y[t] - nu;
            lp += Normal(err, 0, Sigma);
        }

        return lp;
    }
}

/// <summary>
/// Sample 3 (garch11): r[t] ~ normal(μ, σ[t]), σ[1] = sigma1, σ[t] = √(α₀ + α₁ (r[t − 1] − μ)² + β₁ σ[t − 1]²), flat
/// priors on μ, α₀ &gt; 0, 0 &lt; α₁ &lt; 1 and 0 &lt; β₁ &lt; 1 − α₁. A bound from another parameter is not built, so
/// β₁ is (1 − α₁)·s with s flat on (0, 1) and log(1 − α₁), the Jacobian of s ↦ β₁, added: the same density over
/// (μ, α₀, α₁, β₁) as Stan's (docs/terms.md, sample 3). σ is carried across the loop's trips (a tape).
/// </summary>
[Model<double>]
public partial class Garch11Term
{
    [Data] public partial ReadOnlySpan<double> R { get; }

    [Data] public partial double Sigma1 { get; }

    [Flat] public partial double Mu { get; }

    [HalfFlat] public partial double Alpha0 { get; }

    [Flat, Bounds(0, 1)] public partial double Alpha1 { get; }

    /// <summary>β₁ / (1 − α₁).</summary>
    [Flat, Bounds(0, 1)] public partial double Beta1Share { get; }

    [Term]
    double Likelihood()
    {
        double beta1 = (1 - Alpha1) * Beta1Share;
        double sigma = Sigma1;
        double lp = Log(1 - Alpha1) + Normal(R[0], Mu, sigma);
        for (int t = 1; t < R.Length; t++)
        {
            double e = R[t - 1] - Mu;
            sigma = Sqrt(Alpha0 + Alpha1 * e * e + beta1 * sigma * sigma);
            lp += Normal(R[t], Mu, sigma);
        }

        return lp;
    }
}

/// <summary>
/// Sample 8 (gp_regression): y ~ multi_normal_cholesky(0, cholesky_decompose(K)) with K = gp_exp_quad_cov(x, α, ρ) +
/// σ² I, ρ ~ inv_gamma(5, 5), α and σ half standard normal; local matrices in the kernel's scratch.
/// </summary>
[Model<double>]
public partial class GaussianProcessTerm
{
    [Data] public partial ReadOnlySpan<double> X { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [InverseGamma(5, 5)] public partial double Rho { get; }

    [HalfNormal(1)] public partial double Alpha { get; }

    [HalfNormal(1)] public partial double Sigma { get; }

    [Term]
    double Marginal()
    {
        LocalMatrix<double> k = Local.Matrix(X.Length, X.Length);
        ExpQuadCovariance(X, Alpha, Rho, k);
        for (int n = 0; n < X.Length; n++)
        {
            k[n, n] += Sigma * Sigma;
        }

        LocalMatrix<double> l = Local.Matrix(X.Length, X.Length);
        CholeskyDecompose(k, l);
        return MultiNormalCholesky(Y, 0, l);
    }
}

/// <summary>
/// Sample 6 (changepoint): counts D with an early rate e before the change point s and a late rate l from it, s uniform
/// over 1…T and marginalised out: log p = log Σₛ exp(lp[s]), lp[s] = −log T + Σₜ Poisson(D[t] | t &lt; s ? e : l). The
/// term keeps a running log-sum-exp over s (a scalar carried across the outer loop), since a term cannot read the
/// transformed parameter Lp yet; Lp is computed as written per draw, and S, Stan's 1-based s, drawn from it. The
/// exponential priors' rates are Stan's data r_e = r_l = 0.5 as constants.
/// </summary>
[Model<double>]
public partial class ChangePointTerm
{
    [Data(Min = 0)] public partial ReadOnlySpan<int> D { get; }

    // Stan's r_e and r_l are data, both 0.5 in Tests/Data/stan/changepoint; a prior's argument from data is not built
    // yet (docs/terms.md, "Parameters"), so the rates are the constants.
    [Exponential(0.5)] public partial double E { get; }

    [Exponential(0.5)] public partial double L { get; }

    [Transformed, Size(nameof(D))] public partial ReadOnlySpan<double> Lp { get; }

    [Term]
    double Marginal()
    {
        // s = 1 (every count at the late rate) starts the running log-sum-exp; each later s adds its lp[s].
        double total = -Log((double)D.Length);
        for (int t = 0; t < D.Length; t++)
        {
            total += D[t] * Log(L) - L - LGamma(D[t] + 1.0);
        }

        for (int s = 1; s < D.Length; s++)
        {
            double lps = -Log((double)D.Length);
            for (int t = 0; t < D.Length; t++)
            {
                double rate = t < s ? E : L;
                lps += D[t] * Log(rate) - rate - LGamma(D[t] + 1.0);
            }

            total = LogSumExp(total, lps);
        }

        return total;
    }

    [Computes(nameof(Lp))]
    void ComputeLp(Span<double> lp)
    {
        for (int s = 0; s < D.Length; s++)
        {
            lp[s] = -Log((double)D.Length);
            for (int t = 0; t < D.Length; t++)
            {
                double rate = t < s ? E : L;
                lp[s] += D[t] * Log(rate) - rate - LGamma(D[t] + 1.0);
            }
        }
    }

    /// <summary>Stan's <c>categorical_logit_rng(lp)</c>, 1-based as Stan's s.</summary>
    [Generated]
    int S(ModelGen.Random.Rng rng) => ModelGen.Random.Sample.Categorical(ref rng, Lp) + 1;
}

/// <summary>
/// Sample 5 (hmm) with two states: words W (0-based) from a hidden chain with transition rows Theta and emission rows
/// Phi, each row a simplex with its Dirichlet prior (Phi's row k from Beta's row k, as Stan's <c>beta[k]</c>), the
/// hidden states summed out by the forward algorithm. γ_t(k) = log p(w₀…w_t, z_t = k) is carried across the trips as
/// two scalars (a tape): Stan's program for K = 2 (the data's K; the constructor's K must be 2), kept beside the
/// K-state form with a local span and a local matrix (<see cref="HiddenMarkov"/>, docs/terms.md sample 5).
/// </summary>
[Model<double>]
public partial class HiddenMarkovTwoStates
{
    [Data(Min = 2, Max = 2)] public partial int K { get; }

    [Data(Min = 1)] public partial int V { get; }

    [Data(Min = 0)] public partial ReadOnlySpan<int> W { get; }

    [Data(Min = 0)] public partial ReadOnlySpan<double> Alpha { get; }

    [Data(Min = 0)] public partial Matrix<double> Beta { get; }

    [SimplexRows, Dirichlet(nameof(Alpha)), Size(nameof(K), nameof(K))] public partial Matrix<double> Theta { get; }

    [SimplexRows, Dirichlet(nameof(Beta)), Size(nameof(K), nameof(V))] public partial Matrix<double> Phi { get; }

    [Term]
    double Forward()
    {
        double gamma0 = Log(Phi[0, W[0]]);
        double gamma1 = Log(Phi[1, W[0]]);
        for (int t = 1; t < W.Length; t++)
        {
            double next0 = LogSumExp(gamma0 + Log(Theta[0, 0]), gamma1 + Log(Theta[1, 0])) + Log(Phi[0, W[t]]);
            double next1 = LogSumExp(gamma0 + Log(Theta[0, 1]), gamma1 + Log(Theta[1, 1])) + Log(Phi[1, W[t]]);
            gamma0 = next0;
            gamma1 = next1;
        }

        return LogSumExp(gamma0, gamma1);
    }
}

/// <summary>
/// Sample 5 for any number of states K (Tests/Data/stan/hmm3, K = 3), as docs/terms.md writes it: Stan's forward
/// algorithm with γ a local matrix whose cells are each set once, and <c>acc</c> a local span written whole in each
/// (t, k) trip before <c>LogSumExp</c> reads it. Each state has its own emission prior (row k of Beta).
/// </summary>
[Model<double>]
public partial class HiddenMarkov
{
    [Data(Min = 1)] public partial int K { get; }

    [Data(Min = 1)] public partial int V { get; }

    [Data(Min = 0)] public partial ReadOnlySpan<int> W { get; }

    [Data(Min = 0)] public partial ReadOnlySpan<double> Alpha { get; }

    [Data(Min = 0)] public partial Matrix<double> Beta { get; }

    [SimplexRows, Dirichlet(nameof(Alpha)), Size(nameof(K), nameof(K))] public partial Matrix<double> Theta { get; }

    [SimplexRows, Dirichlet(nameof(Beta)), Size(nameof(K), nameof(V))] public partial Matrix<double> Phi { get; }

    [Term]
    double Forward()
    {
        LocalMatrix<double> gamma = Local.Matrix(W.Length, K);
        Span<double> acc = stackalloc double[K];
        for (int k = 0; k < K; k++)
        {
            gamma[0, k] = Log(Phi[k, W[0]]);
        }

        for (int t = 1; t < W.Length; t++)
        {
            for (int k = 0; k < K; k++)
            {
                for (int j = 0; j < K; j++)
                {
                    acc[j] = gamma[t - 1, j] + Log(Theta[j, k]) + Log(Phi[k, W[t]]);
                }

                gamma[t, k] = LogSumExp(acc);
            }
        }

        return LogSumExp(gamma.Row(W.Length - 1));
    }
}
