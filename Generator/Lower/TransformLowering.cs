using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// A constrained block's transform as an IR block: a loop over the block's elements reading u = θ[i], the catalog
/// entry writing x = f(u), stored into values[i], and log|dx/du|, added to the log-Jacobian; the reverse pass derived
/// from them writes dx/du into jacobian[i] and ∂ log|dx/du|/∂u into logJacobianGradient[i] (assigned where each is one
/// expression, as it is for every transform in the catalog; else added into a range cleared before), which the chain
/// rule back to θ reads.
/// </summary>
internal static class TransformLowering
{
    /// <summary>
    /// The block of <paramref name="p"/>'s transform, commented <paramref name="comment"/>; null when its kind is not
    /// on the IR, or with <paramref name="error"/> saying why it could not be derived.
    /// </summary>
    public static IrBlock? Lower(ParameterNode p, string comment, out string? error)
    {
        error = null;
        if (TransformCatalog.Of(p.Transform.Kind) is not TransformInfo info)
        {
            return null;
        }

        var b = new IrBuilder();
        int u = b.Load(new IrSlot("theta", "i", "logJacobianGradient"), "u");
        b.Store(new IrSlot("values", "i", "jacobian"), info.Value(b, u, p.Transform));
        b.AddToDensity(info.LogJacobian(b, u, p.Transform));
        error = Adjoints.Derive(b);
        return error is null ? AssignSlopesWrittenOnce(b.Build(comment + ": " + info.What(p.Transform) + ".", info.Math, new IrLoop("i", p.Offset, p.Offset + p.Length))) : null;
    }

    /// <summary>
    /// <paramref name="block"/> with each slope span the reverse pass adds to once (dx/du into jacobian, ∂ log|dx/du|/∂u
    /// into logJacobianGradient, one addition per element) stored instead: the span needs no clearing before the loop,
    /// which writes every element of the block's range. A span added to more than once keeps its additions.
    /// </summary>
    private static IrBlock AssignSlopesWrittenOnce(IrBlock block)
    {
        var once = new HashSet<string>(block.Reverse.OfType<IrAddToGradient>().GroupBy(g => g.Slot.GradientSpan ?? string.Empty)
            .Where(g => g.Count() == 1).Select(g => g.Key));
        return block with
        {
            Reverse = block.Reverse
                .Select(s => s is IrAddToGradient g && once.Contains(g.Slot.GradientSpan ?? string.Empty) ? new IrStore(new IrSlot(g.Slot.GradientSpan!, g.Slot.Index, null), g.Value) : s)
                .ToEquatableArray(),
        };
    }

    /// <summary>Whether <paramref name="block"/> stores every element of <paramref name="span"/> in its range (so it needs no clearing).</summary>
    public static bool Assigns(IrBlock block, string span) => block.Reverse.OfType<IrStore>().Any(s => s.Slot.Span == span);

}
