using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Simd;
using static ModelGen.EndToEnd.Tests.Declarations.TermTests;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// [Term] methods with loops (docs/terms.md, "Loops"): a loop over a data vector, nested loops (an inner sum into a
/// local of the outer body, a double sum into the returned local, '&lt;=' bounds), lagged indices, 'if'/'else' on data,
/// '?:' on a loop index, and loop sums the term does not return as they are. Each kernel against the methods run as
/// written at every width, its gradient against central differences, the float model against the double one, a closed
/// form, and no allocation per gradient for them and for the three Stan samples.
/// </summary>
public sealed class TermLoopTests
{
    private static readonly double[] Series = [0.3, -0.8, 1.1, 0.45, -0.2, 0.9, 1.6, -1.3, 0.05, 0.7];

    private static readonly double[,] Design = { { 0.5, -1.2 }, { 1.5, 0.3 }, { -0.7, 0.8 }, { 0.1, -0.4 }, { 2.0, 1.1 } };

    private static readonly double[] Response = [0.9, 1.7, -0.3, 0.2, 2.4];

    private static LoopOverData OverData() => new(y: Series);

    private static NestedLoops Nested() => new(k: 2, x: Design, y: Response);

    private static AutoRegressionTerm Lagged() => new(k: 3, y: Series);

    private static BranchingLoops Branching() => new(k: 4, y: Series);

    private static IEnumerable<(string Name, Generated Model, Func<double[], double> AsWritten)> Models()
    {
        LoopOverData overData = OverData();
        yield return ("LoopOverData", Of(overData, w => overData.SimdWidth = w, overData.LogDensity, overData.Gradient), t => overData.EvaluateAsWritten(t));
        NestedLoops nested = Nested();
        yield return ("NestedLoops", Of(nested, w => nested.SimdWidth = w, nested.LogDensity, nested.Gradient), t => nested.EvaluateAsWritten(t));
        AutoRegressionTerm lagged = Lagged();
        yield return ("AutoRegressionTerm (K = 3)", Of(lagged, w => lagged.SimdWidth = w, lagged.LogDensity, lagged.Gradient), t => lagged.EvaluateAsWritten(t));
        BranchingLoops branching = Branching();
        yield return ("BranchingLoops", Of(branching, w => branching.SimdWidth = w, branching.LogDensity, branching.Gradient), t => branching.EvaluateAsWritten(t));
    }

    [Fact]
    public void Each_loop_kernel_equals_the_term_run_as_written_at_every_width() => EachAsWrittenAgrees(Models(), 40);

    [Fact]
    public void Each_loop_form_s_gradient_matches_central_differences_at_every_width() => EachGradientMatches(Models(), 50);

    [Fact]
    public void The_float_loop_model_agrees_with_the_double_one_at_every_width()
    {
        var single = new NestedLoopsF(k: 2, x: ToFloat(Design), y: [.. Response.Select(v => (float)v)]);
        NestedLoops reference = Nested();
        Assert.Equal(reference.ParameterCount, single.ParameterCount);
        FloatAgrees(single.ParameterCount, reference.LogDensityGradient, t => single.EvaluateAsWritten(t), w => single.SimdWidth = w, single.LogDensityGradient, 17);
    }

    private static float[,] ToFloat(double[,] m)
    {
        var result = new float[m.GetLength(0), m.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < m.GetLength(1); j++)
            {
                result[i, j] = (float)m[i, j];
            }
        }

        return result;
    }

    [Fact]
    public void The_lagged_loop_has_the_closed_form_density()
    {
        // AR(3) at α = 0.2, β = (0.5, −0.3, 0.1), σ = e^0.4 (θ of σ is log σ): α and β flat, σ flat on (0, ∞) with its
        // log-Jacobian log σ, and Σ_{n ≥ 3} log N(yₙ | α + Σₖ βₖ y_{n−k−1}, σ) written out here.
        AutoRegressionTerm model = Lagged();
        double alpha = 0.2, logSigma = 0.4, sigma = Math.Exp(logSigma);
        double[] beta = [0.5, -0.3, 0.1];
        double expected = logSigma;
        for (int n = 3; n < Series.Length; n++)
        {
            double mu = alpha + (beta[0] * Series[n - 1]) + (beta[1] * Series[n - 2]) + (beta[2] * Series[n - 3]);
            double z = (Series[n] - mu) / sigma;
            expected += (-0.5 * z * z) - (0.5 * Math.Log(2 * Math.PI)) - logSigma;
        }

        double[] theta = new double[5];
        theta[model.Layout["Alpha"].Offset] = alpha;
        theta[model.Layout["Beta"].Offset] = beta[0];
        theta[model.Layout["Beta"].Offset + 1] = beta[1];
        theta[model.Layout["Beta"].Offset + 2] = beta[2];
        theta[model.Layout["Sigma"].Offset] = logSigma;
        Assert.Equal(expected, model.LogDensity(theta), 1e-12);
    }

    [Fact]
    public void A_gradient_of_a_loop_term_model_allocates_nothing() =>
        NoneAllocates(Models().Concat(StanSamples.Create().Models()).Select(m => m.Model));

    [Fact]
    public void The_Stan_samples_equal_their_terms_run_as_written_and_have_their_gradients()
    {
        var failures = new List<string>();
        int seed = 60;
        foreach ((string name, Generated model, Func<double[], double> asWritten) in StanSamples.Create().Models())
        {
            foreach ((string point, double[] theta) in Points(model.Dimension, seed).Take(4))
            {
                double expected = asWritten(theta), kernel = model.LogDensity(theta);
                if (!(Math.Abs(kernel - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected))))
                {
                    failures.Add($"{name}, {point}: kernel {kernel:R}, as written {expected:R}");
                }
            }

            Gradients(name, model, seed++, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>docs/terms.md's samples 7, 1 and 4 on small data of their own (the Stan data are for StanReferenceTests).</summary>
    private sealed record StanSamples(FlatRegressionTerm Regression, AutoRegressionTerm Ar, MixtureTerm Mixture)
    {
        public static StanSamples Create() => new(new FlatRegressionTerm(k: 2, x: Design, y: Response), new AutoRegressionTerm(k: 2, y: Series), new MixtureTerm(y: Series));

        public IEnumerable<(string Name, Generated Model, Func<double[], double> AsWritten)> Models()
        {
            FlatRegressionTerm regression = Regression;
            yield return ("FlatRegressionTerm", Of(regression, w => regression.SimdWidth = w, regression.LogDensity, regression.Gradient), t => regression.EvaluateAsWritten(t));
            AutoRegressionTerm ar = Ar;
            yield return ("AutoRegressionTerm", Of(ar, w => ar.SimdWidth = w, ar.LogDensity, ar.Gradient), t => ar.EvaluateAsWritten(t));
            MixtureTerm mixture = Mixture;
            yield return ("MixtureTerm", Of(mixture, w => mixture.SimdWidth = w, mixture.LogDensity, mixture.Gradient), t => mixture.EvaluateAsWritten(t));
        }
    }
}
