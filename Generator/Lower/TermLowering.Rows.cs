using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// A per-row loop as a row block (docs/terms.md, "Vectorising a per-row loop"): a top-level loop summing into the
/// returned local whose body reads its index only as the whole index of a real data vector (<c>Y[n]</c>, never
/// <c>Y[n - 1]</c> nor <c>n</c> itself) or as the row of a real data matrix (<c>X[n, k]</c>), with no carried value and
/// no condition, has independent trips. Its reads of row n become registers of rows (<c>IrSlot.Index == "row"</c>; a
/// matrix's column gathered lane by lane, <see cref="IrSlot.Gather"/>), its sum an
/// <see cref="IrAddRowToDensity"/> with the row mask, and each parameter it reads an <see cref="IrAddRowToGradient"/>
/// (<see cref="Adjoints.Derive"/>), so <see cref="IrPrinter.ForRows"/> prints it across SIMD lanes as it prints a
/// likelihood (Emit/TermEmitter.Rows.cs writes the row loop around it). An inner loop summing into a local of the row
/// (η = α + Σₖ X[n, k]·β[k]) is a <see cref="IrBlock.Prelude"/> loop adding one register of rows per k (β[k] broadcast,
/// X[rows, k] gathered), and its reverse a <see cref="IrBlock.Postlude"/> loop adding the lanes' sum of
/// η̄·∂f/∂β[k] to β[k]'s gradient, trip by trip. Any other loop keeps the scalar path.
/// </summary>
internal static partial class TermLowering
{
    /// <summary>The operations <see cref="IrPrinter"/> has on registers of rows (the others stay in the scalar part of a row block).</summary>
    private static readonly HashSet<Primitive> s_rowOperations = new()
    {
        Primitive.Add, Primitive.Subtract, Primitive.Multiply, Primitive.Divide, Primitive.Negate, Primitive.Square,
        Primitive.Log, Primitive.Exp, Primitive.Log1P, Primitive.Tanh, Primitive.Sigmoid, Primitive.Softplus,
        Primitive.LogSumExp, Primitive.Log1PSquareOver, Primitive.ZOverNuPlusZSquared, Primitive.LogitBernoulli,
    };

    /// <summary>The names the row loop around a row block takes (Emit/TermEmitter.Rows.cs), which an inner loop's index must not.</summary>
    internal static readonly string[] RowLoopNames = { "lp", "values", "adjoints", "theta", "gradient", "scratch", "everyLane", "rowEnd", "tail", "row", "lane", "source", "rowMask", "gathered", "lpRows" };

    private sealed partial class Lowering
    {
        /// <summary>The index of the loop being lowered as a row block (its reads of a data vector at it are registers of rows), or null.</summary>
        private string? _rowVariable;

        /// <summary>
        /// The row block of the top-level loop <paramref name="loop"/> adding <paramref name="sum"/> to the returned local,
        /// or null when its trips are not independent rows (or it reads a row through an operation registers lack): the
        /// scalar loop then stands, unchanged.
        /// </summary>
        private IrBlock? RowBlock(TermFor loop, SumOver sum)
        {
            if (_term.ScalarRows || !IsRowBody(sum.Body, loop.Variable))
            {
                return null;
            }

            var context = new Context();
            IrBuilder b = context.B;
            _rowVariable = loop.Variable;
            int term = Real(context, sum.Body);
            _rowVariable = null;
            int mask = b.Load(new IrSlot("rowMask", "row", null), "rowMask");
            b.AddRowToDensity(term, mask);
            string? error = Adjoints.Derive(b);
            IrBlock block = context.Build(
                Where + ", line " + Literal.Of(loop.Line) + ": the loop over " + loop.Variable + " adding to '" + sum.Local + "', which the term returns, one register of rows per trip (its trips are independent): " + Describe(loop.Body) + ".",
                null);
            if (!new[] { block }.Concat(context.Prelude).Concat(context.Postlude).All(RegistersOnly))
            {
                return null;
            }

            if (error is not null)
            {
                Error ??= error;
            }

            // The reverse of an inner sum is kept where this block's reverse declares the sum's adjoint (a register of rows).
            var adjoints = new HashSet<string>(block.Reverse.OfType<IrAddToGradient>().Where(g => g.Slot.Index == "row").Select(g => g.Slot.GradientSpan!));
            return block with
            {
                Prelude = context.Prelude.ToEquatableArray(),
                Postlude = context.Postlude.Where(p => adjoints.Contains(p.SumName)).ToEquatableArray(),
                Math = "log p += Σ over the rows " + loop.Variable + " of the loop's body, one register of rows at a time (padding lanes have mask 0)",
                ReverseMath = "the reverse of the body per register of rows; each parameter's slopes summed lane-wise, added once after the loop",
                SumName = "lpRows",
                Rows = new IrLoop(_indices[loop.Variable], 0, 0) { Start = Index(sum.From), Bound = Index(sum.To) },
            };
        }

