using System.Globalization;
using System.Numerics;
using ModelGen.Diagnostics;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Inference;
using ModelGen.Simd;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The generated pointwise log-likelihood (issue 20), for every likelihood on the kernel IR, in float and double, at
/// every register width: each row's value is log p(yᵢ | θ) in closed form written here (never the runtime's
/// distributions), the values summed are the likelihood part of the model's own LogDensity (LogDensity less the
/// priors' closed form), and a call allocates nothing. 37 rows, so the last register of rows is partial.
/// </summary>
public class PointwiseLogLikelihoodTests
{
    private const int Rows = 37;

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// The likelihood's learned arguments, standalone parameters first in θ in this order (each Exponential(1), positive
    /// by σ = e^θ), before the layer's two weights and its bias.
    /// </summary>
    private static string[] Learned(string kind) => kind switch
    {
        "NormalLearned" => ["Sigma"],
        "NegativeBinomialLearned" => ["Dispersion"],
        "StudentTLearned" => ["Nu", "Sigma"],
        _ => [],
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string kind in new[] { "Bernoulli", "Binomial", "Categorical", "NegativeBinomial", "NegativeBinomialLearned", "Normal", "NormalPerRow", "NormalLearned", "Poisson", "StudentT", "StudentTLearned" })
        {
            foreach (string type in new[] { "float", "double" })
            {
                data.Add(kind, type);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_row_is_its_closed_form_and_the_rows_sum_to_the_likelihood_part_of_log_p(string kind, string type)
    {
        if (type == "float")
        {
            Check<float>(kind, 2e-5);
        }
        else
        {
            Check<double>(kind, 1e-11);
        }
    }

    private static void Check<T>(string kind, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string t = typeof(T) == typeof(float) ? "float" : "double";
        GeneratorRun run = GeneratorHarness.Run(Source(kind, t)).AssertClean();
        using LoadedAssembly loaded = run.Load();
        Type modelType = loaded.GetType("Demo.Pointwise.M");
        var random = new System.Random(17);
        (double[,] x, double[] y) = Data(kind, random);
        object model = Activator.CreateInstance(modelType, Convert<T>(x), Array.ConvertAll(y, T.CreateChecked))!;
        var pointwise = (IPointwiseLogLikelihood<T>)model;
        int dimension = (int)modelType.GetField("ParameterCount")!.GetValue(null)!;
        double[] theta = new double[dimension];
        for (int k = 0; k < dimension; k++)
        {
            theta[k] = Math.Round((random.NextDouble() - 0.5) * 1.6, 3);
        }

        // The draw is in the model's own terms (a learned sigma itself); LogDensity takes θ, where sigma = e^θ.
        T[] draw = Array.ConvertAll(theta, T.CreateChecked);
        T[] unconstrained = (T[])draw.Clone();
        string[] learned = Learned(kind);
        for (int k = 0; k < learned.Length; k++)
        {
            Assert.Equal(k, ((ModelInfo)modelType.GetProperty("Layout")!.GetValue(null)!).Parameters.Single(p => p.Name == learned[k]).Offset);
            draw[k] = T.CreateChecked(0.4 + Math.Abs(theta[k]) + (learned[k] == "Nu" ? 1.5 : 0));
            unconstrained[k] = T.Log(draw[k]);
        }

        double[] values = Array.ConvertAll(draw, v => double.CreateChecked(v));
        double[] expected = new double[Rows];
        for (int i = 0; i < Rows; i++)
        {
            expected[i] = ClosedForm(kind, x, y, values, i);
        }

        // N(0, 1) on the layer; a learned argument has Exponential(1), −σ, and the log-Jacobian log σ of σ = e^θ.
        double priors = values.Skip(learned.Length).Sum(v => (-0.5 * v * v) - HalfLogTwoPi) + values.Take(learned.Length).Sum(v => -v + Math.Log(v));
        Assert.Equal(Rows, pointwise.Observations);
        foreach (SimdWidth width in PriorModels.Widths)
        {
            modelType.GetProperty("SimdWidth")!.SetValue(model, width);
            var output = new T[Rows];
            pointwise.PointwiseLogLikelihood(draw, output);
            string at = kind + " (" + t + ", " + width + ")";
            for (int i = 0; i < Rows; i++)
            {
                double value = double.CreateChecked(output[i]);
                Assert.True(Math.Abs(value - expected[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{at}: row {i} is {value:R}, closed form {expected[i]:R}");
            }

            double sum = output.Sum(v => double.CreateChecked(v));
            double likelihoodPart = double.CreateChecked(pointwise.LogDensity(unconstrained)) - priors;
            double scale = Math.Max(1, expected.Sum(Math.Abs));
            Assert.True(Math.Abs(sum - expected.Sum()) <= tolerance * scale, $"{at}: the rows sum to {sum:R}, the closed forms to {expected.Sum():R}");
            Assert.True(Math.Abs(sum - likelihoodPart) <= tolerance * 4 * scale, $"{at}: the rows sum to {sum:R}, LogDensity less the priors is {likelihoodPart:R}");

            pointwise.PointwiseLogLikelihood(draw, output);
            long before = GC.GetAllocatedBytesForCurrentThread();
            pointwise.PointwiseLogLikelihood(draw, output);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Throws<ArgumentException>(() => pointwise.PointwiseLogLikelihood(draw, new T[Rows - 1]));
    }

    /// <summary>log p(yᵢ | θ) written out: the linear predictor from θ (weights, then bias; or the row's group's θ), then the density.</summary>
    private static double ClosedForm(string kind, double[,] x, double[] y, double[] theta, int i)
    {
        if (kind == "NormalPerRow")
        {
            double mu = theta[(int)x[i, 0]];
            double s = x[i, 1];
            return (-0.5 * Math.Pow((y[i] - mu) / s, 2)) - Math.Log(s) - HalfLogTwoPi;
        }

        if (kind == "Categorical")
        {
            // Three logits zₖ = x₀W[0,k] + x₁W[1,k] + bₖ (W row-major, 2 × 3, then b); log p = z_y − log Σₖ e^(zₖ).
            double[] logits = new double[3];
            for (int k = 0; k < 3; k++)
            {
                logits[k] = (x[i, 0] * theta[k]) + (x[i, 1] * theta[3 + k]) + theta[6 + k];
            }

            return logits[(int)y[i]] - Math.Log(logits.Sum(Math.Exp));
        }

        int layer = Learned(kind).Length;
        double z = (x[i, 0] * theta[layer]) + (x[i, 1] * theta[layer + 1]) + theta[layer + 2];
        switch (kind)
        {
            case "Bernoulli":
                // log σ(z) = −log(1 + e⁻ᶻ), log(1 − σ(z)) = −log(1 + eᶻ).
                return y[i] == 1 ? -Math.Log(1 + Math.Exp(-z)) : -Math.Log(1 + Math.Exp(z));
            case "Normal":
                return (-0.5 * Math.Pow((y[i] - z) / 0.7, 2)) - Math.Log(0.7) - HalfLogTwoPi;
            case "NormalLearned":
                double sigma = theta[0];
                return (-0.5 * Math.Pow((y[i] - z) / sigma, 2)) - Math.Log(sigma) - HalfLogTwoPi;
            case "Binomial":
                // log C(5, y) + y log σ(z) + (5 − y) log(1 − σ(z)).
                return LogFactorial(5) - LogFactorial(y[i]) - LogFactorial(5 - y[i]) - (y[i] * Math.Log(1 + Math.Exp(-z))) - ((5 - y[i]) * Math.Log(1 + Math.Exp(z)));
            case "NegativeBinomial" or "NegativeBinomialLearned":
                // Γ(y + φ)/(Γ(φ) y!) (μ/(μ + φ))^y (φ/(μ + φ))^φ, μ = eᶻ, φ = 2.5 or learned; Γ(y + φ)/Γ(φ) = Π_{k<y} (φ + k).
                double mu = Math.Exp(z);
                double phi = kind == "NegativeBinomial" ? 2.5 : theta[0];
                double rising = 0;
                for (int k = 0; k < (int)y[i]; k++)
                {
                    rising += Math.Log(phi + k);
                }

                return rising - LogFactorial(y[i]) + (y[i] * Math.Log(mu / (mu + phi))) + (phi * Math.Log(phi / (mu + phi)));
            case "StudentT":
                // ν = 4, σ = 0.5: Γ(5/2)/(Γ(2)·√(4π)·σ) (1 + s²/4)^(−5/2), s = (y − μ)/σ, Γ(5/2) = (3/4)√π, Γ(2) = 1.
                double s = (y[i] - z) / 0.5;
                return Math.Log(0.75 * Math.Sqrt(Math.PI)) - (0.5 * Math.Log(4 * Math.PI)) - Math.Log(0.5) - (2.5 * Math.Log(1 + (s * s / 4)));
            case "StudentTLearned":
                // Γ((ν + 1)/2)/(Γ(ν/2)·√(νπ)·σ) (1 + s²/ν)^(−(ν + 1)/2), s = (y − μ)/σ, ν and σ learned.
                double nu = theta[0];
                double scale = theta[1];
                double standardized = (y[i] - z) / scale;
                return LogGamma((nu + 1) / 2) - LogGamma(nu / 2) - (0.5 * Math.Log(nu * Math.PI)) - Math.Log(scale) - ((nu + 1) / 2 * Math.Log(1 + (standardized * standardized / nu)));
            default:
                return (y[i] * z) - Math.Exp(z) - LogFactorial(y[i]);
        }
    }

    /// <summary>
    /// log Γ(a), a &gt; 0, by Lanczos' series (g = 7, nine coefficients; relative error near 1e-15), written here rather
    /// than taken from the runtime.
    /// </summary>
    private static double LogGamma(double a)
    {
        double[] c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (a < 0.5)
        {
            return Math.Log(Math.PI / Math.Sin(Math.PI * a)) - LogGamma(1 - a);
        }

        double x = a - 1;
        double sum = c[0];
        for (int k = 1; k < c.Length; k++)
        {
            sum += c[k] / (x + k);
        }

        double t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>log k! of a whole number k.</summary>
    private static double LogFactorial(double k)
    {
        double sum = 0;
        for (int j = 2; j <= (int)k; j++)
        {
            sum += Math.Log(j);
        }

        return sum;
    }

    private static (double[,] X, double[] Y) Data(string kind, System.Random random)
    {
        var x = new double[Rows, 2];
        var y = new double[Rows];
        for (int i = 0; i < Rows; i++)
        {
            if (kind == "NormalPerRow")
            {
                x[i, 0] = i % 3;
                x[i, 1] = Math.Round(0.5 + (2 * random.NextDouble()), 3);
                y[i] = Math.Round((4 * random.NextDouble()) - 2, 3);
                continue;
            }

            x[i, 0] = Math.Round((2 * random.NextDouble()) - 1, 3);
            x[i, 1] = Math.Round((2 * random.NextDouble()) - 1, 3);
            y[i] = kind switch
            {
                "Bernoulli" => random.Next(2),
                "Categorical" => random.Next(3),
                "Poisson" or "Binomial" or "NegativeBinomial" or "NegativeBinomialLearned" => random.Next(6),
                _ => Math.Round((4 * random.NextDouble()) - 2, 3),
            };
        }

        return (x, y);
    }

    private static T[,] Convert<T>(double[,] x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[x.GetLength(0), x.GetLength(1)];
        for (int i = 0; i < x.GetLength(0); i++)
        {
            for (int j = 0; j < x.GetLength(1); j++)
            {
                result[i, j] = T.CreateChecked(x[i, j]);
            }
        }

        return result;
    }

    private static string Source(string kind, string t)
    {
        string body = kind switch
        {
            "NormalPerRow" => """
                [Group(nameof(X), 0, levels: 3)] public partial Group School { get; }
                [Column(nameof(X), 1)] public partial Column StdErr { get; }
                [Normal(0, 1), Size(nameof(School))] public partial Parameter Theta { get; }
                [Normal(nameof(Theta), nameof(StdErr))] public partial Observed Y { get; }
                """,
            "Categorical" => """
                [Dense(nameof(X), 3, Inputs = 2, Bias = true), Normal(0, 1)] public partial Layer Output { get; }
                [Categorical(Logits = nameof(Output))] public partial Observed Y { get; }
                """,
            _ => """
                [Dense(nameof(X), 1, Inputs = 2, Bias = true), Normal(0, 1)] public partial Layer Output { get; }
                """ + "\n" + (kind switch
                {
                    "Bernoulli" => "[Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }",
                    "Normal" => "[Normal(nameof(Output), 0.7)] public partial Observed Y { get; }",
                    "Binomial" => "[Binomial(Logits = nameof(Output), Trials = 5)] public partial Observed Y { get; }",
                    "NegativeBinomial" => "[NegativeBinomial(nameof(Output), 2.5)] public partial Observed Y { get; }",
                    "StudentT" => "[StudentT(4, nameof(Output), 0.5)] public partial Observed Y { get; }",
                    "NormalLearned" => "[Exponential(1)] public partial Parameter Sigma { get; }\n[Normal(nameof(Output), nameof(Sigma))] public partial Observed Y { get; }",
                    "NegativeBinomialLearned" => "[Exponential(1)] public partial Parameter Dispersion { get; }\n[NegativeBinomial(nameof(Output), nameof(Dispersion))] public partial Observed Y { get; }",
                    "StudentTLearned" => "[Exponential(1)] public partial Parameter Nu { get; }\n[Exponential(1)] public partial Parameter Sigma { get; }\n[StudentT(nameof(Nu), nameof(Output), nameof(Sigma))] public partial Observed Y { get; }",
                    _ => "[Poisson(LogRate = nameof(Output))] public partial Observed Y { get; }",
                }),
        };
        return string.Format(
            CultureInfo.InvariantCulture,
            """
            using ModelGen;

            namespace Demo.Pointwise;

            /// <summary>A {0} likelihood for the pointwise tests.</summary>
            [Model<{1}>]
            public partial class M
            {{
                [Input(features: 2)] public partial Input X {{ get; }}

            {2}
            }}
            """,
            kind,
            t,
            body);
    }
}
