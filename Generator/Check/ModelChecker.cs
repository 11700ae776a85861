using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Check;

/// <summary>A problem found in a spec: the diagnostic, the location keys to try in order, and the message arguments.</summary>
internal sealed record Finding(string Id, string[] Keys, string[] Arguments);

/// <summary>
/// Validates a <see cref="ModelSpec"/>: names resolve, shapes chain, distribution arguments are in
/// their domains. Works on the spec alone (no symbols), so the generator and the analyzers run the
/// very same checks; findings carry location keys that the parser's map turns into locations.
/// </summary>
internal static partial class ModelChecker
{
    /// <summary>Members every generated model has; an element may not take these names.</summary>
    public static readonly string[] GeneratedMembers =
    {
        "ParameterCount", "Layout", "Rows", "SimdWidth", "MaxThreads", "LogDensity", "Gradient", "LogDensityGradient",
        "Fit", "Predict", "SamplePredictive", "Constrain", "Info", "SamplePrior", "Unconstrain", "Map", "Nuts", "Pathfinder",
        "PointwiseLogLikelihood", "Observations", "BoundRows", "RowChunkCount", "LikelihoodChunks", "PriorTerms",
    };

    /// <summary>The names <see cref="GeneratedMembers"/> lists, and the rule for the internals, as MG0016 states them.</summary>
    private static string ReservedList => string.Join(", ", GeneratedMembers) + ", and any name starting with '__'";

    /// <summary>Whether an element may not take <paramref name="name"/>: a generated member, or a name of the generated internals' form.</summary>
    public static bool IsReserved(string name) => GeneratedMembers.Contains(name) || name.StartsWith("__", System.StringComparison.Ordinal);

    public static List<Finding> Check(ModelSpec spec)
    {
        var findings = new List<Finding>();
        string model = spec.Type.Name;
        var rejected = new HashSet<string>(spec.Rejected.Select(r => r.Name), System.StringComparer.Ordinal);
        var widths = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (InputSpec input in spec.Inputs)
        {
            Add(widths, input.Name, input.Features);
            if (input.Features < 1)
            {
                findings.Add(new Finding(DiagnosticDescriptors.InvalidSizeId, Keys(input.Name + ":Input:features", input.Name), new[] { "features", input.Name, Text(input.Features) }));
            }
        }

        // Group and named columns are not features: a layer reading the input sees the columns they leave.
        foreach (KeyValuePair<string, int> claim in CheckDataColumns(spec, rejected, findings))
        {
            widths[claim.Key] -= claim.Value;
            if (widths[claim.Key] < 1 && spec.Layers.FirstOrDefault(l => l.Input == claim.Key) is { } reader)
            {
                findings.Add(new Finding(DiagnosticDescriptors.InvalidSizeId, Keys(reader.Name + ":Dense:input", reader.Name), new[] { "columns of '" + claim.Key + "' left for layers after its groups and columns", reader.Name, Text(widths[claim.Key]) }));
            }
        }

        foreach (LayerSpec layer in spec.Layers)
        {
            Add(widths, layer.Name, layer.Units);
        }

        foreach (MemberSpec member in spec.Members)
        {
            if (IsReserved(member.Name))
            {
                findings.Add(new Finding(DiagnosticDescriptors.ReservedNameId, Keys(member.Name), new[] { member.Name, ReservedList }));
            }
        }

        // A model of declarations (docs/terms.md) has no row block to miss.
        bool declared = CheckDeclarations(spec, findings);

        // An element the parser rejected still says what the model meant to have: no "missing" error on top of its own.
        bool hasInput = spec.Inputs.Count > 0 || spec.Rejected.Any(r => r.Kind is MemberKind.Input or MemberKind.Other);
        if (!hasInput && !declared)
        {
            findings.Add(new Finding(DiagnosticDescriptors.MissingInputId, Keys("type"), new[] { model }));
        }

        if (spec.Observed.Count == 0 && !declared && !spec.Rejected.Any(r => r.Kind is MemberKind.Observed or MemberKind.Other))
        {
            findings.Add(new Finding(DiagnosticDescriptors.MissingLikelihoodId, Keys("type"), new[] { model }));
        }

        for (int i = 1; i < spec.Observed.Count; i++)
        {
            findings.Add(new Finding(DiagnosticDescriptors.DuplicateLikelihoodId, Keys(spec.Observed[i].Name), new[] { model, spec.Observed[0].Name, spec.Observed[i].Name }));
        }

        var reported = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (LayerSpec layer in spec.Layers)
        {
            CheckLayer(spec, layer, widths, rejected, hasInput, reported, findings);
        }

        foreach (ObservedSpec observed in spec.Observed)
        {
            CheckObserved(spec, observed, widths, rejected, findings);
        }

        foreach (ObservedSpec observed in spec.Observed)
        {
            CheckIntercept(spec, observed, rejected, findings);
        }

        CheckParameters(spec, rejected, findings);

        CheckChain(spec, reported, findings);

        // Size advice is about the code that will be generated, so only for a model that will be.
        if (!findings.Any(f => DiagnosticDescriptors.IsError(f.Id)))
        {
            CheckSize(spec, widths, findings);
        }

        return findings;
    }

