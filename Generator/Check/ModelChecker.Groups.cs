using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Check;

// Groups, named columns and a likelihood whose location or intercept is a parameter: the rules that
// tie data columns and per-group parameters together.
internal static partial class ModelChecker
{
    /// <summary>
    /// Each [Group] and [Column] reads its own existing column of a declared input; a group has at least one level.
    /// Returns, per input, how many of its columns they claim (the layers reading it see the rest).
    /// </summary>
    private static Dictionary<string, int> CheckDataColumns(ModelSpec spec, HashSet<string> rejected, List<Finding> findings)
    {
        var claimed = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var owners = new Dictionary<(string Input, int Column), string>();
        var broken = new HashSet<string>(System.StringComparer.Ordinal);
        var columns = spec.Groups.Select(g => (g.Name, g.Input, g.Column, Kind: "Group", Argument: "column"))
            .Concat(spec.Columns.Select(c => (c.Name, c.Input, Column: c.Index, Kind: "Column", Argument: "index")));
        foreach ((string name, string inputName, int column, string kind, string argument) in columns)
        {
            string[] keys = Keys(name + ":" + kind + ":" + argument, name + ":" + kind, name);
            InputSpec? input = spec.Inputs.FirstOrDefault(i => i.Name == inputName);
            if (input is null)
            {
                broken.Add(name);
                if (!rejected.Contains(inputName))
                {
                    findings.Add(new Finding(
                        DiagnosticDescriptors.UnknownElementId,
                        Keys(name + ":" + kind + ":input", name + ":" + kind, name),
                        new[] { name, inputName, "an input", spec.Type.Name, string.Join(", ", spec.Inputs.Select(i => i.Name)) is { Length: > 0 } list ? list : "(none declared)" }));
                }

                continue;
            }

            if (column < 0 || column >= input.Features)
            {
                broken.Add(name);
                if (input.Features >= 1)
                {
                    findings.Add(new Finding(DiagnosticDescriptors.DataColumnId, keys, new[] { name, Text(column), input.Name, "which has " + Text(input.Features) + " column(s), 0 to " + Text(input.Features - 1) }));
                }

                continue;
            }

            if (owners.TryGetValue((input.Name, column), out string? owner))
            {
                broken.Add(name);
                findings.Add(new Finding(DiagnosticDescriptors.DataColumnId, keys, new[] { name, Text(column), input.Name, "which '" + owner + "' already reads; each column has one meaning" }));
                continue;
            }

            owners[(input.Name, column)] = name;
            claimed[input.Name] = (claimed.TryGetValue(input.Name, out int n) ? n : 0) + 1;
        }

        foreach (GroupSpec group in spec.Groups.Where(g => g.Levels < 1))
        {
            findings.Add(new Finding(DiagnosticDescriptors.InvalidSizeId, Keys(group.Name + ":Group:levels", group.Name + ":Group", group.Name), new[] { "levels", group.Name, Text(group.Levels) }));
        }

        foreach (ParameterSpec parameter in spec.Parameters.Where(p => p.Group is not null && !spec.Groups.Any(g => g.Name == p.Group) && !rejected.Contains(p.Group!)))
        {
            findings.Add(new Finding(
                DiagnosticDescriptors.UnknownElementId,
                Keys(parameter.Name + ":Size:group", parameter.Name + ":Size", parameter.Name),
                new[] { parameter.Name, parameter.Group!, "a group", spec.Type.Name, string.Join(", ", spec.Groups.Select(g => g.Name)) is { Length: > 0 } list ? list : "(none declared)" }));
        }

        // A group no parameter is sized by, or a column no likelihood reads, carries data nothing uses; unless the
        // element already has its error, or a rejected or misspelled element may be the one meant to use it.
        string observed = spec.Observed.Count > 0 ? spec.Observed[0].Name : "(none)";
        bool uncertain = spec.Rejected.Any(r => r.Kind is MemberKind.Parameter or MemberKind.Observed or MemberKind.Other)
            || spec.Parameters.Any(p => p.Group is not null && !spec.Groups.Any(g => g.Name == p.Group));
        if (uncertain)
        {
            return claimed;
        }

        foreach (GroupSpec group in spec.Groups.Where(g => !broken.Contains(g.Name) && !spec.Parameters.Any(p => p.Group == g.Name)))
        {
            findings.Add(new Finding(DiagnosticDescriptors.UnusedElementId, Keys(group.Name), new[] { "Group", group.Name, observed }));
        }

        foreach (ColumnSpec column in spec.Columns.Where(c => !broken.Contains(c.Name) && !spec.Observed.Any(o => o.Args.Any(a => a.Reference == c.Name))))
        {
            findings.Add(new Finding(DiagnosticDescriptors.UnusedElementId, Keys(column.Name), new[] { "Column", column.Name, observed }));
        }

        return claimed;
    }

    /// <summary>
    /// A likelihood's location (or intercept) that names a parameter: a scalar, or a vector sized by a group, which each
    /// row indexes by its group. P = a parameter needs one kept inside (0, 1).
    /// </summary>
    private static void CheckParameterTerm(ObservedSpec observed, ParameterSpec parameter, string role, string[] keys, List<Finding> findings)
    {
        if (ParameterTermProblem(parameter, role) is { } problem)
        {
            findings.Add(new Finding(DiagnosticDescriptors.InvalidLikelihoodLinkId, keys, new[] { observed.Name, problem }));
        }
    }

    /// <summary>Why <paramref name="parameter"/> cannot be a likelihood's <paramref name="role"/> (location, probability, intercept), or null.</summary>
    private static string? ParameterTermProblem(ParameterSpec parameter, string role)
    {
        if (parameter.Length > 1 && parameter.Group is null)
        {
            return "reads its " + role + " from '" + parameter.Name + "', a vector of " + Text(parameter.Length) + " values that no group indexes; declare it [Size(nameof(Group))] so each row takes its group's value, or make it a scalar";
        }

        if (role == "probability" && parameter.Prior is { } prior && DistributionCatalog.Of(prior.Kind) is { } info
            && !(info.Support == SupportKind.Interval && DistributionCatalog.Bounds(prior).Lower >= 0 && DistributionCatalog.Bounds(prior).Upper <= 1))
        {
            return "reads P from '" + parameter.Name + "', whose prior " + Describe(prior) + " is not kept inside (0, 1); give it a Beta or Uniform(0, 1) prior, or use Logits = nameof(" + parameter.Name + ")";
        }

        return null;
    }

    /// <summary>The likelihood's intercept, if any: a parameter, scalar or per group.</summary>
    private static void CheckIntercept(ModelSpec spec, ObservedSpec observed, HashSet<string> rejected, List<Finding> findings)
    {
        if (observed.Intercept is not { } intercept)
        {
            return;
        }

        string attribute = observed.Kind.ToString();
        string[] keys = Keys(observed.Name + ":" + attribute + ":Intercept", observed.Name + ":" + attribute, observed.Name);
        ParameterSpec? parameter = spec.Parameters.FirstOrDefault(p => p.Name == intercept);
        if (parameter is null)
        {
            ReportNotAParameter(spec, observed.Name, attribute, new ArgSpec("Intercept", 0, intercept), keys, rejected, p => ParameterTermProblem(p, "intercept") is null, findings);
            return;
        }

        CheckParameterTerm(observed, parameter, "intercept", keys, findings);
    }
}
