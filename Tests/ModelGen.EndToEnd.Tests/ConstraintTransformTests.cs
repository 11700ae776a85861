using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// The constraint transforms' log-Jacobian and chain rule in the generated kernels (derived from the IR by the adjoint
/// rules since issue 17) against closed forms written here. A HalfNormal(1) scale x = f(u) of a layer part whose
/// values are all 0 adds −x²/2 + log|dx/du| − log x (its own prior, the transform, the part's Normal(0, x) prior) to log
/// p, whose slope in u is −x·dx/du − (dx/du)/x + ∂ log|dx/du|/∂u. Exp: x = eᵘ, dx/du = x, log|dx/du| = u. Softplus:
/// x = log(1 + eᵘ), dx/du = σ(u), log|dx/du| = log σ(u) = −softplus(−u), ∂/∂u = σ(−u). At every width, float and
/// double, at points out to where eᵘ is huge and σ(u) tiny.
/// </summary>
public sealed class ConstraintTransformTests
{
    private static readonly double[] Points = { -30, -12, -3, -0.5, 0, 0.25, 2, 9, 20 };

    private static readonly SimdWidth[] Widths = { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 };

    private static double Sigmoid(double u) => u >= 0 ? 1 / (1 + Math.Exp(-u)) : Math.Exp(u) / (1 + Math.Exp(u));

    private static double Softplus(double u) => Math.Max(u, 0) + LogOnePlus(Math.Exp(-Math.Abs(u)));

    /// <summary>log(1 + e) for 0 ≤ e ≤ 1: its series below 10⁻⁴ (e⁴/4 &lt; 10⁻¹⁶·e there), where log(1 + e) loses e's digits.</summary>
    private static double LogOnePlus(double e) => e < 1e-4 ? e - (e * e / 2) + (e * e * e / 3) : Math.Log(1 + e);

    /// <summary>The density's part in u and its slope.</summary>
    private static (double Part, double Slope) ClosedForm(string transform, double u)
    {
        if (transform == "exp")
        {
            double x = Math.Exp(u);
            return (-0.5 * x * x, -x * x);      // u from the Jacobian cancels −log x; −x·x − x/x + 1
        }

        double s = Softplus(u);
        double slope = Sigmoid(u);
        return ((-0.5 * s * s) - Softplus(-u) - Math.Log(s), (-s * slope) - (slope / s) + Sigmoid(-u));
    }

    [Theory]
    [InlineData("Positive", "exp")]
    [InlineData("Soft", "softplus")]
    public void Double_kernels_add_the_transforms_log_jacobian_and_its_slope(string parameter, string transform)
    {
        var x = new double[,] { { 0.5 }, { -1 }, { 2 } };
        var model = new ConstrainedScalarsDouble(x, new double[] { 1, 0, 1 });
        int at = ConstrainedScalarsDouble.Layout[parameter].Offset;
        foreach (SimdWidth width in Widths)
        {
            model.SimdWidth = width;
            var theta = new double[ConstrainedScalarsDouble.Layout.Dimension];
            theta[ConstrainedScalarsDouble.Layout[parameter == "Soft" ? "Positive" : "Soft"].Offset] = 0.3;
            double Density(double u)
            {
                theta[at] = u;
                return model.LogDensity(theta);
            }

            double reference = Density(0) - ClosedForm(transform, 0).Part;
            foreach (double u in Points)
            {
                (double part, double slope) = ClosedForm(transform, u);
                double value = Density(u);
                Assert.True(Math.Abs(value - (reference + part)) <= 1e-12 * Math.Max(1, Math.Abs(part)), $"{parameter} at {width}, u = {u}: log p {value:R}, closed form {reference + part:R}");
                var gradient = new double[theta.Length];
                model.LogDensityGradient(theta, gradient);
                Assert.True(Math.Abs(gradient[at] - slope) <= 1e-13 * Math.Max(1, Math.Abs(slope)), $"{parameter} at {width}, u = {u}: ∂/∂u {gradient[at]:R}, closed form {slope:R}");
            }
        }
    }

    [Theory]
    [InlineData("Positive", "exp")]
    [InlineData("Soft", "softplus")]
    public void Float_kernels_add_the_transforms_slope(string parameter, string transform)
    {
        var x = new float[,] { { 0.5f }, { -1 }, { 2 } };
        var model = new ConstrainedScalarsFloat(x, new float[] { 1, 0, 1 });
        int at = ConstrainedScalarsFloat.Layout[parameter].Offset;
        foreach (SimdWidth width in Widths)
        {
            model.SimdWidth = width;
            var theta = new float[ConstrainedScalarsFloat.Layout.Dimension];
            theta[ConstrainedScalarsFloat.Layout[parameter == "Soft" ? "Positive" : "Soft"].Offset] = 0.3f;
            foreach (double u in Points)
            {
                theta[at] = (float)u;
                double slope = ClosedForm(transform, (float)u).Slope;
                var gradient = new float[theta.Length];
                model.LogDensityGradient(theta, gradient);
                Assert.True(Math.Abs(gradient[at] - slope) <= 1e-6 * Math.Max(1, Math.Abs(slope)), $"{parameter} at {width}, u = {u}: ∂/∂u {gradient[at]:R}, closed form {slope:R}");
            }
        }
    }
}
