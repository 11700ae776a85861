using System.Text.RegularExpressions;
using ModelGen.Generator.Spec;
using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests;

/// <summary>
/// One place per construct (issue 17): a prior distribution or a likelihood is named (<c>DistributionKind.X</c>) in its
/// catalog (Distributions/DistributionCatalog.cs, Distributions/LikelihoodCatalog.cs) and, at most, in one more
/// generator file. The places not moved onto the catalogs yet are listed below by construct, so the list can only
/// shrink: a new place fails, and so does a listed place that no longer names it (take it off the list).
/// </summary>
public sealed class ConstructPlacesTests
{
    /// <summary>The catalogs: every construct may be named in these.</summary>
    private static readonly string[] Catalogs = ["Distributions/DistributionCatalog.cs", "Distributions/LikelihoodCatalog.cs"];

    /// <summary>
    /// Each construct's places beyond the catalogs, today. A likelihood's attribute is parsed in Parse/ModelParser.cs
    /// (its one place beside the catalog); the rest is what has still to move.
    /// </summary>
    private static readonly Dictionary<DistributionKind, string[]> Places = new()
    {
        // The prior N(0, 1) of a non-centred block's z; the likelihood's sigma (a constant, a parameter or a column)
        // resolved, checked and dumped.
        [DistributionKind.Normal] = ["Lower/PriorLowering.cs", "Parse/ModelParser.cs", "Lower/GraphBuilder.cs", "Check/ModelChecker.cs", "Lower/GraphDump.cs"],
        [DistributionKind.Bernoulli] = ["Parse/ModelParser.cs"],
        [DistributionKind.StudentT] = ["Parse/ModelParser.cs"],
        [DistributionKind.Poisson] = ["Parse/ModelParser.cs"],

        // Trials from a column, resolved when the graph is built.
        [DistributionKind.Binomial] = ["Parse/ModelParser.cs", "Lower/GraphBuilder.cs"],
        [DistributionKind.NegativeBinomial] = ["Parse/ModelParser.cs"],
        [DistributionKind.Categorical] = ["Parse/ModelParser.cs"],

        // Uniform's bounds give a declared parameter its interval, and a prior's support.
        [DistributionKind.Uniform] = ["Check/ModelChecker.Declarations.cs", "Check/ModelChecker.Priors.cs"],
    };

    public static TheoryData<string> Kinds => new(Enum.GetNames<DistributionKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_construct_is_named_in_its_catalog_and_its_listed_places_only(string kind)
    {
        var named = new Regex(@"\bDistributionKind\." + kind + @"\b");
        string generator = Path.Combine(RepoPaths.Root, "Generator");
        string[] files = Directory.EnumerateFiles(generator, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(generator, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Where(f => named.IsMatch(File.ReadAllText(Path.Combine(generator, f))))
            .Order(StringComparer.Ordinal)
            .ToArray();
        string[] listed = Places.TryGetValue(Enum.Parse<DistributionKind>(kind), out string[]? places) ? places : [];

        string[] unlisted = files.Except(Catalogs).Except(listed).ToArray();
        Assert.True(unlisted.Length == 0, $"DistributionKind.{kind} is named in {string.Join(", ", unlisted)}: move that knowledge into its catalog entry, or list the place in {nameof(ConstructPlacesTests)} with why.");
        string[] gone = listed.Except(files).ToArray();
        Assert.True(gone.Length == 0, $"DistributionKind.{kind} is no longer named in {string.Join(", ", gone)}: take it off the list.");
    }
}
