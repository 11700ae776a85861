using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// The count likelihoods (Poisson, binomial, negative binomial with a fixed or a learned dispersion) through the row
/// chunks: their data-only constant (−Σ log y!, Σ log C(n, y), the gamma terms) and a learned dispersion's gamma terms
/// are each chunk's own, so each chunk's log-likelihood is its rows' log p written out here, and the priors plus the
/// chunks in order are the model's own density and gradient.
/// </summary>
public sealed class ChunkedCountTests
{
    private const double HalfLogTwoPi = 0.918938533204672741780329736406;

    /// <summary>ε of double: 2⁻⁵².</summary>
    private const double Epsilon = 2.220446049250313e-16;

    // Above RowChunks.MinimumRows, and not a whole number of chunks: the last chunk is partial and padded.
    private const int Rows = RowChunks.MinimumRows + 3 * RowChunks.ChunkRows + 123;

    [Theory]
    [InlineData("PoissonNet")]
    [InlineData("BinomialNet")]
    [InlineData("FixedDispersionNet")]
    [InlineData("NegativeBinomialNet")]
    public void Each_chunk_is_its_rows_log_likelihood_written_out(string name)
    {
        (double[,] x, double[] y) = Data(Rows, seed: 11);
        ITestDensity model = Bind(name, x, y);
        IRowChunkedDensity<double> chunked = Assert.IsAssignableFrom<IRowChunkedDensity<double>>(model);
        int n = chunked.Info.Dimension;
        double[] theta = Theta(n, seed: 12);
        int count = chunked.RowChunkCount;
        Assert.Equal((Rows + RowChunks.ChunkRows - 1) / RowChunks.ChunkRows, count);

        var values = new double[count];
        var gradients = new double[count * n];
        chunked.LikelihoodChunks(theta, values, gradients);
        var priorGradient = new double[n];
        double priors = chunked.PriorTerms(theta, priorGradient);
        for (int k = 0; k < count; k++)
        {
            int begin = k * RowChunks.ChunkRows;
            int end = Math.Min(begin + RowChunks.ChunkRows, Rows);
            double expected = 0;
            for (int r = begin; r < end; r++)
            {
                expected += RowLogLikelihood(name, theta, x, y, r);
            }

            // Against the textbook: the kernel's exp, log and softplus and the runtime's log Γ are not Math's, ~1e-14 of
            // the total (as in CountTests); the whole column's constant in every chunk would be off by thousands.
            Assert.True(Math.Abs(values[k] - expected) <= 1e-11 * Math.Abs(expected), $"{name}, chunk {k}: generated {values[k]:R}, written out {expected:R}");

            // Against the one-pass kernel over the chunk's rows alone (a model bound to them: under MinimumRows, one
            // pass): the same rows in the same lanes and the same constant, so the likelihood is the same bits; the
            // one-pass value has the priors added block by block after it, PriorTerms sums them first, so the two
            // differ by the rounding of that reordering, within 4ε·(|likelihood| + |priors|), and likewise each
            // element of the gradient.
            ITestDensity alone = Bind(name, Slice(x, begin, end), y[begin..end]);
            var onePassGradient = new double[n];
            double onePass = alone.LogDensityGradient(theta, onePassGradient) - priors;
            Assert.True(Math.Abs(values[k] - onePass) <= 4 * Epsilon * (Math.Abs(values[k]) + Math.Abs(priors)), $"{name}, chunk {k}: chunked {values[k]:R}, one pass {onePass:R}");
            for (int i = 0; i < n; i++)
            {
                double chunk = gradients[(k * n) + i];
                double expectedGradient = onePassGradient[i] - priorGradient[i];
                Assert.True(
                    Math.Abs(chunk - expectedGradient) <= 4 * Epsilon * (Math.Abs(chunk) + Math.Abs(priorGradient[i])),
                    $"{name}, chunk {k}, gradient[{i}]: chunked {chunk:R}, one pass {expectedGradient:R}");
            }
        }

        // The priors (every network block N(0, 1)), once; a learned φ = e^θ₀ ~ Gamma(2, rate 0.5) adds
        // log(0.5²/Γ(2)) + log φ − 0.5·φ and the log-Jacobian θ₀, whose gradient is 1 + 1 − 0.5·φ.
        int net = name == "NegativeBinomialNet" ? 1 : 0;
        double expectedPriors = theta.Skip(net).Sum(t => (-0.5 * t * t) - HalfLogTwoPi);
        double priorScale = theta.Skip(net).Sum(t => (0.5 * t * t) + HalfLogTwoPi);
        if (net == 1)
        {
            double phi = Math.Exp(theta[0]);
            expectedPriors += (2 * Math.Log(0.5)) + theta[0] - (0.5 * phi) + theta[0];
            priorScale += Math.Abs(2 * Math.Log(0.5)) + (2 * Math.Abs(theta[0])) + (0.5 * phi);

            // The kernel's exp is not Math's (a few ulps of φ): 8ε of the terms in φ.
            Assert.True(Math.Abs(priorGradient[0] - (2 - (0.5 * phi))) <= 8 * Epsilon * (2 + (0.5 * phi)), $"{name}: prior gradient {priorGradient[0]:R}, written out {2 - (0.5 * phi):R}");
        }

        Assert.True(Math.Abs(priors - expectedPriors) <= 8 * Epsilon * priorScale, $"{name}: priors {priors:R}, written out {expectedPriors:R}");
        for (int i = net; i < n; i++)
        {
            Assert.Equal(-theta[i], priorGradient[i]);
        }

        // The model's own density of all the rows is the priors and the chunks added in chunk order, bit for bit.
        var gradient = new double[n];
        double value = model.LogDensityGradient(theta, gradient);
        double sum = priors;
        var summed = (double[])priorGradient.Clone();
        for (int k = 0; k < count; k++)
        {
            sum += values[k];
            for (int i = 0; i < n; i++)
            {
                summed[i] += gradients[(k * n) + i];
            }
        }

        Assert.Equal(sum, value);
        Assert.Equal(summed, gradient);
        Assert.Equal(sum, model.LogDensity(theta));
    }

