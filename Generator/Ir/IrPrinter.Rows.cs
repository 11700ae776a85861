using System.Collections.Generic;
using ModelGen.Generator.Emit;

namespace ModelGen.Generator.Ir;

/// <summary>The inner loops of a term's row block (Lower/TermLowering.Rows.cs, <see cref="IrBlock.Prelude"/> and <see cref="IrBlock.Postlude"/>).</summary>
internal sealed partial class IrPrinter
{
    /// <summary>
    /// A printer of <paramref name="inner"/>, a loop printed in each trip of this row block (an inner sum or its reverse),
    /// on registers of rows as this one, whose locals take names neither this block's nor another inner loop's take.
    /// </summary>
    public IrPrinter ForInnerRows(IrBlock inner) => new(inner, _type, rows: true, _taken);

    /// <summary>Reserves <paramref name="names"/> (the registers the code around prints: an inner loop's index, its sum, its gathered columns).</summary>
    public void Take(IEnumerable<string> names) => _taken.Names.UnionWith(names);

    /// <summary>
    /// <c>density += value</c> on every lane (an inner sum of a register of rows, whose mask is the constant 1): a product
    /// written nowhere else as one multiply-add; false for any other mask.
    /// </summary>
    private bool AddEveryLane(SourceWriter w, IrAddRowToDensity add, string density)
    {
        if (_byId[add.Mask] is not IrConstant { Value: 1 })
        {
            return false;
        }

        w.Line(density + " = " + (Inline(add.Value, Primitive.Multiply) && _byId[add.Value] is IrApply p
            ? Names.Simd + "MultiplyAdd(" + Value(p.Args[0], top: true) + ", " + Value(p.Args[1], top: true) + ", " + density + ");"
            : Names.Simd + "Add(" + density + ", " + Value(add.Value, top: true) + ");"));
        return true;
    }
}
