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
        return error is null ? AssignSlopesWrittenOnce(b.Build(comment + ": " + info.What(p.Transform) + ".", info.Math, ElementLoop(p))) : null;
    }

    /// <summary>
    /// A non-centred block's transform, x = mu + sigma·z with z = u (its prior, N(0, 1), is on u): a loop over the
    /// block's elements storing x into values[i], whose derived slope in u, sigma, is stored into jacobian[i]. mu and
    /// sigma are values of blocks before it (constants, or loads without a gradient here: their share is the chain
    /// rule's, <see cref="LowerNonCentredChain"/>); log|dx/du| = log sigma does not depend on u, and is the prior's.
    /// </summary>
    public static IrBlock? LowerNonCentred(ParameterNode p, string comment, out string? error)
    {
        var b = new IrBuilder();
        int u = b.Load(new IrSlot("theta", "i", "logJacobianGradient"), "u");
        b.Store(new IrSlot("values", "i", "jacobian"), NonCentredValue(b, p, u, argumentGradient: null));
        error = Adjoints.Derive(b);
        return error is null
            ? AssignSlopesWrittenOnce(b.Build(comment + ": x = mu + sigma·z with z = u ~ N(0, 1).", "dx/du = sigma derived; ∂ log|dx/du|/∂u = 0.", ElementLoop(p)))
            : null;
    }

    /// <summary>
    /// The chain rule of a non-centred block: the values' gradient x̄ = valuesGradient[i] taken back through the same
    /// x = mu + sigma·z into mu and sigma (the reverse of the block's statements seeded with x̄, the density seed then
    /// dropped, so only the reverse prints); z's own share, x̄·dx/du, is the chain rule's for every element.
    /// </summary>
    public static IrBlock? LowerNonCentredChain(ParameterNode p, out string? error)
    {
        var b = new IrBuilder();
        int z = b.Load(new IrSlot("theta", "i", null), "z");
        int x = NonCentredValue(b, p, z, argumentGradient: "valuesGradient");
        int adjoint = b.Load(new IrSlot("valuesGradient", "i", null), "xAdjoint");
        b.AddToDensity(b.Multiply(adjoint, x));
        error = Adjoints.Derive(b);
        if (error is not null)
        {
            return null;
        }

        IrBlock block = b.Build("'" + p.Name + "' = mu + sigma·z: ∂/∂mu += ∂/∂x, ∂/∂sigma += ∂/∂x · z.", string.Empty, ElementLoop(p));
        return block with { Forward = block.Forward.Where(s => s is not IrAddToDensity).ToEquatableArray() };
    }

    /// <summary>
    /// x = mu + sigma·z for element i of non-centred block <paramref name="p"/>: each argument a constant or the value of
    /// the block it names (its gradient into <paramref name="argumentGradient"/>, or none). sigma is read before mu, so
    /// a reverse pass writes mu's share first.
    /// </summary>
    private static int NonCentredValue(IrBuilder b, ParameterNode p, int z, string? argumentGradient)
    {
        int Argument(ArgNode a, string name) => a.Shape == ArgShape.Constant
            ? b.Constant(a.Constant)
            : b.Load(new IrSlot("values", PriorLowering.ArgIndex(p, a), argumentGradient), name);
        int sigma = Argument(p.Args[1], "sigma");
        int mu = Argument(p.Args[0], "mu");
        return b.Add(mu, b.Multiply(sigma, z));
    }

    private static IrLoop ElementLoop(ParameterNode p) => new("i", p.Offset, p.Offset + p.Length);

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
