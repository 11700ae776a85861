using System.Runtime.CompilerServices;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>
/// Folders of the repository, found from this source file's compile-time path (so any bin folder works),
/// or, when a CI build maps source paths (ContinuousIntegrationBuild), from the test assembly's folder.
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding ModelGen.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>Tests/ModelGen.Generator.Tests.</summary>
    public static string TestProject => Path.Combine(Root, "Tests", "ModelGen.Generator.Tests");

    /// <summary>A path below the root, e.g. Combine("docs", "diagnostics").</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot() =>
        WalkUp(ThisFile()) ?? WalkUp(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No ModelGen.sln above '{ThisFile()}' or '{AppContext.BaseDirectory}'.");

    private static string? WalkUp(string start)
    {
        for (string? dir = Path.GetDirectoryName(start); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "ModelGen.sln")))
            {
                return dir;
            }
        }

        return null;
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
