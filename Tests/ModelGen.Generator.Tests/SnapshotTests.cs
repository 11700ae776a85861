using ModelGen.Generator.Emit;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Spec;
using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The generated text of representative models against reviewed baselines (Baselines/{Test}/{HintName}.txt), and beside
/// each the model's stages (Baselines/{Test}/{Type}.ir.txt: the lowered graph, then every block printed from the kernel IR).
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void SeedModel()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Seed).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void WideLayersAreTiled()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Wide).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void RegressionWithBiasesNormalLikelihoodAndDouble()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Regression).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void HierarchicalNetworkWithNonCentredWeights()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Hierarchical).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void RegressionWithLearnedNoise()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.LearnedNoise).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void StudentTWithConstantArguments()
    {
        GeneratorRun run = GeneratorHarness.Run(LikelihoodZoo.Source("StudentT", "double", "[StudentT(4, nameof(Out), 0.5)]")).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    /// <summary>ν and σ learned: the rows read both, so each gets a lane-wise sum of its per-row slopes (IrAddRowToGradient).</summary>
    [Fact]
    public void StudentTWithLearnedArguments()
    {
        const string Learned = """
            [Gamma(2, 0.1)] public partial Parameter Nu { get; }

                [HalfNormal(1)] public partial Parameter Sigma { get; }

                [StudentT(nameof(Nu), nameof(Out), nameof(Sigma))]
            """;
        GeneratorRun run = GeneratorHarness.Run(LikelihoodZoo.Source("StudentTLearned", "double", Learned)).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void BinomialWithConstantTrials()
    {
        GeneratorRun run = GeneratorHarness.Run(LikelihoodZoo.Source("Binomial", "float", "[Binomial(Logits = nameof(Out), Trials = 5)]")).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void NegativeBinomialWithConstantDispersion()
    {
        GeneratorRun run = GeneratorHarness.Run(LikelihoodZoo.Source("NegativeBinomial", "double", "[NegativeBinomial(nameof(Out), 2.5)]")).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void NegativeBinomialCountsWithLearnedDispersion()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Counts).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void CategoricalClassifierWithThreeClasses()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Classifier).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void VaryingInterceptsByGroup()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.Radon).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void EightSchoolsWithAPerGroupLocationAndPerRowScale()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.EightSchools).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void NonCentredConstantPriorAloneCompilesCleanly()
    {
        // Found by the robustness corpus: values mode with only block-Normal priors left the 'discard' local unused (CS0219).
        GeneratorHarness.Run("""
            using ModelGen;

            namespace Demo;

            [Model<float>]
            public partial class Net
            {
                [Input(2)] public partial Input X { get; }

                [Dense(nameof(X), 1), Normal(0, 1, NonCentered = true)] public partial Layer Output { get; }

                [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
            }
            """).AssertClean();
    }

    [Fact]
    public void HeavyTailedLayerPriorsOnTheta()
    {
        // No standalone parameter, no transform: the kernel works on θ itself, and each prior is still its own family
        // (the Laplace and Student-t used to be emitted as Normals here).
        GeneratorRun run = GeneratorHarness.Run("""
            using ModelGen;

            namespace Demo.Robust;

            [Model<double>]
            public partial class RobustLine
            {
                [Input(1)] public partial Input X { get; }

                [Dense(nameof(X), 1, Bias = true), Laplace(-0.5, 2.2, Part = LayerPart.Weights), StudentT(3, 0, 2.5, Part = LayerPart.Bias)]
                public partial Layer Line { get; }

                [Normal(nameof(Line), 1.0)] public partial Observed Y { get; }
            }
            """).AssertClean();
        SnapshotAssert.Match(WithStages(run));
    }

    [Fact]
    public void ModelWithErrorsGetsTheThrowingSurface()
    {
        GeneratorRun run = GeneratorHarness.Run(TestModels.MissingPrior);
        Assert.Equal(["MG0004"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe(run.CompilationDiagnostics));
        SnapshotAssert.Match(WithStages(run));
    }

    /// <summary>The generated files and, for each valid model, its stages as a file of its own.</summary>
    private static IEnumerable<GeneratedSource> WithStages(GeneratorRun run)
    {
        var models = run.RunResult.Results.SelectMany(r => r.TrackedSteps[TrackingNames.Spec])
            .SelectMany(step => step.Outputs)
            .Select(o => (ModelToEmit)o.Value)
            .Where(m => m.ErrorIds.Count == 0);
        return run.Sources.Concat(models.Select(m =>
        {
            ModelGraph graph = GraphBuilder.Lower(m.Spec, CancellationToken.None);
            return new GeneratedSource(ModelEmitter.HintName(m.Spec.Type).Replace(".g.cs", ".ir", StringComparison.Ordinal), ModelEmitter.Stages(graph));
        }));
    }
}
