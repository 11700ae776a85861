using ModelGen.Inference;
using ModelGen.Random;

namespace ModelGen.Runtime.Tests.Inference;

/// <summary>
/// Pathfinder's Gaussian approximation against explicit dense linear algebra written here: the compact inverse-Hessian
/// form against the BFGS inverse updates applied one pair at a time, the mean against x − H∇f, and the draws' sample
/// covariance and log q against the dense Σ, in both the dense (n ≤ 2m) and the low-rank (n &gt; 2m) forms.
/// </summary>
public class PathApproximationTests
{
    [Theory]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 3)]
    [InlineData(20, 5)]
    public void Compact_form_equals_the_BFGS_updates_one_pair_at_a_time(int n, int m)
    {
        (double[] alpha, List<double[]> s, List<double[]> y) = RandomPairs(n, m, seed: (ulong)(n * 10 + m));
        double[,] h = DenseInverseHessian(alpha, s, y);
        var rng = new Rng(99);
        for (int trial = 0; trial < 5; trial++)
        {
            var v = new double[n];
            rng.FillNormal(v.AsSpan());
            double[] compact = PathApproximation.Apply(alpha, s, y, v);
            for (int i = 0; i < n; i++)
            {
                double expected = 0;
                double scale = 0;
                for (int j = 0; j < n; j++)
                {
                    expected += h[i, j] * v[j];
                    scale += Math.Abs(h[i, j] * v[j]);
                }

                Assert.True(Math.Abs(compact[i] - expected) <= 1e-10 * Math.Max(scale, 1), $"(Hv)[{i}] = {compact[i]}, explicit {expected}");
            }
        }
    }

    [Theory]
    [InlineData(4, 2)]   // dense: n ≤ 2m
    [InlineData(6, 3)]   // dense, n = 2m
    [InlineData(12, 3)]  // low rank
    [InlineData(30, 5)]  // low rank
    public void Mean_draws_and_log_q_match_the_dense_Gaussian(int n, int m)
    {
        (double[] alpha, List<double[]> s, List<double[]> y) = RandomPairs(n, m, seed: (ulong)(n + (100 * m)));
        var rng = new Rng(5);
        var x = new double[n];
        var g = new double[n];
        rng.FillNormal(x.AsSpan());
        rng.FillNormal(g.AsSpan());
        PathApproximation q = PathApproximation.Build(x, g, alpha, s, y) ?? throw new InvalidOperationException("not positive definite");
        Assert.Equal(n <= 2 * m, q.IsDense);

        double[,] sigma = DenseInverseHessian(alpha, s, y);
        for (int i = 0; i < n; i++)
        {
            double expected = x[i];
            for (int j = 0; j < n; j++)
            {
                expected -= sigma[i, j] * g[j];
            }

            Assert.True(Math.Abs(q.Mean[i] - expected) <= 1e-9 * (1 + Math.Abs(expected)), $"μ[{i}] = {q.Mean[i]}, expected {expected}");
        }

        // log det Σ by a Cholesky factor of the dense matrix written here.
        double[,] l = Cholesky(sigma);
        double logDet = 0;
        for (int i = 0; i < n; i++)
        {
            logDet += 2 * Math.Log(l[i, i]);
        }

        Assert.True(Math.Abs(q.LogDeterminant - logDet) <= 1e-8 * (1 + Math.Abs(logDet)), $"log det {q.LogDeterminant}, dense {logDet}");

        // log q(θ) at each draw equals the dense Gaussian's density there.
        var u = new double[n];
        var theta = new double[n];
        const int draws = 40_000;
        var sum = new double[n];
        var cross = new double[n, n];
        for (int d = 0; d < draws; d++)
        {
            double logQ = q.Draw(ref rng, u, theta);
            double expected = DenseLogDensity(theta, q.Mean, l);
            Assert.True(Math.Abs(logQ - expected) <= 1e-8 * (1 + Math.Abs(expected)), $"log q {logQ}, dense {expected}");
            for (int i = 0; i < n; i++)
            {
                double di = theta[i] - q.Mean[i];
                sum[i] += di;
                for (int j = 0; j <= i; j++)
                {
                    cross[i, j] += di * (theta[j] - q.Mean[j]);
                }
            }
        }

        // Sample covariance against Σ: each entry's sd is √((Σᵢᵢ Σⱼⱼ + Σᵢⱼ²)/draws); 5 sds over ≤ 465 entries.
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double estimate = cross[i, j] / draws;
                double sd = Math.Sqrt(((sigma[i, i] * sigma[j, j]) + (sigma[i, j] * sigma[i, j])) / draws);
                Assert.True(Math.Abs(estimate - sigma[i, j]) <= 5 * sd, $"cov[{i},{j}] = {estimate}, Σ = {sigma[i, j]} (sd {sd})");
            }
        }
    }

    [Fact]
    public void Without_pairs_the_approximation_is_the_diagonal_step()
    {
        double[] alpha = [0.5, 2, 1];
        double[] x = [1, 2, 3];
        double[] g = [1, -1, 0.5];
        PathApproximation q = PathApproximation.Build(x, g, alpha, [], [])!;
        Assert.Equal([0.5, 4, 2.5], q.Mean);
        Assert.Equal(Math.Log(0.5 * 2 * 1), q.LogDeterminant, 12);
    }

    /// <summary>Random pairs with sᵀy &gt; 0 (y = A s for a random SPD A, plus a little noise) and a positive diagonal.</summary>
    private static (double[] Alpha, List<double[]> S, List<double[]> Y) RandomPairs(int n, int m, ulong seed)
    {
        var rng = new Rng(seed);
        var b = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                b[i, j] = rng.NextNormal();
            }
        }

        var alpha = new double[n];
        for (int i = 0; i < n; i++)
        {
            alpha[i] = 0.2 + rng.NextDouble();
        }

        var s = new List<double[]>();
        var y = new List<double[]>();
        while (s.Count < m)
        {
            var si = new double[n];
            rng.FillNormal(si.AsSpan());
            var yi = new double[n];
            for (int i = 0; i < n; i++)
            {
                // y = (BᵀB/n + I) s: curvature of a convex quadratic.
                double v = si[i];
                for (int k = 0; k < n; k++)
                {
                    double bk = 0;
                    for (int j = 0; j < n; j++)
                    {
                        bk += b[k, j] * si[j];
                    }

                    v += b[k, i] * bk / n;
                }

                yi[i] = v;
            }

            s.Add(si);
            y.Add(yi);
        }

        return (alpha, s, y);
    }

    /// <summary>H₀ = diag(α), then H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ for each pair, oldest first.</summary>
    private static double[,] DenseInverseHessian(double[] alpha, List<double[]> s, List<double[]> y)
    {
        int n = alpha.Length;
        var h = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            h[i, i] = alpha[i];
        }

        for (int p = 0; p < s.Count; p++)
        {
            double rho = 0;
            for (int i = 0; i < n; i++)
            {
                rho += s[p][i] * y[p][i];
            }

            rho = 1 / rho;
            var left = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    left[i, j] = (i == j ? 1 : 0) - (rho * s[p][i] * y[p][j]);
                }
            }

            var next = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double v = 0;
                    for (int a = 0; a < n; a++)
                    {
                        for (int c = 0; c < n; c++)
                        {
                            v += left[i, a] * h[a, c] * left[j, c];
                        }
                    }

                    next[i, j] = v + (rho * s[p][i] * s[p][j]);
                }
            }

            h = next;
        }

        return h;
    }

    private static double[,] Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double d = a[j, j];
            for (int k = 0; k < j; k++)
            {
                d -= l[j, k] * l[j, k];
            }

            l[j, j] = Math.Sqrt(d);
            for (int i = j + 1; i < n; i++)
            {
                double v = a[i, j];
                for (int k = 0; k < j; k++)
                {
                    v -= l[i, k] * l[j, k];
                }

                l[i, j] = v / l[j, j];
            }
        }

        return l;
    }

    /// <summary>log N(θ; μ, LLᵀ) by forward substitution.</summary>
    private static double DenseLogDensity(double[] theta, double[] mean, double[,] l)
    {
        int n = theta.Length;
        var z = new double[n];
        double logDet = 0;
        for (int i = 0; i < n; i++)
        {
            double v = theta[i] - mean[i];
            for (int k = 0; k < i; k++)
            {
                v -= l[i, k] * z[k];
            }

            z[i] = v / l[i, i];
            logDet += Math.Log(l[i, i]);
        }

        double zz = z.Sum(v => v * v);
        return (-0.5 * zz) - logDet - (0.5 * n * Math.Log(2 * Math.PI));
    }
}
