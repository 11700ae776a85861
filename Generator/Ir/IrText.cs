using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Generator.Ir;

/// <summary>
/// An <see cref="IrBlock"/> as plain text, one statement a line, for the IR snapshots beside the generated-file
/// baselines: <c>%3 = Divide(%1, %2)  z</c>, <c>logp += %7</c>, <c>values'[i] += %9</c>.
/// </summary>
internal static class IrText
{
    public static string Of(IrBlock block)
    {
        var text = new StringBuilder();
        text.Append("block ").Append(block.Comment).Append('\n');
        if (block.Math.Length > 0)
        {
            text.Append("  math ").Append(block.Math).Append('\n');
        }

        if (block.Loop is IrLoop loop)
        {
            text.Append("  for ").Append(loop.Variable).Append(" in [").Append(loop.Start ?? Number(loop.From)).Append(", ").Append(loop.Bound ?? Number(loop.To)).Append(")\n");
        }

        text.Append("  forward\n");
        foreach (IrStatement s in block.Forward)
        {
            text.Append("    ").Append(Line(s)).Append('\n');
        }

        if (block.Reverse.Count > 0)
        {
            text.Append("  reverse\n");
            foreach (IrStatement s in block.Reverse)
            {
                text.Append("    ").Append(Line(s)).Append('\n');
            }
        }

        if (block.After.Count > 0)
        {
            text.Append("  after the loop\n");
            foreach (IrStatement s in block.After)
            {
                text.Append("    ").Append(Line(s)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Line(IrStatement s) => s switch
    {
        IrConstant c => "%" + Number(c.Id) + " = " + c.Value.ToString("R", CultureInfo.InvariantCulture),
        IrLoad l => "%" + Number(l.Id) + " = load " + l.Slot.Span + (l.Slot.Index.Length == 0 ? string.Empty : "[" + l.Slot.Index + "]") + "  " + l.Name,
        IrApply a => "%" + Number(a.Id) + " = " + a.Op + "(" + string.Join(", ", a.Args.Select(x => "%" + Number(x))) + ")" + (a.Name.Length > 0 ? "  " + a.Name : string.Empty),
        IrAddToDensity d => "logp += %" + Number(d.Value),
        IrAddToSum d => "sum += %" + Number(d.Value),
        IrAddRowToDensity d => "logp += %" + Number(d.Mask) + " · %" + Number(d.Value),
        IrAddRowToSum d => "sum += %" + Number(d.Mask) + " · %" + Number(d.Value),
        IrLoopSum sum => "%" + Number(sum.Id) + " = sum",
        IrStore store => store.Slot.Span + "[" + store.Slot.Index + "] = %" + Number(store.Value) + (store.Slot.GradientSpan is string slope ? "  (slope into " + slope + ")" : string.Empty),
        IrAddToGradient g => g.Slot.GradientSpan + "[" + g.Slot.Index + "] += %" + Number(g.Value),
        IrAddRowToGradient g => g.Slot.GradientSpan + "[" + g.Slot.Index + "] += Σ rows %" + Number(g.Mask) + " · %" + Number(g.Value) + (g.Factor is int factor ? " · %" + Number(factor) : string.Empty) + "  " + g.SumName,
        _ => s.ToString(),
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
