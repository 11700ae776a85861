using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// Lowers a checked <see cref="ModelSpec"/> to a <see cref="ModelGraph"/>: orders the layers from
/// the input to the likelihood, lays the parameters out in one flat vector (each layer's weights,
/// then its bias, in chain order), and folds a sigmoid output layer into a Bernoulli's logit link
/// so the density never computes log(sigmoid(x)).
/// </summary>
internal static class GraphBuilder
{
    /// <summary>Lowers <paramref name="spec"/>; the caller has checked it has no errors.</summary>
    public static ModelGraph Lower(ModelSpec spec, CancellationToken cancellationToken)
    {
        ObservedSpec observed = spec.Observed[0];
        var layers = new Dictionary<string, LayerSpec>(System.StringComparer.Ordinal);
        foreach (LayerSpec layer in spec.Layers)
        {
            // Two members of one name are the user's CS0102; the first is the element.
            if (!layers.ContainsKey(layer.Name))
            {
                layers[layer.Name] = layer;
            }
        }


        // Walk back from the likelihood to the input: the chain, last layer first.
        var chain = new List<LayerSpec>();
        string current = observed.Source;
        while (layers.TryGetValue(current, out LayerSpec? link))
        {
            cancellationToken.ThrowIfCancellationRequested();
            chain.Insert(0, link);
            current = link.Input;
        }

        // With no layer (the likelihood reads a parameter) the rows come from the input holding the groups and columns.
        InputSpec input = spec.Inputs.FirstOrDefault(i => i.Name == current)
            ?? spec.Inputs.FirstOrDefault(i => spec.Groups.Any(g => g.Input == i.Name) || spec.Columns.Any(c => c.Input == i.Name))
            ?? spec.Inputs[0];
        var groups = spec.Groups.Where(g => g.Input == input.Name).Select(g => new GroupNode(g.Name, g.Column, g.Levels)).ToList();
        var namedColumns = spec.Columns.Where(c => c.Input == input.Name).Select(c => new ColumnNode(c.Name, c.Index)).ToList();
        var layerColumns = Enumerable.Range(0, input.Features).Where(c => !groups.Any(g => g.Column == c) && !namedColumns.Any(n => n.Column == c)).ToList();
        var nodes = new List<DenseNode>();
        var parameters = new List<ParameterNode>();
        int offset = 0;

        // Standalone parameters first, in declaration order (hyperparameters are usually declared first), then each layer's blocks.
        foreach (ParameterSpec parameter in spec.Parameters)
        {
            var node = new ParameterNode(parameter.Name, parameter.Name, offset, 1, parameter.Length, parameter.Prior!);
            offset += node.Length;
            parameters.Add(node);
        }

        int width = layerColumns.Count;
        for (int i = 0; i < chain.Count; i++)
        {
            LayerSpec layer = chain[i];
            var weights = new ParameterNode(layer.Name + ".Weights", layer.Name, offset, width, layer.Units, layer.WeightPrior!);
            offset += weights.Length;
            parameters.Add(weights);
            ParameterNode? bias = null;
            if (layer.Bias)
            {
                bias = new ParameterNode(layer.Name + ".Bias", layer.Name, offset, 1, layer.Units, layer.BiasPrior!);
                offset += bias.Length;
                parameters.Add(bias);
            }

            bool fold = i == chain.Count - 1 && observed.Link == LinkKind.Probability;
            bool tiled = Tiling.IsTiled(layer.Units, layer.Activation, readByLikelihood: layer.Name == observed.Source);
            nodes.Add(new DenseNode(layer.Name, layer.Input, width, layer.Units, fold ? ActivationKind.Identity : layer.Activation, weights, bias, fold, tiled));
            width = layer.Units;
        }

        // Resolve each prior's arguments against the layout, and each block's transform from its prior's support.
        var offsets = parameters.Where(p => p.Name == p.Element).ToDictionary(p => p.Name, p => p, System.StringComparer.Ordinal);
        var resolved = parameters.Select(p => Resolve(p, offsets)).ToList();
        nodes = nodes.Select(n => n with
        {
            Weights = resolved.First(p => p.Name == n.Weights.Name),
            Bias = n.Bias is null ? null : resolved.First(p => p.Name == n.Bias.Name),
        }).ToList();

        double sigma = observed.Kind == DistributionKind.Normal ? observed.Args[0].Constant : 0;
        var likelihood = new LikelihoodNode(observed.Name, observed.Kind, observed.Source, observed.Link, sigma);
        if (observed.Kind == DistributionKind.Normal && observed.Args[0].Reference is { } sigmaName && offsets.TryGetValue(sigmaName, out ParameterNode? sigmaBlock))
        {
            likelihood = likelihood with { Sigma = 0, SigmaOffset = sigmaBlock.Offset, SigmaName = sigmaName };
        }

        ColumnNode? sigmaColumn = observed.Kind == DistributionKind.Normal && observed.Args[0].Reference is { } columnName
            ? namedColumns.FirstOrDefault(c => c.Name == columnName)
            : null;
        if (observed.Kind == DistributionKind.Binomial && observed.Args[0].Reference is { } trialsName
            && namedColumns.FirstOrDefault(c => c.Name == trialsName) is { } trialsColumn)
        {
            likelihood = likelihood with { TrialsColumn = trialsColumn.Column, TrialsName = trialsName };
        }

        if (sigmaColumn is not null)
        {
            likelihood = likelihood with { Sigma = 0, SigmaOffset = -1, SigmaName = sigmaColumn.Name, SigmaColumn = sigmaColumn.Column };
        }

        likelihood = likelihood with
        {
            Args = observed.Args.Select(a => a.Reference is null
                ? new ArgNode(a.Name, a.Constant, null, -1, ArgShape.Constant)
                : offsets.TryGetValue(a.Reference, out ParameterNode? target)
                    ? new ArgNode(a.Name, 0, a.Reference, target.Offset, ArgShape.Scalar)
                    : new ArgNode(a.Name, 0, a.Reference, -1, ArgShape.Constant)).ToEquatableArray(),
            Location = chain.Count == 0 ? Term(observed.Source, spec, offsets, groups) : null,
            Intercept = observed.Intercept is { } intercept ? Term(intercept, spec, offsets, groups) : null,
        };

        parameters = resolved;
        return new ModelGraph(
            spec.Type,
            spec.ElementType,
            spec.Members,
            spec.DeclaresParameterlessConstructor,
            new InputNode(input.Name, input.Features)
            {
                LayerColumns = layerColumns.ToEquatableArray(),
                Groups = groups.ToEquatableArray(),
                Columns = namedColumns.ToEquatableArray(),
            },
            nodes.ToEquatableArray(),
            likelihood,
            parameters.ToEquatableArray());
    }

