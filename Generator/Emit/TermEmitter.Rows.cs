using System.Linq;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

internal static partial class TermEmitter
{
    /// <summary>
    /// A term's row block (<see cref="IrBlock.Rows"/>, Lower/TermLowering.Rows.cs): one register of rows per trip, each
    /// data vector read at the row loaded as a register, the last, partial register from a copy whose padding lanes
    /// repeat the last row (finite wherever the rows are) under mask 0; the body printed by <see cref="IrPrinter.ForRows"/>
    /// as a likelihood's is, its lanes summed into log p after the loop, and each parameter's lane-wise slopes once.
    /// </summary>
    private static void WriteRowBlock(SourceWriter w, IrBlock block, ElementType type)
    {
        IrLoop rows = block.Rows!;
        string t = type == ElementType.Double ? "double" : "float";
        var loads = block.Forward.OfType<IrLoad>().Where(l => l.Slot.Index == "row" && l.Slot.Span != "rowMask").ToList();
        // The kernel's own names and the row loop's are not the block's to take (a parameter 'Theta' is not θ).
        string[] loopNames = { "lp", "values", "adjoints", "theta", "gradient", "scratch", "everyLane", "rowEnd", "tail", "row", "lane", "source", "rowMask", block.SumName };
        IrPrinter printer = IrPrinter.ForRows(block, type, loopNames.Concat(loads.Select(l => l.Name)));
        w.Line("// " + block.Comment);
        printer.PrintRowSetup(w);
        w.Line("TVec " + block.SumName + " = TSimd.Zero;");
        w.Line("TVec everyLane = TSimd.Broadcast(" + Literal.Of(1, type) + ");");
        w.Line("int rowEnd = " + (rows.Bound ?? Literal.Of(rows.To)) + ";");
        w.Line("global::System.Span<" + t + "> tail = stackalloc " + t + "[" + Literal.Of(loads.Count + 1) + " * TSimd.Count];");
        using (w.Block("for (int row = " + (rows.Start ?? Literal.Of(rows.From)) + "; row < rowEnd; row += TSimd.Count)"))
        {
            w.Line("TVec " + string.Join(", ", loads.Select(l => l.Name).Append("rowMask")) + ";");
            using (w.Block("if (rowEnd - row >= TSimd.Count)"))
            {
                foreach (IrLoad l in loads)
                {
                    w.Line(l.Name + " = TSimd.Load(in " + l.Slot.Span + "[row], 0);");
                }

                w.Line("rowMask = everyLane;");
            }

            using (w.Block("else"))
            {
                w.Line("// The last register, past the end: padding lanes repeat the last row (finite) and have mask 0, so they add nothing.");
                using (w.Block("for (int lane = 0; lane < TSimd.Count; lane++)"))
                {
                    w.Line("int source = global::System.Math.Min(row + lane, rowEnd - 1);");
                    w.Line("tail[lane] = row + lane < rowEnd ? " + Literal.Of(1, type) + " : " + Literal.Of(0, type) + ";");
                    for (int k = 0; k < loads.Count; k++)
                    {
                        w.Line("tail[" + Literal.Of(k + 1) + " * TSimd.Count + lane] = " + loads[k].Slot.Span + "[source];");
                    }
                }

                w.Line("rowMask = TSimd.Load(in tail[0], 0);");
                for (int k = 0; k < loads.Count; k++)
                {
                    w.Line(loads[k].Name + " = TSimd.Load(in tail[0], (nuint)(" + Literal.Of(k + 1) + " * TSimd.Count));");
                }
            }

            printer.PrintRowForward(w, "TMode.Value", block.SumName);
            using (w.Block("if (TMode.Gradient)"))
            {
                printer.PrintRowReverse(w);
            }
        }

        w.Line("lp += TSimd.Sum(" + block.SumName + ");");
        if (printer.HasGradientAfter)
        {
            using (w.Block("if (TMode.Gradient)"))
            {
                w.Line("// The parameters the rows read: their lane-wise slopes, summed once.");
                printer.PrintRowAfter(w, null, (slot, slope) => slot.GradientSpan + "[" + slot.Index + "] += " + slope + ";");
            }
        }
    }
}
