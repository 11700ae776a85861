using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Ir;

namespace ModelGen.Generator.Lower;

/// <summary>
/// A likelihood as an IR row block: for one register of rows, the observation y, the row mask and the linear predictor
/// z (one register, or a Categorical's one per class) are loads (registers the row loop holds), the catalog entry writes the row term (<see cref="LikelihoodInfo.Lower"/>),
/// log p += mask·term, and the reverse pass derived from it ends in z's adjoint register, <c>{z}_adj</c>. A form whose
/// rows read a parameter (a learned sigma: <see cref="LikelihoodInfo.SumsRows"/>) sums a per-row statistic instead, and
/// writes log p from the sum once after the loop, where the parameter's gradient is derived too.
/// </summary>
internal static class LikelihoodLowering
{
    /// <summary>
    /// The density kernel's row block of <paramref name="l"/> reading y from the register <paramref name="y"/> and z
    /// from <paramref name="z"/>, its parameters from <paramref name="values"/>[…] with their gradient into
    /// <paramref name="valuesGradient"/>[…], the count of rows from <paramref name="rows"/>; null when its form is not on
    /// the IR yet, or with <paramref name="error"/> saying why it could not be derived.
    /// </summary>
    public static IrBlock? Lower(LikelihoodNode l, string y, IReadOnlyList<string> z, string values, string valuesGradient, string rows, out string? error)
    {
        error = null;
        if (RowTerm(l, y, z, values, valuesGradient) is not { } row)
        {
            return null;
        }

        (IrBuilder b, LikelihoodInfo info, LikelihoodForm form, int mask, int term, System.Func<string, int> arg) = row;

        if (info.SumsRows(form))
        {
            b.AddRowToSum(term, mask);
            int sum = b.AfterLoop();
            b.AddToDensity(info.LowerSummed!(b, sum, b.Load(new IrSlot(rows, string.Empty, null), "n"), arg, form));
        }
        else
        {
            b.AddRowToDensity(term, mask);
        }

        error = Adjoints.Derive(b);
        return error is null ? Build(b, l, info, form) : null;
    }

    /// <summary>
    /// The pointwise log-likelihood's row block: the same entry, each row's log p stored (a summed form's total written
    /// per row, with the row's statistic for the sum and one row), its parameters read from <paramref name="draw"/>[…].
    /// </summary>
    public static IrBlock? LowerPointwise(LikelihoodNode l, string y, IReadOnlyList<string> z, string draw)
    {
        if (RowTerm(l, y, z, draw, null) is not { } row)
        {
            return null;
        }

        (IrBuilder b, LikelihoodInfo info, LikelihoodForm form, int mask, int term, System.Func<string, int> arg) = row;

        if (info.SumsRows(form))
        {
            term = info.LowerSummed!(b, term, b.Constant(1), arg, form);
        }

        b.AddRowToDensity(term, mask);
        return Build(b, l, info, form);
    }

    /// <summary>The catalog entry that lowers <paramref name="l"/>, or null if its family has none.</summary>
    public static LikelihoodInfo? Entry(LikelihoodNode l) => LikelihoodCatalog.Of(l.Kind);

    /// <summary>Whether <paramref name="l"/>'s form sums its rows before log p (<see cref="LikelihoodInfo.SumsRows"/>).</summary>
    public static bool SumsRows(LikelihoodNode l) => Entry(l) is LikelihoodInfo info && info.SumsRows(Form(l));

    /// <summary>The part of every row's log p that depends on no row (0 if none): see <see cref="LikelihoodInfo.RowConstant"/>.</summary>
    public static double RowConstant(LikelihoodNode l) => Entry(l) is LikelihoodInfo info ? info.RowConstant(Form(l)) : 0;

    /// <summary>The row constant's formula, for the comment where it is added.</summary>
    public static string RowConstantMath(LikelihoodNode l) => Entry(l) is LikelihoodInfo info ? info.RowConstantMath(Form(l)) : string.Empty;

    private static LikelihoodForm Form(LikelihoodNode l) => new(!l.LearnsSigma && l.SigmaColumn < 0, l.Sigma, l.SigmaColumn >= 0, l.LearnsArgs);

    /// <summary>
    /// A builder with y, the mask and z of a register of rows loaded (z one register, or one per class; each one's adjoint into <c>{z}_adj</c> when
    /// <paramref name="gradient"/> is given) and the catalog entry's row term written; null when the form is not on the IR.
    /// </summary>
    private static (IrBuilder B, LikelihoodInfo Info, LikelihoodForm Form, int Mask, int Term, System.Func<string, int> Arg)? RowTerm(
        LikelihoodNode l, string y, IReadOnlyList<string> z, string values, string? gradient)
    {
        if (Entry(l) is not LikelihoodInfo info)
        {
            return null;
        }

        LikelihoodForm form = Form(l);
        var b = new IrBuilder();
        int observed = b.Load(new IrSlot("observed", "row", null), y);
        int mask = b.Load(new IrSlot("mask", "row", null), "rowMask");
        int[] predictors = z.Select(name => b.Load(new IrSlot(name, "row", gradient is null ? null : name + "_adj"), name)).ToArray();
        System.Func<string, int> arg = Args(b, l, values, gradient);
        return (b, info, form, mask, info.Lower(b, observed, predictors, arg, form), arg);
    }

    /// <summary>
    /// The likelihood's arguments by name, each written when first asked for: a constant; the register of a per-row
    /// column (a Normal's sigma, <c>rowSigma</c>; a Binomial's trials, <c>trials</c>: Emit loads them); or the load of
    /// the parameter it names from <paramref name="values"/>, its gradient into <paramref name="gradient"/> (if any).
    /// </summary>
    private static System.Func<string, int> Args(IrBuilder b, LikelihoodNode l, string values, string? gradient) => name =>
    {
        if (name == "sigma" && l.SigmaColumn >= 0)
        {
            return b.Load(new IrSlot("rowSigma", "row", null), "rowSigma");
        }

        if (name == "Trials" && l.TrialsColumn >= 0)
        {
            return b.Load(new IrSlot("trials", "row", null), "trials");
        }

        ArgNode a = l.Arg(name);
        return a.Shape == ArgShape.Constant ? b.Constant(a.Constant) : b.Load(new IrSlot(values, Emit.Literal.Of(a.Offset), gradient), a.Name);
    };

    private static IrBlock Build(IrBuilder b, LikelihoodNode l, LikelihoodInfo info, LikelihoodForm form) =>
        b.Build("Likelihood '" + l.Name + "', per register of rows", info.MathOf?.Invoke(form) ?? info.Math, null) with
        {
            ReverseMath = "Reverse of likelihood '" + l.Name + "': " + (info.ReverseMathOf?.Invoke(form) ?? info.ReverseMath),
            SumName = info.SumName,
        };
}
