using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Emit;

namespace ModelGen.Generator.Ir;

/// <summary>The printing of a loop that carries locals across its trips (<see cref="IrCarried"/>), inside the block that reads them.</summary>
internal sealed partial class IrPrinter
{
    /// <summary>The names a carried loop prints (its trip count, tapes, adjoints and its blocks' loop indices), taken before any local is named.</summary>
    private static IEnumerable<string> CarriedNames(IrCarried c) =>
        new[] { c.TripsName }
            .Concat(c.Locals.SelectMany(l => new[] { l.Tape, l.Adjoint, l.AdjointIn }))
            .Concat(new[] { c.Init, c.Forward, c.Reverse, c.InitReverse }.SelectMany(Reserved));

    /// <summary>Whether <paramref name="load"/> reads a tape of a carried loop this block prints in each trip (never hoisted before the loop).</summary>
    private bool ReadsTape(IrLoad load) =>
        _block.Carried.Any(c => c.Locals.Any(l => load.Slot.Span.StartsWith(l.Tape + "[", System.StringComparison.Ordinal)));

    /// <summary>The tapes (slices of the kernel's scratch, one per carried local), the values before the first trip, then the forward loop.</summary>
    private void PrintCarriedForward(IrCarried c, SourceWriter w)
    {
        w.Line("// " + c.Comment);
        w.Line("int " + c.TripsName + " = " + c.Trips + ";");
        for (int k = 0; k < c.Locals.Count; k++)
        {
            string at = k == 0 ? c.TapeField : c.TapeField + " + " + (k == 1 ? string.Empty : Literal.Of(k) + " * ") + "(" + c.TripsName + " + 1)";
            w.Line("global::System.Span<" + Names.Element(_type) + "> " + c.Locals[k].Tape + " = scratch.Slice(" + at + ", " + c.TripsName + " + 1);");
        }

        Print(c.Init, _type, w, "lp", null, _taken);
        Print(c.Forward, _type, w, "lp", null, _taken);
    }

    /// <summary>
    /// The reverse loop, trips last first, from the adjoints of the carried locals' last values (declared by this block's
    /// reverse statements where it reads them, else 0), then the values before the first trip's reverse.
    /// </summary>
    private void PrintCarriedReverse(IrCarried c, SourceWriter w)
    {
        var declared = new HashSet<string>(_block.Reverse.OfType<IrAddToGradient>().Where(g => g.Slot.Index.Length == 0).Select(g => g.Slot.GradientSpan!));
        foreach (IrCarriedLocal local in c.Locals.Where(l => !declared.Contains(l.Adjoint)))
        {
            w.Line(Names.Element(_type) + " " + local.Adjoint + " = " + Literal.Of(0, _type) + ";   // nothing after the loop reads '" + local.Name + "'");
        }

        Print(c.Reverse, _type, w, "lp", null, _taken);
        if (c.InitReverse.Reverse.Count > 0)
        {
            Print(c.InitReverse, _type, w, "lp", null, _taken);
        }
    }
}
