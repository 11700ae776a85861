using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Check;

/// <summary>A problem found in a spec: the diagnostic, the location keys to try in order, and the message arguments.</summary>
internal sealed record Finding(string Id, string[] Keys, string[] Arguments);

/// <summary>
/// Validates a <see cref="ModelSpec"/>: names resolve, shapes chain, distribution arguments are in
/// their domains. Works on the spec alone (no symbols), so the generator and the analyzers run the
/// very same checks; findings carry location keys that the parser's map turns into locations.
/// </summary>
internal static class ModelChecker
{
    /// <summary>Members every generated model has; an element may not take these names.</summary>
    public static readonly string[] GeneratedMembers =
    {
        "ParameterCount", "Layout", "Rows", "SimdWidth", "LogDensity", "Gradient", "LogDensityGradient",
        "Fit", "Predict", "SamplePredictive", "Constrain", "Info",
    };

    public static List<Finding> Check(ModelSpec spec)
    {
        var findings = new List<Finding>();
        string model = spec.Type.Name;
        var widths = new Dictionary<string, int>();
        foreach (InputSpec input in spec.Inputs)
        {
            widths[input.Name] = input.Features;
            if (input.Features < 1)
            {
                findings.Add(new Finding(DiagnosticDescriptors.InvalidSizeId, Keys(input.Name + ":Input:features", input.Name), new[] { "features", input.Name, Text(input.Features) }));
            }
        }

        foreach (LayerSpec layer in spec.Layers)
        {
            widths[layer.Name] = layer.Units;
        }

        foreach (MemberSpec member in spec.Members)
        {
            if (GeneratedMembers.Contains(member.Name))
            {
                findings.Add(new Finding(DiagnosticDescriptors.ReservedNameId, Keys(member.Name), new[] { member.Name, string.Join(", ", GeneratedMembers) }));
            }
        }

        if (spec.Inputs.Count == 0)
        {
            findings.Add(new Finding(DiagnosticDescriptors.MissingInputId, Keys("type"), new[] { model }));
        }

        if (spec.Observed.Count == 0)
        {
            findings.Add(new Finding(DiagnosticDescriptors.MissingLikelihoodId, Keys("type"), new[] { model }));
        }

        for (int i = 1; i < spec.Observed.Count; i++)
        {
            findings.Add(new Finding(DiagnosticDescriptors.DuplicateLikelihoodId, Keys(spec.Observed[i].Name), new[] { model, spec.Observed[0].Name, spec.Observed[i].Name }));
        }

        foreach (LayerSpec layer in spec.Layers)
        {
            CheckLayer(spec, layer, widths, findings);
        }

        foreach (ObservedSpec observed in spec.Observed)
        {
            CheckObserved(spec, observed, widths, findings);
        }

        CheckChain(spec, findings);
        return findings;
    }

    private static void CheckLayer(ModelSpec spec, LayerSpec layer, Dictionary<string, int> widths, List<Finding> findings)
    {
        string name = layer.Name;
        if (layer.Units < 1)
        {
            findings.Add(new Finding(DiagnosticDescriptors.InvalidSizeId, Keys(name + ":Dense:units", name), new[] { "units", name, Text(layer.Units) }));
        }

        if (!widths.TryGetValue(layer.Input, out int sourceWidth) || layer.Input == name)
        {
            findings.Add(new Finding(
                DiagnosticDescriptors.UnknownElementId,
                Keys(name + ":Dense:input", name),
                new[] { name, layer.Input == name ? name : layer.Input, "an input or a layer", spec.Type.Name, ElementList(spec, includeObserved: false) }));
        }
        else if (layer.DeclaredInputs != 0 && layer.DeclaredInputs != sourceWidth)
        {
            findings.Add(new Finding(DiagnosticDescriptors.LayerInputMismatchId, Keys(name + ":Dense:Inputs", name), new[] { name, Text(layer.DeclaredInputs), layer.Input, Text(sourceWidth) }));
        }

        if (layer.WeightPrior is null)
        {
            findings.Add(new Finding(DiagnosticDescriptors.MissingPriorId, Keys(name), new[] { name, "weights" }));
        }
        else
        {
            CheckPrior(name, layer.WeightPrior, "Weights", findings);
        }

        if (layer.Bias)
        {
            if (layer.BiasPrior is null)
            {
                findings.Add(new Finding(DiagnosticDescriptors.MissingPriorId, Keys(name), new[] { name, "bias" }));
            }
            else if (!ReferenceEquals(layer.BiasPrior, layer.WeightPrior))
            {
                CheckPrior(name, layer.BiasPrior, "Bias", findings);
            }
        }
    }

    private static void CheckPrior(string member, PriorSpec prior, string part, List<Finding> findings)
    {
        foreach (ArgSpec arg in prior.Args)
        {
            string[] keys = Keys(member + ":Normal:" + part + ":" + arg.Name, member + ":Normal:" + arg.Name, member + ":Normal:" + part, member + ":Normal", member);
            if (arg.Reference is not null)
            {
                findings.Add(new Finding(DiagnosticDescriptors.ParameterReferenceNotSupportedId, keys, new[] { arg.Name, "Normal", member, arg.Reference }));
                continue;
            }

            CheckConstant("Normal", member, arg, keys, findings);
        }
    }

