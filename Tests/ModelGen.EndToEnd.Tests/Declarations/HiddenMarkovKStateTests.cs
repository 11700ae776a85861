using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Simd;
using ModelGen.Testing;
using static ModelGen.EndToEnd.Tests.Declarations.TermTests;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// Sample 5 for any K (<see cref="HiddenMarkov"/>: a local matrix γ whose cells are set once and a local span written whole
/// in each trip, docs/terms.md "Local spans and elements") and <see cref="ElementForms"/>: the kernel against the term
/// run as written at every width, against the forward algorithm and the priors written out here in plain doubles for
/// K = 2, 3 and 4, the gradient against central differences, float against double, a second bind with a longer
/// sequence and another K (scratch sized at bind), and no allocation per gradient.
/// </summary>
public sealed class HiddenMarkovKStateTests
{
    /// <summary>A model with <paramref name="k"/> states over <paramref name="v"/> symbols: α all 1, state k's emission prior 4 on symbol k mod V, 1 elsewhere.</summary>
    private static (int[] Words, double[] Alpha, double[,] Beta) Data(int k, int v, int length, int seed)
    {
        var random = new System.Random(seed);
        int[] words = [.. Enumerable.Range(0, length).Select(_ => random.Next(v))];
        var beta = new double[k, v];
        for (int s = 0; s < k; s++)
        {
            for (int x = 0; x < v; x++)
            {
                beta[s, x] = x == s % v ? 4 : 1;
            }
        }

        return (words, [.. Enumerable.Repeat(1.0, k)], beta);
    }

    /// <summary>Tests/Data/stan/hmm3's data, its words 0-based.</summary>
    private static (int[] Words, double[] Alpha, double[,] Beta) Reference()
    {
        StanData data = StanData.Load("hmm3");
        return ([.. data.Vector("w").Select(w => (int)w - 1)], data.Vector("alpha"), data.Matrix("beta"));
    }

    private static HiddenMarkov Model((int[] Words, double[] Alpha, double[,] Beta) d) =>
        new(k: d.Alpha.Length, v: d.Beta.GetLength(1), w: d.Words, alpha: d.Alpha, beta: d.Beta);

    private static IEnumerable<(string Name, (int[] Words, double[] Alpha, double[,] Beta) Data)> Cases() =>
    [
        ("K = 2, V = 3, 50 words", Data(2, 3, 50, 1)),
        ("K = 3 (hmm3), V = 4, 300 words", Reference()),
        ("K = 4, V = 3, 80 words", Data(4, 3, 80, 2)),
        ("K = 1, V = 2, 5 words", Data(1, 2, 5, 3)),
        ("K = 3, V = 4, 1 word", Data(3, 4, 1, 4)),
    ];

    private static ElementForms Forms() => new(k: 3, y: [0.3, -1.2, 2.5, 0.8, -0.4]);

    private static IEnumerable<(string Name, Generated Model, Func<double[], double> AsWritten)> Models()
    {
        foreach ((string name, var data) in Cases())
        {
            HiddenMarkov model = Model(data);
            yield return ("HiddenMarkov, " + name, Of(model, w => model.SimdWidth = w, model.LogDensity, model.Gradient), t => model.EvaluateAsWritten(t));
        }

        ElementForms forms = Forms();
        yield return ("ElementForms", Of(forms, w => forms.SimdWidth = w, forms.LogDensity, forms.Gradient), t => forms.EvaluateAsWritten(t));
    }

    [Fact]
    public void The_kernel_equals_the_term_run_as_written_at_every_width() => EachAsWrittenAgrees(Models(), 51);

    [Fact]
    public void The_gradient_matches_central_differences_at_every_width() => EachGradientMatches(Models(), 61);

