using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

// Constrained parameters and priors beyond the seed's: each block's transform from θ, the priors on the constrained
// values (arguments that name other parameters included), and the chain rule back through the transforms.
internal sealed partial class ModelEmitter
{
    /// <summary>
    /// The most bytes a kernel takes from the stack for scratch whose size comes from the model (the constrained values'
    /// scratch, the tiled layers' units): beyond it the scratch is rented (the array pool, or the thread's
    /// <c>KernelScratch</c>), so a model of any size runs on any thread, one with a 256 KB stack included. A stack
    /// overflow ends the process, and no catch can stop it.
    /// </summary>
    private const int StackScratchBytes = 16 * 1024;

    /// <summary>The bytes of one value of the model's element type.</summary>
    private int ElementBytes => _t == "double" ? 8 : 4;

    /// <summary>The bytes the values prelude takes from the stack: 4 values per parameter, when they fit <see cref="StackScratchBytes"/>; else 0 (rented).</summary>
    private long ValuesStackBytes => UsesValues && ValuesScratchOnStack ? 4L * _graph.Dimension * ElementBytes : 0;

    /// <summary>Whether the values prelude's scratch (4 values per parameter) is small enough for the stack.</summary>
    private bool ValuesScratchOnStack => 4L * _graph.Dimension * ElementBytes <= StackScratchBytes;

    /// <summary>
    /// Whether the kernels work on constrained values rather than θ itself: some block is constrained or non-centred,
    /// or a standalone parameter exists (its gradient comes only from the priors, which then accumulate into a cleared buffer).
    /// </summary>
    private bool UsesValues => _graph.HasTransforms || _graph.Parameters.Any(IsStandalone) || _graph.Likelihood.LearnsArgs;

    /// <summary>The span the row loop reads parameters from: θ itself, or the constrained values.</summary>
    private string ValuesSpan => UsesValues ? "values" : "theta";

    /// <summary>The span the row loop's adjoints are reduced into: the gradient itself, or the values' gradient.</summary>
    private string ValuesGradientSpan => UsesValues ? "valuesGradient" : "gradient";

    private static bool IsStandalone(ParameterNode p) => p.Name == p.Element;

    /// <summary>The blocks the row loop reads: every layer's weights and biases.</summary>
    private IEnumerable<ParameterNode> LayerParameters => _graph.Parameters.Where(p => !IsStandalone(p));

    /// <summary>
    /// Blocks in the order their values can be computed: the plain transforms (which need only θ), then the non-centred
    /// ones with every non-centred block they name before them.
    /// </summary>
    private List<ParameterNode> ConstrainOrder() =>
        _graph.Parameters.Where(p => p.Transform.Kind != TransformKind.NonCentered)
            .Concat(DependencyOrder(_graph.Parameters.Where(p => p.Transform.Kind == TransformKind.NonCentered)))
            .ToList();

    /// <summary>
    /// <paramref name="blocks"/> reordered so that each comes after every one of them its prior names, otherwise in
    /// layout order (the checker rules out cycles). References to blocks outside the set do not constrain the order.
    /// </summary>
    private static List<ParameterNode> DependencyOrder(IEnumerable<ParameterNode> blocks)
    {
        var order = new List<ParameterNode>();
        var pending = blocks.ToList();
        while (pending.Count > 0)
        {
            ParameterNode next = pending.First(p => p.Args.All(a => a.Reference is null || !pending.Any(q => q.Name == a.Reference)));
            order.Add(next);
            pending.Remove(next);
        }

        return order;
    }

    /// <summary>
    /// __Kernels.Constrain: values = transform(θ) per block, with dx/du and ∂ log J/∂u per element; returns log J.
    /// </summary>
    private void EmitConstrainKernel()
    {
        string t = _t;
        _w.Line("/// <summary>");
        _w.Line("/// The constrained values of unconstrained <paramref name=\"theta\"/>, block by block, with each element's dx/du in");
        _w.Line("/// <paramref name=\"jacobian\"/> and ∂ log|dx/du| / ∂u in <paramref name=\"logJacobianGradient\"/>; returns Σ log|dx/du|.");
        _w.Line("/// </summary>");
        _w.Line("public static " + t + " Constrain(global::System.ReadOnlySpan<" + t + "> theta, global::System.Span<" + t + "> values, global::System.Span<" + t + "> jacobian, global::System.Span<" + t + "> logJacobianGradient)");
        using (_w.Block())
        {
            _w.Line(t + " logJacobian = " + Lit(0) + ";");
            foreach (ParameterNode p in ConstrainOrder())
            {
                EmitConstrainBlock(p);
            }

            _w.Line("return logJacobian;");
        }

        _w.Line();
    }

