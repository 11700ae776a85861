using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Simd;
using ModelGen.Testing;
using static ModelGen.EndToEnd.Tests.Declarations.TermTests;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// Sample 5, the hidden Markov model by the forward algorithm (<see cref="HiddenMarkovTwoStates"/>, on
/// Tests/Data/stan/hmm's words): the kernel against the term run as written at every width, against the forward
/// algorithm and the priors written out here in plain doubles, its gradient against central differences, a second
/// bind with a sequence twenty times longer (the tape resized at bind), and no allocation per gradient.
/// </summary>
public sealed class HiddenMarkovTests
{
    private static readonly double[] Alpha = [1, 1];
    private static readonly double[,] Beta = { { 3, 1, 1 }, { 1, 1, 3 } };

    private static int[] Words()
    {
        StanData data = StanData.Load("hmm");
        return [.. data.Vector("w").Select(w => (int)w - 1)];   // Stan's words are 1-based, ours 0-based
    }

    private static HiddenMarkovTwoStates Model(int[] words) => new(k: 2, v: 3, w: words, alpha: Alpha, beta: Beta);

    [Fact]
    public void The_kernel_equals_the_term_run_as_written_at_every_width()
    {
        HiddenMarkovTwoStates model = Model(Words());
        EachAsWrittenAgrees([("HiddenMarkovTwoStates", Of(model, w => model.SimdWidth = w, model.LogDensity, model.Gradient), t => model.EvaluateAsWritten(t))], 41);
    }

    [Fact]
    public void The_kernel_equals_the_forward_algorithm_written_out()
    {
        foreach (int[] words in new[] { Words(), Longer(Words(), 20) })
        {
            HiddenMarkovTwoStates model = Model(words);
            foreach ((string point, double[] theta) in Points(model.ParameterCount, seed: 42))
            {
                double expected = Written(theta, words);
                Assert.True(double.IsFinite(expected), $"{point}: written out {expected}");
                foreach (SimdWidth width in Widths)
                {
                    model.SimdWidth = width;
                    double kernel = model.LogDensity(theta);
                    Assert.True(Math.Abs(kernel - expected) <= 1e-11 * Math.Max(1, Math.Abs(expected)), $"{words.Length} words, {width}, {point}: kernel {kernel:R}, written out {expected:R}");
                }
            }
        }
    }

    [Fact]
    public void The_gradient_matches_central_differences_at_every_width()
    {
        HiddenMarkovTwoStates model = Model(Words());
        EachGradientMatches([("HiddenMarkovTwoStates", Of(model, w => model.SimdWidth = w, model.LogDensity, model.Gradient), t => model.EvaluateAsWritten(t))], 43);
    }

    [Fact]
    public void The_gradient_allocates_nothing_and_a_longer_sequence_binds_a_longer_tape()
    {
        HiddenMarkovTwoStates model = Model(Words());
        HiddenMarkovTwoStates longer = Model(Longer(Words(), 20));
        NoneAllocates([Of(model, w => model.SimdWidth = w, model.LogDensity, model.Gradient), Of(longer, w => longer.SimdWidth = w, longer.LogDensity, longer.Gradient)]);
    }

    private static int[] Longer(int[] words, int times) => [.. Enumerable.Repeat(words, times).SelectMany(w => w)];

    /// <summary>
    /// log p written out: each row's stick-breaking and Dirichlet prior (<see cref="SimplexRowReference"/>), then the
    /// forward algorithm of Stan's program for any K: γ₀(k) = log φ_k(w₀), γ_t(k) = log Σ_j exp(γ_{t−1}(j) + log θ_jk)
    /// + log φ_k(w_t), log p(w) = log Σ_k exp γ_{T−1}(k).
    /// </summary>
    private static double Written(double[] theta, int[] words)
    {
        const int K = 2, V = 3;
        var transition = new double[K, K];
        var emission = new double[K, V];
        double lp = 0;
        int at = 0;
        for (int k = 0; k < K; k++)
        {
            var row = new double[K];
            lp += SimplexRowReference.StickBreaking(theta.AsSpan(at, K - 1), row) + SimplexRowReference.Dirichlet(row, Alpha);
            at += K - 1;
            for (int j = 0; j < K; j++)
            {
                transition[k, j] = row[j];
            }
        }

        for (int k = 0; k < K; k++)
        {
            var row = new double[V];
            lp += SimplexRowReference.StickBreaking(theta.AsSpan(at, V - 1), row) + SimplexRowReference.Dirichlet(row, [Beta[k, 0], Beta[k, 1], Beta[k, 2]]);
            at += V - 1;
            for (int v = 0; v < V; v++)
            {
                emission[k, v] = row[v];
            }
        }

        var gamma = new double[K];
        for (int k = 0; k < K; k++)
        {
            gamma[k] = Math.Log(emission[k, words[0]]);
        }

        for (int t = 1; t < words.Length; t++)
        {
            var next = new double[K];
            for (int k = 0; k < K; k++)
            {
                var acc = new double[K];
                for (int j = 0; j < K; j++)
                {
                    acc[j] = gamma[j] + Math.Log(transition[j, k]) + Math.Log(emission[k, words[t]]);
                }

                next[k] = LogSumExp(acc);
            }

            gamma = next;
        }

        return lp + LogSumExp(gamma);
    }

    private static double LogSumExp(double[] values)
    {
        double max = values.Max();
        return max + Math.Log(values.Sum(v => Math.Exp(v - max)));
    }
}
