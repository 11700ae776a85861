using ModelGen.EndToEnd.Tests.Models;
using static ModelGen.EndToEnd.Tests.Declarations.TermTests;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// Sample 9 (correlated varying slopes, docs/terms.md) as a loop term (<see cref="VaryingSlopesTerm"/>): a matrix
/// parameter read by a data index (Z[m, G[n]]), a Cholesky factor of a correlation matrix with its LKJ prior, three
/// nested sums. The kernel against the method as written at every width, its gradient against central differences,
/// its density against the model written out here (the transform of a 2 × 2 correlation factor, the LKJ, half-Cauchy
/// and normal densities with their constants, the Bernoulli-logit rows), and no allocation per gradient; the NUTS
/// posterior against Stan's is in StanReferenceTests.
/// </summary>
public sealed class VaryingSlopesTests
{
    // Three groups, two coefficients (an intercept column and a slope), twelve rows.
    private static readonly int[] Groups = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2];

    private static readonly int[] Outcomes = [1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1];

    private static double[,] Design()
    {
        var x = new double[Groups.Length, 2];
        for (int n = 0; n < Groups.Length; n++)
        {
            x[n, 0] = 1;
            x[n, 1] = Math.Sin(n * 0.9) * 1.5;
        }

        return x;
    }

    private static VaryingSlopesTerm Model(int rows = 12)
    {
        double[,] design = Design();
        var x = new double[rows, 2];
        int[] g = new int[rows], y = new int[rows];
        for (int n = 0; n < rows; n++)
        {
            x[n, 0] = design[n % 12, 0];
            x[n, 1] = design[n % 12, 1] + (n / 12 * 0.01);
            g[n] = Groups[n % 12];
            y[n] = Outcomes[n % 12];
        }

        return new VaryingSlopesTerm(k: 2, j: 3, g: g, x: x, y: y);
    }

    private static Generated Of(VaryingSlopesTerm m) => TermTests.Of(m, w => m.SimdWidth = w, m.LogDensity, m.Gradient);

    [Fact]
    public void The_kernel_equals_the_term_run_as_written_at_every_width()
    {
        var failures = new List<string>();
        VaryingSlopesTerm model = Model();
        AsWrittenAgrees("VaryingSlopesTerm", Of(model), t => model.EvaluateAsWritten(t), 120, failures);
        VaryingSlopesTerm longer = Model(1_000);
        AsWrittenAgrees("VaryingSlopesTerm (1,000 rows)", Of(longer), t => longer.EvaluateAsWritten(t), 121, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_gradient_matches_central_differences_at_every_width()
    {
        var failures = new List<string>();
        Gradients("VaryingSlopesTerm", Of(Model()), 122, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_density_is_the_model_written_out()
    {
        // θ = [Z (2 × 3, row-major), u (the factor's one free value), log τ (2), γ (2)], each block where the layout says.
        VaryingSlopesTerm model = Model();
        Assert.Equal(6 + 1 + 2 + 2, model.ParameterCount);
        var random = new System.Random(5);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] theta = [.. Enumerable.Range(0, model.ParameterCount).Select(_ => (random.NextDouble() * 3) - 1.5)];
            const int zAt = 0, lAt = 6, tauAt = 7, gammaAt = 9;   // θ holds the blocks in declaration order, each its free values
            double Z(int m, int j) => theta[zAt + (m * 3) + j];

            // A 2 × 2 correlation factor from one free value (Stan's cholesky_factor_corr): r = tanh(u),
            // L = [[1, 0], [r, √(1 − r²)]], log |dr/du| = log(1 − r²).
            double r = Math.Tanh(theta[lAt]);
            double[,] l = { { 1, 0 }, { r, Math.Sqrt(1 - (r * r)) } };
            double expected = Math.Log(1 - (r * r));

            // LKJ(η = 2) on the factor: for K = 2 the correlation's density is (3/4)(1 − r²)^(η − 1), and in the factor's
            // free element that is (3/4)·L₂₂^(2η − 2).
            expected += Math.Log(0.75) + (2 * Math.Log(l[1, 1]));

            double[] tau = new double[2], gamma = new double[2];
            for (int k = 0; k < 2; k++)
            {
                double logTau = theta[tauAt + k];
                tau[k] = Math.Exp(logTau);
                gamma[k] = theta[gammaAt + k];
                expected += Math.Log(2 / (Math.PI * 2.5 * (1 + (tau[k] / 2.5 * (tau[k] / 2.5))))) + logTau;   // half-Cauchy(2.5), τ = e^u
                expected += NormalLog(gamma[k], 0, 5);
            }

            for (int m = 0; m < 2; m++)
            {
                for (int j = 0; j < 3; j++)
                {
                    expected += NormalLog(Z(m, j), 0, 1);
                }
            }

            double[,] x = Design();
            for (int n = 0; n < Groups.Length; n++)
            {
                double eta = 0;
                for (int k = 0; k < 2; k++)
                {
                    double beta = gamma[k];
                    for (int m = 0; m <= k; m++)
                    {
                        beta += tau[k] * l[k, m] * Z(m, Groups[n]);
                    }

                    eta += x[n, k] * beta;
                }

                // log σ(η) for y = 1, log σ(−η) for y = 0.
                double s = Outcomes[n] == 1 ? eta : -eta;
                expected += -Math.Log(1 + Math.Exp(-s));
            }

            Assert.Equal(expected, model.LogDensity(theta), 1e-10);
        }
    }

    [Fact]
    public void A_gradient_allocates_nothing()
    {
        foreach (VaryingSlopesTerm model in new[] { Model(), Model(1_000) })
        {
            double[] theta = new double[model.ParameterCount], gradient = new double[model.ParameterCount];
            model.Gradient(theta, gradient);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                model.Gradient(theta, gradient);
            }

            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void A_group_outside_the_columns_of_Z_is_refused_at_bind_naming_the_row(int bad)
    {
        // Z is 2 × 3 and the term reads Z[m, G[n]]: a group of 3 would read the next row's first column (Z is one flat span),
        // so the constructor refuses it, naming the data, its position and what it indexes (a negative group is refused
        // before that by [Data(Min = 0)]).
        int[] groups = (int[])Groups.Clone();
        groups[5] = bad;
        var error = Assert.Throws<ModelGen.Data.ModelDataException>(() => new VaryingSlopesTerm(k: 2, j: 3, g: groups, x: Design(), y: Outcomes));
        Assert.Equal("G", error.Element);
        Assert.Equal(5, error.Row);
        Assert.Contains($"Data 'G'[5] is {bad}; term 'Likelihood' reads the columns of 'Z' at it, which has 3, so each value must be from 0 to 2", error.Message, StringComparison.Ordinal);
    }

    private static double NormalLog(double y, double mu, double sigma)
    {
        double z = (y - mu) / sigma;
        return (-0.5 * z * z) - Math.Log(sigma) - (0.5 * Math.Log(2 * Math.PI));
    }
}
