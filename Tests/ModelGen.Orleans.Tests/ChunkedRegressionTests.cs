using ModelGen.Inference;
using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// The sharded fit's entry points on models with transforms, standalone and hierarchical parameters and a learned σ
/// (<see cref="LineModel"/>, <see cref="ShardGroups"/>): each chunk's likelihood (its own rows' −n·log σ included)
/// and the priors with the log-Jacobians against closed forms in double, and shards on chunk boundaries added in chunk
/// order against the model's own density of all the rows, bit for bit.
/// </summary>
public sealed class ChunkedRegressionTests
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>θ of the line: log σ, w, b.</summary>
    private static readonly double[] LineTheta = [Math.Log(0.7), 1.4, 0.2];

    /// <summary>θ of the groups: μa, log σa, a[0..8), log σy, w.</summary>
    private static readonly double[] GroupTheta = [0.9, Math.Log(0.6), 1.2, 0.4, 1.7, 0.8, 1.1, 0.3, 1.5, 0.95, Math.Log(0.5), -0.6];

    [Fact]
    public void Each_chunk_of_a_learned_sigma_regression_is_its_rows_log_likelihood_and_the_priors_hold_the_jacobian()
    {
        IRowChunkedDensity<double> model = ShardRegressionData.BindLine(0, ShardData.Rows);
        (double[,] x, double[] y) = ShardRegressionData.LineRows(0, ShardData.Rows);
        double[] theta = LineTheta;
        double sigma = Math.Exp(theta[0]);
        AssertChunks(model, theta, (begin, end) =>
        {
            // Σ −½r²/σ² − n_k(log σ + ½ log 2π), r = w·x + b − y; ∂/∂u = Σr²/σ² − n_k (σ = eᵘ), ∂/∂w = −Σ r·x/σ², ∂/∂b = −Σ r/σ².
            double value = 0;
            var gradient = new double[3];
            for (int r = begin; r < end; r++)
            {
                double residual = (theta[1] * x[r, 0]) + theta[2] - y[r];
                double s = residual / sigma;
                value -= 0.5 * s * s;
                gradient[0] += s * s;
                gradient[1] -= residual * x[r, 0] / (sigma * sigma);
                gradient[2] -= residual / (sigma * sigma);
            }

            int n = end - begin;
            value -= n * (theta[0] + HalfLog2Pi);
            gradient[0] -= n;
            return (value, gradient);
        });

        // The priors with the log-Jacobian: Exponential(1) on σ plus log σ = u; Normal(0, 10) on w and b.
        double expected = -sigma + theta[0];
        var expectedGradient = new double[] { 1 - sigma, 0, 0 };
        for (int i = 1; i < 3; i++)
        {
            expected += (-0.5 * (theta[i] / 10) * (theta[i] / 10)) - Math.Log(10) - HalfLog2Pi;
            expectedGradient[i] = -theta[i] / 100;
        }

        AssertPriors(model, theta, expected, expectedGradient);
    }

    [Fact]
    public void Each_chunk_of_a_varying_intercepts_model_is_its_rows_log_likelihood_and_the_priors_hold_the_hierarchy()
    {
        IRowChunkedDensity<double> model = ShardRegressionData.BindGroups(0, ShardData.Rows);
        (double[,] x, double[] y) = ShardRegressionData.GroupRows(0, ShardData.Rows);
        double[] theta = GroupTheta;
        const int G = ShardRegressionData.Groups;
        double sigmaY = Math.Exp(theta[2 + G]);
        double w = theta[3 + G];
        AssertChunks(model, theta, (begin, end) =>
        {
            // Σ −½r²/σy² − n_k(log σy + ½ log 2π), r = a[g] + w·x − y; ∂/∂a_g = −Σ_g r/σy², ∂/∂w = −Σ r·x/σy², ∂/∂u_y = Σr²/σy² − n_k.
            double value = 0;
            var gradient = new double[theta.Length];
            for (int r = begin; r < end; r++)
            {
                int g = (int)x[r, 1];
                double residual = theta[2 + g] + (w * x[r, 0]) - y[r];
                double s = residual / sigmaY;
                value -= 0.5 * s * s;
                gradient[2 + g] -= residual / (sigmaY * sigmaY);
                gradient[2 + G] += s * s;
                gradient[3 + G] -= residual * x[r, 0] / (sigmaY * sigmaY);
            }

            int n = end - begin;
            value -= n * (theta[2 + G] + HalfLog2Pi);
            gradient[2 + G] -= n;
            return (value, gradient);
        });

        // μa ~ N(0, 10); σa ~ HalfNormal(5) (+ log σa); a_g ~ N(μa, σa); σy ~ HalfNormal(5) (+ log σy); w ~ N(0, 10).
        double muA = theta[0];
        double sigmaA = Math.Exp(theta[1]);
        var grad = new double[theta.Length];
        double expected = (-0.5 * (muA / 10) * (muA / 10)) - Math.Log(10) - HalfLog2Pi;
        grad[0] = -muA / 100;
        expected += Math.Log(2) - (0.5 * (sigmaA / 5) * (sigmaA / 5)) - Math.Log(5) - HalfLog2Pi + theta[1];
        grad[1] = 1 - (sigmaA * sigmaA / 25);
        for (int g = 0; g < G; g++)
        {
            double z = (theta[2 + g] - muA) / sigmaA;
            expected += (-0.5 * z * z) - theta[1] - HalfLog2Pi;
            grad[2 + g] = -z / sigmaA;
            grad[0] += z / sigmaA;
            grad[1] += (z * z) - 1;
        }

        expected += Math.Log(2) - (0.5 * (sigmaY / 5) * (sigmaY / 5)) - Math.Log(5) - HalfLog2Pi + theta[2 + G];
        grad[2 + G] = 1 - (sigmaY * sigmaY / 25);
        expected += (-0.5 * (w / 10) * (w / 10)) - Math.Log(10) - HalfLog2Pi;
        grad[3 + G] = -w / 100;
        AssertPriors(model, theta, expected, grad);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Shards_of_a_learned_sigma_regression_added_in_chunk_order_are_its_density_bit_for_bit(int count) =>
        ShardSums.AssertShardsSum(ShardRegressionData.BindLine, LineTheta, count, (m, t, g) => m.LogDensityGradient(t, g), (m, t, g) => m.Gradient(t, g), (m, t) => m.LogDensity(t));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Shards_of_a_varying_intercepts_model_added_in_chunk_order_are_its_density_bit_for_bit(int count) =>
        ShardSums.AssertShardsSum(ShardRegressionData.BindGroups, GroupTheta, count, (m, t, g) => m.LogDensityGradient(t, g), (m, t, g) => m.Gradient(t, g), (m, t) => m.LogDensity(t));

    [Theory]
    [MemberData(nameof(ShardsAtEveryWidth))]
    public void Shards_of_a_learned_dispersion_count_model_added_in_chunk_order_are_its_density_bit_for_bit(int count, SimdWidth width) =>
        ShardSums.AssertShardsSum((start, end) => ShardCountData.Bind(start, end, width), ShardCountData.Theta, count, (m, t, g) => m.LogDensityGradient(t, g), (m, t, g) => m.Gradient(t, g), (m, t) => m.LogDensity(t));

    /// <summary>1, 2, 3 and 5 shards at every register width.</summary>
    public static TheoryData<int, SimdWidth> ShardsAtEveryWidth()
    {
        var data = new TheoryData<int, SimdWidth>();
        foreach (SimdWidth width in new[] { SimdWidth.Vector512, SimdWidth.Vector256, SimdWidth.Vector128, SimdWidth.Scalar })
        {
            foreach (int count in new[] { 1, 2, 3, 5 })
            {
                data.Add(count, width);
            }
        }

        return data;
    }

    [Fact]
    public void Chains_sampling_one_model_at_once_are_the_chains_sampled_one_after_another()
    {
        // NUTS runs its chains in parallel on one model: its chunks' buffers must not be shared between two evaluations.
        LineModel model = ShardRegressionData.BindLine(0, ShardData.Rows);
        var options = new ModelGen.Sampling.NutsOptions { Chains = 4, Warmup = 60, Draws = 20, Seed = 5 };
        double[] apart = model.Nuts(options with { MaxDegreeOfParallelism = 1 }).Draws.Values.ToArray();
        double[] together = model.Nuts(options with { MaxDegreeOfParallelism = 4 }).Draws.Values.ToArray();
        Assert.Equal(apart, together);
    }

    /// <summary>Every chunk's value and gradient against <paramref name="closedForm"/> over its real rows.</summary>
    internal static void AssertChunks(IRowChunkedDensity<double> model, double[] theta, Func<int, int, (double Value, double[] Gradient)> closedForm)
    {
        int n = theta.Length;
        int chunks = model.RowChunkCount;
        Assert.Equal(6, chunks);
        var values = new double[chunks];
        var gradients = new double[chunks * n];
        model.LikelihoodChunks(theta, values, gradients);
        for (int k = 0; k < chunks; k++)
        {
            int begin = k * RowChunks.ChunkRows;
            (double value, double[] gradient) = closedForm(begin, Math.Min(begin + RowChunks.ChunkRows, ShardData.Rows));
            Assert.True(Math.Abs(values[k] - value) <= 1e-11 * Math.Abs(value), $"chunk {k}: {values[k]} against {value}");
            double scale = gradient.Max(Math.Abs);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(gradients[(k * n) + i] - gradient[i]) <= 1e-10 * scale, $"chunk {k}, ∂/∂θ[{i}]: {gradients[(k * n) + i]} against {gradient[i]}");
            }
        }
    }

    /// <summary>PriorTerms' value and gradient against the closed form.</summary>
    internal static void AssertPriors(IRowChunkedDensity<double> model, double[] theta, double expected, double[] expectedGradient)
    {
        var gradient = new double[theta.Length];
        double value = model.PriorTerms(theta, gradient);
        Assert.True(Math.Abs(value - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"priors: {value} against {expected}");
        for (int i = 0; i < theta.Length; i++)
        {
            Assert.True(Math.Abs(gradient[i] - expectedGradient[i]) <= 1e-12 * Math.Max(1, Math.Abs(expectedGradient[i])), $"priors, ∂/∂θ[{i}]: {gradient[i]} against {expectedGradient[i]}");
        }

        Assert.Equal(value, model.PriorTerms(theta, default));
    }
}

