using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// The constraint transforms' log-Jacobian and chain rule in the generated kernels (derived from the IR by the adjoint
/// rules since issue 17) against closed forms written here. A HalfNormal(1) scale x = f(u) of a layer part whose
/// values are all 0 adds −x²/2 + log|dx/du| − log x (its own prior, the transform, the part's Normal(0, x) prior) to log
/// p, whose slope in u is −x·dx/du − (dx/du)/x + ∂ log|dx/du|/∂u. Exp: x = eᵘ, dx/du = x, log|dx/du| = u. Softplus:
/// x = log(1 + eᵘ), dx/du = σ(u), log|dx/du| = log σ(u) = −softplus(−u), ∂/∂u = σ(−u). Interval (lower, upper) (a
/// Uniform's, whose own log density is constant there): x = lower + w·σ(u) with w = upper − lower, dx/du = w·σ(u)·σ(−u),
/// log|dx/du| = log w + log σ(u) + log σ(−u) = log w − softplus(−u) − softplus(u), ∂/∂u = σ(−u) − σ(u). At every width,
/// float and double, at points out to where eᵘ is huge and σ(u) tiny.
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

        if (transform == "softplus")
        {
            double s = Softplus(u);
            double slope = Sigmoid(u);
            return ((-0.5 * s * s) - Softplus(-u) - Math.Log(s), (-s * slope) - (slope / s) + Sigmoid(-u));
        }

        // The Uniform's log density is constant on the support: its part is the log-Jacobian and the layer prior's −log x.
        (double lower, double upper) = transform == "interval(0.5, 2.5)" ? (0.5, 2.5) : (0.0, 1.0);
        double width = upper - lower;
        double value = lower + (width * Sigmoid(u));
        double dxdu = width * Sigmoid(u) * Sigmoid(-u);
        return (Math.Log(width) - Softplus(-u) - Softplus(u) - Math.Log(value), -(dxdu / value) + Sigmoid(-u) - Sigmoid(u));
    }

    /// <summary>The scale other than <paramref name="parameter"/> in its model (held at u = 0.3).</summary>
    private static string Other(string parameter) => parameter switch
    {
        "Positive" => "Soft",
        "Soft" => "Positive",
        "Wide" => "Unit",
        _ => "Wide",
    };

    private static bool Interval(string parameter) => parameter is "Wide" or "Unit";

    [Theory]
    [InlineData("Positive", "exp")]
    [InlineData("Soft", "softplus")]
    [InlineData("Wide", "interval(0.5, 2.5)")]
    [InlineData("Unit", "interval(0, 1)")]
    public void Double_kernels_add_the_transforms_log_jacobian_and_its_slope(string parameter, string transform)
    {
        var x = new double[,] { { 0.5 }, { -1 }, { 2 } };
        var y = new double[] { 1, 0, 1 };
        ConstrainedIntervalsDouble? intervals = Interval(parameter) ? new ConstrainedIntervalsDouble(x, y) : null;
        ConstrainedScalarsDouble? scalars = intervals is null ? new ConstrainedScalarsDouble(x, y) : null;
        ModelGen.Inference.IRowChunkedDensity<double> model = (ModelGen.Inference.IRowChunkedDensity<double>?)intervals ?? scalars!;
        Func<double[], double> logDensity = t => intervals?.LogDensity(t) ?? scalars!.LogDensity(t);
        Action<double[], double[]> logDensityGradient = (t, g) => _ = intervals?.LogDensityGradient(t, g) ?? scalars!.LogDensityGradient(t, g);
        ModelGen.ModelInfo layout = intervals is null ? ConstrainedScalarsDouble.Layout : ConstrainedIntervalsDouble.Layout;
        int at = layout[parameter].Offset;
        foreach (SimdWidth width in Widths)
        {
            model.SimdWidth = width;
            var theta = new double[layout.Dimension];
            theta[layout[Other(parameter)].Offset] = 0.3;
            double Density(double u)
            {
                theta[at] = u;
                return logDensity(theta);
            }

            double reference = Density(0) - ClosedForm(transform, 0).Part;
            foreach (double u in Points)
            {
                (double part, double slope) = ClosedForm(transform, u);
                double value = Density(u);
                Assert.True(Math.Abs(value - (reference + part)) <= 1e-12 * Math.Max(1, Math.Abs(part)), $"{parameter} at {width}, u = {u}: log p {value:R}, closed form {reference + part:R}");
                var gradient = new double[theta.Length];
                logDensityGradient(theta, gradient);
                Assert.True(Math.Abs(gradient[at] - slope) <= 1e-13 * Math.Max(1, Math.Abs(slope)), $"{parameter} at {width}, u = {u}: ∂/∂u {gradient[at]:R}, closed form {slope:R}");
            }
        }
    }

    [Theory]
    [InlineData("Positive", "exp")]
    [InlineData("Soft", "softplus")]
    [InlineData("Wide", "interval(0.5, 2.5)")]
    [InlineData("Unit", "interval(0, 1)")]
    public void Float_kernels_add_the_transforms_slope(string parameter, string transform)
    {
        var x = new float[,] { { 0.5f }, { -1 }, { 2 } };
        var y = new float[] { 1, 0, 1 };
        ConstrainedIntervalsFloat? intervals = Interval(parameter) ? new ConstrainedIntervalsFloat(x, y) : null;
        ConstrainedScalarsFloat? scalars = intervals is null ? new ConstrainedScalarsFloat(x, y) : null;
        ModelGen.Inference.IRowChunkedDensity<float> model = (ModelGen.Inference.IRowChunkedDensity<float>?)intervals ?? scalars!;
        Func<float[], float> logDensity = t => intervals?.LogDensity(t) ?? scalars!.LogDensity(t);
        Action<float[], float[]> logDensityGradient = (t, g) => _ = intervals?.LogDensityGradient(t, g) ?? scalars!.LogDensityGradient(t, g);
        ModelGen.ModelInfo layout = intervals is null ? ConstrainedScalarsFloat.Layout : ConstrainedIntervalsFloat.Layout;
        int at = layout[parameter].Offset;
        foreach (SimdWidth width in Widths)
        {
            model.SimdWidth = width;
            var theta = new float[layout.Dimension];
            theta[layout[Other(parameter)].Offset] = 0.3f;
            foreach (double u in Points)
            {
                theta[at] = (float)u;
                double slope = ClosedForm(transform, (float)u).Slope;
                var gradient = new float[theta.Length];
                logDensityGradient(theta, gradient);
                Assert.True(Math.Abs(gradient[at] - slope) <= 1e-6 * Math.Max(1, Math.Abs(slope)), $"{parameter} at {width}, u = {u}: ∂/∂u {gradient[at]:R}, closed form {slope:R}");
            }
        }
    }
}