        /// <summary>Whether every operation on a register of rows in <paramref name="block"/> has a register form.</summary>
        private static bool RegistersOnly(IrBlock block)
        {
            var row = new HashSet<int>();
            foreach (IrStatement s in block.Forward.Concat(block.Reverse))
            {
                switch (s)
                {
                    case IrLoad { Slot.Index: "row" } l:
                        row.Add(l.Id);
                        break;
                    case IrApply a when a.Args.Any(row.Contains):
                        if (!s_rowOperations.Contains(a.Op))
                        {
                            return false;
                        }

                        row.Add(a.Id);
                        break;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether <paramref name="e"/> reads <paramref name="variable"/> only as the single index of a real data vector or
        /// the row of a real data matrix, and holds no carried value or condition; an inner loop's sum (not in
        /// another: <paramref name="inner"/>) whose bounds do not read the row and whose body is a row body too.
        /// </summary>
        private bool IsRowBody(TermExpression e, string variable, bool inner = false) => e switch
        {
            TermNumber or TermSize => true,
            TermRead { Indices.Count: 0 } r => r.Name != variable,
            TermRead { Indices.Count: 1 } r when IsIndex(r.Indices[0], variable) =>
                _d.Data.FirstOrDefault(x => x.Name == r.Name) is { IsInteger: false, Shape: DeclaredShape.Vector },
            TermRead { Indices.Count: 2 } r when IsIndex(r.Indices[0], variable) =>
                !Reads(r.Indices[1], variable) && _d.Data.FirstOrDefault(x => x.Name == r.Name) is { IsInteger: false, Shape: DeclaredShape.Matrix },
            TermRead r => !r.Indices.Any(x => Reads(x, variable)),
            TermUnary u => u.Op is "-" or "+" && IsRowBody(u.Operand, variable, inner),
            TermBinary bin => bin.Op is "+" or "-" or "*" or "/" && IsRowBody(bin.Left, variable, inner) && IsRowBody(bin.Right, variable, inner),
            TermCall c => !TermLibrary.IsMatrixFunction(c.Function) && c.Args.All(a => IsRowBody(a, variable, inner)),
            SumOver s => !inner && !Reads(s.From, variable) && !Reads(s.To, variable) && !RowLoopNames.Contains(s.Variable) && IsRowBody(s.Body, variable, inner: true),
            _ => false,
        };

        /// <summary>The statements of <paramref name="forward"/> that <paramref name="reverse"/> reads, directly or through others (a reverse trip recomputes only those).</summary>
        private static List<IrStatement> ReadBy(List<IrStatement> forward, IEnumerable<IrStatement> reverse)
        {
            var read = new HashSet<int>(reverse.SelectMany(s => s switch
            {
                IrApply a => a.Args,
                IrAddToGradient g => new[] { g.Value },
                IrAddRowToGradient g => g.Factor is int f ? new[] { g.Value, g.Mask, f } : new[] { g.Value, g.Mask },
                _ => Enumerable.Empty<int>(),
            }));
            var kept = new List<IrStatement>();
            for (int k = forward.Count - 1; k >= 0; k--)
            {
                int? id = forward[k] switch { IrApply a => a.Id, IrLoad l => l.Id, IrConstant c => c.Id, _ => null };
                if (id is int defined && read.Contains(defined))
                {
                    kept.Insert(0, forward[k]);
                    if (forward[k] is IrApply a)
                    {
                        read.UnionWith(a.Args);
                    }
                }
            }

            return kept;
        }

        private static bool IsIndex(TermExpression e, string variable) => e is TermRead { Indices.Count: 0 } i && i.Name == variable;

        /// <summary>
        /// The value of an inner loop's sum in a row block (η = α + Σₖ X[n, k]·β[k]): a register of rows, added one k at a
        /// time by a loop printed before the block's statements (its <see cref="IrBlock.Prelude"/>, every lane counted);
        /// its reverse, printed after the block's reverse statements (its <see cref="IrBlock.Postlude"/>), recomputes each
        /// trip with the sum's adjoint register as the rows' weights (the mask of <see cref="Adjoints.Derive"/>), so each
        /// parameter a trip reads gets the lanes' sum of its slopes, once per trip.
        /// </summary>
        private int RowSum(Context c, SumOver sum)
        {
            string name = SumName(sum);
            string adjoint = name + "Adjoint";
            string where = "line " + Literal.Of(sum.Line) + ": " + sum.Local + " += … over " + sum.Variable;
            var forward = new Context();
            forward.B.AddRowToDensity(Real(forward, sum.Body), forward.B.Constant(1));
            IrBlock f = forward.Build(where + ", one register of rows per trip (the sum's value)", Loop(sum)) with
            {
                Math = name + " += the body, lane by lane (every lane counts; the padding lanes' values are finite and masked later)",
                SumName = name,
            };

            var reverse = new Context();
            int seed = reverse.B.Load(new IrSlot(adjoint, "row", null), adjoint);
            reverse.B.AddRowToDensity(Real(reverse, sum.Body), seed);
            Error ??= Adjoints.Derive(reverse.B);
            IrBlock r = reverse.Build(where + " (its reverse: each trip recomputed, " + adjoint + " the rows' weights)", Loop(sum));
            r = r with
            {
                Forward = ReadBy(r.Forward.Where(x => x is not IrAddRowToDensity).ToList(), r.Reverse).ToEquatableArray(),
                Math = "the trip's values the slopes read",
                ReverseMath = "each parameter the trip reads: Σ over the lanes of " + adjoint + "·∂body/∂x",
                SumName = adjoint,
            };
            bool differentiable = r.Reverse.Any(x => x is IrAddRowToGradient or IrAddToGradient);
            c.Prelude.Add(f);
            if (differentiable)
            {
                c.Postlude.Add(r);
            }

            return c.B.Load(new IrSlot(name, "row", differentiable ? adjoint : null), name);
        }

        /// <summary>A read of a data vector at the row being vectorised: a register of rows named by the vector.</summary>
        private int? RowLoad(IrBuilder b, TermRead r)
        {
            if (_rowVariable is null || r.Indices.Count is not (1 or 2) || !IsIndex(r.Indices[0], _rowVariable))
            {
                return null;
            }

            if (r.Indices.Count == 2)
            {
                // A column of the rows, gathered lane by lane (row-major: a stride of the matrix's columns).
                string column = Index(r.Indices[1]);
                string label = Label(r.Name, string.Empty) + (column.All(char.IsDigit) ? column : string.Empty) + "Column";
                return b.Load(new IrSlot(DeclarationEmitter.DataField(r.Name), "row", null) { Gather = (column, DeclarationEmitter.Columns(r.Name)) }, label);
            }

            return b.Load(new IrSlot(DeclarationEmitter.DataField(r.Name), "row", null), Label(r.Name, string.Empty) + "Row");
        }
    }
}
