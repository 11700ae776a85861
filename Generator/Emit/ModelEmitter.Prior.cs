using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

// Around the fit: draws from the priors alone (prior predictive), and the inverse transforms that turn parameter
// values a user gives in the model's own terms into the unconstrained θ the fit starts from.
internal sealed partial class ModelEmitter
{
    /// <summary>Blocks in an order where every parameter a prior names is drawn first.</summary>
    private List<ParameterNode> PriorOrder() => DependencyOrder(_graph.Parameters);

    /// <summary>SamplePrior: per draw, each block from its prior with the values already drawn for the parameters it names.</summary>
    private void EmitSamplePriorBody(SourceWriter w)
    {
        string t = _t;
        w.Line("global::System.ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);");
        var improper = _graph.Parameters.Where(p => !DistributionCatalog.Of(p.Prior.Kind)!.IsProper).ToList();
        if (improper.Count > 0)
        {
            // An improper prior is no distribution: refuse, naming the blocks, rather than draw something else.
            string which = string.Join(", ", improper.Select(p => "'" + p.Name + "' (" + DescribePrior(p.Prior) + ")"));
            w.Line("throw new global::System.InvalidOperationException(" + Literal.Of("Model '" + _graph.Type.Name + "' has no prior to draw from: " + which + (improper.Count == 1 ? " has an improper prior" : " have improper priors") + ", which no draws can follow. Give " + (improper.Count == 1 ? "it" : "them") + " a proper prior to simulate from the prior, or draw from the posterior (Nuts, Fit).") + ");");
            return;
        }

        w.Line("var values = new " + t + "[draws * ParameterCount];");
        w.Line("var rng = new global::ModelGen.Random.Rng(seed);");
        using (w.Block("for (int draw = 0; draw < draws; draw++)"))
        {
            w.Line("global::System.Span<" + t + "> v = global::System.MemoryExtensions.AsSpan(values, draw * ParameterCount, ParameterCount);");
            foreach (ParameterNode p in PriorOrder())
            {
                DistributionInfo info = DistributionCatalog.Of(p.Prior.Kind)!;
                w.Line("// '" + p.Name + "' ~ " + DescribePrior(p.Prior) + ".");
                using (w.Block("for (int i = " + Literal.Of(p.Offset) + "; i < " + Literal.Of(p.Offset + p.Length) + "; i++)"))
                {
                    string args = string.Join(", ", p.Args.Select(a => a.Shape == ArgShape.Constant ? Literal.Of(a.Constant, ElementType.Double) : "(double)v[" + PriorLowering.ArgIndex(p, a) + "]"));
                    w.Line("v[i] = (" + t + ")global::ModelGen.Random.Sample." + info.Name + "(ref rng, " + args + ");");
                }
            }
        }

        w.Line("return new global::ModelGen.Draws.Draws<" + t + ">(__Elements.Info, values, draws);");
    }

    /// <summary>Unconstrain: each block's inverse transform, with the support checked and the offending element named.</summary>
    private void EmitUnconstrainBody(SourceWriter w)
    {
        using (w.Block("if (constrained.Length != ParameterCount || unconstrained.Length != ParameterCount)"))
        {
            w.Line("throw new global::System.ArgumentException($\"Model '" + _graph.Type.Name + "' has {ParameterCount} parameters; the spans have {constrained.Length} and {unconstrained.Length}.\");");
        }

        string transform = "global::ModelGen.Constraints.Transform.";
        foreach (ParameterNode p in _graph.Parameters)
        {
            string range = Literal.Of(p.Offset) + ".." + Literal.Of(p.Offset + p.Length);
            if (p.Transform.Kind == TransformKind.Identity)
            {
                w.Line("constrained[" + range + "].CopyTo(unconstrained[" + range + "]);");
                continue;
            }

            w.Line("// '" + p.Name + "': " + DescribeTransform(p) + ".");
            using (w.Block("for (int i = " + Literal.Of(p.Offset) + "; i < " + Literal.Of(p.Offset + p.Length) + "; i++)"))
            {
                (string check, string support, string inverse) = p.Transform.Kind switch
                {
                    TransformKind.Exp => ("constrained[i] > 0", "greater than 0", transform + "ExpInverse(constrained[i])"),
                    TransformKind.Softplus => ("constrained[i] > 0", "greater than 0", transform + "SoftplusInverse(constrained[i])"),
                    TransformKind.Interval => (
                        "constrained[i] > " + Lit(p.Transform.Lower) + " && constrained[i] < " + Lit(p.Transform.Upper),
                        "strictly between " + Literal.Plain(p.Transform.Lower) + " and " + Literal.Plain(p.Transform.Upper),
                        transform + "IntervalInverse(constrained[i], " + Lit(p.Transform.Lower) + ", " + Lit(p.Transform.Upper) + ")"),
                    _ => (
                        _t + ".IsFinite(constrained[i])",
                        "finite",
                        "(constrained[i] - " + ArgFrom("constrained", p, p.Args[0]) + ") / " + ArgFrom("constrained", p, p.Args[1])),
                };
                using (w.Block("if (!(" + check + "))"))
                {
                    w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(constrained), constrained[i], $\"'" + p.Name + "' element {i - " + Literal.Of(p.Offset) + "} (θ[{i}]) is {constrained[i]}; its prior " + DescribePrior(p.Prior) + " needs a value " + support + ".\");");
                }

                w.Line("unconstrained[i] = " + inverse + ";");
            }
        }
    }

    /// <summary>A non-centred block's mu or sigma read from <paramref name="span"/> (or the constant).</summary>
    private string ArgFrom(string span, ParameterNode p, ArgNode a) => a.Shape == ArgShape.Constant ? Lit(a.Constant) : span + "[" + PriorLowering.ArgIndex(p, a) + "]";
}
