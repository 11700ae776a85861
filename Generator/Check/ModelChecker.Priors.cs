using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Check;

// Priors and the parameters they name: argument domains, what a reference may name and how many values it has,
// cycles of references, and a positive argument fed by a parameter that can be negative.
internal static partial class ModelChecker
{
    /// <summary>One prior to check: whose it is, which block, and how many values it covers (units of a layer, length of a parameter).</summary>
    private sealed record PriorSite(string Member, string? Part, PriorSpec Prior, int Width, string WidthName);

    private static void CheckParameters(ModelSpec spec, HashSet<string> rejected, List<Finding> findings)
    {
        foreach (ParameterSpec parameter in spec.Parameters)
        {
            if (parameter.Length < 1 && parameter.Group is null)
            {
                findings.Add(new Finding(DiagnosticDescriptors.InvalidSizeId, Keys(parameter.Name + ":Size:length", parameter.Name + ":Size", parameter.Name), new[] { "length", parameter.Name, Text(parameter.Length) }));
            }

            if (parameter.Prior is null)
            {
                findings.Add(new Finding(DiagnosticDescriptors.MissingPriorId, Keys(parameter.Name), new[] { parameter.Name, "values" }));
            }
            else
            {
                CheckPrior(spec, new PriorSite(parameter.Name, null, parameter.Prior, parameter.Length, "element of '" + parameter.Name + "'"), rejected, findings);
            }
        }

        CheckCycles(spec, findings);
        CheckUse(spec, findings);
    }

    /// <summary>Every argument of one prior: a constant in its domain, or a parameter of a fitting size and support.</summary>
    private static void CheckPrior(ModelSpec spec, PriorSite site, HashSet<string> rejected, List<Finding> findings)
    {
        DistributionInfo info = DistributionCatalog.Of(site.Prior.Kind)!;
        string distribution = info.Name;
        for (int i = 0; i < site.Prior.Args.Count && i < info.Args.Count; i++)
        {
            ArgSpec arg = site.Prior.Args[i];
            string[] keys = ArgKeys(site, arg.Name);
            if (arg.Reference is null)
            {
                CheckConstant(spec.ElementType, distribution, site.Member, arg, info.Args[i].Domain, keys, findings);
                continue;
            }

            ParameterSpec? target = spec.Parameters.FirstOrDefault(p => p.Name == arg.Reference);
            if (target is null)
            {
                // What it could name instead: not itself nor a parameter whose prior names it (a cycle), and of a length that fits.
                ReportNotAParameter(spec, site.Member, distribution, arg, keys, rejected, p => p.Name != site.Member && !DependsOn(spec, p, site.Member) && FitsWidth(p, site.Width), findings);
                continue;
            }

            if (!FitsWidth(target, site.Width))
            {
                findings.Add(new Finding(
                    DiagnosticDescriptors.ReferenceShapeMismatchId,
                    keys,
                    new[] { arg.Name, distribution, site.Member, target.Name, Text(target.Length), Text(site.Width), site.WidthName }));
            }

            if (info.Args[i].Domain == ArgDomain.Positive && target.Prior is { } targetPrior
                && DistributionCatalog.Of(targetPrior.Kind) is { } targetInfo && !IsPositive(targetPrior, targetInfo))
            {
                findings.Add(new Finding(
                    DiagnosticDescriptors.SupportMismatchId,
                    keys,
                    new[] { arg.Name, distribution, site.Member, target.Name, Describe(targetPrior) }));
            }
        }

        if (site.Prior.Kind == DistributionKind.Uniform && site.Prior.Args.Count == 2
            && site.Prior.Args[0].IsConstant && site.Prior.Args[1].IsConstant
            && !double.IsNaN(site.Prior.Args[0].Constant - site.Prior.Args[1].Constant) && !double.IsInfinity(site.Prior.Args[0].Constant - site.Prior.Args[1].Constant)
            && !(site.Prior.Args[0].Constant < site.Prior.Args[1].Constant))
        {
            findings.Add(new Finding(
                DiagnosticDescriptors.InvalidDistributionArgumentId,
                ArgKeys(site, "upper"),
                new[] { "upper", distribution, site.Member, Text(site.Prior.Args[1].Constant), "the upper bound must be greater than the lower bound, " + Text(site.Prior.Args[0].Constant) }));
        }

        if (site.Prior.Transform == TransformChoice.Softplus && info.Support != SupportKind.Positive)
        {
            findings.Add(new Finding(
                DiagnosticDescriptors.ConflictingAttributesId,
                ArgKeys(site, "Transform"),
                new[] { site.Member, "Transform = ParameterTransform.Softplus", "a " + distribution + " prior", "softplus maps onto the positive numbers, and " + distribution + "'s support is " + (info.Support == SupportKind.Real ? "the real line" : "an interval") }));
        }
        else if (!System.Enum.IsDefined(typeof(TransformChoice), site.Prior.Transform))
        {
            findings.Add(new Finding(
                DiagnosticDescriptors.UndefinedEnumValueId,
                ArgKeys(site, "Transform"),
                new[] { "Transform", site.Member, "(ParameterTransform)" + Text((int)site.Prior.Transform), "ParameterTransform", "ParameterTransform.Auto, ParameterTransform.Log, ParameterTransform.Softplus" }));
        }
    }

