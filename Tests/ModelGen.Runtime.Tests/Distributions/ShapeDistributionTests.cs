using ModelGen.Constraints;
using ModelGen.Distributions;

namespace ModelGen.Runtime.Tests.Distributions;

/// <summary>
/// The priors of simplex and correlation-factor parameters (issue 18): Dirichlet and LKJ-Cholesky against closed
/// forms written here (integer concentrations through factorials; the 2 × 2 LKJ through its Beta form), each composed
/// with its constraint transform and integrated over the unconstrained space to 1 (which checks the normalising
/// constant, the powers of the diagonal and the transform's log-Jacobian together), and their gradients against
/// central differences.
/// </summary>
public sealed class ShapeDistributionTests
{
    [Fact]
    public void Dirichlet_with_whole_concentrations_is_the_factorial_formula()
    {
        // Dirichlet((x, 1 − x) | (2, 3)) = Beta(x | 2, 3) = 4!/(1!·2!)·x(1 − x)² = 12 x (1 − x)².
        foreach (double x in new[] { 0.1, 0.37, 0.8 })
        {
            Assert.Equal(Math.Log(12 * x * (1 - x) * (1 - x)), Dirichlet.LogDensity<double>([x, 1 - x], [2.0, 3.0]), 12);
        }

        // Dirichlet(x | (2, 3, 4)) = 8!/(1!·2!·3!)·x₀ x₁² x₂³ = 3360 x₀ x₁² x₂³.
        double[] p = [0.2, 0.3, 0.5];
        Assert.Equal(Math.Log(3360 * 0.2 * 0.09 * 0.125), Dirichlet.LogDensity<double>(p, [2.0, 3.0, 4.0]), 12);
        Assert.Equal(double.NegativeInfinity, Dirichlet.LogDensity<double>([0.0, 0.5, 0.5], [2.0, 3.0, 4.0]));
    }

    [Theory]
    [InlineData(new[] { 1.5, 2.0, 3.0 })]
    [InlineData(new[] { 0.7, 1.0, 1.3 })]
    [InlineData(new[] { 1.0, 1.0, 1.0 })]
    public void Dirichlet_through_the_simplex_transform_integrates_to_one(double[] alpha)
    {
        // ∫ Dirichlet(x(u) | α)·|J(u)| du over ℝ² by the trapezoid rule; the integrand decays like e^{−α|u|}.
        const double Half = 40, Step = 0.1;
        double total = 0;
        var x = new double[3];
        for (double u0 = -Half; u0 <= Half; u0 += Step)
        {
            for (double u1 = -Half; u1 <= Half; u1 += Step)
            {
                double logJacobian = Simplex.Constrain([u0, u1], x);
                total += Math.Exp(Dirichlet.LogDensity<double>(x, alpha) + logJacobian);
            }
        }

        Assert.Equal(1.0, total * Step * Step, 6);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.7)]
    public void Lkj_of_a_two_by_two_factor_is_the_beta_form_of_its_correlation(double eta)
    {
        // K = 2: Ω = [[1, ρ], [ρ, 1]], L = [[1, 0], [ρ, √(1 − ρ²)]], p(ρ) = (1 − ρ²)^{η−1} / (2^{2η−1} B(η, η)).
        // B(η, η) by the trapezoid rule over the substitution ρ = tanh t (no special function of ours involved).
        double beta = 0;
        const double Step = 1e-3;
        for (double t = -30; t <= 30; t += Step)
        {
            double r = Math.Tanh(t), weight = 1 - (r * r);
            beta += Math.Pow(weight, eta) * Step;   // ∫ (1 − ρ²)^{η−1} dρ with dρ = (1 − ρ²) dt
        }

        // That integral is 2^{2η−1} B(η, η) itself: the normaliser of p(ρ).
        foreach (double rho in new[] { -0.9, -0.2, 0.0, 0.55 })
        {
            double[] l = [1, 0, rho, Math.Sqrt(1 - (rho * rho))];
            double expected = ((eta - 1) * Math.Log(1 - (rho * rho))) - Math.Log(beta);
            Assert.Equal(expected, LkjCholesky.LogDensity<double>(l, eta), 7);
        }
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void Lkj_of_a_three_by_three_factor_through_the_transform_integrates_to_one(double eta)
    {
        // ∫ LKJ(L(u) | η)·|J(u)| du over ℝ³, trapezoid; each partial correlation's density decays like e^{−2β|u|}, β ≥ η.
        const double Half = 14, Step = 0.25;
        double total = 0;
        var l = new double[9];
        for (double a = -Half; a <= Half; a += Step)
        {
            for (double b = -Half; b <= Half; b += Step)
            {
                for (double c = -Half; c <= Half; c += Step)
                {
                    double logJacobian = CholeskyCorrelation.Constrain([a, b, c], l);
                    total += Math.Exp(LkjCholesky.LogDensity<double>(l, eta) + logJacobian);
                }
            }
        }

        Assert.Equal(1.0, total * Step * Step * Step, 5);
    }

    [Fact]
    public void Gradients_match_central_differences()
    {
        double[] x = [0.15, 0.25, 0.6], alpha = [0.9, 2.2, 3.1];
        var dx = new double[3];
        var dalpha = new double[3];
        Dirichlet.LogDensity<double>(x, alpha, dx, dalpha);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(Difference(v => Dirichlet.LogDensity<double>(With(x, k, v), alpha), x[k]), dx[k], 6);
            Assert.Equal(Difference(v => Dirichlet.LogDensity<double>(x, With(alpha, k, v)), alpha[k]), dalpha[k], 6);
        }

        var factor = new double[16];
        CholeskyCorrelation.Constrain([0.3, -0.7, 0.2, 1.1, -0.4, 0.6], factor);
        foreach (double eta in new[] { 0.6, 1.0, 4.0 })
        {
            var dl = new double[16];
            double deta = 0;
            LkjCholesky.LogDensity<double>(factor, eta, dl, ref deta);
            for (int i = 0; i < 16; i++)
            {
                Assert.Equal(Difference(v => LkjCholesky.LogDensity<double>(With(factor, i, v), eta), factor[i]), dl[i], 6);
            }

            Assert.Equal(Difference(v => LkjCholesky.LogDensity<double>(factor, v), eta), deta, 6);
        }
    }

    private static double[] With(double[] values, int index, double value)
    {
        double[] copy = (double[])values.Clone();
        copy[index] = value;
        return copy;
    }

    private static double Difference(Func<double, double> f, double at)
    {
        double h = 1e-6 * Math.Max(1, Math.Abs(at));
        return (f(at + h) - f(at - h)) / (2 * h);
    }
}