    /// <summary>A parameter in the linear predictor: its block, and the group column that indexes it per row (if sized by a group).</summary>
    private static TermNode Term(string name, ModelSpec spec, Dictionary<string, ParameterNode> blocks, List<GroupNode> groups)
    {
        ParameterNode block = blocks[name];
        string? group = spec.Parameters.First(p => p.Name == name).Group;
        return new TermNode(name, block.Offset, block.Length, group, group is null ? -1 : groups.First(g => g.Name == group).Column);
    }

    /// <summary>The block with its arguments bound to constants or blocks, and its transform.</summary>
    private static ParameterNode Resolve(ParameterNode p, Dictionary<string, ParameterNode> standalone)
    {
        var args = p.Prior.Args.Select(a =>
        {
            if (a.Reference is null)
            {
                return new ArgNode(a.Name, a.Constant, null, -1, ArgShape.Constant);
            }

            ParameterNode target = standalone[a.Reference];
            ArgShape shape = target.Length == 1 ? ArgShape.Scalar : p.Name == p.Element ? ArgShape.PerElement : ArgShape.PerColumn;
            return new ArgNode(a.Name, 0, a.Reference, target.Offset, shape);
        }).ToEquatableArray();

        DistributionInfo info = DistributionCatalog.Of(p.Prior.Kind)!;
        TransformNode transform = info.Support switch
        {
            SupportKind.Positive => new TransformNode(p.Prior.Transform == TransformChoice.Softplus ? TransformKind.Softplus : TransformKind.Exp, 0, 0),
            SupportKind.Interval => new TransformNode(TransformKind.Interval, DistributionCatalog.Bounds(p.Prior).Lower, DistributionCatalog.Bounds(p.Prior).Upper),
            _ => p.Prior.NonCentered ? new TransformNode(TransformKind.NonCentered, 0, 0) : TransformNode.Identity,
        };
        return p with { Args = args, Transform = transform };
    }
}
