using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Sampling;

/// <summary>
/// Linear regression with <c>Flat</c> coefficients and intercept and a <c>HalfFlat</c> noise scale, whose posterior is
/// known in closed form, fitted by NUTS, MAP and ADVI.
/// </summary>
/// <remarks>
/// <para>
/// The closed form. With p coefficients (intercept included) in the design X (n × p, full rank), flat priors on β and
/// on σ itself give p(β, σ | y) ∝ σ⁻ⁿ exp(−RSS(β)/(2σ²)), where RSS(β) = ‖y − Xβ‖² = RSS + (β − β̂)ᵀXᵀX(β − β̂), β̂
/// the least-squares estimate and RSS = RSS(β̂).
/// </para>
/// <para>
/// β's marginal: ∫₀^∞ σ⁻ⁿ exp(−A/(2σ²)) dσ with t = A/(2σ²) (σ = √(A/2t), dσ ∝ A^½ t^−³ᐟ² dt) is
/// A^−ⁿᐟ²·A^½·∫ t^((n−3)/2) e⁻ᵗ dt ∝ A^−(n−1)/2, so p(β | y) ∝ [1 + (β − β̂)ᵀXᵀX(β − β̂)/RSS]^−(n−1)/2. A p-variate
/// Student t with ν degrees of freedom, location β̂ and scale Σ has density ∝ [1 + (β − β̂)ᵀΣ⁻¹(β − β̂)/ν]^−(ν+p)/2:
/// matching exponents, ν + p = n − 1, so ν = n − p − 1, and Σ⁻¹/ν = XᵀX/RSS, so Σ = RSS/ν · (XᵀX)⁻¹. Each coefficient
/// is then t_ν(β̂ⱼ, sⱼ) with sⱼ² = RSS/ν · [(XᵀX)⁻¹]ⱼⱼ: mean β̂ⱼ, sd sⱼ·√(ν/(ν − 2)).
/// </para>
/// <para>
/// σ's marginal: ∫ exp(−(β − β̂)ᵀXᵀX(β − β̂)/(2σ²)) dβ ∝ σᵖ, so p(σ | y) ∝ σ^−(n−p) exp(−RSS/(2σ²)), by quadrature here.
/// </para>
/// <para>
/// MAP works in the unconstrained space (u = log σ, density times the Jacobian σ): the mode has β = β̂ and maximises
/// −(n − 1) log σ − RSS/(2σ²), so σ² = RSS/(n − 1).
/// </para>
/// </remarks>
public sealed class FlatPriorTests
{
    private const int Rows = 50;
    private const int Coefficients = 4;

