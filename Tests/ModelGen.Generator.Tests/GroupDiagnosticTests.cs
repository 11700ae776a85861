using ModelGen.Generator.Tests.Infrastructure;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The rules for groups, named columns and parameter terms, one bad model each: the one diagnostic, at its span,
/// with its message. The base model has a group on column 1 of a three-column input, a per-group intercept and a
/// named per-row column; each case breaks one thing.
/// </summary>
public class GroupDiagnosticTests
{
    private const string Base = """
            [Input(3)]
            public partial Input X { get; }

            [Group(nameof(X), 1, levels: 4)]
            public partial Group Site { get; }

            [Normal(0, 1), Size(nameof(Site))]
            public partial Parameter Effect { get; }

            [HalfNormal(1)]
            public partial Parameter Noise { get; }

            [Dense(nameof(X), 1), Normal(0, 1)]
            public partial Layer Output { get; }

            [Normal(nameof(Output), nameof(Noise), Intercept = nameof(Effect))]
            public partial Observed Y { get; }
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // A group on a column the input does not have, and a second element on a column already read.
        { "[Group(nameof(X), 1, levels: 4)]", "[Group(nameof(X), {|MG1005:3|}, levels: 4)]", "'Site' reads column 3 of input 'X', which has 3 column(s), 0 to 2" },
        { "public partial Group Site { get; }", "public partial Group Site { get; }\n\n    [Column(nameof(X), {|MG1005:1|})]\n    public partial Column Other { get; }", "'Other' reads column 1 of input 'X', which 'Site' already reads; each column has one meaning" },

        // No levels; a size naming no group; a group that is not an input's.
        { "levels: 4", "{|MG1003:levels: 0|}", "'levels' of 'Site' is 0; it must be at least 1" },
        { "Size(nameof(Site))", "Size({|MG0003:\"Sites\"|})", "'Effect' refers to 'Sites', which is not a group of model 'Net'; use nameof(...) with one of: Site" },
        { "[Group(nameof(X), 1", "[Group({|MG0003:\"Z\"|}, 1", "'Site' refers to 'Z', which is not an input of model 'Net'; use nameof(...) with one of: X" },

        // A vector that no group indexes cannot be a per-row term (and the group is then unused).
        { "[Normal(0, 1), Size(nameof(Site))]", "[Normal(0, 1), Size(4)]", "MG0012" },

        // An intercept on a prior; an intercept naming a layer.
        { "[Normal(0, 1), Size(nameof(Site))]", "[Normal(0, 1, {|MG0009:Intercept = \"Effect\"|}), Size(nameof(Site))]", "'Effect' has both Intercept and a prior" },
        // (Effect is then unused, MG0007, so only the one asked for is checked.)
        { "Intercept = nameof(Effect))]", "Intercept = nameof(Output))]", "MG0010" },

        // A named column read as anything but a Normal likelihood's sigma.
        // (The column is then also unused, MG0007: two errors, so only the one asked for is checked.)
        { "[HalfNormal(1)]\n    public partial Parameter Noise { get; }", "[HalfNormal(nameof(Scale))]\n    public partial Parameter Noise { get; }\n\n    [Column(nameof(X), 2)]\n    public partial Column Scale { get; }", "MG0010" },

        // A group nothing is sized by.
        { "[Normal(0, 1), Size(nameof(Site))]\n    public partial Parameter Effect { get; }", "[Normal(0, 1)]\n    public partial Parameter Effect { get; }", "MG0007" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_broken_rule_reports_its_diagnostic(string from, string to, string message) =>
        DiagnosticAssert.BrokenRule(Base, from, to, message, members => TestModels.Net(members));

    [Fact]
    public void The_base_model_is_clean()
    {
        GeneratorHarness.Run(TestModels.Net(Base)).AssertClean();
    }
}