/// <summary>The check every sharded model's chunks pass on one machine.</summary>
internal static class ShardSums
{
    /// <summary>The shards' chunks added after shard 0's priors in chunk order: the whole model's density bit for bit, and not in reverse order.</summary>
    /// <remarks>The whole model's own entry points come as delegates: a generated model implements no interface that has them.</remarks>
    public static void AssertShardsSum<TModel, T>(
        Func<int, int, TModel> bind,
        T[] theta,
        int count,
        Func<TModel, T[], T[], T> logDensityGradient,
        Action<TModel, T[], T[]> gradientOf,
        Func<TModel, T[], T> logDensity)
        where TModel : IRowChunkedDensity<T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = theta.Length;
        TModel whole = bind(0, ShardData.Rows);
        var gradient = new T[n];
        T value = logDensityGradient(whole, theta, gradient);
        var gradientOnly = new T[n];
        gradientOf(whole, theta, gradientOnly);

        List<(T[] Values, T[] Gradients)> parts = [];
        foreach (ShardRows rows in ShardLayout.Even(ShardData.Rows, count))
        {
            TModel shard = bind(rows.Start, rows.End);
            Assert.Equal(rows.Count, shard.BoundRows);
            var values = new T[shard.RowChunkCount];
            var gradients = new T[shard.RowChunkCount * n];
            shard.LikelihoodChunks(theta, values, gradients);
            parts.Add((values, gradients));
        }

        TModel first = bind(0, RowChunks.ChunkRows);
        var sum = new T[n];
        T total = first.PriorTerms(theta, sum);
        foreach ((T[] values, T[] gradients) in parts)
        {
            total = RowChunks.SumInOrder(total, values);
            RowChunks.AddInOrder<T>(gradients, sum);
        }

        Assert.Equal(value, total);
        Assert.Equal(logDensity(whole, theta), total);
        Assert.Equal(gradient, sum);
        Assert.Equal(gradientOnly, sum);

        T[] allValues = [.. parts.SelectMany(p => p.Values)];
        T[] allGradients = [.. parts.SelectMany(p => p.Gradients)];
        var reversed = new T[n];
        T reversedTotal = first.PriorTerms(theta, reversed);
        for (int k = allValues.Length - 1; k >= 0; k--)
        {
            reversedTotal += allValues[k];
            RowChunks.AddInOrder<T>(allGradients.AsSpan(k * n, n), reversed);
        }

        // The order is what makes the bits: the same chunks added last to first give other bits.
        Assert.NotEqual(gradient, reversed);
    }
}
