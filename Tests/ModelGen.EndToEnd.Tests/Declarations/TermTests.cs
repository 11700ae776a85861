using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Diagnostics;
using ModelGen.Inference;
using ModelGen.Sampling;
using ModelGen.Simd;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// Straight-line [Term] methods (docs/terms.md, "Terms"): the differentiated kernel against the methods run as written
/// (EvaluateAsWritten) at every register width, its gradient against central differences of its own value at random
/// points and near the edges of each support, the float model against the double one, a closed-form density, a NUTS
/// fit of a conjugate normal mean against its closed-form posterior, and no allocation per gradient.
/// </summary>
public sealed class TermTests
{
    internal static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512];

    private static FunctionTermsD Functions() => new(flags: [1, 0]);

    private static IndexedTerms Indexed() => new(k: 3, x: [0.5, -1.5, 2], m: new double[,] { { 0.3, -0.7 }, { 1.1, 0.4 } });

    /// <summary>Random points in [−1, 1]ⁿ, then every coordinate at −6 and at +6: values near 0 and large for positive parameters, near 0 and 1 for (0, 1).</summary>
    internal static IEnumerable<(string Name, double[] Theta)> Points(int n, int seed)
    {
        var random = new System.Random(seed);
        for (int point = 0; point < 4; point++)
        {
            yield return ($"random point {point}", [.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1)]);
        }

        yield return ("θ = −6", [.. Enumerable.Repeat(-6.0, n)]);
        yield return ("θ = +6", [.. Enumerable.Repeat(6.0, n)]);
    }

    [Fact]
    public void The_kernel_equals_the_terms_run_as_written_at_every_width()
    {
        var failures = new List<string>();
        FunctionTermsD functions = Functions();
        AsWrittenAgrees("FunctionTermsD", Of(functions, w => functions.SimdWidth = w, functions.LogDensity, functions.Gradient), t => functions.EvaluateAsWritten(t), 1, failures);
        IndexedTerms indexed = Indexed();
        AsWrittenAgrees("IndexedTerms", Of(indexed, w => indexed.SimdWidth = w, indexed.LogDensity, indexed.Gradient), t => indexed.EvaluateAsWritten(t), 2, failures);
        var mean = new NormalMeanTerm(y: [0.2, 1.4, -0.3], last: 0.9);
        AsWrittenAgrees("NormalMeanTerm", Of(mean, w => mean.SimdWidth = w, mean.LogDensity, mean.Gradient), t => mean.EvaluateAsWritten(t), 3, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The kernel's log density against the term methods run as written, at each of <paramref name="model"/>'s points and every width.</summary>
    internal static void AsWrittenAgrees(string name, Generated model, Func<double[], double> asWritten, int seed, List<string> failures)
    {
        foreach ((string point, double[] theta) in Points(model.Dimension, seed))
        {
            double expected = asWritten(theta);
            Assert.True(double.IsFinite(expected), $"{name} at {point}: as written {expected}");
            foreach (SimdWidth width in Widths)
            {
                model.SetWidth(width);
                double kernel = model.LogDensity(theta);
                if (!(Math.Abs(kernel - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected))))
                {
                    failures.Add($"{name}, {width}, {point}: kernel {kernel:R}, as written {expected:R}");
                }
            }
        }
    }

    [Fact]
    public void Every_function_s_gradient_matches_central_differences_at_every_width()
    {
        var failures = new List<string>();
        FunctionTermsD functions = Functions();
        Gradients("FunctionTermsD", Of(functions, w => functions.SimdWidth = w, functions.LogDensity, functions.Gradient), 11, failures);
        IndexedTerms indexed = Indexed();
        Gradients("IndexedTerms", Of(indexed, w => indexed.SimdWidth = w, indexed.LogDensity, indexed.Gradient), 12, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Every parameter here is a scalar or a vector with an element-wise transform, so θ[i] is value i of the layout.</summary>
    internal static void Gradients(string name, Generated model, int seed, List<string> failures)
    {
        int n = model.Dimension;
        foreach ((string point, double[] theta) in Points(n, seed))
        {
            foreach (SimdWidth width in Widths)
            {
                model.SetWidth(width);
                double[] gradient = new double[n];
                model.Gradient(theta, gradient);
                double value = model.LogDensity(theta);
                for (int i = 0; i < n; i++)
                {
                    double h = Math.Cbrt(2.220446049250313e-16) * Math.Max(1, Math.Abs(theta[i]));
                    double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
                    up[i] += h;
                    down[i] -= h;
                    double numeric = (model.LogDensity(up) - model.LogDensity(down)) / (2 * h);

                    // Truncation, plus the rounding of the two values differenced: near the edges log p reaches 10⁵
                    // (Gamma at x = α = β = e⁶), whose last bits over 2h are ~10⁻⁶ of a slope of 2.
                    double rounding = 1e-14 * Math.Abs(value) / h;
                    if (!(Math.Abs(numeric - gradient[i]) <= (1e-6 * Math.Max(1, Math.Abs(numeric))) + rounding))
                    {
                        string owner = model.Info.Parameters.Last(b => b.Offset <= i).Name;
                        failures.Add($"{name}, {width}, {point}, θ[{i}] ({owner}): analytic {gradient[i]:R}, central differences {numeric:R}");
                    }
                }
            }
        }
    }

    /// <summary>A generated model's members the checks use (its LogDensity and Gradient are not on IModel).</summary>
    internal sealed record Generated(int Dimension, ModelInfo Info, Action<SimdWidth> SetWidth, Func<double[], double> LogDensity, Action<double[], double[]> Gradient);

    internal static Generated Of(IModel<double> model, Action<SimdWidth> setWidth, Func<ReadOnlySpan<double>, double> logDensity, GradientMethod gradient) =>
        new(model.UnconstrainedDimension, model.Info, setWidth, t => logDensity(t), (t, g) => gradient(t, g));

    internal delegate void GradientMethod(ReadOnlySpan<double> theta, Span<double> gradient);

    [Fact]
    public void The_float_model_agrees_with_the_double_one_at_every_width()
    {
        var single = new FunctionTermsF(flags: [1, 0]);
        FunctionTermsD reference = Functions();
        Assert.Equal(reference.ParameterCount, single.ParameterCount);
        FloatAgrees(single.ParameterCount, reference.LogDensityGradient, t => single.EvaluateAsWritten(t), w => single.SimdWidth = w, single.LogDensityGradient, 13);
    }

    internal delegate T ValueAndGradient<T>(ReadOnlySpan<T> theta, Span<T> gradient);

    /// <summary>A float model's value as written, value and gradient at every width against its double twin's, at four random points.</summary>
    internal static void FloatAgrees(int n, ValueAndGradient<double> reference, Func<float[], float> asWritten, Action<SimdWidth> setWidth, ValueAndGradient<float> single, int seed)
    {
        var random = new System.Random(seed);
        for (int point = 0; point < 4; point++)
        {
            float[] theta = [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1))];
            double[] wide = [.. theta.Select(v => (double)v)];
            double[] expected = new double[n];
            double value = reference(wide, expected);
            Assert.Equal(value, asWritten(theta), 1e-4 * Math.Max(1, Math.Abs(value)));
            foreach (SimdWidth width in Widths)
            {
                setWidth(width);
                float[] gradient = new float[n];
                float actual = single(theta, gradient);
                Assert.Equal(value, actual, 1e-4 * Math.Max(1, Math.Abs(value)));
                for (int i = 0; i < n; i++)
                {
                    Assert.True(Math.Abs(gradient[i] - expected[i]) <= 1e-3 * Math.Max(1, Math.Abs(expected[i])), $"{width}, point {point}, θ[{i}]: float {gradient[i]}, double {expected[i]}");
                }
            }
        }
    }

    [Fact]
    public void A_term_model_has_the_closed_form_density()
    {
        double[] y = [0.2, 1.4, -0.3];
        var model = new NormalMeanTerm(y: y, last: 0.9);
        double mu = 0.35;

        // log N(μ | 1, 2) + Σ log N(y_i | μ, 1) over the four observations; μ is unconstrained, so no Jacobian.
        double LogPhi(double z) => (-0.5 * z * z) - (0.5 * Math.Log(2 * Math.PI));
        double expected = LogPhi((mu - 1) / 2) - Math.Log(2) + LogPhi(y[0] - mu) + LogPhi(y[1] - mu) + LogPhi(y[2] - mu) + LogPhi(0.9 - mu);
        Assert.Equal(expected, model.LogDensity([mu]), 1e-12);

        // d/dμ = −(μ − 1)/4 + Σ (y_i − μ).
        double[] gradient = new double[1];
        model.Gradient([mu], gradient);
        Assert.Equal((-(mu - 1) / 4) + (y[0] - mu) + (y[1] - mu) + (y[2] - mu) + (0.9 - mu), gradient[0], 1e-12);
    }

    [Fact]
    public void NUTS_on_a_term_model_finds_the_conjugate_posterior()
    {
        double[] y = [0.2, 1.4, -0.3];
        var model = new NormalMeanTerm(y: y, last: 0.9);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 31 });

        // Prior N(1, 2²), four observations with unit variance: precision 1/4 + 4, mean (1/4 + Σy)/(1/4 + 4).
        double precision = 0.25 + 4;
        double mean = (0.25 + y.Sum() + 0.9) / precision;
        double sd = 1 / Math.Sqrt(precision);
        double[][] chains = fit.ChainsOf(model.Layout["Mu"].Offset);
        double[] all = [.. chains.SelectMany(c => c)];
        double m = all.Average();
        double s = Math.Sqrt(all.Sum(v => (v - m) * (v - m)) / (all.Length - 1));
        Assert.True(Math.Abs(m - mean) <= 4 * Convergence.McseMean(chains), $"mean {m:0.0000} vs exact {mean:0.0000} (MCSE {Convergence.McseMean(chains):0.0000})");
        Assert.True(Math.Abs(s - sd) <= 4 * Convergence.McseSd(chains), $"sd {s:0.0000} vs exact {sd:0.0000} (MCSE {Convergence.McseSd(chains):0.0000})");
        Assert.True(Convergence.Rhat(chains) < 1.01);
    }

    [Fact]
    public void A_gradient_of_a_term_model_allocates_nothing()
    {
        FunctionTermsD functions = Functions();
        IndexedTerms indexed = Indexed();
        double[] theta = new double[functions.ParameterCount], gradient = new double[functions.ParameterCount];
        double[] theta2 = new double[indexed.ParameterCount], gradient2 = new double[indexed.ParameterCount];
        functions.Gradient(theta, gradient);
        indexed.Gradient(theta2, gradient2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            functions.Gradient(theta, gradient);
            indexed.Gradient(theta2, gradient2);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void A_parameter_read_outside_a_term_run_says_where_its_values_are()
    {
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => Functions().Exp0);
        Assert.Contains("'Exp0'", e.Message);
        Assert.Contains("draws", e.Message);
    }

    /// <summary><see cref="AsWrittenAgrees"/> for each of <paramref name="models"/>, seeds from <paramref name="seed"/>, every failure reported at once.</summary>
    internal static void EachAsWrittenAgrees(IEnumerable<(string Name, Generated Model, Func<double[], double> AsWritten)> models, int seed) =>
        Each(models, seed, AsWrittenAgrees);

    /// <summary><see cref="Gradients"/> for each of <paramref name="models"/>, seeds from <paramref name="seed"/>, every failure reported at once.</summary>
    internal static void EachGradientMatches(IEnumerable<(string Name, Generated Model, Func<double[], double> AsWritten)> models, int seed) =>
        Each(models, seed, (name, model, _, s, failures) => Gradients(name, model, s, failures));

    private static void Each(IEnumerable<(string Name, Generated Model, Func<double[], double> AsWritten)> models, int seed, Action<string, Generated, Func<double[], double>, int, List<string>> check)
    {
        var failures = new List<string>();
        foreach ((string name, Generated model, Func<double[], double> asWritten) in models)
        {
            check(name, model, asWritten, seed++, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Each model's gradient, once to warm up, then 200 times without allocating.</summary>
    internal static void NoneAllocates(IEnumerable<Generated> models)
    {
        var gradients = new List<Action>();
        foreach (Generated model in models)
        {
            double[] theta = new double[model.Dimension], gradient = new double[model.Dimension];
            gradients.Add(() => model.Gradient(theta, gradient));
        }

        foreach (Action g in gradients)
        {
            g();
        }

        foreach (Action g in gradients)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                g();
            }

            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
    }
}
