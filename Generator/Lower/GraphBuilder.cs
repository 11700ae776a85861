using System.Collections.Generic;
using System.Linq;
using System.Threading;
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

        InputSpec input = spec.Inputs.First(i => i.Name == current);
        var nodes = new List<DenseNode>();
        var parameters = new List<ParameterNode>();
        int offset = 0;
        int width = input.Features;
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
            nodes.Add(new DenseNode(layer.Name, layer.Input, width, layer.Units, fold ? ActivationKind.Identity : layer.Activation, weights, bias, fold));
            width = layer.Units;
        }

        double sigma = observed.Kind == DistributionKind.Normal ? observed.Args[0].Constant : 0;
        var likelihood = new LikelihoodNode(observed.Name, observed.Kind, observed.Source, observed.Link, sigma);
        return new ModelGraph(
            spec.Type,
            spec.ElementType,
            spec.Members,
            spec.DeclaresParameterlessConstructor,
            new InputNode(input.Name, input.Features),
            nodes.ToEquatableArray(),
            likelihood,
            parameters.ToEquatableArray());
    }
}
