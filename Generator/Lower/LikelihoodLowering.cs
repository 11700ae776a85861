using ModelGen.Generator.Distributions;
using ModelGen.Generator.Ir;

namespace ModelGen.Generator.Lower;

/// <summary>
/// A likelihood as an IR row block: for one register of rows, the observation y, the row mask and the linear predictor
/// z are loads (registers the row loop holds), the catalog entry writes the row term (<see cref="LikelihoodInfo.Lower"/>),
/// log p += mask·term, and the reverse pass derived from it ends in z's adjoint register, <c>{z}_adj</c>.
/// </summary>
internal static class LikelihoodLowering
{
    /// <summary>
    /// The row block of <paramref name="l"/> reading y from the register <paramref name="y"/> and z from
    /// <paramref name="z"/>; null when its form is not on the IR yet, or with <paramref name="error"/> saying why it
    /// could not be derived.
    /// </summary>
    public static IrBlock? Lower(LikelihoodNode l, string y, string z, out string? error)
    {
        error = null;
        if (Entry(l) is not LikelihoodInfo info)
        {
            return null;
        }

        var b = new IrBuilder();
        int observed = b.Load(new IrSlot("observed", "row", null), y);
        int mask = b.Load(new IrSlot("mask", "row", null), "rowMask");
        int predictor = b.Load(new IrSlot(z, "row", z + "_adj"), z);
        LikelihoodForm form = Form(l);
        int[] rowArgs = form.SigmaPerRow ? new[] { b.Load(new IrSlot("rowSigma", "row", null), "rowSigma") } : System.Array.Empty<int>();
        b.AddRowToDensity(info.Lower(b, observed, predictor, rowArgs, form), mask);
        error = Adjoints.Derive(b);
        return error is null
            ? b.Build("Likelihood '" + l.Name + "', per register of rows", info.Math, null) with { ReverseMath = "Reverse of likelihood '" + l.Name + "': " + info.ReverseMath }
            : null;
    }

    /// <summary>The catalog entry that lowers <paramref name="l"/>'s form, or null while Emit still writes it by hand.</summary>
    public static LikelihoodInfo? Entry(LikelihoodNode l) => LikelihoodCatalog.Of(l.Kind, Form(l));

    /// <summary>The part of every row's log p that depends on no row (0 if none): see <see cref="LikelihoodInfo.RowConstant"/>.</summary>
    public static double RowConstant(LikelihoodNode l) => Entry(l) is LikelihoodInfo info ? info.RowConstant(Form(l)) : 0;

    /// <summary>The row constant's formula, for the comment where it is added.</summary>
    public static string RowConstantMath(LikelihoodNode l) => Entry(l) is LikelihoodInfo info ? info.RowConstantMath(Form(l)) : string.Empty;

    private static LikelihoodForm Form(LikelihoodNode l) => new(!l.LearnsSigma && l.SigmaColumn < 0, l.Sigma, l.SigmaColumn >= 0);
}
