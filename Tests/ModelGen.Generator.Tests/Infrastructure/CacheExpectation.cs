using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>
/// The run reasons each tracked step (TrackingNames) may report after an edit, with presets for the cases
/// docs/contributing.md (Testing habits) names. A step may report any reason in its set; New and Removed are never allowed unless listed.
/// </summary>
internal sealed record CacheExpectation(
    IncrementalStepRunReason[] Parse,
    IncrementalStepRunReason[] Diagnostics,
    IncrementalStepRunReason[] Spec,
    IncrementalStepRunReason[] Emit)
{
    private static readonly IncrementalStepRunReason[] s_cached = [IncrementalStepRunReason.Cached];
    private static readonly IncrementalStepRunReason[] s_reused = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];
    private static readonly IncrementalStepRunReason[] s_modified = [IncrementalStepRunReason.Modified];
    private static readonly IncrementalStepRunReason[] s_anyButNew = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Modified];

    /// <summary>The same compilation again: nothing runs.</summary>
    public static CacheExpectation SameCompilation { get; } = new(s_cached, s_cached, s_cached, s_cached);

    /// <summary>A file or member the model does not read changed: the model may be re-parsed, but nothing after it changes.</summary>
    public static CacheExpectation UnrelatedEdit { get; } = new(s_reused, s_reused, s_reused, s_reused);

    /// <summary>The model moved (lines or comments above it): locations change, so Parse and maybe Diagnostics are new; Spec and Emit are not.</summary>
    public static CacheExpectation ModelMoved { get; } = new(s_anyButNew, s_anyButNew, s_reused, s_reused);

    /// <summary>A hyperparameter changed: the spec and the generated text change.</summary>
    public static CacheExpectation HyperparameterChanged { get; } = new(s_modified, s_reused, s_modified, s_modified);

    /// <summary>Checks every output of every step of each tracking name in <paramref name="result"/>.</summary>
    public void Verify(GeneratorRunResult result)
    {
        Check(result, TrackingNames.Parse, Parse);
        Check(result, TrackingNames.Diagnostics, Diagnostics);
        Check(result, TrackingNames.Spec, Spec);
        Check(result, TrackingNames.Emit, Emit);
    }

    private static void Check(GeneratorRunResult result, string name, IncrementalStepRunReason[] allowed)
    {
        Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"No tracked step '{name}'; tracked: {string.Join(", ", result.TrackedSteps.Keys)}.");
        var reasons = steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.True(reasons.Count > 0, $"Step '{name}' produced no output.");
        Assert.True(
            reasons.All(allowed.Contains),
            $"Step '{name}' reported [{string.Join(", ", reasons)}]; allowed: [{string.Join(", ", allowed)}].");
    }
}
