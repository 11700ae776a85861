using ModelGen.EndToEnd.Tests.Models;
using static ModelGen.EndToEnd.Tests.Declarations.TermTests;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// [Term] methods with local matrices and the linear algebra (docs/terms.md, step 5): sample 8's GP marginal likelihood
/// and a variant whose diagonal writes read the loop index, data and a parameter and whose density is scaled. Each
/// kernel against the method run as written at every width, its gradient against central differences, the float model
/// against the double one, a two-point closed form, and no allocation per gradient.
/// </summary>
public sealed class TermMatrixTests
{
    private static readonly double[] Inputs = [-1.3, -0.4, 0.1, 0.8, 1.9, 2.2];

    private static readonly double[] Outputs = [0.7, 1.2, 0.9, -0.3, -1.1, -0.6];

    private static IEnumerable<(string Name, Generated Model, Func<double[], double> AsWritten)> Models()
    {
        var gp = new GaussianProcessTerm(x: Inputs, y: Outputs);
        yield return ("GaussianProcessTerm", Of(gp, w => gp.SimdWidth = w, gp.LogDensity, gp.Gradient), t => gp.EvaluateAsWritten(t));
        var noisy = new NoisyKernelTerm(x: Inputs, y: Outputs);
        yield return ("NoisyKernelTerm", Of(noisy, w => noisy.SimdWidth = w, noisy.LogDensity, noisy.Gradient), t => noisy.EvaluateAsWritten(t));
    }

    [Fact]
    public void Each_matrix_kernel_equals_the_term_run_as_written_at_every_width() => EachAsWrittenAgrees(Models(), 60);

    [Fact]
    public void Each_matrix_term_s_gradient_matches_central_differences_at_every_width() => EachGradientMatches(Models(), 70);

    [Fact]
    public void The_float_GP_agrees_with_the_double_one_at_every_width()
    {
        var single = new GaussianProcessTermF(x: [.. Inputs.Select(v => (float)v)], y: [.. Outputs.Select(v => (float)v)]);
        var reference = new GaussianProcessTerm(x: Inputs, y: Outputs);
        Assert.Equal(reference.ParameterCount, single.ParameterCount);
        FloatAgrees(single.ParameterCount, reference.LogDensityGradient, t => single.EvaluateAsWritten(t), w => single.SimdWidth = w, single.LogDensityGradient, 19);
    }

    [Fact]
    public void The_GP_on_two_points_has_the_closed_form_density()
    {
        // x = (0, 1.5), y = (0.4, −0.7), ρ = e^0.2, α = e^−0.3, σ = e^−0.8 (θ is log of each): K = [[a + s, c], [c, a + s]]
        // with a = α², c = α² exp(−1.5²/(2ρ²)), s = σ²; log N(y | 0, K) = −log 2π − ½ log det K − ½ yᵀK⁻¹y, written out.
        var model = new GaussianProcessTerm(x: [0, 1.5], y: [0.4, -0.7]);
        double logRho = 0.2, logAlpha = -0.3, logSigma = -0.8;
        double rho = Math.Exp(logRho), alpha = Math.Exp(logAlpha), sigma = Math.Exp(logSigma);
        double a = alpha * alpha, c = a * Math.Exp(-(1.5 * 1.5) / (2 * rho * rho)), d = a + (sigma * sigma);
        double det = (d * d) - (c * c);
        double quadratic = ((d * 0.4 * 0.4) - (2 * c * 0.4 * -0.7) + (d * 0.7 * 0.7)) / det;
        double likelihood = -Math.Log(2 * Math.PI) - (0.5 * Math.Log(det)) - (0.5 * quadratic);

        // Priors: InvGamma(5, 5) on ρ, half-normals on α and σ, each with log |J| = log of the value.
        double invGamma = (5 * Math.Log(5)) - Math.Log(24) - (6 * Math.Log(rho)) - (5 / rho) + logRho;
        double halfNormal(double v, double logV) => (0.5 * Math.Log(2 / Math.PI)) - (0.5 * v * v) + logV;
        double expected = likelihood + invGamma + halfNormal(alpha, logAlpha) + halfNormal(sigma, logSigma);

        double[] theta = new double[3];
        theta[model.Layout["Rho"].Offset] = logRho;
        theta[model.Layout["Alpha"].Offset] = logAlpha;
        theta[model.Layout["Sigma"].Offset] = logSigma;
        Assert.Equal(expected, model.LogDensity(theta), 1e-12);
    }

    [Fact]
    public void Where_the_covariance_is_not_positive_definite_log_p_is_minus_infinity()
    {
        // Two equal inputs and σ → 0 (θ of σ = −40): K is α²·11ᵀ + σ²I, singular in doubles; the factorisation refuses it.
        var model = new GaussianProcessTerm(x: [0.3, 0.3], y: [0.1, 0.2]);
        double[] theta = new double[3];
        theta[model.Layout["Sigma"].Offset] = -40;
        double[] gradient = new double[3];
        Assert.Equal(double.NegativeInfinity, model.LogDensityGradient(theta, gradient));
        Assert.Equal(double.NegativeInfinity, model.EvaluateAsWritten(theta));
    }

    [Fact]
    public void A_gradient_of_a_matrix_term_allocates_nothing() => NoneAllocates(Models().Select(m => m.Model));
}
