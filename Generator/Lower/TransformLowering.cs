using ModelGen.Generator.Ir;

namespace ModelGen.Generator.Lower;

/// <summary>
/// A constrained block's transform as an IR block: a loop over the block's elements reading u = θ[i], the catalog
/// entry writing x = f(u), stored into values[i], and log|dx/du|, added to the log-Jacobian; the reverse pass derived
/// from them writes dx/du into jacobian[i] and ∂ log|dx/du|/∂u into logJacobianGradient[i] (both cleared before), which
/// the chain rule back to θ reads.
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
        return error is null ? b.Build(comment + ": " + info.What(p.Transform) + ".", info.Math, new IrLoop("i", p.Offset, p.Offset + p.Length)) : null;
    }

}
