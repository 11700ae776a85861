using ModelGen.Inference;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>
/// Pathfinder on hand-written targets whose answer is known exactly: correlated Gaussians (the approximation family
/// contains the target, so the draws must match its mean and covariance), and a two-mode mixture that one path cannot
/// cover and several paths can.
/// </summary>
public sealed class PathfinderTests
{
    [Fact]
    public void Correlated_2D_Gaussian_is_recovered_with_its_correlation()
    {
        // Means (1, −2), sds (1, 3), correlation 0.95, normalised: the ELBO of the exact approximation is 0.
        const double m0 = CorrelatedGaussian.Mean0, m1 = CorrelatedGaussian.Mean1, s0 = CorrelatedGaussian.Sd0, s1 = CorrelatedGaussian.Sd1;
        FunctionDensity density = CorrelatedGaussian.Density();

        PathfinderFit<double> fit = Pathfinder.Fit<FunctionDensity, double>(ref density, new FlatModel("Correlated", 2), new PathfinderOptions { Seed = 3 });
        Assert.Equal(1_000, fit.Draws.Count);
        Assert.All(fit.Paths, p => Assert.True(p.Succeeded, p.Message));

        // 1,000 resampled draws of 4,000: with weights near 1 the draws are nearly independent; 5 standard errors.
        (double mean0, double sd0) = Moments(fit, 0);
        (double mean1, double sd1) = Moments(fit, 1);
        Assert.True(Math.Abs(mean0 - m0) <= 5 * s0 / Math.Sqrt(1_000), $"mean 0 {mean0}");
        Assert.True(Math.Abs(mean1 - m1) <= 5 * s1 / Math.Sqrt(1_000), $"mean 1 {mean1}");
        Assert.InRange(sd0 / s0, 0.9, 1.1);
        Assert.InRange(sd1 / s1, 0.9, 1.1);
        double correlation = Enumerable.Range(0, fit.Draws.Count).Average(d => (fit.Draws[d, 0] - mean0) * (fit.Draws[d, 1] - mean1)) / (sd0 * sd1);
        Assert.InRange(correlation, 0.93, 0.97);

        // The best approximation is (nearly) the target: ELBO ≈ log Z = 0, and the importance weights are flat.
        Assert.All(fit.Paths, p => Assert.InRange(p.BestElbo, -0.05, 0.01));
        Assert.True(fit.ParetoK.K < 0.5, fit.Message);
        Assert.True(fit.GradientEvaluations < 400, $"{fit.GradientEvaluations} gradients");
    }

    [Fact]
    public void A_20_dimensional_Gaussian_with_uneven_scales_in_the_low_rank_form()
    {
        // Independent coordinates with sds 0.5 … 2 (a 16-fold range of curvatures) and means i/10: n = 20 > 2m = 10,
        // so the approximations are diag(α) plus a rank-10 correction; the diagonal update must learn the scales.
        const int n = 20;
        var density = new FunctionDensity(n, static (theta, gradient) =>
        {
            double lp = 0;
            for (int i = 0; i < theta.Length; i++)
            {
                double sd = Scale(i);
                double z = (theta[i] - (i / 10.0)) / sd;
                lp -= (0.5 * z * z) + Math.Log(sd);
                gradient[i] = -z / sd;
            }

            return lp - (0.5 * theta.Length * Math.Log(2 * Math.PI));
        });

        PathfinderFit<double> fit = Pathfinder.Fit<FunctionDensity, double>(ref density, new FlatModel("Scales", n), new PathfinderOptions { Seed = 8 });
        var failures = new List<string>();
        for (int i = 0; i < n; i++)
        {
            (double mean, double sd) = Moments(fit, i);
            if (Math.Abs(mean - (i / 10.0)) > 0.25 * Scale(i) || sd / Scale(i) is < 0.75 or > 1.25)
            {
                failures.Add($"θ[{i}]: mean {mean:0.000} (exact {i / 10.0}), sd {sd:0.000} (exact {Scale(i):0.000})");
            }
        }

        Assert.True(failures.Count == 0, fit.Message + Environment.NewLine + string.Join(Environment.NewLine, fit.Paths.Select(p => $"{p.Message} {p.StopReason} grads {p.GradientEvaluations} elbo " + string.Join(" ", p.Elbo.Select(e => e.ToString("0.0"))))) + Environment.NewLine + string.Join(Environment.NewLine, failures));

        static double Scale(int i) => Math.Pow(2, -1 + (2.0 * i / (n - 1)));
    }