    [Fact]
    public void Nuts_posterior_matches_the_multivariate_t_and_the_sigma_marginal()
    {
        (double[,] x, double[] y) = Simulate(seed: 31);
        (double[] betaHat, double[,] inverse, double rss) = LeastSquares(x, y);
        int nu = Rows - Coefficients - 1;

        var model = new FlatRegressionModel(x, y);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 7 });

        // The standardised t_ν's 5, 50 and 95 % quantiles and density there, by quadrature.
        (double Q, double Density)[] t = Quadrature(v => -0.5 * (nu + 1) * Math.Log(1 + (v * v / nu)), -60, 60);

        // 5 quantities × 5 comparisons: 4 MCSE (as ConjugateNutsTests).
        var failures = new List<string>();
        for (int j = 0; j < Coefficients; j++)
        {
            double scale = Math.Sqrt(rss / nu * inverse[j, j]);
            double sd = scale * Math.Sqrt(nu / (nu - 2.0));
            int offset = j < 3 ? model.Line.Weights.Offset + j : model.Line.Bias!.Offset;
            (double Q, double Density)[] quantiles = [.. t.Select(q => (betaHat[j] + (scale * q.Q), q.Density / scale))];
            ExactCheck.Marginal(j < 3 ? $"Line.Weights[{j}]" : "Line.Bias", fit.ChainsOf(offset), betaHat[j], sd, quantiles, 4, failures);

            // And plainly: the sd within 10 %.
            double[] all = [.. fit.ChainsOf(offset).SelectMany(c => c)];
            double mean = all.Average();
            double sampleSd = Math.Sqrt(all.Sum(v => (v - mean) * (v - mean)) / (all.Length - 1));
            Assert.InRange(sampleSd / sd, 0.9, 1.1);
        }

        (double Mean, double Sd, (double Q, double Density)[] Quantiles) sigma = Moments(s => (-(Rows - Coefficients) * Math.Log(s)) - (rss / (2 * s * s)), 1e-3, 5);
        ExactCheck.Marginal("Sigma", fit.ChainsOf(model.Sigma.Block.Offset), sigma.Mean, sigma.Sd, sigma.Quantiles, 4, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(0, fit.Divergences);

        // The other side: flat on log σ instead (the Jacobian lost) would give σ^−(n−p+1), whose mean the draws reject.
        double wrong = Moments(s => (-(Rows - Coefficients + 1) * Math.Log(s)) - (rss / (2 * s * s)), 1e-3, 5).Mean;
        double[][] chains = fit.ChainsOf(model.Sigma.Block.Offset);
        double drawn = chains.SelectMany(c => c).Average();
        Assert.True(Math.Abs(drawn - wrong) > 4 * Diagnostics.Convergence.McseMean(chains), $"σ's mean {drawn:0.0000} cannot tell the exact {sigma.Mean:0.0000} from the Jacobian-less {wrong:0.0000}");
    }

    [Fact]
    public void Map_finds_least_squares_and_sigma_squared_rss_over_n_minus_one()
    {
        (double[,] x, double[] y) = Simulate(seed: 31);
        (double[] betaHat, _, double rss) = LeastSquares(x, y);
        var model = new FlatRegressionModel(x, y);

        MapResult<double> map = model.Map(new MapOptions { Seed = 2 });

        Assert.True(map.Converged, map.Message);
        double[] point = new double[FlatRegressionModel.ParameterCount];
        ((IModel<double>)model).Constrain(map.Point, point);
        for (int j = 0; j < Coefficients; j++)
        {
            int offset = j < 3 ? model.Line.Weights.Offset + j : model.Line.Bias!.Offset;
            // L-BFGS stops on Stan's relative-objective test, a little short of the exact optimum: to a thousandth
            // (the coefficients' posterior sds are about 0.1).
            Assert.Equal(betaHat[j], point[offset], 3);
        }

        Assert.Equal(Math.Sqrt(rss / (Rows - 1)), point[model.Sigma.Block.Offset], 3);
    }

    [Fact]
    public void Advi_fits_a_flat_regression_near_the_posterior_mean()
    {
        (double[,] x, double[] y) = Simulate(seed: 31);
        (double[] betaHat, double[,] inverse, double rss) = LeastSquares(x, y);
        int nu = Rows - Coefficients - 1;
        var model = new FlatRegressionModel(x, y);

        AdviFit<double> fit = model.Fit(new AdviOptions { Seed = 3 });

        var draws = fit.Sample(4000, seed: 4);
        for (int j = 0; j < Coefficients; j++)
        {
            int offset = j < 3 ? model.Line.Weights.Offset + j : model.Line.Bias!.Offset;
            double mean = Enumerable.Range(0, draws.Count).Average(d => draws[d, offset]);
            double sd = Math.Sqrt(rss / nu * inverse[j, j] * nu / (nu - 2.0));
            Assert.True(Math.Abs(mean - betaHat[j]) < 0.5 * sd, $"coefficient {j}: ADVI mean {mean:0.0000}, posterior mean {betaHat[j]:0.0000}, sd {sd:0.0000}");
        }
    }

    [Fact]
    public void SamplePrior_refuses_the_flat_priors_naming_them()
    {
        (double[,] x, double[] y) = Simulate(seed: 31);
        var model = new FlatRegressionModel(x, y);

        var error = Assert.Throws<InvalidOperationException>(() => model.SamplePrior(10, 1));

        Assert.Contains("'Sigma' (HalfFlat())", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Line.Weights' (Flat())", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Line.Bias' (Flat())", error.Message, StringComparison.Ordinal);
    }

    /// <summary>n rows of three correlated predictors; y = 1 + 0.5x₁ − 0.3x₂ + 0.8x₃ + 0.7ε.</summary>
    private static (double[,] X, double[] Y) Simulate(ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[Rows, 3];
        var y = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            double shared = rng.NextNormal();
            x[r, 0] = shared + (0.5 * rng.NextNormal());
            x[r, 1] = (0.5 * shared) + rng.NextNormal();
            x[r, 2] = rng.NextNormal();
            y[r] = 1 + (0.5 * x[r, 0]) - (0.3 * x[r, 1]) + (0.8 * x[r, 2]) + (0.7 * rng.NextNormal());
        }

        return (x, y);
    }

    /// <summary>β̂ = (XᵀX)⁻¹Xᵀy with the design [x₁, x₂, x₃, 1] (the layout's order: weights, then bias), (XᵀX)⁻¹ and RSS.</summary>
    private static (double[] BetaHat, double[,] Inverse, double Rss) LeastSquares(double[,] x, double[] y)
    {
        double Design(int r, int j) => j < 3 ? x[r, j] : 1;
        var a = new double[Coefficients, 2 * Coefficients];
        for (int i = 0; i < Coefficients; i++)
        {
            for (int j = 0; j < Coefficients; j++)
            {
                for (int r = 0; r < Rows; r++)
                {
                    a[i, j] += Design(r, i) * Design(r, j);
                }
            }

            a[i, Coefficients + i] = 1;
        }

        // Gauss–Jordan with partial pivoting on [XᵀX | I].
        for (int c = 0; c < Coefficients; c++)
        {
            int pivot = Enumerable.Range(c, Coefficients - c).MaxBy(r => Math.Abs(a[r, c]));
            for (int k = 0; k < 2 * Coefficients; k++)
            {
                (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            }

            double d = a[c, c];
            for (int k = 0; k < 2 * Coefficients; k++)
            {
                a[c, k] /= d;
            }

            for (int r = 0; r < Coefficients; r++)
            {
                if (r != c)
                {
                    double f = a[r, c];
                    for (int k = 0; k < 2 * Coefficients; k++)
                    {
                        a[r, k] -= f * a[c, k];
                    }
                }
            }
        }

        var inverse = new double[Coefficients, Coefficients];
        var xty = new double[Coefficients];
        for (int i = 0; i < Coefficients; i++)
        {
            for (int j = 0; j < Coefficients; j++)
            {
                inverse[i, j] = a[i, Coefficients + j];
            }

            for (int r = 0; r < Rows; r++)
            {
                xty[i] += Design(r, i) * y[r];
            }
        }

        var beta = new double[Coefficients];
        for (int i = 0; i < Coefficients; i++)
        {
            for (int j = 0; j < Coefficients; j++)
            {
                beta[i] += inverse[i, j] * xty[j];
            }
        }

        double rss = 0;
        for (int r = 0; r < Rows; r++)
        {
            double fitted = 0;
            for (int j = 0; j < Coefficients; j++)
            {
                fitted += Design(r, j) * beta[j];
            }

            rss += (y[r] - fitted) * (y[r] - fitted);
        }

        return (beta, inverse, rss);
    }

    /// <summary>The 5, 50 and 95 % quantiles and the density there of the density ∝ exp(logDensity) on [lower, upper].</summary>
    private static (double Q, double Density)[] Quadrature(Func<double, double> logDensity, double lower, double upper) =>
        Moments(logDensity, lower, upper).Quantiles;

    /// <summary>Mean, sd, and the 5, 50 and 95 % quantiles with the density there, of ∝ exp(logDensity) on a fine grid over [lower, upper].</summary>
    private static (double Mean, double Sd, (double Q, double Density)[] Quantiles) Moments(Func<double, double> logDensity, double lower, double upper)
    {
        const int Grid = 400_000;
        double h = (upper - lower) / Grid;
        double[] log = new double[Grid];
        for (int i = 0; i < Grid; i++)
        {
            log[i] = logDensity(lower + ((i + 0.5) * h));
        }

        double max = log.Max();
        double[] weight = [.. log.Select(l => Math.Exp(l - max))];
        double total = weight.Sum();
        double mean = 0, second = 0;
        for (int i = 0; i < Grid; i++)
        {
            double v = lower + ((i + 0.5) * h);
            mean += weight[i] / total * v;
            second += weight[i] / total * v * v;
        }

        double[] probabilities = [0.05, 0.5, 0.95];
        var quantiles = new (double Q, double Density)[3];
        double cumulative = 0;
        for (int i = 0, q = 0; i < Grid && q < 3; i++)
        {
            double w = weight[i] / total;
            cumulative += w;
            while (q < 3 && cumulative >= probabilities[q])
            {
                // Linear within the cell: the point where the cumulative mass reaches p.
                quantiles[q] = (lower + ((i + 1) * h) - ((cumulative - probabilities[q]) / w * h), w / h);
                q++;
            }
        }

        return (mean, Math.Sqrt(second - (mean * mean)), quantiles);
    }
}
