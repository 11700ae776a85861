using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The diagnostics catalog (docs/contributing.md, Diagnostics catalog): unique IDs in the right ranges and categories, a docs page and an
/// index row per ID, a release-tracking row per ID, and help links computed from the ID.
/// </summary>
public partial class CatalogTests
{
    public static TheoryData<string> Ids => new(DiagnosticDescriptors.All.Select(d => d.Id));

    [Fact]
    public void Ids_AreUnique_AndWellFormed()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(IdPattern(), id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsConsistent(string id)
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(id);
        string expectedCategory = id[2] switch
        {
            '0' => DiagnosticDescriptors.ModelCategory,
            '1' => DiagnosticDescriptors.ShapeCategory,
            '2' => "ModelGen.Performance",
            '3' => DiagnosticDescriptors.TermsCategory,
            _ => DiagnosticDescriptors.InternalCategory,
        };

        Assert.Equal(expectedCategory, descriptor.Category);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void HelpLink_IsComputedFromTheId(string id)
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(id);

        Assert.Equal(DiagnosticDescriptors.HelpLink(id), descriptor.HelpLinkUri);
        Assert.EndsWith("docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Id_HasADocsPage(string id)
    {
        string page = RepoPaths.Combine("docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), "Missing " + page);

        string text = File.ReadAllText(page);
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(id);
        Assert.StartsWith("# " + id + ": " + descriptor.Title, text, StringComparison.Ordinal);
        foreach (string section in new[] { "## What it means", "## Why", "## Invalid", "## Fixed", "## Suppressing" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        // The invalid example marks where the diagnostic is reported (MG9001 has no model to show).
        string invalid = text[text.IndexOf("## Invalid", StringComparison.Ordinal)..text.IndexOf("## Fixed", StringComparison.Ordinal)];
        Assert.True(id == DiagnosticDescriptors.InternalErrorId || invalid.Contains("// " + id, StringComparison.Ordinal), $"The invalid example of {id} does not mark the error with '// {id}'.");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Id_HasAReleaseTrackingRow_MatchingItsDescriptor(string id)
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(id);
        var rows = ReleaseRows().Where(r => r.Id == id).ToList();

        (string _, string category, string severity) = Assert.Single(rows);
        Assert.Equal(descriptor.Category, category);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), severity);
    }

    [Fact]
    public void Index_ListsEveryIdWithItsSeverityCategoryAndTitle()
    {
        const string Begin = "<!-- catalog:begin -->\n";
        const string End = "<!-- catalog:end -->";
        string path = RepoPaths.Combine("docs", "diagnostics", "index.md");
        string index = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        int begin = index.IndexOf(Begin, StringComparison.Ordinal);
        int end = index.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{path} must hold the table between {Begin.Trim()} and {End}.");
        string table = index[(begin + Begin.Length)..end];

        string expected = IndexTable();
        if (Environment.GetEnvironmentVariable(SnapshotAssert.UpdateVariable) == "1")
        {
            File.WriteAllText(path, index[..(begin + Begin.Length)] + expected + index[end..]);
            return;
        }

        Assert.Equal(expected, table);
    }

    /// <summary>The index's table, one row per descriptor in catalog order, each ID linking its page.</summary>
    private static string IndexTable()
    {
        var text = new System.Text.StringBuilder("| ID | Severity | Category | Title |\n|----|----------|----------|-------|\n");
        foreach (DiagnosticDescriptor d in DiagnosticDescriptors.All.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| [{d.Id}]({d.Id}.md) | {d.DefaultSeverity} | {d.Category} | {d.Title} |\n");
        }

        return text.ToString();
    }

    [Fact]
    public void EveryDocsPage_IsForAnIdInTheCatalog()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.EnumerateFiles(RepoPaths.Combine("docs", "diagnostics"), "MG*.md").Select(Path.GetFileNameWithoutExtension);

        Assert.All(pages, page => Assert.Contains(page!, ids));
    }

    [Fact]
    public void ReleaseFiles_ListNoIdOutsideTheCatalog()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        Assert.All(ReleaseRows(), row => Assert.Contains(row.Id, ids));
    }

    /// <summary>"Rule ID | Category | Severity | Notes" rows of both release-tracking files.</summary>
    private static IEnumerable<(string Id, string Category, string Severity)> ReleaseRows()
    {
        foreach (string file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            foreach (string line in File.ReadLines(RepoPaths.Combine("Generator", file)))
            {
                string[] cells = line.Split('|', StringSplitOptions.TrimEntries);
                if (cells.Length >= 3 && IdPattern().IsMatch(cells[0]))
                {
                    yield return (cells[0], cells[1], cells[2]);
                }
            }
        }
    }

    [GeneratedRegex("^MG[01239][0-9]{3}$")]
    private static partial Regex IdPattern();
}
