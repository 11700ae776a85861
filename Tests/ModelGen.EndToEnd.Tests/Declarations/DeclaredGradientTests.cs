using ModelGen.Data;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// The generated density of declared parameters (docs/terms.md): every constraint kind with element-wise and
/// whole-shape priors, its gradient against central differences of its own value in double at random points and every
/// register width, the float model against the double one, the density against closed forms written here, the layout
/// and CmdStan's column names, the bind checks, and no allocation per gradient.
/// </summary>
public sealed class DeclaredGradientTests
{
    private static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512];

    [Fact]
    public void The_layout_counts_each_kind_s_free_values_and_names_columns_as_CmdStan()
    {
        var model = new EveryConstraintD(k: 3);

        // Free values: A 1, B 1, C 3, S 1, O 3, P 3, Theta 3 − 1, U 3, L 3·2/2, Sigma 3·4/2, G 4.
        Assert.Equal(1 + 1 + 3 + 1 + 3 + 3 + 2 + 3 + 3 + 6 + 4, model.ParameterCount);

        // Draws hold the constrained values: Theta 3, L 9, Sigma 9.
        Assert.Equal(1 + 1 + 3 + 1 + 3 + 3 + 3 + 3 + 9 + 9 + 4, model.Layout.Dimension);
        IReadOnlyList<string> columns = StanCsv.ColumnNames(model.Layout);
        Assert.Contains("Theta.3", columns);
        Assert.Contains("L.2.1", columns);
        Assert.Equal("L.2.1", columns[model.Layout["L"].Offset + 1]);   // column-major, as CmdStan writes a matrix
        Assert.Equal("A", columns[0]);
        Assert.Equal("simplex", model.Layout["Theta"].Transform);
        Assert.Equal("exp", model.Layout["S"].Transform);
    }

    [Fact]
    public void The_gradient_matches_central_differences_at_every_width()
    {
        var model = new EveryConstraintD(k: 3);
        var random = new System.Random(5);
        int n = model.ParameterCount;
        var failures = new List<string>();
        for (int point = 0; point < 5; point++)
        {
            double[] theta = [.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1)];
            foreach (SimdWidth width in Widths)
            {
                model.SimdWidth = width;
                double[] gradient = new double[n];
                double value = model.LogDensityGradient(theta, gradient);
                Assert.True(double.IsFinite(value), $"log p is {value} at point {point}");
                Assert.Equal(value, model.LogDensity(theta), Math.Abs(value) * 1e-14);
                double[] alone = new double[n];
                model.Gradient(theta, alone);
                Assert.Equal(gradient, alone);
                for (int i = 0; i < n; i++)
                {
                    double h = Math.Cbrt(2.220446049250313e-16) * Math.Max(1, Math.Abs(theta[i]));
                    double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
                    up[i] += h;
                    down[i] -= h;
                    double numeric = (model.LogDensity(up) - model.LogDensity(down)) / (2 * h);
                    if (!(Math.Abs(numeric - gradient[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric))))
                    {
                        failures.Add($"{width}, point {point}, θ[{i}] ({Owner(i)}): analytic {gradient[i]:R}, central differences {numeric:R}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_float_model_agrees_with_the_double_one_at_every_width()
    {
        var single = new EveryConstraintF(k: 3);
        var reference = new EveryConstraintD(k: 3);
        var random = new System.Random(6);
        int n = single.ParameterCount;
        Assert.Equal(reference.ParameterCount, n);
        for (int point = 0; point < 5; point++)
        {
            float[] theta = [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1))];
            double[] wide = [.. theta.Select(v => (double)v)];
            double[] expected = new double[n];
            double value = reference.LogDensityGradient(wide, expected);
            foreach (SimdWidth width in Widths)
            {
                single.SimdWidth = width;
                float[] gradient = new float[n];
                float actual = single.LogDensityGradient(theta, gradient);
                Assert.Equal(value, actual, 1e-4 * Math.Max(1, Math.Abs(value)));
                for (int i = 0; i < n; i++)
                {
                    Assert.True(Math.Abs(gradient[i] - expected[i]) <= 1e-3 * Math.Max(1, Math.Abs(expected[i])), $"{width}, point {point}, θ[{i}]: float {gradient[i]}, double {expected[i]}");
                }
            }
        }
    }

    [Fact]
    public void An_ordered_vector_of_normals_has_the_closed_form_density()
    {
        var model = new OrderedNormals(k: 3);
        double[] u = [0.3, -0.4, 0.8];

        // x₁ = u₁, x_k = x_{k−1} + e^{u_k}; log p = Σ log φ(x_k) + u₂ + u₃ (the Jacobian's diagonal 1, e^{u₂}, e^{u₃}).
        double x1 = u[0], x2 = x1 + Math.Exp(u[1]), x3 = x2 + Math.Exp(u[2]);
        double logPhi(double x) => (-0.5 * x * x) - (0.5 * Math.Log(2 * Math.PI));
        double expected = logPhi(x1) + logPhi(x2) + logPhi(x3) + u[1] + u[2];
        Assert.Equal(expected, model.LogDensity(u), 1e-12);
    }

    [Fact]
    public void A_bounded_parameter_has_the_logit_transform_s_density()
    {
        var model = new BoundedNormal();
        double u = 0.7;

        // x = σ(u), dx/du = x(1 − x): log p = log φ(x) + log x + log(1 − x).
        double x = 1 / (1 + Math.Exp(-u));
        double expected = (-0.5 * x * x) - (0.5 * Math.Log(2 * Math.PI)) + Math.Log(x) + Math.Log(1 - x);
        Assert.Equal(expected, model.LogDensity([u]), 1e-12);
    }

    [Fact]
    public void Unconstrain_inverts_the_transforms()
    {
        var model = new EveryConstraintD(k: 3);
        var random = new System.Random(7);
        double[] theta = [.. Enumerable.Range(0, model.ParameterCount).Select(_ => (random.NextDouble() * 2) - 1)];
        double[] values = new double[model.Layout.Dimension];
        ((IModel<double>)model).Constrain(theta, values);
        double[] back = new double[model.ParameterCount];
        model.Unconstrain(values, back);

        // Constrain ∘ Unconstrain is the identity on values (a unit vector's u has a norm Unconstrain cannot know, so θ
        // itself comes back only up to that).
        double[] again = new double[values.Length];
        ((IModel<double>)model).Constrain(back, again);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], again[i], 1e-9);
        }

        int unit = 1 + 1 + 3 + 1 + 3 + 3 + 2;   // U's place in θ: after A, B, C, S, O, P and Theta's free values
        for (int i = 0; i < theta.Length; i++)
        {
            if (i < unit || i >= unit + 3)
            {
                Assert.Equal(theta[i], back[i], 1e-9);
            }
        }

        // A value outside its constraint is refused by name.
        values[model.Layout["O"].Offset + 1] = values[model.Layout["O"].Offset] - 1;
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => model.Unconstrain(values, back));
        Assert.Contains("O", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gradient_allocates_nothing()
    {
        var model = new EveryConstraintD(k: 3);
        double[] theta = new double[model.ParameterCount];
        double[] gradient = new double[model.ParameterCount];
        for (int i = 0; i < 10; i++)
        {
            model.Gradient(theta, gradient);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            model.Gradient(theta, gradient);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void The_constructor_checks_the_data_and_names_element_and_position()
    {
        ModelDataException small = Assert.Throws<ModelDataException>(() => new EveryConstraintD(k: 1));
        Assert.Equal("K", small.Element);

        ModelDataException length = Assert.Throws<ModelDataException>(() => new DirichletPrior(k: 3, alpha: [1, 2]));
        Assert.Equal("Alpha", length.Element);

        ModelDataException zero = Assert.Throws<ModelDataException>(() => new DirichletPrior(k: 3, alpha: [1, 0, 2]));
        Assert.Equal("Alpha", zero.Element);
        Assert.Equal(1, zero.Row);

        ModelDataException negative = Assert.Throws<ModelDataException>(() => new DirichletPrior(k: 3, alpha: [1, -1, 2]));
        Assert.Equal(1, negative.Row);
        Assert.Contains("at least 0", negative.Message, StringComparison.Ordinal);

        ModelDataException size = Assert.Throws<ModelDataException>(() => new OrderedNormals(k: 0));
        Assert.Contains("sizes 'Mu'", size.Message, StringComparison.Ordinal);
    }

    /// <summary>"C[1]": the parameter a θ index belongs to, for failure messages.</summary>
    private static string Owner(int index)
    {
        string[] order = ["A", "B", "C", "S", "O", "P", "Theta", "U", "L", "Sigma", "G"];
        int[] free = [1, 1, 3, 1, 3, 3, 2, 3, 3, 6, 4];
        for (int k = 0, start = 0; k < order.Length; start += free[k], k++)
        {
            if (index < start + free[k])
            {
                return order[k] + "[" + (index - start) + "]";
            }
        }

        return "?";
    }
}
