using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

internal static partial class TermEmitter
{
    /// <summary>
    /// A term's row block (<see cref="IrBlock.Rows"/>, Lower/TermLowering.Rows.cs): one register of rows per trip, each
    /// data vector read at the row loaded as a register, the last, partial register from a copy whose padding lanes
    /// repeat the last row (finite wherever the rows are) under mask 0, a data matrix's column gathered lane by lane; the
    /// inner sums (<see cref="IrBlock.Prelude"/>) before the body, their reverse (<see cref="IrBlock.Postlude"/>) after
    /// its reverse; the body printed by <see cref="IrPrinter.ForRows(IrBlock, ElementType, IEnumerable{string})"/> as a
    /// likelihood's is, its lanes summed into log p after the loop, and each parameter's lane-wise slopes once.
    /// </summary>
    private static void WriteRowBlock(SourceWriter w, IrBlock block, ElementType type)
    {
        IrLoop rows = block.Rows!;
        string t = type == ElementType.Double ? "double" : "float";
        IrBlock[] inner = block.Prelude.Concat(block.Postlude).ToArray();
        var registers = new HashSet<string>(inner.Select(b => b.SumName)) { "rowMask" };
        var all = block.Forward.Concat(inner.SelectMany(b => b.Forward)).OfType<IrLoad>().Where(l => l.Slot.Index == "row" && !registers.Contains(l.Slot.Span)).ToList();
        var loads = all.Where(l => l.Slot.Gather is null).GroupBy(l => l.Name).Select(g => g.First()).ToList();
        var gathered = block.Forward.OfType<IrLoad>().Where(l => l.Slot.Index == "row" && l.Slot.Gather is not null).ToList();

        // The kernel's own names and the row loop's are not the block's to take (a parameter 'Theta' is not θ).
        IEnumerable<string> taken = TermLowering.RowLoopNames.Append(block.SumName).Concat(all.Select(l => l.Name))
            .Concat(inner.SelectMany(b => new[] { b.SumName, b.Loop!.Variable }));
        IrPrinter printer = IrPrinter.ForRows(block, type, taken);
        w.Line("// " + block.Comment);
        printer.PrintRowSetup(w);
        w.Line("TVec " + block.SumName + " = TSimd.Zero;");
        w.Line("TVec everyLane = TSimd.Broadcast(" + Literal.Of(1, type) + ");");
        w.Line("int rowEnd = " + (rows.Bound ?? Literal.Of(rows.To)) + ";");
        w.Line("global::System.Span<" + t + "> tail = stackalloc " + t + "[" + Literal.Of(loads.Count + 1) + " * TSimd.Count];");
        if (all.Any(l => l.Slot.Gather is not null))
        {
            w.Line("global::System.Span<" + t + "> gathered = stackalloc " + t + "[TSimd.Count];");
        }

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

            WriteGathers(w, gathered, t);
            foreach (IrBlock sum in block.Prelude)
            {
                w.Line("// " + sum.Comment);
                w.Line("TVec " + sum.SumName + " = TSimd.Zero;");
                WriteInnerRows(w, printer.ForInnerRows(sum), sum, t, reverse: false);
            }

            printer.PrintRowForward(w, "TMode.Value", block.SumName);
            using (w.Block("if (TMode.Gradient)"))
            {
                printer.PrintRowReverse(w);
                foreach (IrBlock sum in block.Postlude)
                {
                    w.Line("// " + sum.Comment);
                    WriteInnerRows(w, printer.ForInnerRows(sum), sum, t, reverse: true);
                }
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

    /// <summary>
    /// An inner loop of a row block, in each register's trip: its columns gathered, what no row changes broadcast, then
    /// its sum's register (<paramref name="reverse"/> false) or its reverse, each parameter's slope summed over the lanes
    /// and added in the trip.
    /// </summary>
    private static void WriteInnerRows(SourceWriter w, IrPrinter printer, IrBlock inner, string t, bool reverse)
    {
        IrLoop loop = inner.Loop!;
        using (w.Block("for (int " + loop.Variable + " = " + (loop.Start ?? Literal.Of(loop.From)) + "; " + loop.Variable + " < " + (loop.Bound ?? Literal.Of(loop.To)) + "; " + loop.Variable + "++)"))
        {
            WriteGathers(w, inner.Forward.OfType<IrLoad>().Where(l => l.Slot.Index == "row" && l.Slot.Gather is not null), t);
            printer.PrintRowSetup(w);
            if (!reverse || ReadsRows(inner))
            {
                printer.PrintRowForward(w, null, inner.SumName);
            }

            if (reverse)
            {
                printer.PrintRowReverse(w);
                printer.PrintRowAfter(w, null, (slot, slope) => slot.GradientSpan + "[" + slot.Index + "] += " + slope + ";");
            }
        }
    }

    /// <summary>Whether an operation of <paramref name="inner"/>'s forward statements reads a register of rows (else its reverse recomputes only scalars, before its rows).</summary>
    private static bool ReadsRows(IrBlock inner)
    {
        var rows = new HashSet<int>(inner.Forward.OfType<IrLoad>().Where(l => l.Slot.Index == "row").Select(l => l.Id));
        foreach (IrApply a in inner.Forward.OfType<IrApply>().Where(a => a.Args.Any(rows.Contains)))
        {
            rows.Add(a.Id);
        }

        return rows.Count > inner.Forward.OfType<IrLoad>().Count(l => l.Slot.Index == "row");
    }

    /// <summary>Each column of a data matrix read at the rows (<see cref="IrSlot.Gather"/>), lane by lane into a register.</summary>
    private static void WriteGathers(SourceWriter w, IEnumerable<IrLoad> gathers, string t)
    {
        foreach (IrLoad l in gathers)
        {
            (string column, string stride) = l.Slot.Gather!.Value;
            w.Line("TVec " + l.Name + " = global::ModelGen.Simd.Lanes.Column<TSimd, TVec, " + t + ">(" + l.Slot.Span + ", " + stride + ", " + column + ", row, rowEnd, gathered);");
        }
    }
}