    /// <summary>Whether a parameter with <paramref name="prior"/> is kept positive: a positive support, or an interval above 0.</summary>
    private static bool IsPositive(PriorSpec prior, DistributionInfo info) =>
        info.Support == SupportKind.Positive || (info.Support == SupportKind.Interval && DistributionCatalog.Bounds(prior).Lower >= 0);

    /// <summary>
    /// Whether <paramref name="target"/> may be named where a prior covers <paramref name="width"/> values: one value shared
    /// by all, or one each (a size below 1 has its own MG1003).
    /// </summary>
    private static bool FitsWidth(ParameterSpec target, int width) =>
        target.Length < 1 || width < 1 || target.Length == 1 || target.Length == width;

    /// <summary>Whether the prior of <paramref name="parameter"/> names <paramref name="name"/>, directly or through other parameters' priors.</summary>
    private static bool DependsOn(ModelSpec spec, ParameterSpec parameter, string name)
    {
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        var pending = new Stack<ParameterSpec>();
        pending.Push(parameter);
        while (pending.Count > 0)
        {
            ParameterSpec current = pending.Pop();
            if (!seen.Add(current.Name) || current.Prior is null)
            {
                continue;
            }

            foreach (string reference in current.Prior.Args.Select(a => a.Reference).OfType<string>())
            {
                if (reference == name)
                {
                    return true;
                }

                if (spec.Parameters.FirstOrDefault(p => p.Name == reference) is { } next)
                {
                    pending.Push(next);
                }
            }
        }

        return false;
    }

    /// <summary>
    /// MG0010 when the reference names an element that is not a parameter, else MG0003 listing the parameters that
    /// <paramref name="fits"/> says would be valid there (unless the name is an element the parser rejected).
    /// </summary>
    private static void ReportNotAParameter(ModelSpec spec, string member, string distribution, ArgSpec arg, string[] keys, HashSet<string> rejected, System.Func<ParameterSpec, bool> fits, List<Finding> findings)
    {
        string reference = arg.Reference!;
        string? what = spec.Inputs.Any(i => i.Name == reference) ? "an input"
            : spec.Layers.Any(l => l.Name == reference) ? "a layer"
            : spec.Observed.Any(o => o.Name == reference) ? "the observed element"
            : spec.Groups.Any(g => g.Name == reference) ? "a group index"
            : spec.Columns.Any(c => c.Name == reference) ? "a data column (only a Normal likelihood's sigma reads one)"
            : null;
        if (what is not null)
        {
            findings.Add(new Finding(DiagnosticDescriptors.ParameterReferenceNotSupportedId, keys, new[] { arg.Name, distribution, member, reference, what }));
        }
        else if (!rejected.Contains(reference))
        {
            findings.Add(new Finding(
                DiagnosticDescriptors.UnknownElementId,
                keys,
                new[] { member, reference, "a parameter", spec.Type.Name, Choices(spec.Parameters.Where(fits).Select(p => p.Name), spec.Parameters.Count > 0) }));
        }
    }

