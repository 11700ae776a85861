using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Local spans and local-matrix elements set by '=' in loops and read later (docs/terms.md, "Local spans and elements"):
/// sample 5's K-state forward algorithm as a reviewed snapshot, each rule that keeps the reverse pass exact without a
/// tape reported once at its span (MG3001), and damaged bodies never crashing the generator.
/// </summary>
public class ElementTermDiagnosticTests
{
    /// <summary>A forward algorithm with normal emissions in TermDiagnosticTests' model (K states, Y the observations).</summary>
    private const string ElementBase = """
                LocalMatrix<double> g = Local.Matrix(Y.Length, K);
                Span<double> acc = stackalloc double[K];
                for (int k = 0; k < K; k++)
                {
                    g[0, k] = Normal(Y[0], Beta[k], Sigma);
                }

                for (int t = 1; t < Y.Length; t++)
                {
                    for (int k = 0; k < K; k++)
                    {
                        for (int j = 0; j < K; j++)
                        {
                            acc[j] = g[t - 1, j] + Mu * j;
                        }

                        g[t, k] = LogSumExp(acc) + Normal(Y[t], Beta[k], Sigma);
                    }
                }

                return LogSumExp(g.Row(Y.Length - 1));
        """;

    [Fact]
    public void The_element_model_is_clean() => GeneratorHarness.Run(TermDiagnosticTests.Model(ElementBase)).AssertClean();

    /// <summary>
    /// docs/terms.md's sample 5 with K states as a reviewer reads its generated kernel: the class the end-to-end tests
    /// fit against Stan (Tests/ModelGen.EndToEnd.Tests/Models/StanTermModels.cs, HiddenMarkov), read from that file.
    /// </summary>
    [Fact]
    public void HiddenMarkov()
    {
        string file = File.ReadAllText(RepoPaths.Combine("Tests", "ModelGen.EndToEnd.Tests", "Models", "StanTermModels.cs")).ReplaceLineEndings("\n");
        int start = file.IndexOf("[Model<double>]\npublic partial class HiddenMarkov\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "StanTermModels.cs has no HiddenMarkov");
        int end = file.IndexOf("\n}\n", start, StringComparison.Ordinal) + 3;
        GeneratorRun run = GeneratorHarness.Run("using ModelGen;\nusing static ModelGen.Terms.Math;\n\nnamespace Demo;\n\n" + file[start..end]).AssertClean();
        SnapshotAssert.Match(run.Sources);
    }

    public static TheoryData<string, string, string> Cases => new()
    {
        // A matrix cell set twice: in every trip of a loop whose index it does not take, or by two writes that may meet.
        { "g[0, k] = Normal(Y[0], Beta[k], Sigma);", "for (int i = 0; i < 2; i++) {|MG3001:g[0, k] = Normal(Y[0], Beta[k], Sigma) * i|};", "a write to 'g' that may set one cell twice (in every trip of the loop over 'i')" },
        { "return LogSumExp(g.Row", "{|MG3001:g[1, 0] = Mu|};\n        return LogSumExp(g.Row", "a write to 'g' that may set a cell another write sets (line" },

        // A span read before a loop writes it whole, set otherwise than whole, read while written, written whole twice.
        { "g[0, k] = Normal(Y[0], Beta[k], Sigma);", "g[0, k] = Normal(Y[0], Beta[k], Sigma) + {|MG3001:acc[k]|};", "a read of the local span 'acc' before a loop writes it whole" },
        { "acc[j] = g[t - 1, j] + Mu * j;", "{|MG3001:acc[0] = g[t - 1, j] + Mu * j|};", "'acc[…] = …' outside a loop that writes the span whole" },
        { "acc[j] = g[t - 1, j] + Mu * j;", "acc[j] = g[t - 1, j] + Mu * {|MG3001:acc[0]|};", "a read of 'acc' in the loop that writes it whole" },
        { "return LogSumExp(g.Row", "{|MG3001:for (int i = 0; i < K; i++) acc[i] = Mu;|}\n        return LogSumExp(g.Row", "a second loop writing the local span 'acc' whole" },

        // The reverse trip recomputes acc from the cells as the trip left them: it may not read a cell the trip sets after it.
        { "acc[j] = g[t - 1, j] + Mu * j;", "acc[j] = {|MG3001:g[t, j]|} + Mu * j;", "of a cell the statements after it in the same trip may set (line" },

        // What such a term does not hold: a per-trip local reading an element, a branch, a span's size from the point.
        { "acc[j] = g[t - 1, j] + Mu * j;", "double h = {|MG3001:g[t - 1, j]|};\n        acc[j] = h + Mu * j;", "a per-trip local holding a read of a local span or matrix" },
        { "return LogSumExp(g.Row", "{|MG3001:if (K > 1) { }|}\n        return LogSumExp(g.Row", "this statement in a term with local spans" },
        { "stackalloc double[K]", "stackalloc double[{|MG3005:(int)Mu|}]", "sizes the local matrix 'acc' by '(int)Mu'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_broken_rule_reports_its_diagnostic(string from, string to, string message) =>
        DiagnosticAssert.BrokenRule(ElementBase, from, to, message, TermDiagnosticTests.Model);

    [Fact]
    public void Damaged_element_bodies_never_crash_the_generator_and_clean_ones_compile()
    {
        (List<string> failures, int clean) = TermDiagnosticTests.DamagedRuns(ElementBase, 20261210, 60);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
        Assert.True(clean >= 5, $"only {clean} damaged element bodies were clean: too few to check that clean ones compile");
    }
}
