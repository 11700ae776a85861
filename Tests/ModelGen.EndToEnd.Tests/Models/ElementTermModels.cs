using static ModelGen.Terms.Math;

namespace ModelGen.EndToEnd.Tests.Models;

// [Term] methods with local spans and local-matrix elements set by '=' in loops and read later (docs/terms.md, "Local
// spans and elements"): sample 5's forward algorithm in float beside StanTermModels.cs's HiddenMarkov, and the forms
// the K-state forward algorithm does not use (HiddenMarkovKStateTests).

/// <summary><see cref="HiddenMarkov"/> in float, against the double model.</summary>
[Model<float>]
public partial class HiddenMarkovF
{
    [Data(Min = 1)] public partial int K { get; }

    [Data(Min = 1)] public partial int V { get; }

    [Data(Min = 0)] public partial ReadOnlySpan<int> W { get; }

    [Data(Min = 0)] public partial ReadOnlySpan<float> Alpha { get; }

    [Data(Min = 0)] public partial Matrix<float> Beta { get; }

    [SimplexRows, Dirichlet(nameof(Alpha)), Size(nameof(K), nameof(K))] public partial Matrix<float> Theta { get; }

    [SimplexRows, Dirichlet(nameof(Beta)), Size(nameof(K), nameof(V))] public partial Matrix<float> Phi { get; }

    [Term]
    float Forward()
    {
        LocalMatrix<float> gamma = Local.Matrix<float>(W.Length, K);
        Span<float> acc = stackalloc float[K];
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

/// <summary>
/// The other forms: a real local read in the loops, a span written whole at the top level and read inside a loop and by
/// the returned value, a per-trip local, a span read after its write loop in the same trip by element and whole, a
/// matrix cell read in the trip that set it, two matrices, constant and shifted indices, and the returned value reading
/// cells directly beside a row's log-sum-exp.
/// </summary>
[Model<double>]
public partial class ElementForms
{
    [Data(Min = 1)] public partial int K { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 1), Size(nameof(K))] public partial ReadOnlySpan<double> Mu { get; }

    [LogNormal(0, 1)] public partial double Sigma { get; }

    [Term]
    double Mixture()
    {
        double scale = Log(Sigma);
        Span<double> prior = stackalloc double[K];
        for (int k = 0; k < K; k++)
        {
            double half = 0.5 * Mu[k];
            prior[k] = -half * half - scale;
        }

        LocalMatrix<double> lp = Local.Matrix(Y.Length, K);
        LocalMatrix<double> total = Local.Matrix(1, Y.Length + 1);
        Span<double> row = stackalloc double[K];
        total[0, 0] = Sigma * Sigma;
        for (int n = 0; n < Y.Length; n++)
        {
            for (int k = 0; k < K; k++)
            {
                lp[n, k] = prior[k] + Normal(Y[n], Mu[k], Sigma);
            }

            for (int k = 0; k < K; k++)
            {
                row[k] = 0.5 * lp[n, k] + 0.25 * lp[n, K - 1 - k] + scale * k;
            }

            total[0, n + 1] = LogSumExp(row) + 0.1 * Sigmoid(row[0]) * row[K - 1];
        }

        return LogSumExp(total.Row(0)) + prior[0] + 0.01 * Sigmoid(lp[Y.Length - 1, 0]) * total[0, 1];
    }
}
