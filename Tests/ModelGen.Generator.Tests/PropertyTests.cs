using System.Globalization;
using System.Text;
using CsCheck;
using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Property-based: random small networks (depth, widths, activations, biases, likelihood, prior scales)
/// and random data. Every one compiles, its density is finite for finite inputs, and its gradient
/// matches central differences. Shapes are compile-time, so each case is one in-test compilation:
/// the count is bounded to keep the test near half a minute.
/// </summary>
public sealed class PropertyTests
{
    private delegate double Density(ReadOnlySpan<double> theta);

    private delegate double DensityGradient(ReadOnlySpan<double> theta, Span<double> gradient);

    // ReLU is left out: central differences straddle its kink with positive probability.
    private static readonly string[] s_activations = { "Identity", "Tanh", "Sigmoid", "Softplus" };

    private sealed record Shape(int Features, int[] Widths, int[] Activations, bool[] Biases, bool Normal, double PriorScale, int Rows, int DataSeed)
    {
        public override string ToString() =>
            $"{Features} → {string.Join(" → ", Widths.Select((w, i) => $"{w} {s_activations[Activations[i]]}{(Biases[i] ? "+b" : string.Empty)}"))} → 1, {(Normal ? "Normal" : "Bernoulli")}, prior sd {PriorScale}, {Rows} rows";
    }

    private static readonly Gen<Shape> s_shapes =
        from features in Gen.Int[1, 4]
        from depth in Gen.Int[0, 2]
        from widths in Gen.Int[1, 6].Array[depth]
        from activations in Gen.Int[0, s_activations.Length - 1].Array[depth + 1]
        from biases in Gen.Bool.Array[depth + 1]
        from normal in Gen.Bool
        from scale in Gen.Double[0.3, 2.0]
        from rows in Gen.Int[1, 40]
        from seed in Gen.Int[0, 1000]
        select new Shape(features, widths, activations, biases, normal, Math.Round(scale, 2), rows, seed);

    [Fact]
    public void Random_networks_have_finite_densities_and_gradients_that_match_central_differences()
    {
        // A fixed seed: the same 24 shapes on every run, so a failure is reproducible (CsCheck prints the seed and the shrunk case).
        s_shapes.Sample(Check, iter: 24, seed: "0N0XIzNsQ0O2", threads: 1);
    }

    private static void Check(Shape shape)
    {
        GeneratorRun run = GeneratorHarness.Run(Source(shape)).AssertClean();
        using LoadedAssembly loaded = run.Load();
        Type type = loaded.GetType("Props.Net");
        var random = new System.Random(shape.DataSeed);
        var x = new double[shape.Rows, shape.Features];
        var y = new double[shape.Rows];
        for (int r = 0; r < shape.Rows; r++)
        {
            for (int f = 0; f < shape.Features; f++)
            {
                x[r, f] = (random.NextDouble() * 4) - 2;
            }

            y[r] = shape.Normal ? (random.NextDouble() * 2) - 1 : random.Next(2);
        }

        object model = Activator.CreateInstance(type, x, y)!;
        int dimension = (int)type.GetField("ParameterCount")!.GetValue(null)!;
        var density = type.GetMethod("LogDensity")!.CreateDelegate<Density>(model);
        var both = type.GetMethod("LogDensityGradient")!.CreateDelegate<DensityGradient>(model);
        double[] theta = Enumerable.Range(0, dimension).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var gradient = new double[dimension];
        double value = both(theta, gradient);
        Assert.True(double.IsFinite(value), $"{shape}: log density {value}");
        for (int i = 0; i < dimension; i++)
        {
            double h = Math.Cbrt(2.220446049250313e-16) * Math.Max(1, Math.Abs(theta[i]));
            double keep = theta[i];
            theta[i] = keep + h;
            double up = density(theta);
            theta[i] = keep - h;
            double down = density(theta);
            theta[i] = keep;
            double fd = (up - down) / (2 * h);

            // As in the end-to-end gradient checks: the difference is good to ~1e-8 here, the bound is 1e-6.
            Assert.True(Math.Abs(gradient[i] - fd) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"{shape}: ∂/∂θ[{i}] generated {gradient[i]:R}, central difference {fd:R}");
        }
    }

    private static string Source(Shape shape)
    {
        var text = new StringBuilder();
        text.AppendLine("using ModelGen;");
        text.AppendLine("namespace Props;");
        text.AppendLine("[Model<double>]");
        text.AppendLine("public partial class Net");
        text.AppendLine("{");
        text.AppendLine($"    [Input({shape.Features})] public partial Input X {{ get; }}");
        string previous = "X";
        int[] units = [.. shape.Widths, 1];
        for (int l = 0; l < units.Length; l++)
        {
            string name = l == units.Length - 1 ? "Out" : $"L{l}";
            string activation = s_activations[shape.Activations[l]];
            string scale = shape.PriorScale.ToString("R", CultureInfo.InvariantCulture);
            text.AppendLine($"    [Dense(nameof({previous}), {units[l]}, Activation.{activation}, Bias = {(shape.Biases[l] ? "true" : "false")}), Normal(0, {scale})] public partial Layer {name} {{ get; }}");
            previous = name;
        }

        text.AppendLine(shape.Normal
            ? "    [Normal(nameof(Out), 0.8)] public partial Observed Y { get; }"
            : "    [Bernoulli(Logits = nameof(Out))] public partial Observed Y { get; }");
        text.AppendLine("}");
        return text.ToString();
    }
}
