using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// A parameter block's prior as an IR block: a loop over the block's elements reading x from the values span (θ
/// itself or the constrained values) and each argument (a constant, or the value of the parameter it names), log p
/// written by the distribution's catalog entry (<see cref="DistributionInfo.Lower"/>), and the reverse pass derived
/// from it, whose gradient goes to the same elements of the gradient span.
/// </summary>
internal static class PriorLowering
{
    /// <summary>
    /// The block of <paramref name="p"/>'s prior on <paramref name="x"/>[…] with gradient into <paramref name="dx"/>[…];
    /// null for a flat prior (nothing to add), or with <paramref name="error"/> saying why it could not be derived.
    /// </summary>
    public static IrBlock? Lower(ParameterNode p, string x, string dx, out string? error) =>
        Lower(p, DistributionCatalog.Of(p.Prior.Kind)!, p.Args, x, dx, Comment(p, x), out error);

    /// <summary>
    /// A non-centred block's own prior: its z = θ[…] ~ N(0, 1), the gradient into θ's (the values are mu + sigma·z,
    /// whose prior is this one moved through the transform).
    /// </summary>
    public static IrBlock? LowerNonCentred(ParameterNode p, out string? error)
    {
        var standard = new[] { new ArgNode("mu", 0, null, 0, ArgShape.Constant), new ArgNode("sigma", 1, null, 0, ArgShape.Constant) };
        string comment = "Prior of '" + p.Name + "', non-centred: z = θ[" + Literal.Of(p.Offset) + ".." + Literal.Of(p.Offset + p.Length) + ") ~ N(0, 1).";
        return Lower(p, DistributionCatalog.Of(DistributionKind.Normal)!, standard.ToEquatableArray(), "theta", "gradient", comment, out error);
    }

    private static IrBlock? Lower(ParameterNode p, DistributionInfo info, EquatableArray<ArgNode> arguments, string x, string dx, string comment, out string? error)
    {
        error = null;
        if (info.Lower is not LogDensityLowering lower)
        {
            return null;
        }

        var b = new IrBuilder();
        int value = b.Load(new IrSlot(x, "i", dx), "x");
        if (info.LowerConstantBlock is ConstantBlockLowering block && arguments.All(a => a.Shape == ArgShape.Constant))
        {
            block(b, value, arguments.Select(a => a.Constant).ToList(), p.Length);
            error = Adjoints.Derive(b);
            return error is null ? b.Build(comment, info.ConstantBlockMath, new IrLoop("i", p.Offset, p.Offset + p.Length)) : null;
        }

        var args = new List<int>();
        for (int k = 0; k < arguments.Count; k++)
        {
            ArgNode a = arguments[k];
            args.Add(a.Shape == ArgShape.Constant ? b.Constant(a.Constant) : b.Load(new IrSlot(x, ArgIndex(p, a), dx), info.Args[k].Name));
        }

        b.AddToDensity(lower(b, value, args));
        error = Adjoints.Derive(b);
        return error is null ? b.Build(comment, info.Math, new IrLoop("i", p.Offset, p.Offset + p.Length)) : null;
    }

    /// <summary>"Prior of 'H.Weights': Normal(0, 1) on θ[0..6)." with how named arguments line up.</summary>
    public static string Comment(ParameterNode p, string x) =>
        "Prior of '" + p.Name + "': " + Describe(p.Prior) + " on " + (x == "theta" ? "θ" : x) + "[" + Literal.Of(p.Offset) + ".." + Literal.Of(p.Offset + p.Length) + ")" + DescribeShapes(p) + ".";

    /// <summary>The index in the flat vector of argument <paramref name="a"/>'s value for element i (the loop variable, a flat index) of <paramref name="p"/>.</summary>
    public static string ArgIndex(ParameterNode p, ArgNode a) => a.Shape switch
    {
        ArgShape.Scalar => Literal.Of(a.Offset),
        ArgShape.PerElement => a.Offset >= p.Offset ? "i + " + Literal.Of(a.Offset - p.Offset) : "i - " + Literal.Of(p.Offset - a.Offset),
        ArgShape.PerColumn => (a.Offset == 0 ? string.Empty : Literal.Of(a.Offset) + " + ") + "((i - " + Literal.Of(p.Offset) + ") % " + Literal.Of(p.Cols) + ")",
        _ => "?",
    };

    /// <summary>"Normal(0, 1)" or "Normal(Mu, Sigma)": the prior as declared.</summary>
    public static string Describe(PriorSpec prior) =>
        prior.Kind + "(" + string.Join(", ", prior.Args.Select(a => a.Reference ?? Literal.Plain(a.Constant))) + ")";

    /// <summary>", Scale per unit": how the named arguments line up, for the comment.</summary>
    private static string DescribeShapes(ParameterNode p)
    {
        var parts = p.Args.Where(a => a.Shape is ArgShape.PerColumn or ArgShape.PerElement)
            .Select(a => a.Reference + (a.Shape == ArgShape.PerColumn ? " per unit" : " per element"))
            .ToList();
        return parts.Count == 0 ? string.Empty : ", " + string.Join(", ", parts);
    }
}
