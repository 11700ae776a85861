using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests.Models;

/// <summary>The model declarations the tests compile. Good models must generate with no diagnostic at all.</summary>
internal static class TestModels
{
    /// <summary>The seed model, exactly as the Moons sample declares it.</summary>
    public static string Seed => File.ReadAllText(RepoPaths.Combine("Samples", "Moons", "MoonsNetwork.cs"));

    /// <summary>The seed model's full type name.</summary>
    public const string SeedType = "ModelGen.Samples.Moons.MoonsNetwork";

    /// <summary>A 2-32-33-1 network: both hidden layers tiled (33 leaves a partial tile), the output looped over its wide input.</summary>
    public const string Wide = """
        using ModelGen;

        namespace Demo.Wide;

        /// <summary>The seed's shape, wide enough that its hidden layers are tiled.</summary>
        [Model<float>]
        public partial class WideNetwork
        {
            [Input(2)] public partial Input X { get; }

            [Dense(nameof(X), 32, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }

            [Dense(nameof(Hidden1), 33, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer Hidden2 { get; }

            [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }

            [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
        }
        """;

    /// <summary>Biases with their own prior, a declared input width, relu, a Normal likelihood, and double precision.</summary>
    public const string Regression = """
        using ModelGen;

        namespace Demo.Housing;

        /// <summary>Prices from three features through one relu layer, with Gaussian noise of scale 0.5.</summary>
        [Model<double>]
        public partial class PriceRegression
        {
            [Input(features: 3)]
            public partial Input Features { get; }

            [Dense(nameof(Features), 4, Activation.Relu, Inputs = 3, Bias = true)]
            [Normal(0, 1, Part = LayerPart.Weights), Normal(-0.5, 2.5, Part = LayerPart.Bias)]
            public partial Layer Hidden { get; }

            [Dense(nameof(Hidden), 1, Bias = true), Normal(0, 1)]
            public partial Layer Mean { get; }

            [Normal(nameof(Mean), 0.5)]
            public partial Observed Price { get; }
        }
        """;

    /// <summary>Radon with varying intercepts (Gelman and Hill): the county intercepts are a group-indexed parameter added to a layer.</summary>
    public const string Radon = """
        using ModelGen;

        namespace Demo.Radon;

        /// <summary>log radon = a[county] + b·floor + noise; X holds the floor (column 0) and the county (column 1).</summary>
        [Model<double>]
        public partial class RadonModel
        {
            [Input(features: 2)]
            public partial Input X { get; }

            [Group(nameof(X), 1, levels: 85)]
            public partial Group County { get; }

            [Normal(0, 10)]
            public partial Parameter MuA { get; }

            [HalfNormal(5)]
            public partial Parameter SigmaA { get; }

            [Normal(nameof(MuA), nameof(SigmaA)), Size(nameof(County))]
            public partial Parameter A { get; }

            [Dense(nameof(X), 1), Normal(0, 10)]
            public partial Layer Floor { get; }

            [HalfNormal(5)]
            public partial Parameter SigmaY { get; }

            [Normal(nameof(Floor), nameof(SigmaY), Intercept = nameof(A))]
            public partial Observed LogRadon { get; }
        }
        """;

    /// <summary>Eight schools, non-centred: the likelihood's location is the per-school effect, its sigma each row's known standard error.</summary>
    public const string EightSchools = """
        using ModelGen;

        namespace Demo.Schools;

        /// <summary>Rubin's eight schools; X holds the school (column 0) and the estimate's standard error (column 1).</summary>
        [Model<float>]
        public partial class EightSchools
        {
            [Input(features: 2)]
            public partial Input X { get; }

            [Group(nameof(X), 0, levels: 8)]
            public partial Group School { get; }

            [Column(nameof(X), 1)]
            public partial Column StdErr { get; }

            [Normal(0, 5)]
            public partial Parameter Mu { get; }

            [HalfCauchy(5)]
            public partial Parameter Tau { get; }

            [Normal(nameof(Mu), nameof(Tau), NonCentered = true), Size(nameof(School))]
            public partial Parameter Theta { get; }

            [Normal(nameof(Theta), nameof(StdErr))]
            public partial Observed Effect { get; }
        }
        """;

