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

    /// <summary>log p written out for Stan's program (<see cref="HiddenMarkovKStateTests.ForwardWrittenOut"/>, any K).</summary>
    private static double Written(double[] theta, int[] words) => HiddenMarkovKStateTests.ForwardWrittenOut(theta, words, Alpha, Beta);
}
