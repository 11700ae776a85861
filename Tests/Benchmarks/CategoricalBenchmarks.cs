using BenchmarkDotNet.Attributes;
using ModelGen.Samples.Moons;

namespace ModelGen.Benchmarks;

/// <summary>
/// What a categorical likelihood costs beside a Bernoulli one: one full-batch float gradient of the seed network's
/// 2-5-5 trunk ending in 1 logit (Bernoulli, the baseline), 3 logits or 10 logits (Categorical) on the 500 seed rows.
/// The trunk is the same, so the differences are the wider output layer and the K-way log-softmax and its adjoint.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class CategoricalBenchmarks
{
    private MoonsNetworkSingle _bernoulli = null!;
    private ThreeClassNetwork _three = null!;
    private TenClassNetwork _ten = null!;
    private float[] _thetaBernoulli = [];
    private float[] _gradientBernoulli = [];
    private float[] _thetaThree = [];
    private float[] _gradientThree = [];
    private float[] _thetaTen = [];
    private float[] _gradientTen = [];

    [GlobalSetup]
    public void Setup()
    {
        MoonsData seed = MoonsFixture.Seed();

        // Labels for K classes: the moon (0/1) plus 2 × the sign of x₁, folded into 0 … K − 1, so every class occurs.
        float[] Labels(int classes) => [.. Enumerable.Range(0, seed.TrainY.Length).Select(r => (float)((seed.TrainY[r] + (seed.TrainX[r, 1] > 0 ? 2 : 0) + r) % classes))];
        _bernoulli = new MoonsNetworkSingle(seed.TrainX, seed.TrainY);
        _three = new ThreeClassNetwork(seed.TrainX, Labels(3));
        _ten = new TenClassNetwork(seed.TrainX, Labels(10));
        (_thetaBernoulli, _gradientBernoulli) = (MoonsFixture.Theta<float>(MoonsNetworkSingle.ParameterCount), new float[MoonsNetworkSingle.ParameterCount]);
        (_thetaThree, _gradientThree) = (MoonsFixture.Theta<float>(ThreeClassNetwork.ParameterCount), new float[ThreeClassNetwork.ParameterCount]);
        (_thetaTen, _gradientTen) = (MoonsFixture.Theta<float>(TenClassNetwork.ParameterCount), new float[TenClassNetwork.ParameterCount]);
    }

    [Benchmark(Baseline = true, Description = "Gradient float, N=500, Bernoulli (1 logit)")]
    public void Bernoulli() => _bernoulli.Gradient(_thetaBernoulli, _gradientBernoulli);

    [Benchmark(Description = "Gradient float, N=500, Categorical K=3")]
    public void ThreeClasses() => _three.Gradient(_thetaThree, _gradientThree);

    [Benchmark(Description = "Gradient float, N=500, Categorical K=10")]
    public void TenClasses() => _ten.Gradient(_thetaTen, _gradientTen);
}

/// <summary>The seed network's trunk with three output logits and a categorical likelihood.</summary>
[Model<float>]
public partial class ThreeClassNetwork
{
    /// <summary>The two coordinates of each point.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>First hidden layer.</summary>
    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden1 { get; }

    /// <summary>Second hidden layer.</summary>
    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden2 { get; }

    /// <summary>One logit per class.</summary>
    [Dense(nameof(Hidden2), 3), Normal(0, 1)]
    public partial Layer Output { get; }

    /// <summary>The class label, 0, 1 or 2.</summary>
    [Categorical(Logits = nameof(Output))]
    public partial Observed Y { get; }
}

/// <summary>The seed network's trunk with ten output logits and a categorical likelihood.</summary>
[Model<float>]
public partial class TenClassNetwork
{
    /// <summary>The two coordinates of each point.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>First hidden layer.</summary>
    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden1 { get; }

    /// <summary>Second hidden layer.</summary>
    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden2 { get; }

    /// <summary>One logit per class.</summary>
    [Dense(nameof(Hidden2), 10), Normal(0, 1)]
    public partial Layer Output { get; }

    /// <summary>The class label, 0 to 9.</summary>
    [Categorical(Logits = nameof(Output))]
    public partial Observed Y { get; }
}