    /// <summary>A model with one error (the output layer has no prior): it gets the throwing surface.</summary>
    public const string MissingPrior = """
        using ModelGen;

        namespace Demo;

        [Model<float>]
        public partial class Unfinished
        {
            [Input(2)]
            public partial Input X { get; }

            [Dense(nameof(X), 3, Activation.Sigmoid), Normal(0, 1)]
            public partial Layer Hidden { get; }

            [Dense(nameof(Hidden), 1)]
            public partial Layer Output { get; }

            [Bernoulli(Logits = nameof(Output))]
            public partial Observed Y { get; }
        }
        """;

    /// <summary>
    /// The seed's closing idea, a hierarchical network: each layer's weights share a learned scale with a HalfNormal
    /// hyperprior, one per hidden unit in the first layer, non-centred in the output layer; a learned-noise sibling
    /// is in <see cref="LearnedNoise"/>.
    /// </summary>
    public const string Hierarchical = """
        using ModelGen;

        namespace Demo.Hierarchy;

        [Model<float>]
        public partial class HierarchicalMoons
        {
            [Input(2)] public partial Input X { get; }

            [HalfNormal(1), Size(5)] public partial Parameter Hidden1Scales { get; }

            [HalfNormal(1)] public partial Parameter Hidden2Scale { get; }

            [HalfNormal(1)] public partial Parameter OutputScale { get; }

            [Dense(nameof(X), 5, Activation.Tanh), Normal(0, nameof(Hidden1Scales))]
            public partial Layer Hidden1 { get; }

            [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, nameof(Hidden2Scale))]
            public partial Layer Hidden2 { get; }

            [Dense(nameof(Hidden2), 1), Normal(0, nameof(OutputScale), NonCentered = true)]
            public partial Layer Output { get; }

            [Bernoulli(Logits = nameof(Output))]
            public partial Observed Y { get; }
        }
        """;

    /// <summary>Over-dispersed counts: a negative binomial likelihood with a learned dispersion.</summary>
    public const string Counts = """
        using ModelGen;

        namespace Demo.Counts;

        [Model<float>]
        public partial class Visits
        {
            [Input(3)] public partial Input X { get; }

            [Gamma(2, 0.5)] public partial Parameter Dispersion { get; }

            [Dense(nameof(X), 1, Bias = true), Normal(0, 1)] public partial Layer LogMean { get; }

            [NegativeBinomial(nameof(LogMean), nameof(Dispersion))] public partial Observed Y { get; }
        }
        """;

    /// <summary>A three-class classifier: a tanh hidden layer and three logits read by a categorical likelihood.</summary>
    public const string Classifier = """
        using ModelGen;

        namespace Demo.Classes;

        [Model<float>]
        public partial class Species
        {
            [Input(2)] public partial Input X { get; }

            [Dense(nameof(X), 2, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

            [Dense(nameof(Hidden), 3, Bias = true), Normal(0, 1)] public partial Layer Logits { get; }

            [Categorical(Logits = nameof(Logits))] public partial Observed Y { get; }
        }
        """;

    /// <summary>A linear regression whose noise is a parameter with a positive prior.</summary>
    public const string LearnedNoise = """
        using ModelGen;

        namespace Demo.Noise;

        [Model<double>]
        public partial class NoisyLine
        {
            [Input(1)] public partial Input X { get; }

            [Exponential(1)] public partial Parameter Sigma { get; }

            [Dense(nameof(X), 1, Bias = true), Normal(0, 10)] public partial Layer Line { get; }

            [Normal(nameof(Line), nameof(Sigma))] public partial Observed Y { get; }
        }
        """;

    /// <summary>
    /// A small valid model to vary: <paramref name="members"/> replaces the body, <paramref name="attribute"/> the
    /// model attribute. The default body is input → 3 tanh → 1 → Bernoulli(logits).
    /// </summary>
    public static string Net(string? members = null, string attribute = "[Model<float>]", string header = "public partial class Net") =>
        $$"""
        using ModelGen;

        namespace Demo;

        {{attribute}}
        {{header}}
        {
        {{members ?? NetMembers}}
        }
        """;

    /// <summary>The default body of <see cref="Net"/>.</summary>
    public const string NetMembers = """
            [Input(2)]
            public partial Input X { get; }

            [Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)]
            public partial Layer Hidden { get; }

            [Dense(nameof(Hidden), 1), Normal(0, 1)]
            public partial Layer Output { get; }

            [Bernoulli(Logits = nameof(Output))]
            public partial Observed Y { get; }
        """;
}