    /// <summary>The two spans a transform's slopes go to: dx/du and ∂ log|dx/du|/∂u per element.</summary>
    private static readonly string[] SlopeSpans = { "jacobian", "logJacobianGradient" };

    private void EmitConstrainBlock(ParameterNode p)
    {
        string range = Literal.Of(p.Offset) + ".." + Literal.Of(p.Offset + p.Length);
        if (p.Transform.Kind == TransformKind.Identity)
        {
            _w.Line("// '" + p.Name + "' (" + DescribePrior(p.Prior) + "): unconstrained, x = u.");
            _w.Line("theta[" + range + "].CopyTo(values[" + range + "]);");
            _w.Line("jacobian[" + range + "].Fill(" + Lit(1) + ");");
            _w.Line("logJacobianGradient[" + range + "].Clear();");
            return;
        }

        // On the IR: x and log|dx/du| from the catalog entry (x = mu + sigma·z for a non-centred block), their slopes
        // derived and assigned (or added into cleared scratch).
        string comment = "'" + p.Name + "' (" + DescribePrior(p.Prior) + (p.Transform.Kind == TransformKind.NonCentered ? ", non-centred)" : ")");
        IrBlock? block = p.Transform.Kind == TransformKind.NonCentered
            ? TransformLowering.LowerNonCentred(p, comment, out string? error)
            : TransformLowering.Lower(p, comment, out error);
        if (block is null)
        {
            throw new System.InvalidOperationException("The transform of '" + p.Name + "' has no reverse pass: " + (error ?? "no catalog entry") + ".");
        }

        if (!_printed.Contains(block))
        {
            _printed.Add(block);
        }

        foreach (string span in SlopeSpans.Where(span => !TransformLowering.Assigns(block, span)))
        {
            _w.Line(span + "[" + range + "].Clear();");
        }

        IrPrinter.Print(block, _graph.ElementType, _w, "logJacobian", reverseGuard: null);
    }

    /// <summary>
    /// The density's prelude when it works on constrained values: scratch for the values, their gradient and the
    /// transforms' derivatives, from the stack for models of ordinary size.
    /// </summary>
    private void EmitValuesPrelude()
    {
        string t = _t;
        int n = _graph.Dimension;
        _w.Line("// Constrained values of θ and their gradient; dx/du and ∂ log J/∂u per element for the chain rule back to θ.");
        if (ValuesScratchOnStack)
        {
            _w.Line("global::System.Span<" + t + "> scratch = stackalloc " + t + "[" + Literal.Of(4 * n) + "];");
        }
        else
        {
            _w.Line(t + "[] rented = global::System.Buffers.ArrayPool<" + t + ">.Shared.Rent(" + Literal.Of(4 * n) + ");");
            _w.Line("global::System.Span<" + t + "> scratch = global::System.MemoryExtensions.AsSpan(rented, 0, " + Literal.Of(4 * n) + ");");
        }

        string size = Literal.Of(n);
        _w.Line("global::System.Span<" + t + "> values = scratch.Slice(0, " + size + ");");
        _w.Line("global::System.Span<" + t + "> valuesGradient = scratch.Slice(" + size + ", " + size + ");");
        _w.Line("global::System.Span<" + t + "> jacobian = scratch.Slice(" + Literal.Of(2 * n) + ", " + size + ");");
        _w.Line("global::System.Span<" + t + "> logJacobianGradient = scratch.Slice(" + Literal.Of(3 * n) + ", " + size + ");");
        _w.Line("valuesGradient.Clear();");
        _w.Line(t + " logJacobian = Constrain(theta, values, jacobian, logJacobianGradient);");
        _w.Line();
    }

