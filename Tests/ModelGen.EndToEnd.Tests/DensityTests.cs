using ModelGen.EndToEnd.Tests.Models;
using ModelGen.EndToEnd.Tests.Support;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests;

/// <summary>The generated log density against the plain formula, and float against double.</summary>
public sealed class DensityTests
{
    public static TheoryData<string> Cases() => new(ModelCase.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Log_density_equals_the_reference_formula(string name)
    {
        ModelCase model = ModelCase.Create(name);
        var rng = new Rng(21);
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            model.SetWidth(width);
            for (int point = 0; point < 3; point++)
            {
                double[] theta = Enumerable.Range(0, model.Dimension).Select(_ => 1.2 * rng.NextNormal()).ToArray();
                double expected = ReferenceDensity.Evaluate(model, theta);
                double actual = model.LogDensity(theta);

                // Both sum ~40 rows and ~60 prior terms of magnitude ≲ 10 in double: 1e-11 relative is ~1000 ulp of room.
                Assert.True(
                    Math.Abs(actual - expected) <= 1e-11 * Math.Max(1, Math.Abs(expected)),
                    $"{name} {width}: generated {actual:R}, reference {expected:R}");
            }
        }
    }

    [Fact]
    public void Float_model_agrees_with_the_double_model()
    {
        ModelCase reference = ModelCase.Create("Seed");
        var x = new float[ModelCase.Rows, 2];
        var y = new float[ModelCase.Rows];
        for (int r = 0; r < ModelCase.Rows; r++)
        {
            x[r, 0] = (float)reference.X[r, 0];
            x[r, 1] = (float)reference.X[r, 1];
            y[r] = (float)reference.Y[r];
        }

        var single = new SeedFloat(x, y);
        var rng = new Rng(22);
        double[] theta = Enumerable.Range(0, reference.Dimension).Select(_ => rng.NextNormal()).ToArray();
        float[] thetaF = theta.Select(v => (float)v).ToArray();
        double[] thetaRounded = thetaF.Select(v => (double)v).ToArray();
        var g = new float[thetaF.Length];
        var gd = new double[theta.Length];
        double expected = reference.LogDensityGradient(thetaRounded, gd);
        float actual = single.LogDensityGradient(thetaF, g);

        // Float carries ~7 digits; a sum of ~80 terms of size ≲ 10 loses at most a few 1e-6 relative.
        Assert.Equal(expected, actual, Math.Abs(expected) * 2e-5);
        for (int i = 0; i < g.Length; i++)
        {
            Assert.True(Math.Abs(g[i] - gd[i]) <= 2e-4 * Math.Max(1, Math.Abs(gd[i])), $"gradient[{i}]: float {g[i]}, double {gd[i]}");
        }
    }

    [Fact]
    public void Logits_near_plus_and_minus_a_thousand_give_finite_float_density_and_gradient()
    {
        // Hidden units saturate at ±1, so output weights of ±250 put the logit of every row near ±1250.
        var x = new float[40, 2];
        var y = new float[40];
        for (int r = 0; r < 40; r++)
        {
            x[r, 0] = r % 3;
            x[r, 1] = -(r % 5);
            y[r] = r % 2;
        }

        var model = new SeedFloat(x, y);
        float[] theta = Enumerable.Range(0, SeedFloat.ParameterCount).Select(i => i < 35 ? (i % 2 == 0 ? 30f : -30f) : (i % 2 == 0 ? 250f : -250f)).ToArray();
        var gradient = new float[theta.Length];
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            model.SimdWidth = width;
            float value = model.LogDensityGradient(theta, gradient);
            Assert.True(float.IsFinite(value), $"{width}: {value}");
            Assert.All(gradient, g => Assert.True(float.IsFinite(g), $"{width}: {g}"));
        }
    }

    [Fact]
    public void Tiny_and_huge_scales_give_finite_density_and_gradient()
    {
        // Prior sd 1e-4 (θ/σ² = 1e8·θ) and likelihood sd 1e4 (1/σ² = 1e-8), in float.
        var model = new ExtremeScales(new float[,] { { 1 }, { -2 }, { 3e3f } }, new[] { 5e4f, -1f, 0f });
        foreach (float[] theta in new[] { new[] { 1e-4f, -1e-4f }, new[] { 3f, -3f }, new[] { 0f, 0f } })
        {
            var gradient = new float[2];
            float value = model.LogDensityGradient(theta, gradient);
            Assert.True(float.IsFinite(value), $"θ = ({theta[0]}, {theta[1]}): {value}");
            Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
        }
    }

    [Fact]
    public void Extreme_logits_give_finite_density_and_gradient()
    {
        // Weights of ±40 drive the output logit to hundreds: log σ(z) would underflow, y·z − softplus(z) does not.
        ModelCase model = ModelCase.Create("Seed");
        double[] theta = Enumerable.Range(0, model.Dimension).Select(i => i % 2 == 0 ? 40.0 : -40.0).ToArray();
        var gradient = new double[theta.Length];
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            model.SetWidth(width);
            double value = model.LogDensityGradient(theta, gradient);
            Assert.True(double.IsFinite(value), $"{width}: {value}");
            Assert.All(gradient, v => Assert.True(double.IsFinite(v)));
        }
    }
}
