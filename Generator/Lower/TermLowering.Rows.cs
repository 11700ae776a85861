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
/// <c>Y[n - 1]</c> nor <c>n</c> itself), with no inner loop, no carried value and no condition, has independent trips.
/// Its reads of row n become registers of rows (<c>IrSlot.Index == "row"</c>), its sum an
/// <see cref="IrAddRowToDensity"/> with the row mask, and each parameter it reads an <see cref="IrAddRowToGradient"/>
/// (<see cref="Adjoints.Derive"/>), so <see cref="IrPrinter.ForRows"/> prints it across SIMD lanes as it prints a
/// likelihood (Emit/TermEmitter.Rows.cs writes the row loop around it). Any other loop keeps the scalar path.
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
            if (!IsRowBody(sum.Body, loop.Variable))
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
                            return null;
                        }

                        row.Add(a.Id);
                        break;
                }
            }

            if (error is not null)
            {
                Error ??= error;
            }

            return block with
            {
                Math = "log p += Σ over the rows " + loop.Variable + " of the loop's body, one register of rows at a time (padding lanes have mask 0)",
                ReverseMath = "the reverse of the body per register of rows; each parameter's slopes summed lane-wise, added once after the loop",
                SumName = "lpRows",
                Rows = new IrLoop(_indices[loop.Variable], 0, 0) { Start = Index(sum.From), Bound = Index(sum.To) },
            };
        }

        /// <summary>
        /// Whether <paramref name="e"/> reads <paramref name="variable"/> only as the single index of a real data vector,
        /// and holds no inner loop, carried value or condition.
        /// </summary>
        private bool IsRowBody(TermExpression e, string variable) => e switch
        {
            TermNumber or TermSize => true,
            TermRead { Indices.Count: 0 } r => r.Name != variable,
            TermRead { Indices.Count: 1 } r when r.Indices[0] is TermRead { Indices.Count: 0 } i && i.Name == variable =>
                _d.Data.FirstOrDefault(x => x.Name == r.Name) is { IsInteger: false, Shape: DeclaredShape.Vector },
            TermRead r => !r.Indices.Any(x => Reads(x, variable)),
            TermUnary u => u.Op is "-" or "+" && IsRowBody(u.Operand, variable),
            TermBinary bin => bin.Op is "+" or "-" or "*" or "/" && IsRowBody(bin.Left, variable) && IsRowBody(bin.Right, variable),
            TermCall c => !TermLibrary.IsMatrixFunction(c.Function) && c.Args.All(a => IsRowBody(a, variable)),
            _ => false,
        };

        /// <summary>A read of a data vector at the row being vectorised: a register of rows named by the vector.</summary>
        private int? RowLoad(IrBuilder b, TermRead r)
        {
            if (_rowVariable is null || r.Indices.Count != 1 || r.Indices[0] is not TermRead { Indices.Count: 0 } i || i.Name != _rowVariable)
            {
                return null;
            }

            return b.Load(new IrSlot(DeclarationEmitter.DataField(r.Name), "row", null), Label(r.Name, string.Empty) + "Row");
        }
    }
}
