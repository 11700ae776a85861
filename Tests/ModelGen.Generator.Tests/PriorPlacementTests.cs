using System.Globalization;
using System.Reflection;
using System.Text;
using ModelGen.Draws;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Simd;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Every prior in the catalog, at every placement, with every argument shape, in float and double, at every register
/// width: the generated log density against the closed form written out below (never the runtime's Distributions
/// code), its gradient against central differences, and <c>SamplePrior</c> against the declared prior.
/// </summary>
/// <remarks>
/// The models are written by <see cref="PriorCases"/> as C# text and compiled in-process, all of one element type in
/// one compilation (<see cref="PriorModels"/>), so the loop over combinations needs no hand-written classes. Each model
/// is the same small network (input 2 → H, 3 identity units with biases → Out, 1 unit → y ~ N(Out, σ)) with the prior
/// under test on one block:
/// <list type="bullet">
/// <item>H's weights or H's biases, alone (no standalone parameter: the kernel works on θ itself when the prior is on
/// the real line with constant arguments) or beside a learned likelihood σ (the kernel works on constrained values);</item>
/// <item>a standalone scalar P, a vector P of 3, or a vector P sized by a 3-level group: P is the location of H's
/// weights' Normal prior (scalar, or one per unit), or for the group vector the likelihood's intercept P[group].</item>
/// </list>
/// Arguments are constants, scalar parameters (hierarchical), one per unit of H (layer placements) or one per element
/// (vector placements); a Normal is also tried non-centred.
/// </remarks>
public class PriorPlacementTests : IClassFixture<PriorModels>
{
    private readonly PriorModels _models;

