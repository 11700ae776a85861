using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Ir;

namespace ModelGen.Generator.Lower;

/// <summary>
/// How a constraint transform lowers into the kernel IR: given the builder, the unconstrained u (a load) and the
/// transform's constant bounds, writes one of its two facts (the constrained value x = f(u), or the log-Jacobian
/// log|dx/du|) and returns its value id. dx/du and ∂ log|dx/du|/∂u are derived from them (<see cref="Adjoints"/>).
/// </summary>
internal delegate int TransformFactLowering(IrBuilder b, int u, TransformNode transform);

/// <summary>
/// What the generator knows about one scalar constraint transform on the kernel IR: what it maps onto (for the
/// comment), its value <see cref="Value"/> and log-Jacobian <see cref="LogJacobian"/> in IR, and their formulas.
/// </summary>
internal sealed record TransformInfo(TransformKind Kind)
{
    /// <summary>"positive, x = exp(u)": the comment above the block, after the parameter's name and prior.</summary>
    public System.Func<TransformNode, string> What { get; init; } = _ => string.Empty;

    /// <summary>x = f(u).</summary>
    public TransformFactLowering Value { get; init; } = (b, u, t) => u;

    /// <summary>log|dx/du|, a function of u written so it stays finite where x itself saturates.</summary>
    public TransformFactLowering LogJacobian { get; init; } = (b, u, t) => b.Constant(0);

    /// <summary>The formulas of the block, for its comment.</summary>
    public string Math { get; init; } = string.Empty;
}

/// <summary>
/// The scalar constraint transforms on the kernel IR, one entry each. To add one: its <see cref="TransformKind"/>,
/// the checker's choice of it, its entry here and its inverse in ModelGen.Constraints.Transform (for initial values);
/// the slopes are derived. A value no composition of primitives computes accurately gets a primitive of its own with
/// its rule (the interval's, formed from the nearer bound: <see cref="Primitive.Interval"/>).
/// </summary>
internal static class TransformCatalog
{
    public static readonly IReadOnlyList<TransformInfo> Transforms = new[]
    {
        // x = eᵘ saturates to ∞ above u ≈ 709.78 (88.72 in float); log J = u stays exact. dx/du = x, ∂ log J/∂u = 1.
        new TransformInfo(TransformKind.Exp)
        {
            What = _ => "positive, x = exp(u)",
            Value = (b, u, t) => b.Apply(Primitive.Exp, "x", u),
            LogJacobian = (b, u, t) => u,
            Math = "log|dx/du| = u; dx/du = eᵘ and ∂ log|dx/du|/∂u = 1 derived.",
        },

        // x = softplus(u), log J = log σ(u) = −softplus(−u), never log of an underflowed σ. dx/du = σ(u), ∂ log J/∂u = σ(−u).
        new TransformInfo(TransformKind.Softplus)
        {
            What = _ => "positive, x = log(1 + eᵘ)",
            Value = (b, u, t) => b.Apply(Primitive.Softplus, "x", u),
            LogJacobian = (b, u, t) => b.Negate(b.Apply(Primitive.Softplus, b.Negate(u))),
            Math = "log|dx/du| = log σ(u) = −softplus(−u); dx/du = σ(u) and ∂ log|dx/du|/∂u = σ(−u) derived.",
        },

        // x = lower + (upper − lower)·σ(u) from the nearer bound and strictly inside (Primitive.Interval), log J =
        // log(upper − lower) + log σ(u) + log σ(−u) = log(upper − lower) − |u| − 2 log1p(e) with the value's e = e^−|u|,
        // exact for every finite u. dx/du = (upper − lower)·σ(u)·σ(−u) (the primitive's rule), ∂ log J/∂u = −tanh(u/2).
        new TransformInfo(TransformKind.Interval)
        {
            What = t => "in (" + Emit.Literal.Plain(t.Lower) + ", " + Emit.Literal.Plain(t.Upper) + "), x = lower + (upper − lower)·σ(u)",
            Value = (b, u, t) => b.Interval(u, b.Constant(t.Lower), b.Constant(t.Upper)),
            LogJacobian = (b, u, t) => b.Subtract(
                b.Subtract(b.Apply(Primitive.Log, b.Subtract(b.Constant(t.Upper), b.Constant(t.Lower))), b.Apply(Primitive.Abs, u)),
                b.Multiply(b.Constant(2), b.Apply(Primitive.Log1P, b.NearerBoundExp(u)))),
            Math = "e = e^−|u|, x from the nearer bound; log|dx/du| = log(upper − lower) − |u| − 2 log1p(e); dx/du = (upper − lower)·e/(1 + e)² and ∂ log|dx/du|/∂u = −tanh(u/2) derived.",
        },
    };

    /// <summary>The entry of <paramref name="kind"/>, or null if that transform is not on the IR.</summary>
    public static TransformInfo? Of(TransformKind kind) => Transforms.FirstOrDefault(t => t.Kind == kind);
}