    [Fact]
    public void A_learned_dispersions_chunked_gradient_allocates_nothing_once_warm()
    {
        // One thread, so every chunk's gamma-term tally (stackalloc under 512 counts) runs on this thread and is counted.
        (double[,] x, double[] y) = Data(Rows, seed: 15);
        var model = new NegativeBinomialNet(x, y) { MaxThreads = 1 };
        double[] theta = Theta(NegativeBinomialNet.ParameterCount, seed: 16);
        var gradient = new double[theta.Length];

        // Steady state first: tiered compilation swaps the dispatch code after 30 calls and a quiet spell.
        for (int round = 0; round < 3; round++)
        {
            for (int k = 0; k < 40; k++)
            {
                model.LogDensityGradient(theta, gradient);
            }

            Thread.Sleep(150);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            model.LogDensityGradient(theta, gradient);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void A_poisson_with_a_standalone_offset_chunks_to_the_one_pass_density()
    {
        // GroupPoisson: a per-site log-rate offset (a standalone parameter, so the chunks run on constrained values).
        (double[,] x2, double[] y) = Data(Rows, seed: 13);
        var x = new double[Rows, 3];
        for (int r = 0; r < Rows; r++)
        {
            (x[r, 0], x[r, 1], x[r, 2]) = (x2[r, 0], x2[r, 1], r % 5);
        }

        var model = new GroupPoisson(x, y);
        IRowChunkedDensity<double> chunked = Assert.IsAssignableFrom<IRowChunkedDensity<double>>(model);
        int n = chunked.Info.Dimension;
        double[] theta = Theta(n, seed: 14);
        var gradient = new double[n];
        double value = model.LogDensityGradient(theta, gradient);

        // The one-pass kernel over two halves (each under RowChunks.MinimumRows), less the priors one half counted twice.
        const int Half = Rows / 2;
        var first = new GroupPoisson(Slice(x, 0, Half), y[..Half]);
        var second = new GroupPoisson(Slice(x, Half, Rows), y[Half..]);
        var a = new double[n];
        var b = new double[n];
        var priors = new double[n];
        double onePass = first.LogDensityGradient(theta, a) + second.LogDensityGradient(theta, b) - chunked.PriorTerms(theta, priors);

        // ~29,000 rows of terms ≲ 10 summed in two orders: 1e-11 of the scale is ~10⁴ ulps, far below a constant counted twice.
        Assert.True(Math.Abs(value - onePass) <= 1e-11 * Math.Abs(onePass), $"value: chunked {value:R}, one pass {onePass:R}");
        double scale = a.Zip(b, (u, v) => Math.Abs(u + v)).Max();
        for (int i = 0; i < n; i++)
        {
            double expected = a[i] + b[i] - priors[i];
            Assert.True(Math.Abs(gradient[i] - expected) <= 1e-11 * scale, $"gradient[{i}]: chunked {gradient[i]:R}, one pass {expected:R}");
        }
    }

    private static ITestDensity Bind(string name, double[,] x, double[] y) => name switch
    {
        "PoissonNet" => new PoissonNet(x, y),
        "BinomialNet" => new BinomialNet(x, y),
        "NegativeBinomialNet" => new NegativeBinomialNet(x, y),
        _ => new FixedDispersionNet(x, y),
    };

    /// <summary>Row r's log p(y | θ) for the count networks (blocks: hidden W 2×h, [b h], output W h, b; every prior N(0, 1)).</summary>
    private static double RowLogLikelihood(string name, double[] t, double[,] x, double[] y, int r) => name switch
    {
        "PoissonNet" => Poisson(y[r], Net(t, 0, 3, hiddenBias: true, x, r)),
        "BinomialNet" => Binomial(y[r], 5, Net(t, 0, 3, hiddenBias: true, x, r)),

        // θ: log φ, then the network.
        "NegativeBinomialNet" => NegativeBinomial(y[r], Net(t, 1, 3, hiddenBias: true, x, r), Math.Exp(t[0])),
        _ => NegativeBinomial(y[r], Net(t, 0, 2, hiddenBias: false, x, r), 2.5),
    };

    /// <summary>z = Σⱼ v[j]·tanh(x·W[:, j] + b[j]) + c, for a network whose blocks start at θ[offset].</summary>
    private static double Net(double[] t, int offset, int hidden, bool hiddenBias, double[,] x, int r)
    {
        int w = offset;
        int b = w + (2 * hidden);
        int v = hiddenBias ? b + hidden : b;
        double z = t[v + hidden];
        for (int j = 0; j < hidden; j++)
        {
            double u = (x[r, 0] * t[w + j]) + (x[r, 1] * t[w + hidden + j]) + (hiddenBias ? t[b + j] : 0);
            z += t[v + j] * Math.Tanh(u);
        }

        return z;
    }

    private static double LogFactorial(double y)
    {
        double sum = 0;
        for (int k = 2; k <= (int)y; k++)
        {
            sum += Math.Log(k);
        }

        return sum;
    }

    private static double Poisson(double y, double eta) => (y * eta) - Math.Exp(eta) - LogFactorial(y);

    private static double Binomial(double y, int n, double eta)
    {
        // log σ(η) and log(1 − σ(η)) = log σ(−η), each as −log(1 + e^∓η).
        double logP = -Math.Log(1 + Math.Exp(-eta));
        double logQ = -Math.Log(1 + Math.Exp(eta));
        return LogFactorial(n) - LogFactorial(y) - LogFactorial(n - y) + (y * logP) + ((n - y) * logQ);
    }

    /// <summary>NB₂(y | μ = e^η, φ) = Γ(y+φ)/(Γ(φ) y!) (φ/(μ+φ))^φ (μ/(μ+φ))^y, with Γ(y+φ)/Γ(φ) = Π (φ + k).</summary>
    private static double NegativeBinomial(double y, double eta, double phi)
    {
        double mu = Math.Exp(eta);
        double gammaRatio = 0;
        for (int k = 0; k < (int)y; k++)
        {
            gammaRatio += Math.Log(phi + k);
        }

        return gammaRatio - LogFactorial(y) + (phi * Math.Log(phi / (mu + phi))) + (y * Math.Log(mu / (mu + phi)));
    }

    /// <summary>Two normal features and counts 0 to 5 (a binomial's 5 trials bound them).</summary>
    private static (double[,] X, double[] Y) Data(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[rows, 2];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            x[r, 1] = rng.NextNormal();
            y[r] = rng.NextInt(6);
        }

        return (x, y);
    }

    private static double[] Theta(int length, ulong seed)
    {
        var rng = new Rng(seed);
        return [.. Enumerable.Range(0, length).Select(_ => 0.5 * rng.NextNormal())];
    }

    private static double[,] Slice(double[,] x, int from, int to)
    {
        var result = new double[to - from, x.GetLength(1)];
        for (int r = from; r < to; r++)
        {
            for (int c = 0; c < x.GetLength(1); c++)
            {
                result[r - from, c] = x[r, c];
            }
        }

        return result;
    }
}
