using System.Text.RegularExpressions;
using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The documentation's commands and links, checked as written: every command in a fenced block of README.md and
/// docs/ names a project that exists and only options its program knows, every relative link resolves inside the
/// repository, and nothing in the repository points at a file outside it. (The blocks tagged <c>ci: run</c> and
/// the README's install block are also run as written by CI: <c>.ci/docs.sh</c>, <c>.ci/readme.sh</c>.)
/// </summary>
public partial class DocumentationTests
{
    /// <summary>dotnet's and BenchmarkDotNet's own options, which the programs never see.</summary>
    private static readonly HashSet<string> s_toolOptions = new(StringComparer.Ordinal)
    {
        "--project", "--filter", "--logger", "--configuration", "--no-build", "--framework", "--buildTimeout", "--inProcess",
    };

    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (string page in MarkdownPages())
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, page));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_command_names_a_project_that_exists_and_options_its_program_reads(string page)
    {
        var problems = new List<string>();
        foreach ((int line, string command) in CommandLines(Path.Combine(RepoPaths.Root, page)))
        {
            Match project = ProjectArgument().Match(command);
            if (!project.Success)
            {
                continue;
            }

            string path = Path.Combine(RepoPaths.Root, project.Groups["path"].Value);
            if (!Directory.Exists(path) && !File.Exists(path))
            {
                problems.Add($"{page}:{line}: '{project.Groups["path"].Value}' does not exist: {command}");
                continue;
            }

            // Options for the program: after " -- ", and in the "# options: --x N" comment beside the command.
            if (!command.StartsWith("dotnet run", StringComparison.Ordinal) || !Directory.Exists(path) || path.EndsWith("Benchmarks", StringComparison.Ordinal))
            {
                continue;
            }

            string sources = string.Concat(Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(File.ReadAllText));
            int programArgs = command.IndexOf(" -- ", StringComparison.Ordinal);
            int comment = command.IndexOf('#', StringComparison.Ordinal);
            string forProgram = (programArgs >= 0 ? command[programArgs..] : string.Empty) + (comment >= 0 ? command[comment..] : string.Empty);
            foreach (Match option in ProgramOption().Matches(forProgram))
            {
                if (!s_toolOptions.Contains(option.Value) && !sources.Contains("\"" + option.Value + "\"", StringComparison.Ordinal))
                {
                    problems.Add($"{page}:{line}: {project.Groups["path"].Value} has no option '{option.Value}': {command}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_script_command_names_a_script_that_exists_and_options_it_reads(string page)
    {
        var problems = new List<string>();
        foreach ((int line, string command) in CommandLines(Path.Combine(RepoPaths.Root, page)))
        {
            Match script = ScriptCommand().Match(command);
            if (!script.Success)
            {
                continue;
            }

            string path = Path.Combine(RepoPaths.Root, script.Groups["path"].Value);
            if (!File.Exists(path))
            {
                problems.Add($"{page}:{line}: '{script.Groups["path"].Value}' does not exist: {command}");
                continue;
            }

            string text = File.ReadAllText(path);
            int comment = command.IndexOf('#', StringComparison.Ordinal);
            foreach (Match option in ProgramOption().Matches(comment >= 0 ? command[..comment] : command))
            {
                if (!text.Contains(option.Value, StringComparison.Ordinal))
                {
                    problems.Add($"{page}:{line}: {script.Groups["path"].Value} reads no option '{option.Value}': {command}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_resolves_to_a_file_in_the_repository(string page)
    {
        string full = Path.Combine(RepoPaths.Root, page);
        string folder = Path.GetDirectoryName(full)!;
        var problems = new List<string>();
        foreach (Match link in MarkdownLink().Matches(File.ReadAllText(full)))
        {
            string target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            string file = Path.GetFullPath(Path.Combine(folder, target.Split('#')[0]));
            if (!file.StartsWith(RepoPaths.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                problems.Add($"{page}: '{target}' points outside the repository");
            }
            else if (!File.Exists(file) && !Directory.Exists(file))
            {
                problems.Add($"{page}: '{target}' does not exist");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Nothing_in_the_repository_cites_a_file_outside_it()
    {
        // The starting design's notes lived beside the repository, never in it; the names are built here so this
        // file does not match itself.
        string[] outside = ["STYLE" + ".md", "DESIGN" + ".md", "TOOLCHAIN" + ".md", "../" + "shared", "shared/" + "data", "seed-notebook" + ".txt"];
        string[] extensions = [".cs", ".md", ".sh", ".csproj", ".props", ".json", ".txt", ".R", ".yml"];
        var problems = new List<string>();
        foreach (string file in Directory.EnumerateFiles(RepoPaths.Root, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(RepoPaths.Root, file);
            if (IsBuildOutput(relative) || !(extensions.Contains(Path.GetExtension(file)) || relative.StartsWith(".ci", StringComparison.Ordinal)))
            {
                continue;
            }

            string text = File.ReadAllText(file);
            problems.AddRange(outside.Where(name => text.Contains(name, StringComparison.Ordinal)).Select(name => $"{relative} cites '{name}'"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IEnumerable<string> MarkdownPages() =>
        new[] { Path.Combine(RepoPaths.Root, "README.md") }
            .Concat(Directory.EnumerateFiles(RepoPaths.Combine("docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(RepoPaths.Combine("Samples"), "README.md", SearchOption.AllDirectories))
            .Where(p => !IsBuildOutput(Path.GetRelativePath(RepoPaths.Root, p)))
            .Order(StringComparer.Ordinal);

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith(".git", StringComparison.Ordinal) && !relative.StartsWith(".gitignore", StringComparison.Ordinal)
        || relative.StartsWith("artifacts", StringComparison.Ordinal)
        || relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "out" or "plots" or "TestResults");

    /// <summary>
    /// Lines of fenced code blocks that run dotnet in the repository, with their line numbers (1-based): a block's
    /// lines after one that changes folder (<c>cd ~/MyFit</c>, <c>… &amp;&amp; cd MyFit</c>) run in a project of the
    /// reader's (made by <c>dotnet new</c>), not here, and are left out.
    /// </summary>
    private static IEnumerable<(int Line, string Command)> CommandLines(string page)
    {
        bool inBlock = false, elsewhere = false;
        string[] lines = File.ReadAllLines(page);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                elsewhere = false;
            }
            else if (inBlock && (line.StartsWith("cd ", StringComparison.Ordinal) || line.Contains("&& cd ", StringComparison.Ordinal)))
            {
                elsewhere = true;
            }
            else if (inBlock && !elsewhere && (line.StartsWith("dotnet ", StringComparison.Ordinal) || ScriptCommand().IsMatch(line)))
            {
                yield return (i + 1, line);
            }
        }
    }

    /// <summary>The project of "dotnet run --project P", or the path argument of "dotnet test P" / "dotnet publish P".</summary>
    [GeneratedRegex(@"^dotnet (?:run .*--project |test |publish |pack |build )(?<path>[A-Za-z][\w./-]*)")]
    private static partial Regex ProjectArgument();

    /// <summary>A script of the repository run from its root: <c>scripts/x.sh …</c>, <c>bash scripts/x.sh …</c>, <c>Rscript scripts/x.R …</c>.</summary>
    [GeneratedRegex(@"^(?:(?:bash|sh|Rscript) )?(?<path>scripts/[\w./-]+)")]
    private static partial Regex ScriptCommand();

    [GeneratedRegex(@"(?<![\w-])--[a-zA-Z][\w-]*")]
    private static partial Regex ProgramOption();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