    public PriorPlacementTests(PriorModels models) => _models = models;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (PriorCase c in PriorCases.All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Double_density_matches_the_closed_form_and_the_gradient_central_differences_at_every_width(string name)
    {
        PriorCase c = PriorCases.ByName(name);
        object model = _models.Create<double>(c);
        ModelInfo info = PriorModels.Layout(model);
        var logDensity = model.GetType().GetMethod("LogDensity")!.CreateDelegate<LogDensityFn<double>>(model);
        var logDensityGradient = model.GetType().GetMethod("LogDensityGradient")!.CreateDelegate<LogDensityGradientFn<double>>(model);
        foreach (double[] theta in PriorCases.Points(c, info))
        {
            double expected = PriorCases.ClosedForm(c, info, theta);
            double[] closedFormGradient = CentralDifferences(t => PriorCases.ClosedForm(c, info, t), theta);
            foreach (SimdWidth width in PriorModels.Widths)
            {
                PriorModels.SetWidth(model, width);
                double[] gradient = new double[theta.Length];
                double value = logDensityGradient(theta, gradient);
                string where = c.Name + " (double, " + width + ") at θ = [" + string.Join(", ", theta.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
                AssertClose(expected, logDensity(theta), 1e-10, where + ": LogDensity");
                AssertClose(expected, value, 1e-10, where + ": LogDensityGradient's value");
                double[] differences = CentralDifferences(t => logDensity(t), theta);
                for (int i = 0; i < theta.Length; i++)
                {
                    AssertClose(differences[i], gradient[i], 1e-6, where + ": ∂/∂θ[" + i + "] (" + Element(info, i) + ") against central differences of LogDensity");
                    AssertClose(closedFormGradient[i], gradient[i], 1e-6, where + ": ∂/∂θ[" + i + "] (" + Element(info, i) + ") against central differences of the closed form");
                }
            }
        }
    }

    /// <summary>
    /// A model on θ itself (a layer's prior with constant arguments, nothing else) takes the chunked gradient above
    /// RowChunks.MinimumRows rows, where only one chunk adds the priors: the same gradient as the one-pass kernel.
    /// </summary>
    [Theory]
    [MemberData(nameof(LayerCasesAlone))]
    public void Chunked_gradient_of_a_large_batch_adds_each_prior_once(string name)
    {
        PriorCase c = PriorCases.ByName(name);
        object model = _models.Create<double>(c, rows: RowChunks.MinimumRows + 123);
        ModelInfo info = PriorModels.Layout(model);
        var gradientOnly = model.GetType().GetMethod("Gradient")!.CreateDelegate<GradientFn<double>>(model);
        var logDensityGradient = model.GetType().GetMethod("LogDensityGradient")!.CreateDelegate<LogDensityGradientFn<double>>(model);
        double[] theta = PriorCases.Points(c, info).First();
        foreach (SimdWidth width in PriorModels.Widths)
        {
            PriorModels.SetWidth(model, width);
            double[] chunked = new double[theta.Length];
            double[] onePass = new double[theta.Length];
            gradientOnly(theta, chunked);
            logDensityGradient(theta, onePass);
            for (int i = 0; i < theta.Length; i++)
            {
                AssertClose(onePass[i], chunked[i], 1e-9, c.Name + " (" + width + "): chunked ∂/∂θ[" + i + "] (" + Element(info, i) + ")");
            }
        }

        // The gradient did go through the chunks (a model on θ with this many rows).
        Assert.NotNull(model.GetType().GetField("__chunked", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(model));
    }

    /// <summary>The cases whose kernel works on θ itself: a real-line prior with constant arguments on a layer, nothing else.</summary>
    public static TheoryData<string> LayerCasesAlone()
    {
        var data = new TheoryData<string>();
        foreach (PriorCase c in PriorCases.All.Where(c => c.Placement is Placement.Weights or Placement.Bias && c.Shape == ArgumentShape.Constant && !c.LearnedSigma
            && c.Family.Support == FamilySupport.Real && !c.NonCentred))
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Float_density_and_gradient_match_the_closed_form_at_every_width(string name)
    {
        PriorCase c = PriorCases.ByName(name);
        object model = _models.Create<float>(c);
        ModelInfo info = PriorModels.Layout(model);
        var logDensity = model.GetType().GetMethod("LogDensity")!.CreateDelegate<LogDensityFn<float>>(model);
        var logDensityGradient = model.GetType().GetMethod("LogDensityGradient")!.CreateDelegate<LogDensityGradientFn<float>>(model);
        foreach (double[] point in PriorCases.Points(c, info))
        {
            // The closed form at the float point itself, so only the kernel's float arithmetic differs.
            float[] theta = Array.ConvertAll(point, v => (float)v);
            double[] exact = Array.ConvertAll(theta, v => (double)v);
            double expected = PriorCases.ClosedForm(c, info, exact);
            double[] closedFormGradient = CentralDifferences(t => PriorCases.ClosedForm(c, info, t), exact);
            foreach (SimdWidth width in PriorModels.Widths)
            {
                PriorModels.SetWidth(model, width);
                float[] gradient = new float[theta.Length];
                float value = logDensityGradient(theta, gradient);
                string where = c.Name + " (float, " + width + ")";
                AssertClose(expected, logDensity(theta), 2e-5, where + ": LogDensity");
                AssertClose(expected, value, 2e-5, where + ": LogDensityGradient's value");
                for (int i = 0; i < theta.Length; i++)
                {
                    AssertClose(closedFormGradient[i], gradient[i], 2e-4, where + ": ∂/∂θ[" + i + "] (" + Element(info, i) + ") against central differences of the closed form");
                }
            }
        }
    }

    /// <summary>
    /// SamplePrior draws from the declared prior (a standalone scalar, and the first of a layer's weights): for each
    /// family, the probability the closed-form density puts between the draws' 10%, 25%, 50%, 75% and 90% quantiles is
    /// what those quantiles say, within five standard errors.
    /// </summary>
    [Theory]
    [MemberData(nameof(SamplingCases))]
    public void SamplePrior_draws_follow_the_declared_prior(string name)
    {
        PriorCase c = PriorCases.ByName(name);
        foreach (bool isDouble in new[] { false, true })
        {
            object model = isDouble ? _models.Create<double>(c) : _models.Create<float>(c);
            const int Draws = 20_000;
            object draws = model.GetType().GetMethod("SamplePrior")!.Invoke(model, [Draws, 17UL])!;
            ModelInfo info = PriorModels.Layout(model);
            ParameterBlock p = info[c.Block];
            double[] values = new double[Draws];
            for (int d = 0; d < Draws; d++)
            {
                values[d] = isDouble ? ((Draws<double>)draws)[d, p.Offset] : ((Draws<float>)draws)[d, p.Offset];
            }

            Array.Sort(values);
            double[] probabilities = [0.1, 0.25, 0.5, 0.75, 0.9];
            double[] quantiles = Array.ConvertAll(probabilities, q => values[(int)(q * (Draws - 1))]);
            double[] args = c.Family.Constants;
            for (int k = 0; k + 1 < probabilities.Length; k++)
            {
                double mass = Integrate(x => Math.Exp(PriorFamily.LogPdf(c.Family, x, args)), quantiles[k], quantiles[k + 1]);
                double expected = probabilities[k + 1] - probabilities[k];
                double tolerance = 5 * Math.Sqrt(expected * (1 - expected) / Draws);
                Assert.True(
                    Math.Abs(mass - expected) < tolerance,
                    $"{c.Name} ({(isDouble ? "double" : "float")}): the prior puts {mass:F4} between the draws' {probabilities[k]:P0} and {probabilities[k + 1]:P0} quantiles ({quantiles[k]:G5}, {quantiles[k + 1]:G5}); expected {expected:F2} ± {tolerance:F4}");
            }
        }
    }

    /// <summary>A flat prior has nothing to draw from: SamplePrior refuses, naming the parameter, at every placement.</summary>
    [Theory]
    [MemberData(nameof(FlatCases))]
    public void SamplePrior_refuses_a_flat_prior_naming_the_parameter(string name)
    {
        PriorCase c = PriorCases.ByName(name);
        foreach (object model in new[] { _models.Create<float>(c), _models.Create<double>(c) })
        {
            var error = Assert.Throws<TargetInvocationException>(() => model.GetType().GetMethod("SamplePrior")!.Invoke(model, [10, 1UL]));
            var refusal = Assert.IsType<InvalidOperationException>(error.InnerException);
            string block = c.Placement switch
            {
                Placement.Weights => "'H.Weights' (" + c.Family.Name + "())",
                Placement.Bias => "'H.Bias' (" + c.Family.Name + "())",
                _ => "'P' (" + c.Family.Name + "())",
            };
            Assert.Contains(block + " has an improper prior", refusal.Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> FlatCases()
    {
        var data = new TheoryData<string>();
        foreach (PriorCase c in PriorCases.All.Where(c => !c.Family.CanSample))
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static TheoryData<string> SamplingCases()
    {
        var data = new TheoryData<string>();
        foreach (PriorCase c in PriorCases.All.Where(c => c.Placement is Placement.Scalar or Placement.Weights && c.Shape == ArgumentShape.Constant && !c.LearnedSigma && c.Family.CanSample))
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static string Element(ModelInfo info, int index)
    {
        ParameterBlock block = info.Parameters.Last(b => b.Offset <= index);
        return block.ElementName(index - block.Offset);
    }

    private static void AssertClose(double expected, double actual, double relative, string what)
    {
        double tolerance = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (difference {actual - expected:G4}, tolerance {tolerance:G3})");
    }

    /// <summary>(f(θ + h eᵢ) − f(θ − h eᵢ)) / 2h for every i, h = 1e-5 (1 + |θᵢ|).</summary>
    private static double[] CentralDifferences(Func<double[], double> f, double[] theta)
    {
        double[] result = new double[theta.Length];
        double[] at = (double[])theta.Clone();
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-5 * (1 + Math.Abs(theta[i]));
            at[i] = theta[i] + h;
            double up = f(at);
            at[i] = theta[i] - h;
            double down = f(at);
            at[i] = theta[i];
            result[i] = (up - down) / (2 * h);
        }

        return result;
    }

    /// <summary>∫ f over [a, b] by composite Simpson with 4000 panels.</summary>
    private static double Integrate(Func<double, double> f, double a, double b)
    {
        const int Panels = 4000;
        double h = (b - a) / Panels;
        double sum = f(a) + f(b);
        for (int i = 1; i < Panels; i++)
        {
            sum += f(a + (i * h)) * (i % 2 == 1 ? 4 : 2);
        }

        return sum * h / 3;
    }
}

public delegate T LogDensityFn<T>(ReadOnlySpan<T> theta);

public delegate T LogDensityGradientFn<T>(ReadOnlySpan<T> theta, Span<T> gradient);

public delegate void GradientFn<T>(ReadOnlySpan<T> theta, Span<T> gradient);

/// <summary>Where the prior under test sits.</summary>
public enum Placement
{
    /// <summary>H's weights (2 × 3).</summary>
    Weights,

    /// <summary>H's biases (3).</summary>
    Bias,

    /// <summary>A standalone scalar P, the location of H's weights' prior.</summary>
    Scalar,

    /// <summary>A standalone vector P of 3 ([Size(3)]), the location of H's weights' prior, per unit.</summary>
    Vector,

    /// <summary>A standalone vector P sized by a 3-level group, the likelihood's intercept P[group].</summary>
    Group,
}

/// <summary>How the prior's arguments are given.</summary>
public enum ArgumentShape
{
    /// <summary>Constants.</summary>
    Constant,

    /// <summary>Every argument names a scalar parameter.</summary>
    Named,

    /// <summary>Every argument names a vector of one value per unit (layers) or per element (vectors).</summary>
    PerUnit,
}

/// <summary>The support of a family, which sets its transform.</summary>
public enum FamilySupport
{
    Real,
    Positive,
    Interval,
}

/// <summary>
/// One prior family as the test knows it: its attribute name, support, argument domains ('R' a location, 'P' > 0),
/// the constants the cases use, and its log density written out here.
/// </summary>
public sealed record PriorFamily(string Name, FamilySupport Support, string Domains, double[] Constants, bool CanName = true, bool CanSample = true)
{
    public static readonly PriorFamily[] All =
    [
        new("Normal", FamilySupport.Real, "RP", [0.3, 1.7]),
        new("HalfNormal", FamilySupport.Positive, "P", [1.3]),
        new("StudentT", FamilySupport.Real, "PRP", [3.5, -0.4, 1.2]),
        new("HalfStudentT", FamilySupport.Positive, "PP", [4.0, 0.8]),
        new("Cauchy", FamilySupport.Real, "RP", [0.2, 0.9]),
        new("HalfCauchy", FamilySupport.Positive, "P", [1.5]),
        new("Laplace", FamilySupport.Real, "RP", [-0.5, 2.2]),
        new("Exponential", FamilySupport.Positive, "P", [1.4]),
        new("Gamma", FamilySupport.Positive, "PP", [2.5, 1.5]),
        new("InverseGamma", FamilySupport.Positive, "PP", [3.0, 2.0]),
        new("LogNormal", FamilySupport.Positive, "RP", [0.1, 0.6]),
        new("Beta", FamilySupport.Interval, "PP", [2.0, 3.0]),
        new("Uniform", FamilySupport.Interval, "RR", [-1.5, 2.5], CanName: false),
        new("Flat", FamilySupport.Real, string.Empty, [], CanName: false, CanSample: false),
        new("HalfFlat", FamilySupport.Positive, string.Empty, [], CanName: false, CanSample: false),
    ];

    public override string ToString() => Name;

    /// <summary>The interval of an Interval family.</summary>
    public (double Lower, double Upper) Bounds => Name == "Uniform" ? (Constants[0], Constants[1]) : (0, 1);

    /// <summary>log p(x | args), written from the textbook densities.</summary>
    public static double LogPdf(PriorFamily family, double x, double[] a)
    {
        const double HalfLogTwoPi = 0.91893853320467274178;
        switch (family.Name)
        {
            case "Normal":
                return (-0.5 * Square((x - a[0]) / a[1])) - Math.Log(a[1]) - HalfLogTwoPi;
            case "HalfNormal":
                return x < 0 ? double.NegativeInfinity : Math.Log(2) - (0.5 * Square(x / a[0])) - Math.Log(a[0]) - HalfLogTwoPi;
            case "StudentT":
                return StudentT(x, a[0], a[1], a[2]);
            case "HalfStudentT":
                return x < 0 ? double.NegativeInfinity : Math.Log(2) + StudentT(x, a[0], 0, a[1]);
            case "Cauchy":
                return -Math.Log(Math.PI * a[1] * (1 + Square((x - a[0]) / a[1])));
            case "HalfCauchy":
                return x < 0 ? double.NegativeInfinity : Math.Log(2) - Math.Log(Math.PI * a[0] * (1 + Square(x / a[0])));
            case "Laplace":
                return -Math.Log(2 * a[1]) - (Math.Abs(x - a[0]) / a[1]);
            case "Exponential":
                return x < 0 ? double.NegativeInfinity : Math.Log(a[0]) - (a[0] * x);
            case "Gamma":
                return x <= 0 ? double.NegativeInfinity : (a[0] * Math.Log(a[1])) - LogGamma(a[0]) + ((a[0] - 1) * Math.Log(x)) - (a[1] * x);
            case "InverseGamma":
                return x <= 0 ? double.NegativeInfinity : (a[0] * Math.Log(a[1])) - LogGamma(a[0]) - ((a[0] + 1) * Math.Log(x)) - (a[1] / x);
            case "LogNormal":
                return x <= 0 ? double.NegativeInfinity : -Math.Log(x) - Math.Log(a[1]) - HalfLogTwoPi - (0.5 * Square((Math.Log(x) - a[0]) / a[1]));
            case "Beta":
                return x <= 0 || x >= 1 ? double.NegativeInfinity : LogGamma(a[0] + a[1]) - LogGamma(a[0]) - LogGamma(a[1]) + ((a[0] - 1) * Math.Log(x)) + ((a[1] - 1) * Math.Log(1 - x));
            case "Uniform":
                return x <= a[0] || x >= a[1] ? double.NegativeInfinity : -Math.Log(a[1] - a[0]);
            case "Flat":
                return 0;
            case "HalfFlat":
                return x < 0 ? double.NegativeInfinity : 0;
            default:
                throw new ArgumentException("No closed form for " + family.Name);
        }
    }

    private static double StudentT(double x, double nu, double mu, double sigma) =>
        LogGamma((nu + 1) / 2) - LogGamma(nu / 2) - (0.5 * Math.Log(nu * Math.PI)) - Math.Log(sigma) - ((nu + 1) / 2 * Math.Log(1 + (Square((x - mu) / sigma) / nu)));

    private static double Square(double v) => v * v;

    /// <summary>log Γ(x) for x &gt; 0: Lanczos (g = 7, 9 terms), after Γ(x) = Γ(x + 1)/x below ½; about 1e-15 relative.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return LogGamma(x + 1) - Math.Log(x);
        }

        double[] c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < 9; i++)
        {
            sum += c[i] / (x + i);
        }

        double t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}

/// <summary>One model of the grid: a prior family at a placement with an argument shape.</summary>
public sealed record PriorCase(int Index, PriorFamily Family, Placement Placement, ArgumentShape Shape, bool NonCentred, bool LearnedSigma)
{
    public string Name => Family.Name + (NonCentred ? "NonCentred" : string.Empty) + "_" + Placement + "_" + Shape + (LearnedSigma ? "_WithLearnedSigma" : string.Empty);

    public string ClassName => "Case" + Index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The block the prior under test covers.</summary>
    public string Block => Placement switch
    {
        Placement.Weights => "H.Weights",
        Placement.Bias => "H.Bias",
        _ => "P",
    };

    public override string ToString() => Name;
}

/// <summary>The grid of cases, each case's C# text, and its log density in closed form.</summary>
public static class PriorCases
{
    /// <summary>Units of H, length of a vector P, levels of the group.</summary>
    public const int Width = 3;

    public static readonly IReadOnlyList<PriorCase> All = Build();

    private static readonly Dictionary<string, PriorCase> s_byName = All.ToDictionary(c => c.Name);

    public static PriorCase ByName(string name) => s_byName[name];

    private static List<PriorCase> Build()
    {
        var cases = new List<PriorCase>();
        foreach (PriorFamily family in PriorFamily.All)
        {
            foreach (bool nonCentred in family.Name == "Normal" ? new[] { false, true } : new[] { false })
            {
                foreach (Placement placement in Enum.GetValues<Placement>())
                {
                    foreach (ArgumentShape shape in Enum.GetValues<ArgumentShape>())
                    {
                        if ((shape != ArgumentShape.Constant && !family.CanName) || (shape == ArgumentShape.PerUnit && placement == Placement.Scalar))
                        {
                            continue;
                        }

                        bool layer = placement is Placement.Weights or Placement.Bias;
                        cases.Add(new PriorCase(cases.Count, family, placement, shape, nonCentred, LearnedSigma: false));
                        if (layer && shape == ArgumentShape.Constant)
                        {
                            // Beside another parameter (the likelihood's σ) the kernel takes the values path; alone, θ itself.
                            cases.Add(new PriorCase(cases.Count, family, placement, shape, nonCentred, LearnedSigma: true));
                        }
                    }
                }
            }
        }

        return cases;
    }

    /// <summary>One source file declaring every case's model with element type <paramref name="scalar"/>.</summary>
    public static string Source(string scalar)
    {
        var text = new StringBuilder("using ModelGen;\n\nnamespace PriorGrid;\n");
        foreach (PriorCase c in All)
        {
            text.Append(ModelSource(c, scalar));
        }

        return text.ToString();
    }

    /// <summary>The case's model: the prior under test, its argument parameters, and the network around it.</summary>
    public static string ModelSource(PriorCase c, string scalar)
    {
        var s = new StringBuilder();
        s.Append("\n[Model<").Append(scalar).Append(">]\npublic partial class ").Append(c.ClassName).Append("\n{\n");
        bool group = c.Placement == Placement.Group;
        s.Append("    [Input(").Append(group ? 3 : 2).Append(")] public partial Input X { get; }\n");
        if (group)
        {
            s.Append("    [Group(nameof(X), 2, levels: ").Append(Width).Append(")] public partial Group G { get; }\n");
        }

        string size = c.Placement switch
        {
            Placement.Vector => ", Size(" + Width + ")",
            Placement.Group => ", Size(nameof(G))",
            _ => string.Empty,
        };
        string argumentSize = c.Shape != ArgumentShape.PerUnit ? string.Empty : group ? ", Size(nameof(G))" : ", Size(" + Width + ")";
        string prior = Prior(c);
        if (c.Shape != ArgumentShape.Constant)
        {
            for (int k = 0; k < c.Family.Domains.Length; k++)
            {
                s.Append("    [").Append(ArgumentPrior(c.Family.Domains[k])).Append(argumentSize).Append("] public partial Parameter A").Append(k).Append(" { get; }\n");
            }
        }

        if (c.Placement is Placement.Scalar or Placement.Vector or Placement.Group)
        {
            s.Append("    [").Append(prior).Append(size).Append("] public partial Parameter P { get; }\n");
        }

        if (c.LearnedSigma)
        {
            s.Append("    [HalfNormal(1.5)] public partial Parameter Noise { get; }\n");
        }

        string weights = c.Placement switch
        {
            Placement.Weights => WithPart(prior, "Weights"),
            Placement.Scalar or Placement.Vector => "Normal(nameof(P), 0.8, Part = LayerPart.Weights)",
            _ => "Normal(0.1, 0.9, Part = LayerPart.Weights)",
        };
        string bias = c.Placement == Placement.Bias ? WithPart(prior, "Bias") : "Normal(-0.2, 1.1, Part = LayerPart.Bias)";
        s.Append("    [Dense(nameof(X), ").Append(Width).Append(", Bias = true), ").Append(weights).Append(", ").Append(bias).Append("] public partial Layer H { get; }\n");
        s.Append("    [Dense(nameof(H), 1), Normal(0, 1)] public partial Layer Out { get; }\n");
        s.Append("    [Normal(nameof(Out), ").Append(c.LearnedSigma ? "nameof(Noise)" : "1.3").Append(group ? ", Intercept = nameof(P)" : string.Empty).Append(")] public partial Observed Y { get; }\n");
        s.Append("}\n");
        return s.ToString();
    }

    /// <summary>"StudentT(3.5, -0.4, 1.2)" or "StudentT(nameof(A0), nameof(A1), nameof(A2))", non-centred if asked.</summary>
    private static string Prior(PriorCase c)
    {
        IEnumerable<string> args = c.Shape == ArgumentShape.Constant
            ? c.Family.Constants.Select(v => v.ToString("R", CultureInfo.InvariantCulture))
            : Enumerable.Range(0, c.Family.Domains.Length).Select(k => "nameof(A" + k + ")");
        return c.Family.Name + "(" + string.Join(", ", args) + (c.NonCentred ? ", NonCentered = true" : string.Empty) + ")";
    }

    private static string WithPart(string prior, string part) => prior.Insert(prior.Length - 1, (prior.EndsWith("()", StringComparison.Ordinal) ? string.Empty : ", ") + "Part = LayerPart." + part);

    /// <summary>The prior of a parameter that is an argument: a location N(0.2, 0.7), a positive value HalfNormal(2).</summary>
    private static string ArgumentPrior(char domain) => domain == 'R' ? "Normal(0.2, 0.7)" : "HalfNormal(2)";

    /// <summary>The data every model is bound to: 5 rows (a partial register at every width) unless asked, x in (−1, 1), groups 0, 1, 2, 0, 1, ….</summary>
    public static (double[,] X, double[] Y) Data(PriorCase c, int rows = 5)
    {
        var random = new System.Random(23);
        double[,] x = new double[rows, c.Placement == Placement.Group ? 3 : 2];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = (2 * random.NextDouble()) - 1;
            x[r, 1] = (2 * random.NextDouble()) - 1;
            if (c.Placement == Placement.Group)
            {
                x[r, 2] = r % Width;
            }

            y[r] = (3 * random.NextDouble()) - 1.5;
        }

        return (x, y);
    }

    /// <summary>Three points θ per case: each unconstrained coordinate uniform in (−1.2, 1.2), seeded by the case.</summary>
    public static IEnumerable<double[]> Points(PriorCase c, ModelInfo info)
    {
        var random = new System.Random(1000 + c.Index);
        for (int k = 0; k < 3; k++)
        {
            double[] theta = new double[info.Dimension];
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] = (2.4 * random.NextDouble()) - 1.2;
            }

            yield return theta;
        }
    }

    /// <summary>
    /// log p(θ, y) in closed form: each block's value from θ through the transform its support implies (x = u on the
    /// real line, x = eᵘ with log J = u, x = l + (h − l)σ(u) with log J = log(h − l) + log σ(u) + log σ(−u), a
    /// non-centred x = μ + σz with z ~ N(0, 1)), every prior's log density, and Σ log N(y | μ, σ) over the rows.
    /// </summary>
    public static double ClosedForm(PriorCase c, ModelInfo info, double[] theta)
    {
        var blocks = new List<(string Name, PriorFamily Family, string[]? Refs, double[] Constants, bool NonCentred)>();
        if (c.Shape != ArgumentShape.Constant)
        {
            for (int k = 0; k < c.Family.Domains.Length; k++)
            {
                blocks.Add(c.Family.Domains[k] == 'R'
                    ? ("A" + k, PriorFamily.All[0], null, [0.2, 0.7], false)
                    : ("A" + k, PriorFamily.All[1], null, [2.0], false));
            }
        }

        string[]? refs = c.Shape == ArgumentShape.Constant ? null : Enumerable.Range(0, c.Family.Domains.Length).Select(k => "A" + k).ToArray();
        if (c.Block == "P")
        {
            blocks.Add(("P", c.Family, refs, c.Family.Constants, c.NonCentred));
        }

        if (c.LearnedSigma)
        {
            blocks.Add(("Noise", PriorFamily.All[1], null, [1.5], false));
        }

        PriorFamily normal = PriorFamily.All[0];
        blocks.Add(c.Placement switch
        {
            Placement.Weights => ("H.Weights", c.Family, refs, c.Family.Constants, c.NonCentred),
            Placement.Scalar or Placement.Vector => ("H.Weights", normal, ["P", null!], [0, 0.8], false),
            _ => ("H.Weights", normal, null, [0.1, 0.9], false),
        });
        blocks.Add(c.Placement == Placement.Bias ? ("H.Bias", c.Family, refs, c.Family.Constants, c.NonCentred) : ("H.Bias", normal, null, [-0.2, 1.1], false));
        blocks.Add(("Out.Weights", normal, null, [0, 1], false));

        var values = new Dictionary<string, double[]>();
        double logp = 0;

        // The values: centred blocks straight from θ, then the non-centred ones (whose arguments are centred here).
        foreach (var b in blocks.OrderBy(b => b.NonCentred))
        {
            ParameterBlock block = info[b.Name];
            double[] x = new double[block.Length];
            for (int i = 0; i < x.Length; i++)
            {
                double u = theta[block.Offset + i];
                if (b.NonCentred)
                {
                    double[] a = Arguments(b.Refs, b.Constants, values, i);
                    x[i] = a[0] + (a[1] * u);
                    logp += (-0.5 * u * u) - 0.91893853320467274178;
                    continue;
                }

                switch (b.Family.Support)
                {
                    case FamilySupport.Real:
                        x[i] = u;
                        break;
                    case FamilySupport.Positive:
                        x[i] = Math.Exp(u);
                        logp += u;
                        break;
                    default:
                        (double lower, double upper) = b.Family.Bounds;
                        double s = 1 / (1 + Math.Exp(-u));
                        x[i] = lower + ((upper - lower) * s);
                        logp += Math.Log(upper - lower) + Math.Log(s) + Math.Log(1 - s);
                        break;
                }
            }

            values[b.Name] = x;
        }

        foreach (var b in blocks.Where(b => !b.NonCentred))
        {
            double[] x = values[b.Name];
            for (int i = 0; i < x.Length; i++)
            {
                logp += PriorFamily.LogPdf(b.Family, x[i], Arguments(b.Refs, b.Constants, values, i));
            }
        }

        // The likelihood: h = x·W + b (3 identity units), out = h·V (+ P[group]), y ~ N(out, σ).
        (double[,] data, double[] y) = Data(c);
        double sigma = c.LearnedSigma ? values["Noise"][0] : 1.3;
        double[] w = values["H.Weights"];
        double[] bias = values["H.Bias"];
        double[] v = values["Out.Weights"];
        for (int r = 0; r < y.Length; r++)
        {
            double mean = c.Placement == Placement.Group ? values["P"][(int)data[r, 2]] : 0;
            for (int j = 0; j < Width; j++)
            {
                double h = (data[r, 0] * w[j]) + (data[r, 1] * w[Width + j]) + bias[j];
                mean += h * v[j];
            }

            logp += PriorFamily.LogPdf(normal, y[r], [mean, sigma]);
        }

        return logp;
    }

    /// <summary>Element <paramref name="i"/>'s arguments: the constants, or the named blocks' values (one, or the i-th per unit/element).</summary>
    private static double[] Arguments(string[]? refs, double[] constants, Dictionary<string, double[]> values, int i)
    {
        double[] a = (double[])constants.Clone();
        if (refs is not null)
        {
            for (int k = 0; k < refs.Length; k++)
            {
                if (refs[k] is { } name)
                {
                    double[] named = values[name];
                    a[k] = named.Length == 1 ? named[0] : named[i % named.Length];
                }
            }
        }

        return a;
    }
}

/// <summary>Every case's model compiled once per element type, instantiated on its data on demand.</summary>
public sealed class PriorModels : IDisposable
{
    public static readonly SimdWidth[] Widths = [SimdWidth.Vector512, SimdWidth.Vector256, SimdWidth.Vector128, SimdWidth.Scalar];

    private readonly Lazy<LoadedAssembly> _float = new(() => Compile("float"));

    private readonly Lazy<LoadedAssembly> _double = new(() => Compile("double"));

    public object Create<T>(PriorCase c, int rows = 5)
    {
        bool isDouble = typeof(T) == typeof(double);
        Type type = (isDouble ? _double : _float).Value.GetType("PriorGrid." + c.ClassName);
        (double[,] x, double[] y) = PriorCases.Data(c, rows);
        object[] args = isDouble
            ? [x, y]
            : [Convert(x), Array.ConvertAll(y, v => (float)v)];
        return Activator.CreateInstance(type, args)!;
    }

    public static ModelInfo Layout(object model) => (ModelInfo)model.GetType().GetProperty("Layout", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    public static void SetWidth(object model, SimdWidth width) => model.GetType().GetProperty("SimdWidth")!.SetValue(model, width);

    public void Dispose()
    {
        if (_float.IsValueCreated)
        {
            _float.Value.Dispose();
        }

        if (_double.IsValueCreated)
        {
            _double.Value.Dispose();
        }
    }

    private static float[,] Convert(double[,] x)
    {
        float[,] result = new float[x.GetLength(0), x.GetLength(1)];
        for (int i = 0; i < x.GetLength(0); i++)
        {
            for (int j = 0; j < x.GetLength(1); j++)
            {
                result[i, j] = (float)x[i, j];
            }
        }

        return result;
    }

    /// <summary>
    /// The generator must report nothing; Load then emits with warnings as errors and fails listing them, so the code is
    /// checked clean without a second full binding (AssertClean's diagnostics pass would double the ~2 minutes of emit).
    /// </summary>
    private static LoadedAssembly Compile(string scalar)
    {
        GeneratorRun run = GeneratorHarness.Run(PriorCases.Source(scalar));
        Assert.True(run.GeneratorDiagnostics.IsEmpty, string.Join("\n", run.GeneratorDiagnostics));
        return run.Load();
    }
}