    /// <summary>
    /// MG0020: a parameter whose prior reaches itself through named arguments (any of them), by depth-first search in
    /// declaration order; each cycle is reported once, at the argument of its first parameter.
    /// </summary>
    private static void CheckCycles(ModelSpec spec, List<Finding> findings)
    {
        var byName = new Dictionary<string, ParameterSpec>(System.StringComparer.Ordinal);
        foreach (ParameterSpec p in spec.Parameters)
        {
            Add(byName, p.Name, p);
        }

        var finished = new HashSet<string>(System.StringComparer.Ordinal);
        var path = new List<string>();

        void Visit(string name)
        {
            int at = path.IndexOf(name);
            if (at >= 0)
            {
                List<string> cycle = path.Skip(at).Concat(new[] { name }).ToList();
                ParameterSpec first = byName[cycle[0]];
                ArgSpec arg = first.Prior!.Args.First(a => a.Reference == cycle[1]);
                findings.Add(new Finding(
                    DiagnosticDescriptors.PriorReferenceCycleId,
                    ArgKeys(new PriorSite(first.Name, null, first.Prior, first.Length, string.Empty), arg.Name),
                    new[] { first.Name, string.Join(" → ", cycle) }));
                return;
            }

            if (finished.Contains(name) || byName[name].Prior is not { } prior)
            {
                return;
            }

            path.Add(name);
            foreach (string next in prior.Args.Select(a => a.Reference).Where(r => r is not null && byName.ContainsKey(r)).Distinct().ToList()!)
            {
                Visit(next);
            }

            path.RemoveAt(path.Count - 1);
            finished.Add(name);
        }

        foreach (ParameterSpec start in spec.Parameters)
        {
            Visit(start.Name);
        }
    }

    /// <summary>MG0007: a parameter no prior and no likelihood names informs nothing the model computes.</summary>
    private static void CheckUse(ModelSpec spec, List<Finding> findings)
    {
        var used = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (PriorSpec prior in AllPriors(spec))
        {
            used.UnionWith(prior.Args.Where(a => a.Reference is not null).Select(a => a.Reference!));
        }

        foreach (ObservedSpec observed in spec.Observed)
        {
            used.UnionWith(observed.Args.Where(a => a.Reference is not null).Select(a => a.Reference!));
            used.Add(observed.Source);
            if (observed.Intercept is not null)
            {
                used.Add(observed.Intercept);
            }
        }

        foreach (ParameterSpec parameter in spec.Parameters.Where(p => !used.Contains(p.Name)))
        {
            string observed = spec.Observed.Count > 0 ? spec.Observed[0].Name : "(none)";
            findings.Add(new Finding(DiagnosticDescriptors.UnusedElementId, Keys(parameter.Name), new[] { "Parameter", parameter.Name, observed }));
        }
    }

    private static IEnumerable<PriorSpec> AllPriors(ModelSpec spec)
    {
        foreach (LayerSpec layer in spec.Layers)
        {
            if (layer.WeightPrior is not null)
            {
                yield return layer.WeightPrior;
            }

            if (layer.BiasPrior is not null)
            {
                yield return layer.BiasPrior;
            }
        }

        foreach (ParameterSpec parameter in spec.Parameters)
        {
            if (parameter.Prior is not null)
            {
                yield return parameter.Prior;
            }
        }
    }

    /// <summary>Where to report about argument <paramref name="arg"/>: the argument, else the attribute, else the member.</summary>
    private static string[] ArgKeys(PriorSite site, string arg)
    {
        string attribute = site.Member + ":" + site.Prior.AttributeName;
        return site.Part is null
            ? Keys(attribute + ":" + arg, attribute, site.Member)
            : Keys(attribute + ":" + site.Part + ":" + arg, attribute + ":" + arg, attribute + ":" + site.Part, attribute, site.Member);
    }

    /// <summary>"Normal(0, 1)" or "Normal(Mu, 1)": a prior as the user wrote it.</summary>
    private static string Describe(PriorSpec prior) =>
        prior.AttributeName + "(" + string.Join(", ", prior.Args.Select(a => a.Reference ?? Text(a.Constant))) + ")";
}
