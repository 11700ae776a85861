using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

// A [Term] with local matrices (docs/architecture.md, "Local matrices in terms"): its matrices in the kernel's scratch,
// at the end of it (the constructor adds what they need to __scratchLength), each whole-object statement's forward call
// in order, the returned value's block, then under TMode.Gradient each statement's reverse rule, last first.
internal static partial class TermEmitter
{
    /// <summary>The plans of the model's terms with local matrices, in order.</summary>
    private static List<(TermSpec Term, MatrixTermPlan Plan)> MatrixPlans(ModelSpec spec) =>
        spec.Terms.Where(TermLowering.HasMatrices)
            .Select(t => (t, TermLowering.LowerMatrices(t, spec.Declarations, out string? error) ?? throw new System.InvalidOperationException("Term '" + t.Name + "' could not be lowered: " + error)))
            .ToList();

    /// <summary>" + (what the terms' local matrices need)", added to the kernel's scratch length in the constructor; empty when none has any.</summary>
    public static string MatrixScratch(ModelSpec spec)
    {
        var plans = MatrixPlans(spec);
        return plans.Count == 0 ? string.Empty : " + " + string.Join(" + ", plans.Select(p => "(" + p.Plan.Need + ")"));
    }

    /// <summary>
    /// One term's matrices and steps; <paramref name="later"/> is what the matrix terms after it need, so its scratch is
    /// the <c>__need</c> values before theirs at the end of the kernel's scratch.
    /// </summary>
    private static void WriteMatrixTerm(SourceWriter w, ModelSpec spec, MatrixTermPlan plan, string later)
    {
        string t = spec.ElementType == ElementType.Float ? "float" : "double";
        string span = "global::System.Span<" + t + ">";
        ElementType type = spec.ElementType;
        w.Line("// " + plan.Comment);
        if (plan.Steps.Any(x => x is ElementProgramStep))
        {
            w.Line("// Spans and matrices in scratch sized when the data were bound. Each matrix cell is set once, so no tape: reversing");
            w.Line("// its write puts it back to 0; a span is written whole before it is read, so each reverse trip recomputes it first.");
        }
        else
        {
            w.Line("// Each whole-object statement writes a matrix of its own in scratch sized when the data were bound (nothing is");
            w.Line("// overwritten, so nothing is taped); with the gradient, each one's reverse rule runs after the returned value's, last first.");
        }

        w.Line("int __need = " + plan.Need + ";");
        w.Line(span + " __terms = scratch.Slice(__scratchLength - " + (later.Length == 0 ? "__need" : "(__need + " + later + ")") + ", __need);");
        w.Line("int __at = 0;");
        foreach (TermScratchSlot a in plan.Adjoints)
        {
            w.Line(span + " " + a.Name + " = __terms.Slice(__at, " + a.Size + ");");
            w.Line("__at += " + a.Name + ".Length;");
        }

        if (plan.Adjoints.Count > 0)
        {
            using (w.Block("if (TMode.Gradient)"))
            {
                w.Line("__terms.Slice(0, __at).Clear();");
            }
        }

        foreach (TermScratchSlot v in plan.Values)
        {
            w.Line(span + " " + v.Name + " = __terms.Slice(__at, " + v.Size + ");");
            w.Line("__at += " + v.Name + ".Length;");
        }

        foreach (string cleared in plan.Cleared)
        {
            w.Line(cleared + ".Clear();");
        }

        var open = new Stack<System.IDisposable>();
        bool opened = false;
        foreach (MatrixStep step in plan.Steps)
        {
            if (!opened)
            {
                w.Line();
            }

            opened = false;

            if (step is not ElementReduceStep)
            {
                w.Line("// " + step.Comment);
            }

            switch (step)
            {
                case MatrixCallStep call:
                {
                    foreach (MatrixScalar s in call.Scalars)
                    {
                        w.Line(t + " " + s.Local + " = " + Literal.Of(0, type) + ";");
                        using (w.Block())
                        {
                            IrPrinter.Print(s.Forward, type, w, s.Local, null);
                        }
                    }

                    string forward = call.Function.Forward(t, call.Operands, call.Scratch);
                    if (call.Result is not null)
                    {
                        w.Line(call.Result + "[0] = " + forward + ";");
                    }
                    else if (call.Function.CanFail)
                    {
                        using (w.Block("if (!" + forward + ")"))
                        {
                            w.Line("lp = " + t + ".NegativeInfinity;   // not positive definite: outside the model");
                        }

                        open.Push(w.Block("else"));
                        opened = true;
                    }
                    else
                    {
                        w.Line(forward + ";");
                    }

                    break;
                }

                case ElementProgramStep program:
                    WriteElementsForward(w, type, program.Node);
                    break;
                case ElementReduceStep reduce:
                    w.Line(LogSumExp(t, reduce.Reduction));
                    break;
                case MatrixElementStep elements:
                    w.Line(elements.From is null ? elements.To + ".Clear();" : elements.From + ".CopyTo(" + elements.To + ");");
                    foreach ((IrBlock forward, string target, IrBlock? _) in elements.Writes)
                    {
                        using (w.Block())
                        {
                            IrPrinter.Print(forward, type, w, target, null);
                        }
                    }

                    break;
            }
        }

        w.Line();
        using (w.Block())
        {
            IrPrinter.Print(plan.Main, type, w, "lp", "TMode.Gradient");
        }

        if (plan.Steps.Count > 0)
        {
            w.Line();
            using (w.Block("if (TMode.Gradient)"))
            {
                bool first = true;
                foreach (MatrixStep step in plan.Steps.Reverse())
                {
                    if (!first)
                    {
                        w.Line();
                    }

                    first = false;
                    if (step is not (ElementReduceStep or ElementProgramStep))
                    {
                        w.Line("// " + step.Comment + ", its reverse");
                    }

                    switch (step)
                    {
                        case MatrixCallStep call:
                            w.Line(call.Function.Reverse(t, call.Operands, call.ResultAdjoint, call.Scratch));
                            foreach (MatrixScalar s in call.Scalars.Reverse())
                            {
                                if (s.Reverse is { } reverse)
                                {
                                    using (w.Block())
                                    {
                                        IrPrinter.Print(reverse, type, w, "lp", null);
                                    }
                                }
                            }

                            break;
                        case ElementProgramStep program:
                            WriteElementsReverse(w, type, program.Node);
                            break;
                        case ElementReduceStep reduce:
                            w.Line(LogSumExpReverse(t, reduce.Reduction));
                            break;
                        case MatrixElementStep elements:
                            foreach ((IrBlock _, string _, IrBlock? reverse) in elements.Writes.Reverse())
                            {
                                if (reverse is not null)
                                {
                                    using (w.Block())
                                    {
                                        IrPrinter.Print(reverse, type, w, "lp", null);
                                    }
                                }
                            }

                            break;
                    }
                }
            }
        }

        while (open.Count > 0)
        {
            open.Pop().Dispose();
        }
    }
}
