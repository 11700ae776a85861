using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// The chunked density of models without a layer (eight schools: a per-group location and a per-row scale; a group
/// logit model: a per-group location plus a scalar intercept): the same bits for any thread count, the chunks and the
/// priors summed equal to the one-pass kernel within the reordering bound where the model does not take the chunked
/// path, and no allocation per chunked evaluation once warm.
/// </summary>
public sealed class ChunkedGroupTests
{
    /// <summary>Above RowChunks.MinimumRows, not a whole number of chunks: the last chunk is partial and padded.</summary>
    private const int Rows = RowChunks.MinimumRows + (3 * RowChunks.ChunkRows) + 123;

    /// <summary>Below RowChunks.MinimumRows, so the model's own density is the one-pass kernel: three chunks, the last partial.</summary>
    private const int FewRows = (2 * RowChunks.ChunkRows) + 1808;

    /// <summary>θ of eight schools: μ, log τ, θ[0..8).</summary>
    private static readonly double[] SchoolTheta = [4.0, Math.Log(3.0), 1.0, 9.5, -2.0, 6.0, 0.5, 12.0, 3.0, -4.0];

    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Vector512, SimdWidth.Vector256, SimdWidth.Vector128, SimdWidth.Scalar);

    [Fact]
    public void Models_without_a_layer_are_chunked_and_models_of_term_methods_are_not()
    {
        // The attribute models whose likelihood's location is a parameter: per group, per group with a scalar intercept,
        // non-centred, one standalone parameter. (AddShardedModel requires IRowChunkedDensity<T>: registering a model of
        // [Term] methods does not compile.)
        foreach (Type served in new[] { typeof(EightSchools), typeof(EightSchoolsNonCentred), typeof(GroupLogits), typeof(BetaBernoulli) })
        {
            Assert.True(typeof(IRowChunkedDensity<double>).IsAssignableFrom(served), served.Name);
        }

        Assert.False(typeof(IRowChunkedDensity<double>).IsAssignableFrom(typeof(CarriedLocals)));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Any_thread_count_gives_the_same_bits(SimdWidth width)
    {
        (double[,] x, double[] y) = Schools(Rows, seed: 1);
        var schools = new EightSchools(x, y) { SimdWidth = width };
        AssertThreadCountsAgree(schools, threads => schools.MaxThreads = threads, SchoolTheta);
        (double[,] ax, double[] ay) = Arms(Rows, seed: 2);
        var arms = new GroupLogits(ax, ay) { SimdWidth = width };
        AssertThreadCountsAgree(arms, threads => arms.MaxThreads = threads, [-0.3, 0.9, -0.4, 0.2, 1.3]);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Chunks_and_priors_of_a_model_below_the_chunked_path_are_its_one_pass_density_within_the_reordering_bound(SimdWidth width)
    {
        (double[,] x, double[] y) = Schools(FewRows, seed: 3);
        var model = new EightSchools(x, y) { SimdWidth = width };
        double[] theta = SchoolTheta;
        int n = theta.Length;
        var onePass = new double[n];
        double value = model.LogDensityGradient(theta, onePass);

        IRowChunkedDensity<double> chunked = model;
        Assert.Equal(3, chunked.RowChunkCount);
        var values = new double[3];
        var gradients = new double[3 * n];
        chunked.LikelihoodChunks(theta, values, gradients);
        var sum = new double[n];
        double total = RowChunks.SumInOrder(chunked.PriorTerms(theta, sum), values);
        RowChunks.AddInOrder<double>(gradients, sum);

        // Both sum the same terms (each row's log p and slope, each prior's part) in other orders: the difference of two
        // orders of a sum of m terms is at most 2γ_m·Σ|term| (γ_m = mε/(1 − mε), recursive summation; lane-wise sums are
        // tighter). The terms' magnitudes, from the closed form: rows, then the priors' parts (8 N(μ, τ), N(0, 5) on μ, the
        // half-Cauchy with its log-Jacobian), in u where a slope goes through dx/du (μ's and τ's slopes come from the
        // priors alone, the same code on both paths; θ's dx/du is 1).
        double mu = theta[0];
        double tau = Math.Exp(theta[1]);
        var magnitude = new double[n];
        double valueMagnitude = 0;
        for (int r = 0; r < FewRows; r++)
        {
            int g = (int)x[r, 0];
            double s = x[r, 1];
            double residual = y[r] - theta[2 + g];
            valueMagnitude += (0.5 * (residual / s) * (residual / s)) + Math.Abs(Math.Log(s)) + 1;
            magnitude[2 + g] += Math.Abs(residual / (s * s));
        }

        valueMagnitude += Math.Abs(mu / 5 * mu / 5) + 20;
        magnitude[0] += Math.Abs(mu / 25);
        magnitude[1] += 2;
        for (int g = 0; g < 8; g++)
        {
            double z = (theta[2 + g] - mu) / tau;
            valueMagnitude += (0.5 * z * z) + Math.Abs(theta[1]) + 1;
            magnitude[2 + g] += Math.Abs(z / tau);
            magnitude[0] += Math.Abs(z / tau);
            magnitude[1] += (z * z) + 1;
        }

        const double Unit = 1.0 / (1L << 53);
        int m = FewRows + 64;
        double gamma = m * Unit / (1 - (m * Unit));
        Assert.True(Math.Abs(total - value) <= 2 * gamma * valueMagnitude, $"value: chunks {total:R}, one pass {value:R}, bound {2 * gamma * valueMagnitude:G3}");
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(sum[i] - onePass[i]) <= 2 * gamma * magnitude[i], $"∂/∂θ[{i}]: chunks {sum[i]:R}, one pass {onePass[i]:R}, bound {2 * gamma * magnitude[i]:G3}");
        }

        // And not by chance: a chunk left out is far outside the bound.
        Assert.True(Math.Abs(total - values[1] - value) > 1e6 * 2 * gamma * valueMagnitude);
    }

    [Fact]
    public void Chunk_evaluation_allocates_nothing_once_warm()
    {
        (double[,] x, double[] y) = Schools(Rows, seed: 4);
        var model = new EightSchools(x, y) { MaxThreads = 2 };
        IRowChunkedDensity<double> chunked = model;
        double[] theta = SchoolTheta;
        var gradient = new double[theta.Length];
        var values = new double[chunked.RowChunkCount];
        var gradients = new double[chunked.RowChunkCount * theta.Length];

        // Steady state first, as ChunkedGradientTests: the pool's threads start on the first run, and tiered compilation
        // replaces the dispatch code after 30 calls and a quiet spell.
        for (int round = 0; round < 3; round++)
        {
            for (int k = 0; k < 40; k++)
            {
                model.LogDensityGradient(theta, gradient);
                chunked.LikelihoodChunks(theta, values, gradients);
                chunked.PriorTerms(theta, gradient);
            }

            Thread.Sleep(150);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 200; k++)
        {
            model.LogDensityGradient(theta, gradient);
            chunked.LikelihoodChunks(theta, values, gradients);
            chunked.PriorTerms(theta, gradient);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>The value and gradient on 2, 3 and 8 threads against one thread's, bit for bit.</summary>
    private static void AssertThreadCountsAgree(ITestDensity model, Action<int> setThreads, double[] theta)
    {
        var reference = new double[theta.Length];
        setThreads(1);
        double value = model.LogDensityGradient(theta, reference);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            setThreads(threads);
            var gradient = new double[theta.Length];
            Assert.Equal(value, model.LogDensityGradient(theta, gradient));
            Assert.Equal(reference, gradient);
        }
    }

    /// <summary>Eight schools' rows: the school (column 0), its standard error on 2 to 20 (column 1), and an estimate around the school's effect.</summary>
    private static (double[,] X, double[] Y) Schools(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        double[] effects = [.. Enumerable.Range(0, 8).Select(_ => 2 + (3 * rng.NextNormal()))];
        var x = new double[rows, 2];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            int school = (int)(rng.NextDouble() * 8);
            x[r, 0] = school;
            x[r, 1] = 2 + (18 * rng.NextDouble());
            y[r] = effects[school] + (x[r, 1] * rng.NextNormal());
        }

        return (x, y);
    }

    /// <summary>Four arms' outcomes: the arm (column 0) and a success with the arm's own probability.</summary>
    private static (double[,] X, double[] Y) Arms(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        double[] p = [0.6, 0.3, 0.45, 0.75];
        var x = new double[rows, 1];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            int arm = (int)(rng.NextDouble() * 4);
            x[r, 0] = arm;
            y[r] = rng.NextDouble() < p[arm] ? 1 : 0;
        }

        return (x, y);
    }
}
