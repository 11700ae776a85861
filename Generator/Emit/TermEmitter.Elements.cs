using System.Linq;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

// Loops writing local spans' and matrices' elements by '=' (docs/architecture.md, "Local spans and elements"): the loops
// as written, each element write an IR block adding its value to the cell (0 before: see ElementWrite); the reverse the
// same loops backwards, each trip first recomputing the spans it writes whole, then each write's reverse, last first.
internal static partial class TermEmitter
{
    private const string Reductions = "global::ModelGen.Terms.Reductions.";

    private static string LogSumExp(string t, ElementReduction r) =>
        r.Result + "[0] = " + Reductions + "LogSumExp<" + t + ">(" + r.Values + ");   // " + r.Comment;

    private static string LogSumExpReverse(string t, ElementReduction r) =>
        Reductions + "LogSumExpReverse<" + t + ">(" + r.Values + ", " + r.Result + "[0], " + r.ResultAdjoint + "[0], " + r.Adjoints + ");   // " + r.Comment + ", its reverse";

    private static void WriteElementsForward(SourceWriter w, ElementType type, ElementNode node)
    {
        string t = type == ElementType.Float ? "float" : "double";
        switch (node)
        {
            case ElementFor loop:
                if (loop.Clears is not null)
                {
                    w.Line("// " + loop.Comment);
                    w.Line(loop.Clears + ".Clear();");
                }

                using (w.Block("for (int " + loop.Variable + " = " + loop.Start + "; " + loop.Variable + " < " + loop.Bound + "; " + loop.Variable + "++)"))
                {
                    foreach (ElementNode child in loop.Body)
                    {
                        WriteElementsForward(w, type, child);
                    }
                }

                break;
            case ElementWrite write:
                foreach (ElementReduction r in write.Reductions)
                {
                    w.Line(LogSumExp(t, r));
                }

                using (w.Block())
                {
                    IrPrinter.Print(write.Forward, type, w, write.Value + "[" + write.At + "]", null);
                }

                break;
        }
    }

    private static void WriteElementsReverse(SourceWriter w, ElementType type, ElementNode node)
    {
        string t = type == ElementType.Float ? "float" : "double";
        switch (node)
        {
            case ElementFor loop:
                w.Line("// " + loop.Comment + ", its reverse: the trips backwards" + (loop.Recompute.Count > 0 ? ", each first recomputing the spans it writes whole" : string.Empty));
                using (w.Block("for (int " + loop.Variable + " = " + loop.Bound + " - 1; " + loop.Variable + " >= " + loop.Start + "; " + loop.Variable + "--)"))
                {
                    foreach (int k in loop.Recompute)
                    {
                        WriteElementsForward(w, type, loop.Body[k]);
                    }

                    foreach (ElementNode child in loop.Body.Reverse())
                    {
                        WriteElementsReverse(w, type, child);
                    }
                }

                break;
            case ElementWrite write:
                w.Line("// " + write.Comment + ", its reverse" + (write.Undo ? " (the cell back to its 0 first: set once, it held 0 before)" : string.Empty));
                using (w.Block())
                {
                    string cell = "[" + write.At + "]";
                    if (write.Undo)
                    {
                        w.Line(write.Value + cell + " = " + Literal.Of(0, type) + ";");
                    }

                    foreach (ElementReduction r in write.Reductions)
                    {
                        w.Line(LogSumExp(t, r));
                    }

                    if (write.Reverse is { } reverse)
                    {
                        IrPrinter.Print(reverse, type, w, "lp", null);
                    }

                    w.Line(write.Adjoint + cell + " = " + Literal.Of(0, type) + ";");
                    foreach (ElementReduction r in write.Reductions)
                    {
                        w.Line(LogSumExpReverse(t, r));
                        w.Line(r.ResultAdjoint + "[0] = " + Literal.Of(0, type) + ";");
                    }
                }

                break;
        }
    }
}
