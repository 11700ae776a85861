using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// How a declared parameter (docs/terms.md) maps from θ to its values, and its element-wise prior as an IR block: the
/// catalog entry's log density over the parameter's values, each argument a constant or a load of another declared
/// parameter's value, the reverse pass derived (<see cref="Adjoints"/>) into the values' adjoints. The transforms
/// themselves are the runtime's (ModelGen.Constraints): the generated code calls them, one path per fact.
/// </summary>
internal static class DeclarationLowering
{
    /// <summary>The kernel's local holding <paramref name="name"/>'s constrained values.</summary>
    public static string Values(string name) => "__x_" + name;

    /// <summary>The kernel's local holding ∂ log p/∂ of <paramref name="name"/>'s values.</summary>
    public static string Gradient(string name) => "__dx_" + name;

    /// <summary>
    /// The transform a declared parameter's values come from θ by: its constraint, or with none the prior's support
    /// (as the row block's parameters: positive through exp or softplus, an interval through the scaled logit).
    /// <paramref name="positive"/> is "Exp" or "Softplus" for a positive support (the runtime's Transform method), else null.
    /// </summary>
    public static (ConstraintKind Kind, double Lower, double Upper) TransformOf(DeclaredParameterSpec p, out string? positive)
    {
        positive = null;
        if (p.Constraint != ConstraintKind.None || p.Prior is null)
        {
            return (p.Constraint, p.Lower, p.Upper);
        }

        DistributionInfo info = DistributionCatalog.Of(p.Prior.Kind)!;
        switch (info.Support)
        {
            case SupportKind.Positive:
                positive = p.Prior.Transform == TransformChoice.Softplus ? "Softplus" : "Exp";
                return (ConstraintKind.Lower, 0, double.NaN);
            case SupportKind.Interval:
                return (ConstraintKind.Bounds, DistributionCatalog.Bounds(p.Prior).Lower, DistributionCatalog.Bounds(p.Prior).Upper);
            default:
                return (ConstraintKind.None, double.NaN, double.NaN);
        }
    }

    /// <summary>
    /// The element-wise prior of <paramref name="p"/> (a catalog distribution) as a block looping over its values;
    /// null for a flat prior (nothing to add), or with <paramref name="error"/> saying why it could not be derived.
    /// </summary>
    public static IrBlock? LowerPrior(DeclaredParameterSpec p, DeclarationsSpec declarations, out string? error)
    {
        error = null;
        PriorSpec prior = p.Prior!;
        DistributionInfo info = DistributionCatalog.Of(prior.Kind)!;
        if (info.Lower is not LogDensityLowering lower)
        {
            return null;
        }

        var b = new IrBuilder();
        int x = b.Load(new IrSlot(Values(p.Name), "i", Gradient(p.Name)), "x");
        var args = new List<int>();
        for (int k = 0; k < prior.Args.Count && k < info.Args.Count; k++)
        {
            ArgSpec a = prior.Args[k];
            if (a.Reference is null)
            {
                args.Add(b.Constant(a.Constant));
                continue;
            }

            // A scalar is shared by every element; a parameter of the same shape pairs element by element.
            DeclaredParameterSpec target = declarations.Parameters.First(q => q.Name == a.Reference);
            string index = target.Shape == DeclaredShape.Scalar ? "0" : "i";
            args.Add(b.Load(new IrSlot(Values(target.Name), index, Gradient(target.Name)), info.Args[k].Name));
        }

        b.AddToDensity(lower(b, x, args));
        error = Adjoints.Derive(b);
        string comment = "Prior of '" + p.Name + "': " + PriorLowering.Describe(prior) + " on each of its values.";
        return error is null ? b.Build(comment, info.Math, new IrLoop("i", 0, 0) { Bound = Values(p.Name) + ".Length" }) : null;
    }
}
