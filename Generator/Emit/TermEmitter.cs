using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

/// <summary>
/// The [Term] methods of a model of declarations (docs/terms.md, "Terms"): each term's IR block in the kernel beside the
/// priors (reading the parameters' values and adding to their adjoints, which the transforms' reverse passes take back
/// to θ), <c>EvaluateAsWritten</c>, which runs the methods as written at a point, and the parameters' properties, which
/// read that point.
/// </summary>
internal static partial class TermEmitter
{
    /// <summary>The field holding the point a term run as written reads its parameters at (null outside one).</summary>
    public const string PointField = "__point";

    /// <summary>The kernel mode <c>EvaluateAsWritten</c> runs the kernel in for the priors and log |J| alone.</summary>
    private const string PriorsOnly = "__PriorsOnly";

    /// <summary>The body of a declared parameter's property in a model with terms: its values at the point a term runs at.</summary>
    public static string ParameterGetter(DeclaredParameterSpec p, string t, string model)
    {
        string n = p.Name;
        string values = "new global::System.ReadOnlySpan<" + t + ">(point, __value_" + n + ", __length_" + n + ")";
        string value = p.Shape switch
        {
            DeclaredShape.Scalar => "point[__value_" + n + "]",
            DeclaredShape.Vector => values,
            _ => "new global::ModelGen.Matrix<" + t + ">(" + values + ", __rows_" + n + ", __columns_" + n + ")",
        };
        return PointField + " is { } point ? " + value + " : throw new global::System.InvalidOperationException(" +
            Literal.Of("'" + n + "' is a parameter of model '" + model + "': it has values at a point, which only a term run by EvaluateAsWritten sees; read a fit's values from the draws (draws[model.Layout[\"" + n + "\"]]).") + ")";
    }

    /// <summary>Each term's block, in its own scope, adding to <c>lp</c> and (with the gradient) to the values' adjoints.</summary>
    public static void WriteKernelTerms(SourceWriter w, ModelSpec spec)
    {
        if (spec.Terms.Count == 0)
        {
            return;
        }

        w.Line();
        w.Line("// The [Term] methods, differentiated at compile time (EvaluateAsWritten runs them as written and skips these).");
        using (w.Block("if (typeof(TMode) != typeof(" + PriorsOnly + "))"))
        {
            var matrixPlans = MatrixPlans(spec);
            foreach (TermSpec term in spec.Terms)
            {
                if (matrixPlans.FindIndex(p => p.Term == term) is int m and >= 0)
                {
                    using (w.Block())
                    {
                        WriteMatrixTerm(w, spec, matrixPlans[m].Plan, string.Join(" + ", matrixPlans.Skip(m + 1).Select(p => "(" + p.Plan.Need + ")")));
                    }

                    continue;
                }

                IReadOnlyList<IrBlock> blocks = TermLowering.Lower(term, spec.Declarations, out string? error)
                    ?? throw new System.InvalidOperationException("Term '" + term.Name + "' could not be lowered: " + error);
                foreach (IrBlock block in blocks)
                {
                    using (w.Block())
                    {
                        if (block.Rows is not null)
                        {
                            WriteRowBlock(w, block, spec.ElementType);
                            continue;
                        }

                        IrPrinter.Print(block, spec.ElementType, w, "lp", "TMode.Gradient");
                    }
                }
            }
        }
    }

    /// <summary>
    /// In the constructor, after the data are bound: where each loop that carries values keeps its tapes in the kernel's
    /// scratch (a field per loop), and <c>__scratchLength</c> grown by their length, one entry per trip and one more for
    /// each carried local (docs/terms.md, "Values carried across iterations").
    /// </summary>
    public static void WriteTapeLayout(SourceWriter w, ModelSpec spec)
    {
        foreach (IrCarried c in Tapes(spec))
        {
            w.Line(c.TapeField + " = __scratchLength;   // " + string.Join(", ", c.Locals.Select(l => "'" + l.Name + "'")) + " on tapes of " + c.Trips + " + 1 entries");
            w.Line("__scratchLength += " + (c.Locals.Count == 1 ? string.Empty : Literal.Of(c.Locals.Count) + " * ") + "(" + c.Trips + " + 1);");
        }
    }

