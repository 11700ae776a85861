using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ModelGen.Generator.Emit;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>
/// Compares generated files with checked-in baselines at <c>Baselines/{Test}/{HintName}.txt</c> (docs/contributing.md, Testing habits).
/// The generator version becomes <c>%VERSION%</c> and newlines are normalised, so a release bump or a checkout
/// with CRLF does not fail a snapshot. The set of generated files must equal the set of baselines. On a
/// mismatch <c>{HintName}.received.txt</c> is written beside the baseline and the first differing lines are
/// shown with context. With <c>MODELGEN_UPDATE_SNAPSHOTS=1</c> the baselines are rewritten and stale ones deleted.
/// </summary>
internal static class SnapshotAssert
{
    public const string UpdateVariable = "MODELGEN_UPDATE_SNAPSHOTS";
    private const string Extension = ".txt";
    private const string ReceivedExtension = ".received.txt";
    private const int Context = 3;

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Checks every file in <paramref name="files"/> against the baselines of <paramref name="test"/>.</summary>
    public static void Match(IEnumerable<GeneratedSource> files, [CallerMemberName] string test = "", [CallerFilePath] string callerPath = "")
    {
        string folder = Path.Combine(ProjectFolder(callerPath), "Baselines", test);
        var generated = files.ToDictionary(f => f.HintName, f => Normalize(f.Text), StringComparer.Ordinal);
        Directory.CreateDirectory(folder);
        var baselines = Directory.EnumerateFiles(folder, "*" + Extension)
            .Where(p => !p.EndsWith(ReceivedExtension, StringComparison.Ordinal))
            .ToDictionary(p => Path.GetFileName(p)[..^Extension.Length], p => p, StringComparer.Ordinal);

        if (Updating)
        {
            foreach (string received in Directory.EnumerateFiles(folder, "*" + ReceivedExtension))
            {
                File.Delete(received);
            }

            foreach ((string hint, string path) in baselines.Where(b => !generated.ContainsKey(b.Key)))
            {
                File.Delete(path);
            }

            foreach ((string hint, string text) in generated)
            {
                File.WriteAllText(Path.Combine(folder, hint + Extension), text, new UTF8Encoding(false));
            }

            return;
        }

        var failures = new StringBuilder();
        foreach (string missing in generated.Keys.Where(h => !baselines.ContainsKey(h)).Order(StringComparer.Ordinal))
        {
            failures.Append(CultureInfo.InvariantCulture, $"Generated '{missing}' has no baseline {Path.Combine(folder, missing + Extension)}.\n");
        }

        foreach (string stale in baselines.Keys.Where(h => !generated.ContainsKey(h)).Order(StringComparer.Ordinal))
        {
            failures.Append(CultureInfo.InvariantCulture, $"Baseline '{stale}{Extension}' matches no generated file (stale: delete it or run with {UpdateVariable}=1).\n");
        }

        foreach ((string hint, string text) in generated.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string receivedPath = Path.Combine(folder, hint + ReceivedExtension);
            if (!baselines.TryGetValue(hint, out string? baselinePath))
            {
                File.WriteAllText(receivedPath, text, new UTF8Encoding(false));
                continue;
            }

            string expected = Normalize(File.ReadAllText(baselinePath));
            if (expected == text)
            {
                File.Delete(receivedPath);
                continue;
            }

            File.WriteAllText(receivedPath, text, new UTF8Encoding(false));
            failures.Append(CultureInfo.InvariantCulture, $"'{hint}' differs from its baseline; received text written to {receivedPath}.\n");
            failures.Append(FirstDifference(expected, text));
        }

        if (failures.Length > 0)
        {
            Assert.Fail(failures.Append(CultureInfo.InvariantCulture, $"Accept the new output with {UpdateVariable}=1 after reviewing it.").ToString());
        }
    }

    /// <summary>The test project's folder: above the calling test's source file, or found from the repository root when CI maps source paths.</summary>
    private static string ProjectFolder(string callerPath)
    {
        for (string? dir = Path.GetDirectoryName(callerPath); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "ModelGen.Generator.Tests.csproj")))
            {
                return dir;
            }
        }

        return RepoPaths.TestProject;
    }

    /// <summary>"\n" line ends, the generator version as %VERSION%, and no trailing BOM differences.</summary>
    public static string Normalize(string text) =>
        text.TrimStart('\uFEFF')
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("\"ModelGen\", \"" + ModelEmitter.Version + "\"", "\"ModelGen\", \"%VERSION%\"", StringComparison.Ordinal);

    /// <summary>The first differing line of the two texts with <see cref="Context"/> lines either side, expected then received.</summary>
    public static string FirstDifference(string expected, string received)
    {
        string[] a = expected.Split('\n');
        string[] b = received.Split('\n');
        int first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"First difference at line {first + 1} (expected {a.Length} lines, received {b.Length}):\n");
        Append(text, "expected", a, first);
        Append(text, "received", b, first);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string label, string[] lines, int first)
    {
        text.Append("  --- ").Append(label).Append('\n');
        for (int i = Math.Max(0, first - Context); i <= Math.Min(lines.Length - 1, first + Context); i++)
        {
            text.Append(i == first ? "  > " : "    ").Append(CultureInfo.InvariantCulture, $"{i + 1,5}: {lines[i]}\n");
        }

        if (first >= lines.Length)
        {
            text.Append("  > (end of text)\n");
        }
    }
}
