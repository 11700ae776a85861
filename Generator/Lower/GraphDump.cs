using System.Linq;
using System.Text;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// A readable listing of a <see cref="ModelGraph"/>: the first part of the stage snapshots beside the generated-file
/// baselines (<c>Emit.ModelEmitter.Stages</c> adds the kernel IR after it).
/// </summary>
internal static class GraphDump
{
    public static string Dump(ModelGraph graph)
    {
        var text = new StringBuilder();
        text.Append("model ").Append(graph.Type.FullName).Append(" <").Append(graph.Scalar).Append("> dimension ").Append(graph.Dimension).Append('\n');
        text.Append("input ").Append(graph.Input.Name).Append(" [").Append(graph.Input.Features).Append("]\n");
        foreach (DenseNode layer in graph.Layers)
        {
            text.Append("dense ").Append(layer.Name).Append(" <- ").Append(layer.Source)
                .Append(" [").Append(layer.Inputs).Append(" -> ").Append(layer.Units).Append("] ")
                .Append(layer.Activation.ToString().ToLowerInvariant())
                .Append(layer.SigmoidFoldedIntoLink ? " (sigmoid folded into link)" : string.Empty)
                .Append(layer.Bias is null ? string.Empty : " +bias")
                .Append(layer.Tiled ? " tiled" : string.Empty)
                .Append('\n');
        }

        foreach (ParameterNode p in graph.Parameters)
        {
            text.Append("param ").Append(p.Name).Append(" @").Append(p.Offset).Append(" [").Append(p.Rows).Append('x').Append(p.Cols).Append("] ~ ")
                .Append(p.Prior.Kind).Append('(').Append(string.Join(", ", p.Prior.Args.Select(a => a.Reference ?? a.Constant.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).Append(")\n");
        }

        LikelihoodNode l = graph.Likelihood;
        text.Append("likelihood ").Append(l.Name).Append(" ~ ").Append(l.Kind).Append('(').Append(l.DeclaredLink.ToString().ToLowerInvariant()).Append(" = ").Append(l.Source);
        if (l.Kind == DistributionKind.Normal)
        {
            text.Append(", sigma = ").Append(l.Sigma.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.Append(")\n").ToString();
    }
}