    /// <summary>Weights in one unrolled layer (fewer than <see cref="Lower.Tiling.Units"/> units) above which MG2001 advises against unrolling.</summary>
    public const int LayerWeightLimit = 4096;

    /// <summary>Parameters in the whole model above which MG2001 advises against unrolling.</summary>
    public const int ModelParameterLimit = 20000;

    /// <summary>
    /// MG2001: the emitter writes one statement per weight, so a wide layer (or many moderate ones) makes a kernel
    /// that compiles slowly and outgrows the instruction cache. The whole-model total is reported only when no
    /// single layer already was, so one cause gives one message.
    /// </summary>
    private static void CheckSize(ModelSpec spec, Dictionary<string, int> widths, List<Finding> findings)
    {
        long total = 0;
        bool reportedLayer = false;
        foreach (LayerSpec layer in spec.Layers)
        {
            // Tiled layers (and the narrow layer a tiled one feeds) loop over their weights: their code does not grow.
            if (!widths.TryGetValue(layer.Input, out int inputs) || IsTiled(spec, layer) || spec.Layers.Any(l => l.Name == layer.Input && IsTiled(spec, l)))
            {
                continue;
            }

            long weights = (long)inputs * layer.Units;
            total += weights + (layer.Bias ? layer.Units : 0);
            if (weights > LayerWeightLimit)
            {
                reportedLayer = true;
                findings.Add(new Finding(
                    DiagnosticDescriptors.ModelTooLargeToUnrollId,
                    Keys(layer.Name + ":Dense", layer.Name),
                    new[] { "Layer '" + layer.Name + "' (" + Text(inputs) + " inputs × " + Text(layer.Units) + " units)", Text(weights), Text(LayerWeightLimit) }));
            }
        }

        if (!reportedLayer && total > ModelParameterLimit)
        {
            findings.Add(new Finding(
                DiagnosticDescriptors.ModelTooLargeToUnrollId,
                Keys("type"),
                new[] { "Model '" + spec.Type.Name + "'", Text(total), Text(ModelParameterLimit) }));
        }
    }

    /// <summary>Whether Lower tiles <paramref name="layer"/>: <see cref="Lower.Tiling"/>'s rule, asked of the spec.</summary>
    private static bool IsTiled(ModelSpec spec, LayerSpec layer) =>
        Lower.Tiling.IsTiled(layer.Units, layer.Activation, readByLikelihood: spec.Observed.Any(o => o.Source == layer.Name));

