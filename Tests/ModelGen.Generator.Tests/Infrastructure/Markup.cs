using Microsoft.CodeAnalysis.Text;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>A span the markup says a diagnostic must cover.</summary>
internal sealed record ExpectedSpan(string Id, TextSpan Span, string Text);

/// <summary>
/// The in-repo diagnostic markup (docs/contributing.md, Testing habits): <c>{|MG1001:Inputs = 3|}</c> marks the text a diagnostic
/// with that ID must point at. <see cref="Parse"/> strips the markers and returns the plain source and spans.
/// </summary>
internal static class Markup
{
    private const string Open = "{|";
    private const string Close = "|}";

    public static (string Source, IReadOnlyList<ExpectedSpan> Spans) Parse(string markup)
    {
        var source = new System.Text.StringBuilder(markup.Length);
        var spans = new List<ExpectedSpan>();
        int i = 0;
        while (i < markup.Length)
        {
            int open = markup.IndexOf(Open, i, StringComparison.Ordinal);
            if (open < 0)
            {
                source.Append(markup, i, markup.Length - i);
                break;
            }

            source.Append(markup, i, open - i);
            int colon = markup.IndexOf(':', open);
            int close = markup.IndexOf(Close, open, StringComparison.Ordinal);
            if (colon < 0 || close < 0 || colon > close)
            {
                throw new FormatException($"Unterminated markup at offset {open}: expected {{|ID:text|}}.");
            }

            string id = markup[(open + Open.Length)..colon];
            string text = markup[(colon + 1)..close];
            if (text.Contains(Open, StringComparison.Ordinal))
            {
                throw new FormatException($"Nested markup at offset {open} is not supported.");
            }

            spans.Add(new ExpectedSpan(id, new TextSpan(source.Length, text.Length), text));
            source.Append(text);
            i = close + Close.Length;
        }

        return (source.ToString(), spans);
    }
}
