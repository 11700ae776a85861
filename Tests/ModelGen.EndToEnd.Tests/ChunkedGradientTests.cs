using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// The data-parallel gradient of large full batches (RowChunks): fixed chunks summed in order, so the same bits for any
/// thread count; the same gradient as the one-pass kernel up to summation order; no allocation per call once warm.
/// </summary>
public sealed class ChunkedGradientTests
{
    // Above RowChunks.MinimumRows, and not a whole number of chunks, so the last chunk is partial and padded.
    private const int Rows = RowChunks.MinimumRows + 3 * RowChunks.ChunkRows + 123;

    [Theory]
    [InlineData(SimdWidth.Vector512)]
    [InlineData(SimdWidth.Vector256)]
    [InlineData(SimdWidth.Scalar)]
    public void Any_thread_count_gives_the_same_bits(SimdWidth width)
    {
        (float[,] x, float[] y) = Data(Rows, seed: 1);
        var model = new SeedFloat(x, y) { SimdWidth = width };
        float[] theta = Theta(SeedFloat.ParameterCount, seed: 2);
        var reference = new float[theta.Length];
        model.MaxThreads = 1;
        model.Gradient(theta, reference);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            model.MaxThreads = threads;
            var gradient = new float[theta.Length];
            model.Gradient(theta, gradient);
            Assert.Equal(reference, gradient);
        }
    }

    [Fact]
    public void Wide_tiled_model_gives_the_same_bits_on_one_and_two_threads()
    {
        (float[,] xf, float[] yf) = Data(Rows, seed: 3);
        var model = new Wide32Net(ToDouble(xf), Array.ConvertAll(yf, v => (double)v));
        double[] theta = Array.ConvertAll(Theta(Wide32Net.ParameterCount, seed: 4), v => v / Math.Sqrt(32));
        var one = new double[theta.Length];
        var two = new double[theta.Length];
        model.MaxThreads = 1;
        model.Gradient(theta, one);
        model.MaxThreads = 2;
        model.Gradient(theta, two);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Chunked_gradient_is_the_one_pass_gradient_up_to_summation_order()
    {
        (float[,] xf, float[] yf) = Data(Rows, seed: 5);
        double[] yd = Array.ConvertAll(yf, v => (double)v);
        var model = new SeedDouble(ToDouble(xf), yd);
        double[] theta = Array.ConvertAll(Theta(SeedDouble.ParameterCount, seed: 6), v => (double)v);
        var chunked = new double[theta.Length];
        model.Gradient(theta, chunked);

        // The one-pass kernel over the same rows: each half is under RowChunks.MinimumRows, so one pass each.
        double[] onePass = OnePass((from, to) => new SeedDouble(ToDouble(xf, from, to), yd[from..to]), (m, g) => m.LogDensityGradient(theta, g), theta);

        // Both add ~29,000 row terms of size ≲ 10 in double, in different orders: 1e-11 relative to the gradient's scale
        // is ~10⁴ ulps of the sum, far above reordering and far below any real difference.
        double scale = onePass.Max(Math.Abs);
        for (int i = 0; i < theta.Length; i++)
        {
            Assert.True(Math.Abs(chunked[i] - onePass[i]) <= 1e-11 * scale, $"gradient[{i}]: chunked {chunked[i]:R}, one pass {onePass[i]:R}");
        }
    }

    [Fact]
    public void Chunked_categorical_gradient_is_the_one_pass_gradient_up_to_summation_order()
    {
        // The K-logit likelihood through the same chunks: labels 0, 1, 2 from the first feature's sign and size.
        (float[,] xf, float[] yf) = Data(Rows, seed: 9);
        double[] labels = Enumerable.Range(0, Rows).Select(r => xf[r, 0] < -0.5f ? 0.0 : xf[r, 0] < 0.5f ? 1.0 : 2.0).ToArray();
        var model = new CategoricalNet(ToDouble(xf), labels) { MaxThreads = 2 };
        double[] theta = Array.ConvertAll(Theta(CategoricalNet.ParameterCount, seed: 10), v => (double)v);
        var chunked = new double[theta.Length];
        model.Gradient(theta, chunked);
        double[] onePass = OnePass((from, to) => new CategoricalNet(ToDouble(xf, from, to), labels[from..to]), (m, g) => m.LogDensityGradient(theta, g), theta);
        double scale = onePass.Max(Math.Abs);
        for (int i = 0; i < theta.Length; i++)
        {
            Assert.True(Math.Abs(chunked[i] - onePass[i]) <= 1e-11 * scale, $"gradient[{i}]: chunked {chunked[i]:R}, one pass {onePass[i]:R}");
        }
    }

    [Fact]
    public void Chunked_gradient_allocates_nothing_once_warm()
    {
        (float[,] x, float[] y) = Data(Rows, seed: 7);
        var model = new SeedFloat(x, y) { MaxThreads = 2 };
        float[] theta = Theta(SeedFloat.ParameterCount, seed: 8);
        var gradient = new float[theta.Length];

        // Reach steady state first: the pool's threads start on the first run, and tiered compilation replaces the
        // dispatch code after 30 calls and a 100 ms quiet spell; the switch can allocate a few KB on the calling thread
        // (seen once under CI). Those bytes are the runtime's, not the gradient's.
        for (int round = 0; round < 3; round++)
        {
            for (int k = 0; k < 40; k++)
            {
                model.Gradient(theta, gradient);
            }

            Thread.Sleep(150);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 200; k++)
        {
            model.Gradient(theta, gradient);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void One_thread_is_the_default() => Assert.Equal(1, new SeedFloat(new float[,] { { 0, 1 } }, new float[] { 1 }).MaxThreads);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxThreads_below_one_is_refused(int threads)
    {
        var model = new SeedFloat(new float[,] { { 0, 1 } }, new float[] { 1 });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.MaxThreads = threads);
        Assert.Equal("MaxThreads", e.ParamName);
    }

    private static (float[,] X, float[] Y) Data(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[rows, 2];
        var y = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = (float)rng.NextNormal();
            x[r, 1] = (float)rng.NextNormal();
            y[r] = rng.NextDouble() < 0.5 ? 1 : 0;
        }

        return (x, y);
    }

    private static float[] Theta(int length, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, length).Select(_ => (float)rng.NextNormal()).ToArray();
    }

    private static double[,] ToDouble(float[,] x, int from = 0, int to = -1)
    {
        to = to < 0 ? x.GetLength(0) : to;
        var result = new double[to - from, x.GetLength(1)];
        for (int r = from; r < to; r++)
        {
            result[r - from, 0] = x[r, 0];
            result[r - from, 1] = x[r, 1];
        }

        return result;
    }

    /// <summary>
    /// The gradient of all <see cref="Rows"/> rows by the one-pass kernel: the model on each half (each under
    /// <see cref="RowChunks.MinimumRows"/>, so not chunked), added, less the priors one half counted twice. (A model's own
    /// gradient of all the rows is chunked whether or not the value is asked for, for the likelihoods whose chunks give it.)
    /// </summary>
    private static double[] OnePass<TModel>(Func<int, int, TModel> bind, Action<TModel, double[]> gradient, double[] theta)
        where TModel : ModelGen.Inference.IRowChunkedDensity<double>
    {
        const int Half = Rows / 2;
        Assert.True(Rows - Half < RowChunks.MinimumRows);
        TModel first = bind(0, Half);
        var a = new double[theta.Length];
        var b = new double[theta.Length];
        var priors = new double[theta.Length];
        gradient(first, a);
        gradient(bind(Half, Rows), b);
        first.PriorTerms(theta, priors);
        return [.. Enumerable.Range(0, theta.Length).Select(i => a[i] + b[i] - priors[i])];
    }
}
