using ModelGen.EndToEnd.Tests.Support;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests;

/// <summary>The generated reverse pass against central finite differences and across SIMD widths, in double.</summary>
public sealed class GradientTests
{
    // 2⁻⁵², the spacing of doubles at 1 (double.Epsilon is the smallest subnormal, not this).
    private const double MachineEpsilon = 2.220446049250313e-16;

    public static TheoryData<string, SimdWidth> CasesAndWidths()
    {
        var data = new TheoryData<string, SimdWidth>();
        foreach (string name in ModelCase.AllNames)
        {
            foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
            {
                data.Add(name, width);
            }
        }

        return data;
    }

    public static TheoryData<string> Cases() => new(ModelCase.AllNames);

    [Theory]
    [MemberData(nameof(CasesAndWidths))]
    public void Gradient_matches_central_differences(string name, SimdWidth width)
    {
        ModelCase model = ModelCase.Create(name);
        model.SetWidth(width);
        var rng = new Rng(1000 + (ulong)width);
        var theta = new double[model.Dimension];
        var gradient = new double[model.Dimension];
        for (int point = 0; point < 4; point++)
        {
            // Random points: N(0, 1.5²) reaches saturated tanh/sigmoid units and both sides of ReLU kinks' neighbourhoods.
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] = 1.5 * rng.NextNormal();
            }

            model.LogDensityGradient(theta, gradient);
            for (int i = 0; i < theta.Length; i++)
            {
                double fd = CentralDifference(model.LogDensity, theta, i);

                // h = cbrt(ε)·max(1, |θ|) balances truncation (~h²·f‴) against rounding (~ε·|f|/h): with |f| of a
                // few hundred the difference itself is good to ~1e-8, well inside the 1e-6 asked of the adjoint.
                double error = Math.Abs(gradient[i] - fd) / Math.Max(1, Math.Abs(fd));
                Assert.True(
                    error < 1e-6,
                    $"{name} at {width}, point {point}: ∂/∂{model.Layout.ScalarNames().ElementAt(i)} generated {gradient[i]:R}, finite difference {fd:R}, relative error {error:E2}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_width_gives_the_same_density_and_gradient(string name)
    {
        ModelCase model = ModelCase.Create(name);
        var rng = new Rng(7);
        double[] theta = Enumerable.Range(0, model.Dimension).Select(_ => rng.NextNormal()).ToArray();
        model.SetWidth(SimdWidth.Scalar);
        var reference = new double[model.Dimension];
        double referenceValue = model.LogDensityGradient(theta, reference);
        foreach (SimdWidth width in new[] { SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            model.SetWidth(width);
            var gradient = new double[model.Dimension];
            double value = model.LogDensityGradient(theta, gradient);

            // The vector paths differ from the scalar one only by the vector exp (a few ulp) and the order of the
            // lane sums; over 37 rows that is far below 1e-12 relative.
            Assert.Equal(referenceValue, value, Math.Max(1, Math.Abs(referenceValue)) * 1e-12);
            for (int i = 0; i < gradient.Length; i++)
            {
                Assert.True(
                    Math.Abs(gradient[i] - reference[i]) <= 1e-12 * Math.Max(1, Math.Abs(reference[i])),
                    $"{name} {width}: gradient[{i}] = {gradient[i]:R}, scalar {reference[i]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_alone_equals_the_gradient_with_the_value(string name)
    {
        ModelCase model = ModelCase.Create(name);
        var rng = new Rng(8);
        double[] theta = Enumerable.Range(0, model.Dimension).Select(_ => rng.NextNormal()).ToArray();
        var both = new double[model.Dimension];
        var alone = new double[model.Dimension];
        model.LogDensityGradient(theta, both);
        model.Gradient(theta, alone);
        Assert.Equal(both, alone);
    }

    private static double CentralDifference(Func<double[], double> f, double[] theta, int i)
    {
        double x = theta[i];
        double h = Math.Cbrt(MachineEpsilon) * Math.Max(1, Math.Abs(x));
        theta[i] = x + h;
        double up = f(theta);
        theta[i] = x - h;
        double down = f(theta);
        theta[i] = x;
        return (up - down) / (2 * h);
    }
}
