using ModelGen.Data;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Export;
using ModelGen.Inference;
using static ModelGen.EndToEnd.Tests.Declarations.TermTests;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// <c>[SimplexRows]</c> matrices with a Dirichlet prior on each row (docs/terms.md, "Constraint kinds"): α from a data
/// vector (every row's), a data matrix (row k's from row k) and a constant. The density against Stan's stick-breaking
/// and the Dirichlet density written out here (<see cref="SimplexRowReference"/>), the gradient against central
/// differences at every width, the float model against the double one, the layout and CmdStan's names, Unconstrain,
/// the bind checks, and no allocation per gradient.
/// </summary>
public sealed class SimplexRowTests
{
    private static readonly double[] AlphaData = [1, 2];
    private static readonly double[,] BetaData = { { 3, 1, 1 }, { 1, 1, 3 } };

    private static SimplexRowPriorsD Model() => new(k: 2, v: 3, alpha: AlphaData, beta: BetaData);

    [Fact]
    public void The_density_is_each_row_s_stick_breaking_and_Dirichlet_written_out()
    {
        SimplexRowPriorsD model = Model();
        double[] beta0 = [3, 1, 1], beta1 = [1, 1, 3];
        foreach ((string point, double[] theta) in Points(model.ParameterCount, seed: 31))
        {
            // θ: Theta's 2 × 1 free values, Phi's 2 × 2, Rho's 3 × 1.
            double expected = 0;
            int at = 0;
            foreach ((double[] alpha, int columns) in new[] { (AlphaData, 2), (AlphaData, 2), (beta0, 3), (beta1, 3), ([1.5, 1.5], 2), ([1.5, 1.5], 2), (new[] { 1.5, 1.5 }, 2) })
            {
                var x = new double[columns];
                expected += SimplexRowReference.StickBreaking(theta.AsSpan(at, columns - 1), x) + SimplexRowReference.Dirichlet(x, alpha);
                at += columns - 1;
            }

            Assert.Equal(model.ParameterCount, at);
            Assert.True(Math.Abs(model.LogDensity(theta) - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{point}: kernel {model.LogDensity(theta):R}, written out {expected:R}");
        }
    }

    [Fact]
    public void The_gradient_matches_central_differences_at_every_width()
    {
        SimplexRowPriorsD model = Model();
        var failures = new List<string>();
        Gradients("SimplexRowPriorsD", Of(model, w => model.SimdWidth = w, model.LogDensity, model.Gradient), 32, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_float_model_agrees_with_the_double_one_at_every_width()
    {
        SimplexRowPriorsD reference = Model();
        var single = new SimplexRowPriorsF(k: 2, v: 3, alpha: [1, 2], beta: new float[,] { { 3, 1, 1 }, { 1, 1, 3 } });
        FloatAgrees(reference.ParameterCount, reference.LogDensityGradient, t => single.LogDensity(t), w => single.SimdWidth = w, single.LogDensityGradient, 33);
    }

    [Fact]
    public void The_layout_counts_each_row_s_free_values_and_names_columns_as_CmdStan()
    {
        SimplexRowPriorsD model = Model();

        // Free values: Theta 2 × (2 − 1), Phi 2 × (3 − 1), Rho 3 × (2 − 1); the draws hold every value.
        Assert.Equal(2 + 4 + 3, model.ParameterCount);
        Assert.Equal(4 + 6 + 6, model.Layout.Dimension);
        Assert.Equal("simplex-rows", model.Layout["Phi"].Transform);
        IReadOnlyList<string> columns = StanCsv.ColumnNames(model.Layout);
        Assert.Equal("Phi.2.1", columns[model.Layout["Phi"].Offset + 1]);   // column-major, as CmdStan writes a matrix
    }

    [Fact]
    public void Unconstrain_inverts_the_transform_and_refuses_a_row_that_is_not_a_simplex()
    {
        SimplexRowPriorsD model = Model();
        var random = new System.Random(34);
        double[] theta = [.. Enumerable.Range(0, model.ParameterCount).Select(_ => (random.NextDouble() * 4) - 2)];
        double[] values = new double[model.Layout.Dimension];
        ((IModel<double>)model).Constrain(theta, values);
        for (int r = 0; r < 2; r++)
        {
            Assert.Equal(1.0, values[model.Layout["Phi"].Offset + (3 * r)] + values[model.Layout["Phi"].Offset + (3 * r) + 1] + values[model.Layout["Phi"].Offset + (3 * r) + 2], 12);
        }

        double[] back = new double[model.ParameterCount];
        model.Unconstrain(values, back);
        for (int i = 0; i < theta.Length; i++)
        {
            Assert.Equal(theta[i], back[i], 1e-9);
        }

        values[model.Layout["Phi"].Offset + 4] += 0.1;
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => model.Unconstrain(values, back));
        Assert.Contains("Phi[1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_constructor_checks_the_priors_data_against_the_rows()
    {
        ModelDataException rows = Assert.Throws<ModelDataException>(() => new SimplexRowPriorsD(k: 2, v: 3, alpha: AlphaData, beta: new double[,] { { 3, 1, 1 } }));
        Assert.Equal("Beta", rows.Element);
        ModelDataException columns = Assert.Throws<ModelDataException>(() => new SimplexRowPriorsD(k: 2, v: 3, alpha: AlphaData, beta: new double[,] { { 3, 1 }, { 1, 1 } }));
        Assert.Equal("Beta", columns.Element);
        ModelDataException alpha = Assert.Throws<ModelDataException>(() => new SimplexRowPriorsD(k: 2, v: 3, alpha: [1, 2, 3], beta: BetaData));
        Assert.Equal("Alpha", alpha.Element);
        ModelDataException zero = Assert.Throws<ModelDataException>(() => new SimplexRowPriorsD(k: 2, v: 3, alpha: AlphaData, beta: new double[,] { { 3, 1, 1 }, { 1, 0, 3 } }));
        Assert.Equal("Beta", zero.Element);
    }

    [Fact]
    public void The_gradient_allocates_nothing()
    {
        SimplexRowPriorsD model = Model();
        NoneAllocates([Of(model, w => model.SimdWidth = w, model.LogDensity, model.Gradient)]);
    }
}

/// <summary>Stan's stick-breaking simplex and the Dirichlet density, written out in plain doubles (no ModelGen code).</summary>
internal static class SimplexRowReference
{
    /// <summary>
    /// Stan's reference manual, "Unit simplex": z_k = logit⁻¹(u_k − log(K − k − 1)) (0-based k), x_k = (1 − Σ_{j&lt;k} x_j)·z_k,
    /// x_{K−1} the rest; returns log |J| = Σ_k log z_k + log(1 − z_k) + log(1 − Σ_{j&lt;k} x_j).
    /// </summary>
    public static double StickBreaking(ReadOnlySpan<double> u, Span<double> x)
    {
        int k1 = x.Length - 1;
        double stick = 1, logJacobian = 0;
        for (int k = 0; k < k1; k++)
        {
            double z = 1 / (1 + Math.Exp(-(u[k] - Math.Log(k1 - k))));
            x[k] = stick * z;
            logJacobian += Math.Log(z) + Math.Log(1 - z) + Math.Log(stick);
            stick -= x[k];
        }

        x[k1] = stick;
        return logJacobian;
    }

    /// <summary>log Dirichlet(x | α) = Σ (α_k − 1) log x_k + log Γ(Σ α) − Σ log Γ(α_k), α whole or half-integers.</summary>
    public static double Dirichlet(ReadOnlySpan<double> x, ReadOnlySpan<double> alpha)
    {
        double sum = 0, value = 0;
        for (int k = 0; k < x.Length; k++)
        {
            value += ((alpha[k] - 1) * Math.Log(x[k])) - LogGamma(alpha[k]);
            sum += alpha[k];
        }

        return value + LogGamma(sum);
    }

    /// <summary>log Γ(a) of a whole or half-integer a &gt; 0 by Γ(a) = (a − 1)·Γ(a − 1) down to Γ(1) = 1 or Γ(½) = √π.</summary>
    private static double LogGamma(double a)
    {
        Assert.True(a > 0 && 2 * a == Math.Floor(2 * a), $"LogGamma here takes whole or half-integers only, not {a}");
        bool whole = a == Math.Floor(a);
        double value = whole ? 0 : 0.5 * Math.Log(Math.PI);
        for (double b = a - 1; b >= (whole ? 1 : 0.5); b--)
        {
            value += Math.Log(b);
        }

        return value;
    }
}