    [Fact]
    public void Several_paths_find_both_modes_that_one_path_misses()
    {
        // ½ N((−4, 0), I) + ½ N((4, 0), I): a path from a random start in (−2, 2)² climbs to one mode.
        var density = new FunctionDensity(2, static (theta, gradient) =>
        {
            double la = -0.5 * (((theta[0] + 4) * (theta[0] + 4)) + (theta[1] * theta[1]));
            double lb = -0.5 * (((theta[0] - 4) * (theta[0] - 4)) + (theta[1] * theta[1]));
            double max = Math.Max(la, lb);
            double wa = Math.Exp(la - max);
            double wb = Math.Exp(lb - max);
            double total = wa + wb;
            gradient[0] = ((wa * -(theta[0] + 4)) + (wb * -(theta[0] - 4))) / total;
            gradient[1] = -theta[1];
            return max + Math.Log(total) + Math.Log(0.5) - Math.Log(2 * Math.PI);
        });

        PathfinderFit<double> single = Pathfinder.Fit<FunctionDensity, double>(ref density, new FlatModel("Bimodal", 2), new PathfinderOptions { Seed = 2, Paths = 1 });
        double singleRight = Enumerable.Range(0, single.Draws.Count).Count(d => single.Draws[d, 0] > 0) / (double)single.Draws.Count;
        Assert.True(singleRight is 0 or 1, $"one path's draws cover both modes ({singleRight:P0} right): not a test of multi-path");

        PathfinderFit<double> multi = Pathfinder.Fit<FunctionDensity, double>(ref density, new FlatModel("Bimodal", 2), new PathfinderOptions { Seed = 2, Paths = 8 });
        double right = Enumerable.Range(0, multi.Draws.Count).Count(d => multi.Draws[d, 0] > 0) / (double)multi.Draws.Count;
        Assert.InRange(right, 0.2, 0.8);

        // Each mode's draws are that mode's unit Gaussian.
        double[] rightX = Enumerable.Range(0, multi.Draws.Count).Where(d => multi.Draws[d, 0] > 0).Select(d => multi.Draws[d, 0]).ToArray();
        Assert.InRange(rightX.Average(), 3.8, 4.2);
        Assert.Equal(8, multi.Paths.Count(p => p.Succeeded));
    }

    [Fact]
    public void Same_seed_same_draws_and_bad_options_are_named()
    {
        var density = new FunctionDensity(3, static (theta, gradient) =>
        {
            for (int i = 0; i < 3; i++)
            {
                gradient[i] = -theta[i] * (i + 1);
            }

            return -0.5 * ((theta[0] * theta[0]) + (2 * theta[1] * theta[1]) + (3 * theta[2] * theta[2]));
        });
        var options = new PathfinderOptions { Seed = 4, DrawsPerPath = 200, Draws = 300 };
        PathfinderFit<double> a = Pathfinder.Fit<FunctionDensity, double>(ref density, new FlatModel("Three", 3), options);
        PathfinderFit<double> b = Pathfinder.Fit<FunctionDensity, double>(ref density, new FlatModel("Three", 3), options);
        Assert.Equal(a.Draws.Values.ToArray(), b.Draws.Values.ToArray());
        Assert.Equal(300, a.Draws.Count);
        Assert.Equal(4, a.InitialPoints(4).Count);
        Assert.Equal(3, a.InitialPoints(4)[0].Length);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Pathfinder.Fit<FunctionDensity, double>(ref density, new FlatModel("Three", 3), new PathfinderOptions { Paths = 0 }));
        Assert.Equal("Paths", e.ParamName);
        var wrong = Assert.Throws<ArgumentException>(() => Pathfinder.Fit<FunctionDensity, double>(ref density, new FlatModel("Three", 3), new PathfinderOptions { InitialPoint = new double[2] }));
        Assert.Contains("InitialPoint has 2 values", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_density_that_is_not_finite_anywhere_fails_with_each_paths_reason()
    {
        var density = new FunctionDensity(2, static (theta, gradient) =>
        {
            gradient[0] = double.NaN;
            gradient[1] = double.NaN;
            return double.NaN;
        });
        var e = Assert.Throws<InvalidOperationException>(() => Pathfinder.Fit<FunctionDensity, double>(ref density, new FlatModel("Nan", 2), new PathfinderOptions { Seed = 1, Paths = 2 }));
        Assert.Contains("Path 1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("Path 2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot start", e.Message, StringComparison.Ordinal);
    }

    private static (double Mean, double Sd) Moments(PathfinderFit<double> fit, int parameter)
    {
        double[] values = Enumerable.Range(0, fit.Draws.Count).Select(d => fit.Draws[d, parameter]).ToArray();
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return (mean, sd);
    }
}
