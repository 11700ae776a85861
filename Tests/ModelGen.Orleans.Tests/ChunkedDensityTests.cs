using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// The generated entry points of a sharded fit (IRowChunkedDensity) on one machine: each chunk's likelihood and the
/// priors against closed forms, and models bound to shards on chunk boundaries, added in chunk order, against the
/// model's own density of all the rows, bit for bit.
/// </summary>
public sealed class ChunkedDensityTests
{
    private const int N = ShardNetwork.ParameterCount;

    [Fact]
    public void Each_chunk_is_its_rows_log_likelihood_and_the_priors_are_apart()
    {
        IRowChunkedDensity<float> model = ShardData.Bind("moons", 0, ShardData.Rows);
        float[] theta = Theta(seed: 3);
        int chunks = model.RowChunkCount;
        Assert.Equal(6, chunks);
        var values = new float[chunks];
        var gradients = new float[chunks * N];
        model.LikelihoodChunks(theta, values, gradients);
        (float[,] x, float[] y) = ShardData.Slice("moons", 0, ShardData.Rows);
        for (int k = 0; k < chunks; k++)
        {
            int begin = k * RowChunks.ChunkRows;
            int end = Math.Min(begin + RowChunks.ChunkRows, ShardData.Rows);
            (double value, double[] gradient) = ClosedForm(x, y, theta, begin, end);
            Assert.True(Math.Abs(values[k] - value) <= 1e-5 * Math.Abs(value), $"chunk {k}: {values[k]} against {value}");
            double scale = gradient.Max(Math.Abs);
            for (int i = 0; i < N; i++)
            {
                Assert.True(Math.Abs(gradients[(k * N) + i] - gradient[i]) <= 1e-4 * scale, $"chunk {k}, ∂/∂θ[{i}]: {gradients[(k * N) + i]} against {gradient[i]}");
            }
        }

        // The priors alone: N(0, 1) on every weight.
        var prior = new float[N];
        float priorValue = model.PriorTerms(theta, prior);
        double expected = theta.Sum(t => -0.5 * t * t) - (N * 0.5 * Math.Log(2 * Math.PI));
        Assert.True(Math.Abs(priorValue - expected) <= 1e-5 * Math.Abs(expected), $"priors: {priorValue} against {expected}");
        Assert.Equal(theta.Select(t => -t), prior);
        Assert.Equal(priorValue, model.PriorTerms(theta, default));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Shards_on_chunk_boundaries_added_in_chunk_order_are_the_models_density_bit_for_bit(int count) =>
        ShardSums.AssertShardsSum<ShardNetwork, float>((start, end) => ShardData.Bind("moons", start, end), Theta(seed: 5), count, (m, t, g) => m.LogDensityGradient(t, g), (m, t, g) => m.Gradient(t, g), (m, t) => m.LogDensity(t));

    /// <summary>A point of moderate weights.</summary>
    internal static float[] Theta(ulong seed)
    {
        var rng = new Rng(seed);
        return [.. Enumerable.Range(0, N).Select(_ => (float)(0.7 * rng.NextNormal()))];
    }

    /// <summary>Σ over rows [begin, end) of y·η − log(1 + e^η), η = Σ_j tanh(Σ_i x_i W_ij) V_j, and its gradient, in double.</summary>
    private static (double Value, double[] Gradient) ClosedForm(float[,] x, float[] y, float[] theta, int begin, int end)
    {
        // θ: W (2×4, row-major) at 0..8, V (4×1) at 8..12.
        double value = 0;
        var gradient = new double[N];
        var h = new double[4];
        for (int r = begin; r < end; r++)
        {
            double eta = 0;
            for (int j = 0; j < 4; j++)
            {
                h[j] = Math.Tanh((x[r, 0] * (double)theta[j]) + (x[r, 1] * (double)theta[4 + j]));
                eta += h[j] * theta[8 + j];
            }

            value += (y[r] * eta) - (Math.Max(eta, 0) + Math.Log(1 + Math.Exp(-Math.Abs(eta))));
            double d = y[r] - (1 / (1 + Math.Exp(-eta)));
            for (int j = 0; j < 4; j++)
            {
                gradient[8 + j] += d * h[j];
                double back = d * theta[8 + j] * (1 - (h[j] * h[j]));
                gradient[j] += back * x[r, 0];
                gradient[4 + j] += back * x[r, 1];
            }
        }

        return (value, gradient);
    }
}