    private static void CheckLayer(
        ModelSpec spec,
        LayerSpec layer,
        Dictionary<string, int> widths,
        HashSet<string> rejected,
        bool hasInput,
        HashSet<string> reported,
        List<Finding> findings)
    {
        string name = layer.Name;
        if (layer.Units < 1)
        {
            findings.Add(new Finding(DiagnosticDescriptors.InvalidSizeId, Keys(name + ":Dense:units", name), new[] { "units", name, Text(layer.Units) }));
        }

        if (!System.Enum.IsDefined(typeof(ActivationKind), layer.Activation))
        {
            findings.Add(new Finding(
                DiagnosticDescriptors.UndefinedEnumValueId,
                Keys(name + ":Dense:activation", name + ":Dense", name),
                new[] { "Activation", name, "(Activation)" + Text((int)layer.Activation), "Activation", string.Join(", ", System.Enum.GetNames(typeof(ActivationKind)).Select(n => "Activation." + n)) }));
        }

        if (layer.Input == name)
        {
            // Reading itself is the smallest cycle; the chain walk does not report it again.
            findings.Add(new Finding(DiagnosticDescriptors.LayerCycleId, Keys(name + ":Dense:input", name), new[] { name, name }));
            reported.Add(name);
        }
        else if (widths.TryGetValue(layer.Input, out int sourceWidth))
        {
            // A source of width < 1 already has MG1003.
            if (layer.DeclaredInputs != 0 && layer.DeclaredInputs != sourceWidth && sourceWidth >= 1)
            {
                findings.Add(new Finding(DiagnosticDescriptors.LayerInputMismatchId, Keys(name + ":Dense:Inputs", name), new[] { name, Text(layer.DeclaredInputs), layer.Input, Text(sourceWidth) }));
            }
        }
        else if (!rejected.Contains(layer.Input) && hasInput)
        {
            // A rejected element already has its error, and with no input at all MG0011 says what is missing.
            findings.Add(new Finding(
                DiagnosticDescriptors.UnknownElementId,
                Keys(name + ":Dense:input", name),
                new[] { name, layer.Input, "an input or a layer", spec.Type.Name, LayerSources(spec, layer, widths) }));
        }

        if (layer.WeightPrior is null)
        {
            findings.Add(new Finding(DiagnosticDescriptors.MissingPriorId, Keys(name), new[] { name, "weights" }));
        }
        else
        {
            CheckPrior(spec, new PriorSite(name, "Weights", layer.WeightPrior, layer.Units, "unit of '" + name + "'"), rejected, findings);
        }

        if (layer.Bias)
        {
            if (layer.BiasPrior is null)
            {
                findings.Add(new Finding(DiagnosticDescriptors.MissingPriorId, Keys(name), new[] { name, "bias" }));
            }
            else if (!ReferenceEquals(layer.BiasPrior, layer.WeightPrior))
            {
                CheckPrior(spec, new PriorSite(name, "Bias", layer.BiasPrior, layer.Units, "unit of '" + name + "'"), rejected, findings);
            }
        }
    }

    /// <summary>
    /// A constant must be finite and, for a scale, positive: in the model's element type, since that is what the
    /// kernels compute with (1e308 is a finite double but an infinite float; 1e-50 is a positive double but a zero float).
    /// </summary>
    private static void CheckConstant(ElementType type, string distribution, string member, ArgSpec arg, ArgDomain domain, string[] keys, List<Finding> findings)
    {
        double value = type == ElementType.Float ? (float)arg.Constant : arg.Constant;
        string? why = null;
        if (double.IsNaN(arg.Constant) || double.IsInfinity(arg.Constant))
        {
            why = "it must be a finite number";
        }
        else if (double.IsInfinity(value))
        {
            why = "it must be a finite float, at most 3.4028235E+38 in magnitude";
        }
        else if (domain == ArgDomain.Positive && value <= 0)
        {
            string what = arg.Name switch
            {
                "nu" => "the degrees of freedom",
                "lambda" => "a rate",
                "alpha" or "beta" when distribution is "Gamma" or "InverseGamma" or "Beta" => "a shape",
                _ => "a scale",
            };
            why = arg.Constant > 0 ? what + " must be greater than 0, and as a float it is 0" : what + " must be greater than 0";
        }

        if (why is not null)
        {
            findings.Add(new Finding(DiagnosticDescriptors.InvalidDistributionArgumentId, keys, new[] { arg.Name, distribution, member, Text(arg.Constant), why }));
        }
    }