    [Fact]
    public void The_kernel_equals_the_forward_algorithm_written_out_for_two_three_and_four_states()
    {
        foreach ((string name, var data) in Cases().Append(("K = 4, V = 3, 4,000 words", Data(4, 3, 4000, 5))))
        {
            HiddenMarkov model = Model(data);
            foreach ((string point, double[] theta) in Points(model.ParameterCount, seed: 71))
            {
                double expected = ForwardWrittenOut(theta, data.Words, data.Alpha, data.Beta);
                Assert.True(double.IsFinite(expected), $"{name}, {point}: written out {expected}");
                foreach (SimdWidth width in Widths)
                {
                    model.SimdWidth = width;
                    double kernel = model.LogDensity(theta);
                    Assert.True(Math.Abs(kernel - expected) <= 1e-11 * Math.Max(1, Math.Abs(expected)), $"{name}, {width}, {point}: kernel {kernel:R}, written out {expected:R}");
                }
            }
        }
    }

    [Fact]
    public void The_float_model_agrees_with_the_double_one_at_every_width()
    {
        var data = Reference();
        int[] words = data.Words[..100];
        var reference = new HiddenMarkov(k: 3, v: 4, w: words, alpha: data.Alpha, beta: data.Beta);
        var beta = new float[3, 4];
        for (int k = 0; k < 3; k++)
        {
            for (int v = 0; v < 4; v++)
            {
                beta[k, v] = (float)data.Beta[k, v];
            }
        }

        var single = new HiddenMarkovF(k: 3, v: 4, w: words, alpha: [.. data.Alpha.Select(a => (float)a)], beta: beta);
        Assert.Equal(reference.ParameterCount, single.ParameterCount);
        FloatAgrees(single.ParameterCount, reference.LogDensityGradient, t => single.EvaluateAsWritten(t), w => single.SimdWidth = w, single.LogDensityGradient, 81);
    }

    [Fact]
    public void The_gradient_allocates_nothing_and_a_second_bind_with_a_longer_sequence_and_another_K_sizes_its_scratch()
    {
        HiddenMarkov model = Model(Reference());
        HiddenMarkov longer = Model(Data(4, 3, 4000, 6));
        ElementForms forms = Forms();
        NoneAllocates([
            Of(model, w => model.SimdWidth = w, model.LogDensity, model.Gradient),
            Of(longer, w => longer.SimdWidth = w, longer.LogDensity, longer.Gradient),
            Of(forms, w => forms.SimdWidth = w, forms.LogDensity, forms.Gradient),
        ]);
    }

    /// <summary>
    /// log p written out: each row's stick-breaking and Dirichlet prior (<see cref="SimplexRowReference"/>), the
    /// transitions' rows first, then the forward algorithm of Stan's program for any K: γ₀(k) = log φ_k(w₀),
    /// γ_t(k) = log Σ_j exp(γ_{t−1}(j) + log θ_jk + log φ_k(w_t)), log p(w) = log Σ_k exp γ_{T−1}(k).
    /// </summary>
    internal static double ForwardWrittenOut(double[] theta, int[] words, double[] alpha, double[,] beta)
    {
        int states = alpha.Length, symbols = beta.GetLength(1);
        var transition = new double[states, states];
        var emission = new double[states, symbols];
        double lp = 0;
        int at = 0;
        for (int k = 0; k < states; k++)
        {
            var row = new double[states];
            lp += SimplexRowReference.StickBreaking(theta.AsSpan(at, states - 1), row) + SimplexRowReference.Dirichlet(row, alpha);
            at += states - 1;
            for (int j = 0; j < states; j++)
            {
                transition[k, j] = row[j];
            }
        }

        for (int k = 0; k < states; k++)
        {
            var row = new double[symbols];
            lp += SimplexRowReference.StickBreaking(theta.AsSpan(at, symbols - 1), row) + SimplexRowReference.Dirichlet(row, [.. Enumerable.Range(0, symbols).Select(v => beta[k, v])]);
            at += symbols - 1;
            for (int v = 0; v < symbols; v++)
            {
                emission[k, v] = row[v];
            }
        }

        var gamma = new double[states];
        for (int k = 0; k < states; k++)
        {
            gamma[k] = Math.Log(emission[k, words[0]]);
        }

        for (int t = 1; t < words.Length; t++)
        {
            var next = new double[states];
            for (int k = 0; k < states; k++)
            {
                var acc = new double[states];
                for (int j = 0; j < states; j++)
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
