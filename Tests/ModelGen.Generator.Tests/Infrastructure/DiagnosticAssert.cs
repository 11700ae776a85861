using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>Runs the generator on marked-up source and checks the one diagnostic the markup expects.</summary>
internal static class DiagnosticAssert
{
    /// <summary>
    /// One case of a rule table: <paramref name="from"/> replaced by <paramref name="to"/> in the good
    /// <paramref name="baseMembers"/>, the model made by <paramref name="model"/>. With a marked span in
    /// <paramref name="to"/>, <see cref="Single"/> with the message part <paramref name="message"/>; without one, a case
    /// breaking two rules at once, and <paramref name="message"/> is the id it must report among others.
    /// </summary>
    public static void BrokenRule(string baseMembers, string from, string to, string message, Func<string, string> model)
    {
        string members = baseMembers.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(baseMembers, members);
        if (!to.Contains("{|", StringComparison.Ordinal))
        {
            // A case that breaks two rules at once names the one it is about.
            var result = GeneratorHarness.Run(model(members));
            Assert.Contains(result.GeneratorDiagnostics, d => d.Id == message);
            return;
        }

        Single(model(members), [message]);
    }

    /// <summary>
    /// <paramref name="markup"/> marks exactly one span <c>{|MGnnnn:…|}</c>. Requires: the generator reports exactly
    /// that one diagnostic, as an error, at that span of the model file, with a message containing each of
    /// <paramref name="messageContains"/>; and the compilation with the generated code has no other error or
    /// warning (one clear error, never a cascade).
    /// </summary>
    public static Diagnostic Single(string markup, params string[] messageContains) => Single(markup, [], messageContains);

    /// <summary>
    /// <see cref="Single(string, string[])"/> where the C# compiler reports the same mistake in its own words too
    /// (<paramref name="compilerIds"/>, e.g. CS0200 for a write to a get-only property): those, and only those, may
    /// come beside it.
    /// </summary>
    public static Diagnostic Single(string markup, string[] compilerIds, params string[] messageContains)
    {
        (string source, IReadOnlyList<ExpectedSpan> spans) = Markup.Parse(markup);
        ExpectedSpan expected = Assert.Single(spans);
        GeneratorRun run = GeneratorHarness.Run(source);

        Assert.Null(run.GeneratorException);
        if (run.GeneratorDiagnostics.Length != 1 || run.GeneratorDiagnostics[0].Id != expected.Id)
        {
            Assert.Fail($"Expected exactly one {expected.Id}; the generator reported {run.GeneratorDiagnostics.Length}:\n" + run.Describe(run.GeneratorDiagnostics));
        }

        Diagnostic diagnostic = run.GeneratorDiagnostics[0];
        AssertLocation(diagnostic, expected, source);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        foreach (string part in messageContains)
        {
            Assert.True(message.Contains(part, StringComparison.Ordinal), $"The message of {expected.Id} lacks \"{part}\":\n{message}");
        }

        Assert.DoesNotContain("{", message.Replace("{ get; }", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var others = run.CompilationDiagnostics.Where(d => !compilerIds.Contains(d.Id)).ToList();
        Assert.True(others.Count == 0, $"{expected.Id} came with other diagnostics (a cascade):\n" + run.Describe(others));
        return diagnostic;
    }

    /// <summary>The diagnostic points into the model file at exactly the marked span, with a consistent line span.</summary>
    public static void AssertLocation(Diagnostic diagnostic, ExpectedSpan expected, string source)
    {
        Location location = diagnostic.Location;
        FileLinePositionSpan lines = location.GetLineSpan();
        Assert.True(location != Location.None, $"{diagnostic.Id} has no location.");
        Assert.Equal(GeneratorHarness.SourcePath(0), lines.Path);
        if (location.SourceSpan != expected.Span)
        {
            string actual = location.SourceSpan.End <= source.Length ? source.Substring(location.SourceSpan.Start, location.SourceSpan.Length) : "(outside the file)";
            Assert.Fail($"{diagnostic.Id} points at \"{actual}\" {location.SourceSpan}; expected \"{expected.Text}\" {expected.Span}.");
        }

        Assert.Equal(SourceText.From(source).Lines.GetLinePositionSpan(expected.Span), lines.Span);
    }
}
