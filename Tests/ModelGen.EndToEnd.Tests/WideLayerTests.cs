using ModelGen.EndToEnd.Tests.Support;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// Models whose ≥ 32-unit layers are emitted tiled (units in buffers, weights read in loops, adjoints in scratch): the
/// density against the independent reference, the gradient against central differences, and every width against the
/// scalar path. The wide models have up to 16,768 coordinates, so the differences cover a seeded sample of them.
/// </summary>
public sealed class WideLayerTests
{
    // Coordinates per model checked by central differences: every layer's blocks are hit (the sample is uniform over θ).
    private const int SampledCoordinates = 120;

    public static TheoryData<string, SimdWidth> CasesAndWidths()
    {
        var data = new TheoryData<string, SimdWidth>();
        foreach (string name in ModelCase.WideNames)
        {
            foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
            {
                data.Add(name, width);
            }
        }

        return data;
    }

    public static TheoryData<string> Cases() => new(ModelCase.WideNames);

    [Theory]
    [MemberData(nameof(CasesAndWidths))]
    public void Density_matches_the_reference(string name, SimdWidth width)
    {
        ModelCase model = ModelCase.Create(name);
        model.SetWidth(width);
        var rng = new Rng(40 + (ulong)width);
        double[] theta = Theta(model, rng);
        double expected = ReferenceDensity.Evaluate(model, theta);
        double actual = model.LogDensity(theta);

        // Both sum 37 rows and up to 16,768 prior terms in double: 1e-11 relative is still ≥ 1000 ulps of room.
        Assert.True(Math.Abs(actual - expected) <= 1e-11 * Math.Max(1, Math.Abs(expected)), $"{name} {width}: generated {actual:R}, reference {expected:R}");
    }

    [Theory]
    [MemberData(nameof(CasesAndWidths))]
    public void Gradient_matches_central_differences(string name, SimdWidth width)
    {
        ModelCase model = ModelCase.Create(name);
        model.SetWidth(width);
        var rng = new Rng(50 + (ulong)width);
        double[] theta = Theta(model, rng);
        var gradient = new double[model.Dimension];
        model.LogDensityGradient(theta, gradient);
        for (int n = 0; n < SampledCoordinates; n++)
        {
            int i = rng.NextInt(model.Dimension);
            double h = Math.Cbrt(2.220446049250313e-16) * Math.Max(1, Math.Abs(theta[i]));
            double saved = theta[i];
            theta[i] = saved + h;
            double up = model.LogDensity(theta);
            theta[i] = saved - h;
            double down = model.LogDensity(theta);
            theta[i] = saved;
            double fd = (up - down) / (2 * h);

            // As GradientTests: h = cbrt(ε)·max(1, |θ|) leaves the difference good to ~1e-8 relative at these magnitudes.
            double error = Math.Abs(gradient[i] - fd) / Math.Max(1, Math.Abs(fd));
            Assert.True(error < 1e-6, $"{name} at {width}: ∂/∂{model.Layout.ScalarNames().ElementAt(i)} generated {gradient[i]:R}, finite difference {fd:R}, relative error {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_width_gives_the_scalar_gradient(string name)
    {
        ModelCase model = ModelCase.Create(name);
        double[] theta = Theta(model, new Rng(60));
        model.SetWidth(SimdWidth.Scalar);
        var reference = new double[model.Dimension];
        double referenceValue = model.LogDensityGradient(theta, reference);
        foreach (SimdWidth width in new[] { SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            model.SetWidth(width);
            var gradient = new double[model.Dimension];
            double value = model.LogDensityGradient(theta, gradient);

            // As GradientTests: the vector exp (a few ulps) and the order of the lane sums over 37 rows.
            Assert.Equal(referenceValue, value, Math.Max(1, Math.Abs(referenceValue)) * 1e-12);
            for (int i = 0; i < gradient.Length; i++)
            {
                Assert.True(Math.Abs(gradient[i] - reference[i]) <= 1e-12 * Math.Max(1, Math.Abs(reference[i])), $"{name} {width}: gradient[{i}] = {gradient[i]:R}, scalar {reference[i]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_allocates_nothing_once_warm(string name)
    {
        ModelCase model = ModelCase.Create(name);
        double[] theta = Theta(model, new Rng(70));
        var gradient = new double[model.Dimension];
        model.Gradient(theta, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 20; k++)
        {
            model.Gradient(theta, gradient);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    // Weights ~ N(0, 1/fan-in)·1.5: tanh and sigmoid units neither all saturated nor all linear, as in a fit.
    private static double[] Theta(ModelCase model, Rng rng)
    {
        var theta = new double[model.Dimension];
        foreach (Layer layer in model.Layers)
        {
            for (int k = 0; k < layer.Weights.Length; k++)
            {
                theta[layer.Weights.Offset + k] = 1.5 * rng.NextNormal() / Math.Sqrt(layer.Inputs);
            }

            for (int k = 0; layer.Bias is not null && k < layer.Bias.Length; k++)
            {
                theta[layer.Bias.Offset + k] = 1.5 * rng.NextNormal();
            }
        }

        return theta;
    }
}