    private static void CheckObserved(ModelSpec spec, ObservedSpec observed, Dictionary<string, int> widths, HashSet<string> rejected, List<Finding> findings)
    {
        string name = observed.Name;
        string attribute = observed.Kind.ToString();
        string sourceKey = name + ":" + attribute + ":" + observed.Link switch
        {
            LinkKind.Logits => "Logits",
            LinkKind.Probability => "P",
            LinkKind.LogRate => "LogRate",
            LinkKind.LogMean => "logMean",
            _ => "mu",
        };
        LayerSpec? layer = spec.Layers.FirstOrDefault(l => l.Name == observed.Source);
        ParameterSpec? sourceParameter = layer is null ? spec.Parameters.FirstOrDefault(p => p.Name == observed.Source) : null;
        if (sourceParameter is not null && PerClass(observed))
        {
            findings.Add(new Finding(DiagnosticDescriptors.InvalidLikelihoodLinkId, Keys(sourceKey, name), new[] { name, "reads its logits from the parameter '" + sourceParameter.Name + "'; a Categorical reads one logit per class from a layer of K units" }));
        }
        else if (sourceParameter is not null)
        {
            CheckParameterTerm(observed, sourceParameter, Role(observed), Keys(sourceKey, name), findings);
        }
        else if (layer is null)
        {
            if (!rejected.Contains(observed.Source))
            {
                findings.Add(new Finding(DiagnosticDescriptors.UnknownElementId, Keys(sourceKey, name), new[] { name, observed.Source, "a layer or a parameter", spec.Type.Name, LikelihoodSources(spec, observed, widths) }));
            }
        }
        else
        {
            // A categorical likelihood reads one logit per class, at least two; every other likelihood reads one unit.
            bool categorical = PerClass(observed);
            if (!FitsLikelihood(observed, layer, widths))
            {
                int units = widths[layer.Name];
                findings.Add(new Finding(DiagnosticDescriptors.LikelihoodWidthMismatchId, Keys(sourceKey, name), new[] { name, categorical ? "at least 2" : "1", layer.Name, Text(units) }));
            }

            if (!LinksTo(observed, layer))
            {
                findings.Add(new Finding(
                    DiagnosticDescriptors.InvalidLikelihoodLinkId,
                    Keys(sourceKey, name),
                    new[] { name, "reads P from '" + layer.Name + "', whose activation is " + layer.Activation + ", not Sigmoid; use Logits = nameof(" + layer.Name + ") for a layer without a sigmoid" }));
            }

            if (observed.Link == LinkKind.Logits && layer.Activation == ActivationKind.Sigmoid && !categorical)
            {
                // A warning, not an error: the model is well defined, just almost certainly not the one meant.
                findings.Add(new Finding(DiagnosticDescriptors.ActivationAppliedTwiceId, Keys(sourceKey, name), new[] { name, layer.Name }));
            }
        }

        foreach (ArgSpec arg in observed.Args)
        {
            // The likelihood's own arguments (sigma, nu, dispersion, trials): a constant, or a scalar parameter (learned).
            var site = new PriorSite(name, null, new PriorSpec(observed.Kind, new[] { arg }.ToEquatableArray()), 1, "row");
            string[] keys = ArgKeys(site, arg.Name);
            if (arg.Name == "Trials")
            {
                if (arg.Reference is { } trialsFrom)
                {
                    string[] trialsKeys = Keys(name + ":Binomial:TrialsFrom", name + ":Binomial", name);
                    if (arg.Constant != 0)
                    {
                        findings.Add(new Finding(DiagnosticDescriptors.ConflictingAttributesId, trialsKeys, new[] { name, "Trials", "TrialsFrom", "give the trials once: a constant, or the column with each row's" }));
                    }
                    else if (!spec.Columns.Any(c => c.Name == trialsFrom) && !rejected.Contains(trialsFrom))
                    {
                        string columns = string.Join(", ", spec.Columns.Select(c => c.Name));
                        findings.Add(new Finding(DiagnosticDescriptors.UnknownElementId, trialsKeys, new[] { name, trialsFrom, "a column", spec.Type.Name, columns.Length == 0 ? "(none declared)" : columns }));
                    }

                    continue;
                }

                if (arg.Constant < 1)
                {
                    findings.Add(new Finding(DiagnosticDescriptors.InvalidSizeId, keys, new[] { "Trials", name, Text((int)arg.Constant) }));
                }

                continue;
            }

            if (arg.Reference is null)
            {
                CheckConstant(spec.ElementType, attribute, name, arg, ArgDomain.Positive, keys, findings);
                continue;
            }

            // A named column gives each row its own known scale (the eight schools' standard errors).
            if (arg.Name == "sigma" && observed.Kind == DistributionKind.Normal && spec.Columns.Any(c => c.Name == arg.Reference))
            {
                continue;
            }

            ParameterSpec? target = spec.Parameters.FirstOrDefault(p => p.Name == arg.Reference);
            if (target is null)
            {
                ReportNotAParameter(spec, name, attribute, arg, keys, rejected, p => FitsWidth(p, 1), findings);
            }
            else if (!FitsWidth(target, 1))
            {
                findings.Add(new Finding(DiagnosticDescriptors.ReferenceShapeMismatchId, keys, new[] { arg.Name, attribute, name, target.Name, Text(target.Length), "1", "likelihood" }));
            }
            else if (target.Prior is { } prior && DistributionCatalog.Of(prior.Kind) is { } info && !IsPositive(prior, info))
            {
                findings.Add(new Finding(DiagnosticDescriptors.SupportMismatchId, keys, new[] { arg.Name, attribute, name, target.Name, Describe(prior) }));
            }
        }
    }

