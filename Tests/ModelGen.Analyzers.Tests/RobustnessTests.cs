using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Analyzers.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;
using Xunit.Abstractions;

namespace ModelGen.Analyzers.Tests;

/// <summary>
/// 3,000 damaged declarations (the generator tests' <see cref="ModelMutator"/>, with other seeds than their 500) through
/// the linked parser and checker inside the analyzer, in process and without emitting (every tenth after the generator
/// has added its output, as in a build): the analyzer never throws (an
/// exception would be AD0001), and whatever it reports is a warning or advice, never an error the generator owns.
/// The output counts the cases per seed model and, per diagnostic ID, the cases it was reported on.
/// MG_ANALYZER_CASES overrides the count for exploring.
/// </summary>
public class RobustnessTests(ITestOutputHelper output)
{
    private static readonly int s_cases = int.TryParse(Environment.GetEnvironmentVariable("MG_ANALYZER_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : 3000;

    [Fact]
    public void MutatedModels_NeverCrashTheAnalyzer()
    {
        var clock = Stopwatch.StartNew();

        // Several seeds, none the generator test's, so this corpus adds cases instead of repeating them.
        var cases = new List<(int Index, string Source, string Description)>();
        for (int seed = 0; cases.Count < s_cases; seed++)
        {
            var mutator = new ModelMutator(7000 + seed);
            for (int i = 0; i < 500 && cases.Count < s_cases; i++)
            {
                (string source, string description) = mutator.Next();
                cases.Add((cases.Count, source, description));
            }
        }

        var failures = new ConcurrentBag<string>();
        var reported = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Parallel.ForEach(cases, c =>
        {
            try
            {
                // Every tenth case as the IDE has it: the generator's output in the compilation, the model's file analyzed.
                Compilation compilation = Harness.Compile(c.Source);
                var diagnostics = c.Index % 10 == 0 ? Harness.Analyze(Harness.Generate(compilation).Output, modelFileOnly: true) : Harness.Analyze(compilation);
                foreach (string id in diagnostics.Select(d => d.Id).Distinct())
                {
                    reported.AddOrUpdate(id, 1, (_, count) => count + 1);
                }

                foreach (Diagnostic d in diagnostics)
                {
                    if (d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error || d.Id.StartsWith("AD", StringComparison.Ordinal))
                    {
                        failures.Add($"case {c.Index} ({c.Description}): {d}\n{Harness.Numbered(c.Source)}");
                    }
                }
            }
            catch (Exception e)
            {
                failures.Add($"case {c.Index} ({c.Description}): {e}\n{Harness.Numbered(c.Source)}");
            }
        });

        output.WriteLine("cases per seed: " + string.Join(", ", cases.GroupBy(c => c.Description[..c.Description.IndexOf(':', StringComparison.Ordinal)]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + "×" + g.Count())));
        output.WriteLine($"{cases.Count} cases, cases with each diagnostic: {string.Join(", ", reported.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key + "×" + r.Value))}; {clock.Elapsed.TotalSeconds:F1} s.");
        Assert.True(failures.IsEmpty, $"{failures.Count} failure(s); the first:\n" + failures.FirstOrDefault());
    }

    /// <summary>The corpus starts from valid models: each seed, unmutated, draws no diagnostic from generator, analyzer or compiler.</summary>
    [Fact]
    public void SeedModels_AreValid()
    {
        foreach ((string name, string source) in ModelMutator.Seeds())
        {
            var compilation = Harness.Compile(source);
            (Compilation generated, var generatorDiagnostics) = Harness.Generate(compilation);
            var all = generatorDiagnostics
                .Concat(Harness.Analyze(compilation))
                .Concat(Harness.Analyze(generated))
                .Concat(generated.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning))
                .ToList();
            Assert.True(all.Count == 0, $"Seed '{name}':\n{string.Join("\n", all)}\n{Harness.Numbered(source)}");
        }
    }
}