    private static void CheckConstant(string distribution, string member, ArgSpec arg, string[] keys, List<Finding> findings)
    {
        if (double.IsNaN(arg.Constant) || double.IsInfinity(arg.Constant))
        {
            findings.Add(new Finding(DiagnosticDescriptors.InvalidDistributionArgumentId, keys, new[] { arg.Name, distribution, member, Text(arg.Constant), "it must be a finite number" }));
        }
        else if (arg.Name == "sigma" && arg.Constant <= 0)
        {
            findings.Add(new Finding(DiagnosticDescriptors.InvalidDistributionArgumentId, keys, new[] { arg.Name, distribution, member, Text(arg.Constant), "a scale must be greater than 0" }));
        }
    }

    private static void CheckObserved(ModelSpec spec, ObservedSpec observed, Dictionary<string, int> widths, List<Finding> findings)
    {
        string name = observed.Name;
        string sourceKey = observed.Link switch
        {
            LinkKind.Logits => name + ":Bernoulli:Logits",
            LinkKind.Probability => name + ":Bernoulli:P",
            _ => name + ":Normal:mu",
        };
        LayerSpec? layer = spec.Layers.FirstOrDefault(l => l.Name == observed.Source);
        if (layer is null)
        {
            findings.Add(new Finding(DiagnosticDescriptors.UnknownElementId, Keys(sourceKey, name), new[] { name, observed.Source, "a layer", spec.Type.Name, ElementList(spec, includeObserved: false) }));
        }
        else
        {
            if (widths.TryGetValue(layer.Name, out int units) && units != 1 && units >= 1)
            {
                findings.Add(new Finding(DiagnosticDescriptors.LikelihoodWidthMismatchId, Keys(sourceKey, name), new[] { name, "1", layer.Name, Text(units) }));
            }

            if (observed.Link == LinkKind.Probability && layer.Activation != ActivationKind.Sigmoid)
            {
                findings.Add(new Finding(
                    DiagnosticDescriptors.InvalidLikelihoodLinkId,
                    Keys(sourceKey, name),
                    new[] { name, "reads P from '" + layer.Name + "', whose activation is " + layer.Activation + ", not Sigmoid; use Logits = nameof(" + layer.Name + ") for a layer without a sigmoid" }));
            }
        }

        foreach (ArgSpec arg in observed.Args)
        {
            string[] keys = Keys(name + ":Normal:" + arg.Name, name + ":Normal", name);
            if (arg.Reference is not null)
            {
                findings.Add(new Finding(DiagnosticDescriptors.ParameterReferenceNotSupportedId, keys, new[] { arg.Name, "Normal", name, arg.Reference }));
            }
            else
            {
                CheckConstant("Normal", name, arg, keys, findings);
            }
        }
    }

    /// <summary>The layers must form one chain from an input to the likelihood; anything off it is reported.</summary>
    private static void CheckChain(ModelSpec spec, List<Finding> findings)
    {
        var layers = spec.Layers.ToDictionary(l => l.Name);
        var onChain = new HashSet<string>();
        if (spec.Observed.Count > 0 && layers.ContainsKey(spec.Observed[0].Source))
        {
            string current = spec.Observed[0].Source;
            var path = new List<string>();
            while (layers.TryGetValue(current, out LayerSpec? layer))
            {
                if (!onChain.Add(current))
                {
                    findings.Add(new Finding(DiagnosticDescriptors.LayerCycleId, Keys(current + ":Dense:input", current), new[] { current, string.Join(" → ", path) }));
                    return;
                }

                path.Add(current);
                current = layer.Input;
            }

            onChain.Add(current);
        }
        else
        {
            // Without a resolvable likelihood there is no chain to judge; MG0002 or MG0003 already said why.
            return;
        }

        foreach (LayerSpec layer in spec.Layers.Where(l => !onChain.Contains(l.Name)))
        {
            findings.Add(new Finding(DiagnosticDescriptors.UnusedElementId, Keys(layer.Name), new[] { "Layer", layer.Name, spec.Observed[0].Name }));
        }

        foreach (InputSpec input in spec.Inputs.Where(i => !onChain.Contains(i.Name)))
        {
            findings.Add(new Finding(DiagnosticDescriptors.UnusedElementId, Keys(input.Name), new[] { "Input", input.Name, spec.Observed[0].Name }));
        }
    }

    private static string ElementList(ModelSpec spec, bool includeObserved)
    {
        IEnumerable<string> names = spec.Inputs.Select(i => i.Name).Concat(spec.Layers.Select(l => l.Name));
        if (includeObserved)
        {
            names = names.Concat(spec.Observed.Select(o => o.Name));
        }

        string list = string.Join(", ", names);
        return list.Length == 0 ? "(none declared)" : list;
    }

    private static string[] Keys(params string[] keys) => keys;

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
