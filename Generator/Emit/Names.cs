using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Lower;

namespace ModelGen.Generator.Emit;

/// <summary>
/// The identifiers the emitter composes from element names ("Hidden1_W_0_2", "Hidden1_Weights", "PackX"),
/// chosen once per model so that none collides with another or with a fixed name in the same scope. Each
/// element keeps its own name as the prefix of everything composed from it unless some composed name is
/// already taken (layers 'A' and 'A_W_0' both want the local A_W_0_0); only then does it take the first free
/// prefix of the form "A_W_0_2", "A_W_0_3", … Claims go in a fixed order (input, layers in chain order,
/// likelihood), so the choice is deterministic and a model without collisions reads exactly as its elements
/// are named. Names here are as declared (no '@'): composed names are never keywords.
/// </summary>
internal sealed class Names
{
    /// <summary>Parameters and locals the kernels declare whatever the model; element-derived locals must avoid them.</summary>
    private static readonly string[] s_kernelLocals =
    {
        "data", "theta", "gradient", "rows", "rowBegin", "rowEnd", "output", "TSimd", "TVec", "TMode",
        "one", "logLikelihood", "x", "observed", "mask", "stride", "step", "end", "row", "rowMask", "residual",
        "value", "scale", "result", "values", "valuesGradient", "jacobian", "logJacobianGradient", "logJacobian",
        "logDerivative", "scratch", "rented", "discard", "sigma", "inverseVariance", "sumSquares", "i",
        "nu", "dispersion", "rate", "trials", "phi", "logPhi", "shifted", "spread", "yPlusPhi", "share", "sumCounts",
        "sumSoftplus", "sumWeightedShare", "j", "s", "slot", "input", "adjoint", "accumulators", "inverseScale", "nuVector", "nuPlusOne", "scaleVector", "standardized",
        "squared", "sumRatio", "gammaTerms", "digammaTerms", "perRow", "eta", "eta_adj", "rowSigma", "kernelScratch",

        // The likelihoods' row blocks: what they compute once before the row loop and their lane-wise sums.
        "n", "variance", "sumLog1P", "invariant1", "invariant2", "invariant3", "invariant4", "invariant5",

        // The locals the priors' IR blocks name (each block in its own scope, but an element-derived local outside it must not take them).
        "z", "sum", "logSigma", "inverseSigma", "normaliser", "logX", "logB", "logBeta", "log1MinusX", "d",
    };

    /// <summary>Names Predict and SamplePredictive declare beside the input rows' parameter.</summary>
    private static readonly string[] s_predictNames = { "draws", "samples", "seed", "predictor" };

    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _blockFields = new(StringComparer.Ordinal);

    public Names(ModelGraph graph)
    {
        var locals = new HashSet<string>(s_kernelLocals, StringComparer.Ordinal);
        Claim(graph.Input.Name, p => Units(p, graph.Input.Features), locals);
        foreach (DenseNode layer in graph.Layers)
        {
            Claim(layer.Name, p => LayerLocals(p, layer), locals);
        }

        Claim(graph.Likelihood.Name, p => new[] { p + "_value" }, locals);
        foreach (GroupNode g in graph.Input.Groups)
        {
            Claim(g.Name, p => new[] { p + "_index" }, locals);
        }

        foreach (TermNode? term in new[] { graph.Likelihood.Location, graph.Likelihood.Intercept })
        {
            if (term is not null)
            {
                Claim(term.Name, p => new[] { p + "_term", p + "_term_adj", p + "_termGradient", p + "_row" }, locals);
            }
        }

        // __Elements holds one field per element, Info, and one per parameter block.
        var fields = new HashSet<string>(StringComparer.Ordinal) { "Info", graph.Input.Name, graph.Likelihood.Name };
        fields.UnionWith(graph.Input.Groups.Select(g => g.Name));
        fields.UnionWith(graph.Input.Columns.Select(c => c.Name));
        fields.UnionWith(graph.Layers.Select(l => l.Name));
        fields.UnionWith(graph.Parameters.Where(p => p.Name == p.Element).Select(p => p.Name));
        foreach (ParameterNode p in graph.Parameters)
        {
            string suffix = p.Name == p.Element ? "_Block" : IsBias(p) ? "_Bias" : "_Weights";
            _blockFields[p.Name] = Free(p.Element + suffix, fields);
        }

        // __Data holds the input and observed fields, the likelihood scale and the input's packing method.
        var data = new HashSet<string>(StringComparer.Ordinal) { graph.Input.Name, graph.Likelihood.Name };
        LikelihoodScale = Free("LikelihoodScale", data);
        ObservedConstant = Free(graph.Likelihood.Name + "Constant", data);
        Pack = Free("Pack" + graph.Input.Name, data);
        (InputParameter, ObservedParameter) = DataParameters(graph.Input.Name, graph.Likelihood.Name);
    }

    /// <summary>__Data's field holding the data-only part of a count likelihood's log density (−Σ log y!, …).</summary>
    public string ObservedConstant { get; }

    /// <summary>__Data's field multiplying the likelihood (total rows / batch rows).</summary>
    public string LikelihoodScale { get; }

    /// <summary>__Data's static method packing input rows feature-major.</summary>
    public string Pack { get; }