    /// <summary>
    /// The layers must form one chain from an input to the likelihood; anything off it is reported. The walk
    /// goes back from the likelihood; when it ends anywhere but at an input (a name MG0003 already reported, or
    /// an element the parser rejected) the chain is unknown, and so is what lies off it: nothing more is said.
    /// </summary>
    private static void CheckChain(ModelSpec spec, HashSet<string> reported, List<Finding> findings)
    {
        // Duplicate names are the user's CS0102; the first declaration is the element.
        var layers = new Dictionary<string, LayerSpec>(System.StringComparer.Ordinal);
        foreach (LayerSpec layer in spec.Layers)
        {
            Add(layers, layer.Name, layer);
        }

        if (spec.Observed.Count > 0 && spec.Parameters.Any(p => p.Name == spec.Observed[0].Source))
        {
            // The likelihood reads a parameter: no layer is on its path.
            foreach (LayerSpec layer in spec.Layers.Where(l => !reported.Contains(l.Name)))
            {
                findings.Add(new Finding(DiagnosticDescriptors.UnusedElementId, Keys(layer.Name), new[] { "Layer", layer.Name, spec.Observed[0].Name }));
            }

            // The one input gives the rows (and holds the groups and columns); a second one is off the path.
            string rowsFrom = spec.Groups.Select(g => g.Input).Concat(spec.Columns.Select(c => c.Input)).FirstOrDefault(n => spec.Inputs.Any(i => i.Name == n))
                ?? (spec.Inputs.Count > 0 ? spec.Inputs[0].Name : string.Empty);
            foreach (InputSpec input in spec.Inputs.Where(i => i.Name != rowsFrom))
            {
                findings.Add(new Finding(DiagnosticDescriptors.UnusedElementId, Keys(input.Name), new[] { "Input", input.Name, spec.Observed[0].Name }));
            }

            return;
        }

        if (spec.Observed.Count == 0 || !layers.ContainsKey(spec.Observed[0].Source))
        {
            // Without a resolvable likelihood there is no chain to judge; MG0002, MG0003 or the parser already said why.
            return;
        }

        var onChain = new HashSet<string>(System.StringComparer.Ordinal);
        string current = spec.Observed[0].Source;
        var path = new List<string>();
        while (layers.TryGetValue(current, out LayerSpec? layer))
        {
            if (!onChain.Add(current))
            {
                if (!reported.Contains(current))
                {
                    findings.Add(new Finding(DiagnosticDescriptors.LayerCycleId, Keys(current + ":Dense:input", current), new[] { current, string.Join(" → ", path) }));
                }

                return;
            }

            path.Add(current);
            current = layer.Input;
        }

        if (!spec.Inputs.Any(i => i.Name == current))
        {
            return;
        }

        onChain.Add(current);
        foreach (LayerSpec layer in spec.Layers.Where(l => !onChain.Contains(l.Name) && !reported.Contains(l.Name)))
        {
            findings.Add(new Finding(DiagnosticDescriptors.UnusedElementId, Keys(layer.Name), new[] { "Layer", layer.Name, spec.Observed[0].Name }));
        }

        foreach (InputSpec input in spec.Inputs.Where(i => !onChain.Contains(i.Name)))
        {
            findings.Add(new Finding(DiagnosticDescriptors.UnusedElementId, Keys(input.Name), new[] { "Input", input.Name, spec.Observed[0].Name }));
        }
    }

