using ModelGen.Inference;
using ModelGen.Optimizers;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>AdviOptions.InitialMean: honoured exactly, and refused clearly when malformed.</summary>
public sealed class InitialValuesTests
{
    private static readonly Regression Target = new(rows: 40, designCorrelation: 0.5, beta: [1.5, -0.8, 0.3], sigma: 1.0, tau: 3.0, seed: 4);

    [Theory]
    [InlineData(VariationalFamily.MeanField)]
    [InlineData(VariationalFamily.FullRank)]
    public void Zero_iterations_leave_mu_at_the_given_values(VariationalFamily family)
    {
        double[] start = [0.25, -7.5, 3e-3];
        FunctionDensity density = Target.Density();
        AdviFit<double> fit = Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Family = family, Iterations = 0, Seed = 1, InitialMean = start });
        Assert.Equal(0, fit.Iterations);
        Assert.Equal(start, fit.Mean.ToArray());
    }

    /// <summary>
    /// One plain gradient step (Sgd, rate η, one draw) from the given μ moves μ to μ + η·∇μ ELBO, and ∇μ at one draw
    /// is ∇ log p(μ + σ ⊙ ε): the step starts from the given values, not from a random start. The distance moved is
    /// bounded by η times the gradient's size along the draw, far below the distance to a random N(0, 1) start.
    /// </summary>
    [Fact]
    public void The_fit_starts_from_the_given_values()
    {
        double[] start = [20, -20, 20];
        FunctionDensity density = Target.Density();
        AdviFit<double> fit = Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Iterations = 1, Seed = 1, InitialMean = start, Optimizer = new Sgd(1e-6) });
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(fit.Mean[i] - start[i]) < 0.1, $"μ{i} = {fit.Mean[i]}, started at {start[i]}");
        }
    }

    [Fact]
    public void A_wrong_length_is_an_argument_error_naming_both_lengths()
    {
        FunctionDensity density = Target.Density();
        var error = Assert.Throws<ArgumentException>(() => Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Iterations = 10, InitialMean = new double[] { 1, 2 } }));
        Assert.Contains("InitialMean has 2 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 unconstrained parameters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_value_is_an_argument_error_naming_its_index(double bad)
    {
        FunctionDensity density = Target.Density();
        var error = Assert.Throws<ArgumentException>(() => Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("Regression", 3), new AdviOptions { Iterations = 10, InitialMean = new double[] { 1, bad, 3 } }));
        Assert.Equal("InitialMean", error.ParamName);
        Assert.Contains("InitialMean[1]", error.Message, StringComparison.Ordinal);
    }
}