    /// <summary>The constructor's (and Predict's) parameter for the input rows.</summary>
    public string InputParameter { get; }

    /// <summary>The constructor's parameter for the observations.</summary>
    public string ObservedParameter { get; }

    /// <summary>"Hidden1_3": unit 3 of an element (an input feature or a layer unit).</summary>
    public string Unit(string element, int unit) => _prefixes[element] + "_" + Literal.Of(unit);

    /// <summary>"Hidden1_units", "Hidden1_W": a tiled layer's buffer or parameter reference (see ModelEmitter.DenseTiled.cs).</summary>
    public string Tiled(string element, string what) => _prefixes[element] + "_" + what;

    /// <summary>"Hidden1_W_0_2" for weight [0, 2]; "Hidden1_b_2" for bias 2.</summary>
    public string Parameter(ParameterNode p, int i, int j) => Parameter(_prefixes[p.Element], IsBias(p), i, j);

    /// <summary>"County_index": a reference to the first value of a group's column.</summary>
    public string GroupIndex(string group) => _prefixes[group] + "_index";

    /// <summary>"Theta_term": a likelihood term's values (a span per group) or its register (a scalar).</summary>
    public string Term(string parameter) => _prefixes[parameter] + "_term";

    /// <summary>"Theta_termGradient": the slice of the gradient a per-group term's adjoints are scattered into.</summary>
    public string TermGradient(string parameter) => _prefixes[parameter] + "_termGradient";

    /// <summary>"Theta_row": a term's value for the rows of the register.</summary>
    public string RowTerm(string parameter) => _prefixes[parameter] + "_row";

    /// <summary>"Y_value": the likelihood's observation in the row loop.</summary>
    public string ObservedValue(string likelihood) => _prefixes[likelihood] + "_value";

    /// <summary>"Hidden1_Weights": the __Elements field of a parameter block.</summary>
    public string BlockField(ParameterNode p) => _blockFields[p.Name];

    /// <summary>
    /// The constructor's parameters for the input rows and the observations: the elements' names in lowerCamel
    /// (X, Y → x, y), or as declared when those coincide. The input's must also differ from what Predict and
    /// SamplePredictive declare beside it. Shared with the throwing surface, so both constructors read alike.
    /// </summary>
    public static (string Input, string Observed) DataParameters(string input, string observed)
    {
        string x = Literal.Parameter(input);
        string y = Literal.Parameter(observed);
        if (x == y)
        {
            x = Literal.Identifier(input);
            y = Literal.Identifier(observed);
        }

        if (s_predictNames.Contains(x))
        {
            x = Literal.Identifier(input);
        }

        while (s_predictNames.Contains(x) || x == y)
        {
            x += "_";
        }

        return (x, y);
    }

    private static bool IsBias(ParameterNode p) => p.Name.EndsWith(".Bias", StringComparison.Ordinal);

    private static string Parameter(string prefix, bool bias, int i, int j) =>
        bias ? prefix + "_b_" + Literal.Of(j) : prefix + "_W_" + Literal.Of(i) + "_" + Literal.Of(j);

    private static IEnumerable<string> Units(string prefix, int count) => Enumerable.Range(0, count).Select(u => prefix + "_" + Literal.Of(u));

    /// <summary>Every local a layer's code declares: units, their adjoints and softplus slopes, weights and biases with their adjoints.</summary>
    private static IEnumerable<string> LayerLocals(string prefix, DenseNode layer)
    {
        // A tiled layer's buffers and parameter references (and their adjoints).
        foreach (string tiled in new[] { "units", "W", "b" })
        {
            yield return prefix + "_" + tiled;
            yield return prefix + "_" + tiled + "_adj";
        }

        foreach (string unit in Units(prefix, layer.Units))
        {
            yield return unit;
            yield return unit + "_adj";
            yield return unit + "_slope";
        }

        for (int i = 0; i < layer.Inputs; i++)
        {
            for (int j = 0; j < layer.Units; j++)
            {
                yield return Parameter(prefix, bias: false, i, j);
                yield return Parameter(prefix, bias: false, i, j) + "_adj";
            }
        }

        for (int j = 0; layer.Bias is not null && j < layer.Units; j++)
        {
            yield return Parameter(prefix, bias: true, 0, j);
            yield return Parameter(prefix, bias: true, 0, j) + "_adj";
        }
    }

    /// <summary>Gives <paramref name="element"/> the first prefix whose locals are all free, and takes them.</summary>
    private void Claim(string element, Func<string, IEnumerable<string>> localsOf, HashSet<string> taken)
    {
        if (_prefixes.ContainsKey(element))
        {
            return;
        }

        for (int k = 1; ; k++)
        {
            string prefix = k == 1 ? element : element + "_" + Literal.Of(k);
            var locals = localsOf(prefix).ToList();
            if (!locals.Any(taken.Contains))
            {
                taken.UnionWith(locals);
                _prefixes[element] = prefix;
                return;
            }
        }
    }

    /// <summary><paramref name="name"/>, or the first of name_2, name_3, … not in <paramref name="taken"/>; then taken.</summary>
    private static string Free(string name, HashSet<string> taken)
    {
        string free = name;
        for (int k = 2; taken.Contains(free); k++)
        {
            free = name + "_" + Literal.Of(k);
        }

        taken.Add(free);
        return free;
    }
}