    /// <summary>The loops that carry values, in every term's blocks, each once.</summary>
    private static List<IrCarried> Tapes(ModelSpec spec)
    {
        var found = new List<IrCarried>();
        void Visit(IrBlock block)
        {
            foreach (IrCarried c in block.Carried)
            {
                if (!found.Any(f => f.TapeField == c.TapeField))
                {
                    found.Add(c);
                }
            }

            foreach (IrBlock inner in block.Prelude.Concat(block.Postlude))
            {
                Visit(inner);
            }
        }

        // A term with local matrices lowers by its own plan and carries nothing (its loops only write elements).
        foreach (TermSpec term in spec.Terms.Where(t => !TermLowering.HasMatrices(t)))
        {
            foreach (IrBlock block in TermLowering.Lower(term, spec.Declarations, out _) ?? new List<IrBlock>())
            {
                Visit(block);
            }
        }

        return found;
    }

    /// <summary><c>EvaluateAsWritten</c>, the priors-only kernel mode and the point field.</summary>
    public static void WriteEvaluateAsWritten(SourceWriter w, ModelSpec spec, string t)
    {
        if (spec.Terms.Count == 0)
        {
            return;
        }

        string name = spec.Type.Name;
        string suffix = t == "double" ? "D" : "F";
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// log p at unconstrained <paramref name=\"theta\"/> with each [Term] method run as written (plain " + t + "s, no derivatives,");
        w.Line("/// slow; it allocates): the priors and Σ log |J| as <see cref=\"LogDensity\"/> computes them, plus the terms'");
        w.Line("/// values, each parameter read as its constrained value at θ. <see cref=\"LogDensity\"/> must give the same number:");
        w.Line("/// this is what the differentiated terms are tested against. Not thread-safe.");
        w.Line("/// </summary>");
        w.Line(ModelEmitter.GeneratedCodeAttribute);
        using (w.Block("public " + t + " EvaluateAsWritten(global::System.ReadOnlySpan<" + t + "> theta)"))
        {
            w.Line(t + " lp = __LogDensity<global::ModelGen.Simd.Scalar" + suffix + ", " + t + ", " + PriorsOnly + ">(theta, default);");
            w.Line(t + "[] values = new " + t + "[__valueCount];");
            w.Line("__Constrain(theta, values);");
            w.Line(PointField + " = values;");
            using (w.Block("try"))
            {
                foreach (TermSpec term in spec.Terms)
                {
                    w.Line("lp += " + Literal.Identifier(term.Name) + "();");
                }
            }

            using (w.Block("finally"))
            {
                w.Line(PointField + " = null;");
            }

            w.Line();
            w.Line("return lp;");
        }

        w.Line();
        foreach (IrCarried c in Tapes(spec))
        {
            w.Line("/// <summary>Where the tapes of a loop that carries values start in the kernel's scratch (set when the data are bound).</summary>");
            w.Line(ModelEmitter.GeneratedCodeAttribute);
            w.Line("private readonly int " + c.TapeField + ";");
            w.Line();
        }

        w.Line("/// <summary>The point a term run as written reads its parameters at; null outside <see cref=\"EvaluateAsWritten\"/>.</summary>");
        w.Line(ModelEmitter.GeneratedCodeAttribute);
        w.Line("private " + t + "[]? " + PointField + ";");
        w.Line();
        w.Line("/// <summary>The kernel's mode for <see cref=\"EvaluateAsWritten\"/>: the value of the priors and log |J|, without the terms' blocks.</summary>");
        w.Line(ModelEmitter.GeneratedCodeAttribute);
        using (w.Block("private readonly struct " + PriorsOnly + " : global::ModelGen.Simd.IKernelMode"))
        {
            w.Line("public static bool Value => true;");
            w.Line();
            w.Line("public static bool Gradient => false;");
        }
    }
}
