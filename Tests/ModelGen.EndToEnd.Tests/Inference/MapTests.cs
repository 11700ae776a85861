using ModelGen.Inference;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>MAP by L-BFGS: exact optima of known densities, Stan's stopping tests, and clear errors.</summary>
public sealed class MapTests(ITestOutputHelper output)
{
    /// <summary>
    /// The posterior of a Gaussian linear regression is Gaussian, so its mode is the posterior mean Λ⁻¹Xᵀy/σ². L-BFGS on
    /// a 3-dimensional quadratic converges to rounding error; the tolerance allows the relative-gradient stop
    /// (gᵀH⁻¹g ≲ 1e7·ε·|log p|, i.e. a distance of about √(2·1e7·ε·|log p|) ≈ 1e-3 in the Λ-norm at |log p| ≈ 60; in
    /// coordinates that is at most 1e-3 posterior sds, well under 1e-3·sd).
    /// </summary>
    [Fact]
    public void Finds_the_mode_of_a_gaussian_log_density()
    {
        var regression = new Regression(rows: 40, designCorrelation: 0.9, beta: [1.5, -0.8, 0.3], sigma: 1.0, tau: 3.0, seed: 11);
        double[] exact = regression.PosteriorMean();
        double[,] covariance = regression.PosteriorCovariance();
        FunctionDensity density = regression.Density();
        MapResult<double> result = Map.Optimize<FunctionDensity, double>(ref density, new MapOptions { Seed = 3 });
        output.WriteLine($"{result.StopReason} after {result.Iterations} iterations, {result.Evaluations} evaluations; |g| = {result.GradientNorm:G3}");
        Assert.True(result.Converged, result.Message);
        for (int i = 0; i < 3; i++)
        {
            output.WriteLine($"β{i}: {result.Point[i]:F8} vs {exact[i]:F8}");
            Assert.True(Math.Abs(result.Point[i] - exact[i]) < 1e-3 * Math.Sqrt(covariance[i, i]), $"β{i}: {result.Point[i]} vs exact {exact[i]}");
        }

        Span<double> scratch = stackalloc double[3];
        Assert.Equal(density.LogDensity(exact), result.LogDensity, 8);
        Assert.True(result.LogDensity >= density.LogDensityGradient(exact, scratch) - 1e-9);
    }

