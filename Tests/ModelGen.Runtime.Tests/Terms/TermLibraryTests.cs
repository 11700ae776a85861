using ModelGen.Distributions;
using ModelGen.Random;
using ModelGen.Terms;
using Math = System.Math;

namespace ModelGen.Runtime.Tests.Terms;

/// <summary>
/// The library the C# terms of issue 18 call, each operation against a closed form written here and its reverse pass
/// against central differences; and the Gaussian-process marginal likelihood (covariance, jitter, Cholesky,
/// multivariate normal) differentiated end to end through the chain of reverse passes.
/// </summary>
public sealed class TermLibraryTests
{
    [Fact]
    public void Cholesky_of_a_two_by_two_is_the_closed_form_and_refuses_an_indefinite_matrix()
    {
        double a = 4, b = 1.2, c = 3;
        var l = new double[4];
        Assert.True(LinearAlgebra.CholeskyDecompose<double>([a, b, b, c], l));
        Assert.Equal(Math.Sqrt(a), l[0], 14);
        Assert.Equal(0.0, l[1]);
        Assert.Equal(b / Math.Sqrt(a), l[2], 14);
        Assert.Equal(Math.Sqrt(c - (b * b / a)), l[3], 14);
        Assert.False(LinearAlgebra.CholeskyDecompose<double>([1, 2, 2, 1], l));
        Assert.All(l, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Cholesky_factor_times_its_transpose_is_the_matrix_and_its_reverse_matches_differences()
    {
        const int N = 5;
        double[] a = RandomSpd(N, seed: 3);
        var l = new double[N * N];
        Assert.True(LinearAlgebra.CholeskyDecompose<double>(a, l));
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double product = 0;
                for (int k = 0; k < N; k++)
                {
                    product += l[(i * N) + k] * l[(j * N) + k];
                }

                Assert.Equal(a[(i * N) + j], product, 12);
            }
        }

        double[] weights = RandomVector(N * N, seed: 4);
        double Objective(double[] at)
        {
            var factor = new double[N * N];
            Assert.True(LinearAlgebra.CholeskyDecompose<double>(at, factor));
            return Dot(weights, factor);
        }

        double[] lBar = (double[])weights.Clone();
        var aBar = new double[N * N];
        LinearAlgebra.CholeskyDecomposeReverse<double>(l, lBar, aBar);
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                // The decomposition reads the lower triangle only, so only there does A have an adjoint.
                double expected = j <= i ? Difference(Objective, a, (i * N) + j) : 0;
                Assert.True(Math.Abs(aBar[(i * N) + j] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"Ā[{i}, {j}] = {aBar[(i * N) + j]}, differences {expected}");
            }
        }
    }

    [Fact]
    public void Triangular_solves_and_the_reverse_of_the_lower_solve()
    {
        // [[2, 0], [1, 4]] x = [2, 9]: x = [1, 2]; its transpose [[2, 1], [0, 4]] x = [4, 8]: x = [1, 2].
        var x = new double[2];
        LinearAlgebra.SolveLower<double>([2, 0, 1, 4], [2, 9], x);
        Assert.Equal([1.0, 2.0], x);
        LinearAlgebra.SolveLowerTransposed<double>([2, 0, 1, 4], [4, 8], x);
        Assert.Equal([1.0, 2.0], x);

        const int N = 4;
        var l = new double[N * N];
        LinearAlgebra.CholeskyDecompose<double>(RandomSpd(N, seed: 8), l);
        double[] b = RandomVector(N, seed: 9), weights = RandomVector(N, seed: 10);
        var solution = new double[N];
        LinearAlgebra.SolveLower<double>(l, b, solution);
        var bBar = new double[N];
        var lBar = new double[N * N];
        LinearAlgebra.SolveLowerReverse<double>(l, solution, weights, bBar, lBar);
        double ByB(double[] at)
        {
            var s = new double[N];
            LinearAlgebra.SolveLower<double>(l, at, s);
            return Dot(weights, s);
        }

        double ByL(double[] at)
        {
            var s = new double[N];
            LinearAlgebra.SolveLower<double>(at, b, s);
            return Dot(weights, s);
        }

        for (int i = 0; i < N; i++)
        {
            Assert.Equal(Difference(ByB, b, i), bBar[i], 7);
            for (int k = 0; k <= i; k++)
            {
                Assert.Equal(Difference(ByL, l, (i * N) + k), lBar[(i * N) + k], 6);
            }
        }
    }

    [Fact]
    public void Multi_normal_cholesky_is_the_bivariate_normal_and_its_gradients_match_differences()
    {
        // Σ = L Lᵀ with L = [[1.5, 0], [0.6, 0.8]]: the bivariate normal's density written out with Σ⁻¹ by hand.
        double[] l = [1.5, 0, 0.6, 0.8], y = [0.7, -1.1], mu = [0.2, 0.3];
        double s11 = 1.5 * 1.5, s12 = 1.5 * 0.6, s22 = (0.6 * 0.6) + (0.8 * 0.8);
        double det = (s11 * s22) - (s12 * s12);
        double r1 = y[0] - mu[0], r2 = y[1] - mu[1];
        double quadratic = ((s22 * r1 * r1) - (2 * s12 * r1 * r2) + (s11 * r2 * r2)) / det;
        double expected = -Math.Log(2 * Math.PI) - (0.5 * Math.Log(det)) - (0.5 * quadratic);
        var scratch = new double[4];
        Assert.Equal(expected, MultiNormalCholesky.LogDensity<double>(y, mu, l, scratch, default, default, default), 13);

        const int N = 4;
        var factor = new double[N * N];
        LinearAlgebra.CholeskyDecompose<double>(RandomSpd(N, seed: 12), factor);
        double[] yy = RandomVector(N, seed: 13), mm = RandomVector(N, seed: 14);
        var yBar = new double[N];
        var muBar = new double[N];
        var lBar = new double[N * N];
        var work = new double[2 * N];
        MultiNormalCholesky.LogDensity<double>(yy, mm, factor, work, yBar, muBar, lBar);
        double At(double[] yv, double[] mv, double[] lv) => MultiNormalCholesky.LogDensity<double>(yv, mv, lv, new double[2 * N], default, default, default);
        for (int i = 0; i < N; i++)
        {
            Assert.Equal(Difference(v => At(v, mm, factor), yy, i), yBar[i], 6);
            Assert.Equal(Difference(v => At(yy, v, factor), mm, i), muBar[i], 6);
            for (int k = 0; k <= i; k++)
            {
                Assert.Equal(Difference(v => At(yy, mm, v), factor, (i * N) + k), lBar[(i * N) + k], 6);
            }
        }
    }

    [Fact]
    public void Log_sum_exp_and_log_mix_are_stable_and_their_gradients_match_differences()
    {
        Assert.Equal(Math.Log(Math.Exp(0.5) + Math.Exp(-1) + Math.Exp(2)), Reductions.LogSumExp<double>([0.5, -1, 2]), 14);
        Assert.Equal(1000 + Math.Log(2), Reductions.LogSumExp<double>([1000, 1000]), 12);
        Assert.Equal(double.NegativeInfinity, Reductions.LogSumExp<double>([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(double.NegativeInfinity, Reductions.LogSumExp<double>([]));

        double[] v = [0.3, -2.0, 1.4, 0.9];
        double y = Reductions.LogSumExp<double>(v);
        var vBar = new double[4];
        Reductions.LogSumExpReverse<double>(v, y, 2.5, vBar);
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(2.5 * Difference(x => Reductions.LogSumExp<double>(x), v, k), vBar[k], 7);
        }

        // log_mix(θ, a, b) = log(θ e^a + (1 − θ) e^b), also where e^a and e^b overflow (the terms' function; its
        // derivatives are the generator's, checked against central differences in TermLoopTests).
        Assert.Equal(Math.Log((0.3 * Math.Exp(-1.2)) + (0.7 * Math.Exp(0.4))), ModelGen.Terms.Math.LogMix(0.3, -1.2, 0.4), 14);
        Assert.Equal(800 + Math.Log((0.3 * Math.Exp(-1)) + 0.7), ModelGen.Terms.Math.LogMix(0.3, 799.0, 800.0), 12);
    }

    [Fact]
    public void Gaussian_process_marginal_likelihood_differentiates_end_to_end()
    {
        // Stan's GP regression: K = gp_exp_quad_cov(x, α, ρ) + σ² I, L = chol(K), y ~ multi_normal_cholesky(0, L).
        double[] x = [-2.0, -1.1, -0.3, 0.4, 1.3, 2.2], y = [0.5, 0.1, -0.4, -0.2, 0.6, 1.0];
        const int N = 6;

        double Marginal(double alpha, double rho, double sigma, out double alphaBar, out double rhoBar, out double sigmaBar)
        {
            var k = new double[N * N];
            Covariance.ExpQuadratic<double>(x, alpha, rho, k);
            for (int n = 0; n < N; n++)
            {
                k[(n * N) + n] += sigma * sigma;
            }

            var l = new double[N * N];
            Assert.True(LinearAlgebra.CholeskyDecompose<double>(k, l));
            var lBar = new double[N * N];
            var yBar = new double[N];
            var zero = new double[N];
            double value = MultiNormalCholesky.LogDensity<double>(y, zero, l, new double[2 * N], yBar, default, lBar);

            var kBar = new double[N * N];
            LinearAlgebra.CholeskyDecomposeReverse<double>(l, lBar, kBar);
            sigmaBar = 0;
            for (int n = 0; n < N; n++)
            {
                sigmaBar += kBar[(n * N) + n] * 2 * sigma;
            }

            alphaBar = 0;
            rhoBar = 0;
            Covariance.ExpQuadraticReverse<double>(x, alpha, rho, kBar, ref alphaBar, ref rhoBar);
            return value;
        }

        // Check against the closed form of one entry and against differences in α, ρ and σ.
        var kernel = new double[N * N];
        Covariance.ExpQuadratic<double>(x, 1.3, 0.8, kernel);
        Assert.Equal(1.69 * Math.Exp(-((-2.0 - 0.4) * (-2.0 - 0.4)) / (2 * 0.64)), kernel[(0 * N) + 3], 14);
        Assert.Equal(kernel[(0 * N) + 3], kernel[(3 * N) + 0]);

        Marginal(1.3, 0.8, 0.3, out double ab, out double rb, out double sb);
        const double H = 1e-6;
        Assert.Equal((Marginal(1.3 + H, 0.8, 0.3, out _, out _, out _) - Marginal(1.3 - H, 0.8, 0.3, out _, out _, out _)) / (2 * H), ab, 6);
        Assert.Equal((Marginal(1.3, 0.8 + H, 0.3, out _, out _, out _) - Marginal(1.3, 0.8 - H, 0.3, out _, out _, out _)) / (2 * H), rb, 6);
        Assert.Equal((Marginal(1.3, 0.8, 0.3 + H, out _, out _, out _) - Marginal(1.3, 0.8, 0.3 - H, out _, out _, out _)) / (2 * H), sb, 6);
    }

    private static double[] RandomSpd(int n, ulong seed)
    {
        // B Bᵀ + n I, symmetric and well conditioned.
        double[] b = RandomVector(n * n, seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++)
                {
                    s += b[(i * n) + k] * b[(j * n) + k];
                }

                a[(i * n) + j] = s;
            }
        }

        return a;
    }

    private static double[] RandomVector(int n, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextNormal()).ToArray();
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    private static double Difference(Func<double[], double> f, double[] at, int index)
    {
        double h = 1e-6 * Math.Max(1, Math.Abs(at[index]));
        double[] plus = (double[])at.Clone(), minus = (double[])at.Clone();
        plus[index] += h;
        minus[index] -= h;
        return (f(plus) - f(minus)) / (2 * h);
    }
}