    /// <summary>
    /// The priors, through <see cref="EmitPrior"/> in both modes: on θ itself, adding to the gradient directly (θ mode:
    /// every block is a layer's, unconstrained, with constant arguments), or on the constrained values, then the chain
    /// rule back to θ (values mode). With <paramref name="priorsGuard"/> (values mode, a chunked kernel), the priors, the
    /// log-Jacobian and its gradient are added only when it holds, while the chain rule carries every call's own part.
    /// </summary>
    private void EmitPriorsAndChain(string? priorsGuard = null)
    {
        if (!UsesValues)
        {
            foreach (ParameterNode p in _graph.Parameters)
            {
                EmitPrior(p, "theta", "gradient");
            }

            return;
        }

        using (priorsGuard is null ? default(SourceWriter.Scope?) : _w.Block("if (" + priorsGuard + ")"))
        {
            _w.Line("value += logJacobian;");
            foreach (ParameterNode p in _graph.Parameters.Where(p => p.Transform.Kind != TransformKind.NonCentered))
            {
                EmitPrior(p, "values", "valuesGradient");
            }
        }

        _w.Line();
        using (_w.Block("if (TMode.Gradient)"))
        {
            var order = ConstrainOrder();
            if (order.Any(p => p.Transform.Kind == TransformKind.NonCentered))
            {
                _w.Line("// The chain rule back to θ: non-centred blocks first (they pass their gradient on to mu and sigma),");
                _w.Line("// then ∂/∂u = ∂/∂x · dx/du + ∂ log J/∂u for every element.");
            }
            else
            {
                _w.Line("// The chain rule back to θ: ∂/∂u = ∂/∂x · dx/du + ∂ log J/∂u for every element.");
            }

            foreach (ParameterNode p in Enumerable.Reverse(order).Where(p => p.Transform.Kind == TransformKind.NonCentered))
            {
                Print(TransformLowering.LowerNonCentredChain(p, out string? error), p, error, reverseGuard: null);
            }

            using (_w.Block("for (int i = 0; i < " + Literal.Of(_graph.Dimension) + "; i++)"))
            {
                _w.Line(priorsGuard is null
                    ? "gradient[i] = (valuesGradient[i] * jacobian[i]) + logJacobianGradient[i];"
                    : "gradient[i] = " + priorsGuard + " ? (valuesGradient[i] * jacobian[i]) + logJacobianGradient[i] : valuesGradient[i] * jacobian[i];");
            }
        }

        bool nonCentred = _graph.Parameters.Any(p => p.Transform.Kind == TransformKind.NonCentered);
        using (priorsGuard is null || !nonCentred ? default(SourceWriter.Scope?) : _w.Block("if (" + priorsGuard + ")"))
        {
            foreach (ParameterNode p in _graph.Parameters.Where(p => p.Transform.Kind == TransformKind.NonCentered))
            {
                Print(PriorLowering.LowerNonCentred(p, out string? error), p, error, "TMode.Gradient");
            }
        }

        if (!ValuesScratchOnStack)
        {
            _w.Line("global::System.Buffers.ArrayPool<" + _t + ">.Shared.Return(rented);");
        }
    }

    /// <summary>
    /// One block's prior on its values in <paramref name="x"/> (θ itself or the constrained values), adding to the
    /// gradient in <paramref name="dx"/> with respect to the values and to every parameter it names: lowered to IR by
    /// its catalog entry, the reverse pass derived, printed. On θ the gradient of θ is empty when the mode asks for the
    /// value only, so there the reverse statements run only when it is asked for.
    /// </summary>
    private void EmitPrior(ParameterNode p, string x, string dx)
    {
        IrBlock? block = PriorLowering.Lower(p, x, dx, out string? error);
        if (block is null && error is null)
        {
            _w.Line("// " + PriorLowering.Comment(p, x));
            _w.Line("// Log density 0 on the support (the transform keeps a half-flat value there): nothing to add.");
            return;
        }

        Print(block, p, error, x == "theta" ? "TMode.Gradient" : null);
    }

    /// <summary>Prints a lowered block of <paramref name="p"/>'s (its prior, or a non-centred block's chain rule), adding to <c>value</c>; its reverse statements run only when <paramref name="reverseGuard"/> holds (null: always).</summary>
    private void Print(IrBlock? block, ParameterNode p, string? error, string? reverseGuard)
    {
        if (block is null)
        {
            // Reported as MG9001 by the stage: a catalog lowering used a primitive whose slope is not in the table.
            throw new System.InvalidOperationException("A block of '" + p.Name + "' has no reverse pass: " + error + ".");
        }

        if (!_printed.Contains(block))
        {
            _printed.Add(block);
        }

        IrPrinter.Print(block, _graph.ElementType, _w, "value", reverseGuard);
    }
}