    /// <summary>Adds unless present: with two members of one name (the user's CS0102) the first wins.</summary>
    private static void Add<T>(Dictionary<string, T> map, string key, T value)
    {
        if (!map.ContainsKey(key))
        {
            map[key] = value;
        }
    }

    /// <summary>
    /// The names MG0003 offers a layer's input: the inputs and the layers, but not the layer itself nor one that reads it
    /// (either would be a cycle), and, when it declares Inputs = n, only those n wide.
    /// </summary>
    private static string LayerSources(ModelSpec spec, LayerSpec layer, Dictionary<string, int> widths)
    {
        IEnumerable<string> names = spec.Inputs.Select(i => i.Name)
            .Concat(spec.Layers.Where(l => !Reads(spec, l, layer.Name)).Select(l => l.Name))
            .Where(n => layer.DeclaredInputs == 0 || !widths.TryGetValue(n, out int width) || width == layer.DeclaredInputs);
        return Choices(names, spec.Inputs.Count + spec.Layers.Count > 0);
    }

    /// <summary>Whether <paramref name="layer"/> is <paramref name="name"/> or reads it, directly or through other layers.</summary>
    private static bool Reads(ModelSpec spec, LayerSpec layer, string name)
    {
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        for (LayerSpec? l = layer; l is not null && seen.Add(l.Name); l = spec.Layers.FirstOrDefault(x => x.Name == l.Input))
        {
            if (l.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The names MG0003 offers a likelihood's source: the layers of a width it reads (and, for P, ending in a sigmoid), and
    /// the parameters it may read (none for a Categorical).
    /// </summary>
    private static string LikelihoodSources(ModelSpec spec, ObservedSpec observed, Dictionary<string, int> widths)
    {
        IEnumerable<string> layers = spec.Layers.Where(l => FitsLikelihood(observed, l, widths) && LinksTo(observed, l)).Select(l => l.Name);
        IEnumerable<string> parameters = PerClass(observed)
            ? Enumerable.Empty<string>()
            : spec.Parameters.Where(p => ParameterTermProblem(p, Role(observed)) is null).Select(p => p.Name);
        return Choices(layers.Concat(parameters), spec.Layers.Count + spec.Parameters.Count > 0);
    }

    /// <summary>Whether <paramref name="layer"/>'s width suits <paramref name="observed"/>: K ≥ 2 logits for a Categorical, else 1 unit (an unknown or invalid width has its own error).</summary>
    private static bool FitsLikelihood(ObservedSpec observed, LayerSpec layer, Dictionary<string, int> widths) =>
        !widths.TryGetValue(layer.Name, out int units) || units < 1 || (PerClass(observed) ? units >= 2 : units == 1);

    /// <summary>Whether <paramref name="observed"/> reads one logit per class (its catalog entry's <see cref="LikelihoodInfo.PerClass"/>).</summary>
    private static bool PerClass(ObservedSpec observed) => LikelihoodCatalog.Of(observed.Kind) is { PerClass: true };

    /// <summary>Whether <paramref name="observed"/>'s link can read <paramref name="layer"/>: P = a layer needs a sigmoid one.</summary>
    private static bool LinksTo(ObservedSpec observed, LayerSpec layer) =>
        observed.Link != LinkKind.Probability || layer.Activation == ActivationKind.Sigmoid;

    /// <summary>What a likelihood reads from its source, as MG0012 names it.</summary>
    private static string Role(ObservedSpec observed) => observed.Link == LinkKind.Probability ? "probability" : "location";

    /// <summary>The list MG0003 ends with: the valid names, or why there are none.</summary>
    private static string Choices(IEnumerable<string> names, bool anyDeclared)
    {
        string list = string.Join(", ", names);
        return list.Length > 0 ? list : anyDeclared ? "(none that fits here)" : "(none declared)";
    }

    private static string[] Keys(params string[] keys) => keys;

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