    /// <summary>
    /// The same through a generated model's own density (the test project's <c>LinearRegression</c>, σ = 0.7, τ = 3),
    /// from Stan's default random start: the mode is the exact posterior mean, to the same tolerance.
    /// </summary>
    [Fact]
    public void Finds_the_posterior_mean_of_a_generated_gaussian_model()
    {
        var regression = new Regression(rows: 40, designCorrelation: 0.9, beta: [1.5, -0.8, 0.3], sigma: 0.7, tau: 3.0, seed: 12);
        double[] exact = regression.PosteriorMean();
        double[,] covariance = regression.PosteriorCovariance();
        var model = new Models.LinearRegression(regression.Predictors, regression.Outcomes);
        var density = new FunctionDensity(Models.LinearRegression.ParameterCount, model.LogDensityGradient);
        MapResult<double> result = Map.Optimize<FunctionDensity, double>(ref density, new MapOptions { Seed = 5 });
        output.WriteLine(result.Message);
        Assert.True(result.Converged, result.Message);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(result.Point[i] - exact[i]) < 1e-3 * Math.Sqrt(covariance[i, i]), $"β{i}: {result.Point[i]} vs exact {exact[i]}");
        }
    }

    /// <summary>
    /// Rosenbrock's banana, log p = −(1 − x)² − 100 (y − x²)², from the classic start (−1.2, 1): the mode is exactly
    /// (1, 1) with log p = 0. Near the mode log p ≈ −½ δᵀHδ with H's smaller eigenvalue ≈ 0.8, so Stan's relative
    /// tolerances (on an objective near 0, relative to max(|log p|, ε)) stop far inside 1e-6 of the mode.
    /// </summary>
    [Fact]
    public void Finds_the_mode_of_the_rosenbrock_banana()
    {
        var density = new FunctionDensity(2, static (theta, gradient) =>
        {
            double a = 1 - theta[0];
            double b = theta[1] - (theta[0] * theta[0]);
            gradient[0] = (2 * a) + (400 * b * theta[0]);
            gradient[1] = -200 * b;
            return -(a * a) - (100 * b * b);
        });
        MapResult<double> result = Map.Optimize<FunctionDensity, double>(ref density, new MapOptions { InitialPoint = new double[] { -1.2, 1 } });
        output.WriteLine($"{result.StopReason} after {result.Iterations} iterations, {result.Evaluations} evaluations: ({result.Point[0]:F10}, {result.Point[1]:F10}), log p {result.LogDensity:G3}");
        Assert.True(result.Converged, result.Message);
        Assert.True(Math.Abs(result.Point[0] - 1) < 1e-6 && Math.Abs(result.Point[1] - 1) < 1e-6, $"({result.Point[0]}, {result.Point[1]})");
        Assert.True(result.LogDensity > -1e-10);
        Assert.True(result.Iterations is > 10 and < 200, $"{result.Iterations} iterations");
    }

    [Theory]
    [InlineData(-1.0, "NaN")]
    [InlineData(0.0, "-∞")]
    public void A_start_where_the_density_is_not_finite_is_a_clear_error(double start, string shown)
    {
        // log p = log θ₀ − θ₀ (a Gamma(2, 1) kernel on the raw scale): NaN for θ₀ < 0, −∞ at 0.
        var density = new FunctionDensity(1, static (theta, gradient) =>
        {
            gradient[0] = (1 / theta[0]) - 1;
            return Math.Log(theta[0]) - theta[0];
        });
        var error = Assert.Throws<InvalidOperationException>(() => Map.Optimize<FunctionDensity, double>(ref density, new MapOptions { InitialPoint = new[] { start } }));
        output.WriteLine(error.Message);
        Assert.Contains("MAP cannot start", error.Message, StringComparison.Ordinal);
        Assert.Contains(shown == "NaN" ? "NaN" : "log p is -", error.Message.Replace("−", "-", StringComparison.Ordinal), StringComparison.Ordinal);

        // From inside the support the same density has its mode at θ₀ = 1, where −(log p)'' = 1/θ₀² = 1 and |log p| = 1.
        // Stan's relative-gradient stop gᵀH⁻¹g/|log p| < 1e7·ε allows |θ₀ − 1| up to about √(2·1e7·ε) ≈ 7e-5.
        MapResult<double> result = Map.Optimize<FunctionDensity, double>(ref density, new MapOptions { InitialPoint = new[] { 3.0 } });
        Assert.True(result.Converged, result.Message);
        Assert.True(Math.Abs(result.Point[0] - 1) < 1e-4, $"mode {result.Point[0]}");
    }

    [Fact]
    public void A_wrong_length_start_is_an_argument_error()
    {
        var density = new FunctionDensity(2, static (theta, gradient) =>
        {
            gradient[0] = -theta[0];
            gradient[1] = -theta[1];
            return -0.5 * ((theta[0] * theta[0]) + (theta[1] * theta[1]));
        });
        var error = Assert.Throws<ArgumentException>(() => Map.Optimize<FunctionDensity, double>(ref density, new MapOptions { InitialPoint = new double[] { 1, 2, 3 } }));
        Assert.Contains("has 3 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_iteration_cap_is_honoured_and_reported()
    {
        var density = new FunctionDensity(2, static (theta, gradient) =>
        {
            double a = 1 - theta[0];
            double b = theta[1] - (theta[0] * theta[0]);
            gradient[0] = (2 * a) + (400 * b * theta[0]);
            gradient[1] = -200 * b;
            return -(a * a) - (100 * b * b);
        });
        MapResult<double> result = Map.Optimize<FunctionDensity, double>(ref density, new MapOptions { InitialPoint = new double[] { -1.2, 1 }, MaxIterations = 3 });
        Assert.Equal(MapStopReason.IterationLimit, result.StopReason);
        Assert.Equal(3, result.Iterations);
        Assert.False(result.Converged);
    }
}
