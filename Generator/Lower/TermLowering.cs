using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// A [Term] method (docs/terms.md, "Terms") as IR blocks: each read of a parameter a load of its constrained value
/// (gradient into its adjoint), each read of data a load without gradient, each operation and math library call an
/// <see cref="IrApply"/>, each distribution call the catalog entry the attribute of the same name lowers through (one
/// path per fact), and the returned value added to log p. The reverse pass is derived by <see cref="Adjoints.Derive"/>.
/// <para>
/// Locals are the expressions they hold (a reassigned local is a new expression; the builder writes a shared part
/// once). A loop carries sums only (the parser checks): <c>lp += f(i)</c> adds Σᵢ f(i) to <c>lp</c>. A loop summing
/// into the local the term returns as it is becomes a block of its own whose loop adds f(i) to log p, forward and
/// reverse fused in each trip; any other loop's sum (<c>mu += Beta[k] * Y[n - k - 1]</c> in an outer loop's body) is a
/// value of the block that reads it: a loop printed before that block's statements (its <see cref="IrBlock.Prelude"/>)
/// adds f(i) to a local, and a second loop after its reverse statements (<see cref="IrBlock.Postlude"/>) recomputes
/// each trip and takes the sum's adjoint, v̄·∂f(i)/∂x, back into the loads (no tape: nothing is overwritten). An
/// <c>if</c> or <c>?:</c> on data is a <see cref="Primitive.Select"/> of the two values.
/// </para>
/// </summary>
internal static partial class TermLowering
{
    /// <summary>
    /// The blocks of <paramref name="term"/>, printed in order; null with <paramref name="error"/> saying why when it
    /// cannot be lowered or differentiated (the parser has already reported what a user can fix, so this is the
    /// generator's own limit).
    /// </summary>
    public static IReadOnlyList<IrBlock>? Lower(TermSpec term, DeclarationsSpec declarations, out string? error)
    {
        var lowering = new Lowering(declarations, term);
        IReadOnlyList<IrBlock>? blocks = lowering.Run();
        error = lowering.Error;
        return error is null ? blocks : null;
    }

    /// <summary>Σ over <c>Variable</c> in [From, To) of <c>Body</c>: what the loop at <c>Line</c> adds to <c>Local</c>.</summary>
    private sealed record SumOver(string Variable, TermExpression From, TermExpression To, TermExpression Body, string Local, int Line) : TermExpression;

    /// <summary>Names the kernel around a term already uses, which a loop index must not take.</summary>
    private static readonly HashSet<string> s_reserved = new(System.StringComparer.Ordinal) { "lp", "values", "adjoints", "theta", "gradient", "scratch", "sum" };

    private sealed class ByReference : IEqualityComparer<TermExpression>
    {
        public static readonly ByReference Instance = new();

        public bool Equals(TermExpression? x, TermExpression? y) => ReferenceEquals(x, y);

        public int GetHashCode(TermExpression obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }

    /// <summary>One block being written: its builder, the inner loops printed before and after its trips, and what it has lowered.</summary>
    private sealed class Context
    {
        public readonly IrBuilder B = new();
        public readonly List<IrBlock> Prelude = new();
        public readonly List<IrBlock> Postlude = new();
        public readonly List<IrCarried> Carried = new();
        public readonly Dictionary<TermExpression, int> Lowered = new(ByReference.Instance);

        /// <summary>The block: its inner loops' reverse kept where its reverse statements declare their sum's adjoint.</summary>
        public IrBlock Build(string comment, IrLoop? loop)
        {
            var declared = new HashSet<string>(B.Build(string.Empty, string.Empty, null).Reverse.OfType<IrAddToGradient>().Where(g => g.Slot.Index.Length == 0).Select(g => g.Slot.GradientSpan!));
            return B.Build(comment, string.Empty, loop) with
            {
                Prelude = Prelude.ToEquatableArray(),
                Postlude = Postlude.Where(r => declared.Contains(r.SumName)).ToEquatableArray(),
                Carried = Carried.ToEquatableArray(),
            };
        }
    }

    /// <summary>What a loop body adds to the locals declared outside it, and the names it declares.</summary>
    private sealed class Frame
    {
        public readonly HashSet<string> Declared = new(System.StringComparer.Ordinal);
        public readonly Dictionary<string, TermExpression> Added = new(System.StringComparer.Ordinal);
    }

    private sealed partial class Lowering
    {
        private readonly DeclarationsSpec _d;
        private readonly TermSpec _term;
        private readonly List<IrBlock> _loops = new();
        private readonly HashSet<string> _names = new(System.StringComparer.Ordinal);
        private readonly Dictionary<string, string> _indices = new(System.StringComparer.Ordinal);

        public Lowering(DeclarationsSpec declarations, TermSpec term) => (_d, _term) = (declarations, term);

        public string? Error { get; private set; }

        private string Where => "Term '" + _term.Name + "' (the [Term] method at line " + Literal.Of(_term.Line) + ")";

        public List<IrBlock>? Run()
        {
            var locals = new Dictionary<string, TermExpression>(System.StringComparer.Ordinal);
            string? returned = _term.Body.Count > 0 && _term.Body[_term.Body.Count - 1] is TermReturn { Value: TermRead { Indices.Count: 0 } r } ? r.Name : null;
            var main = new Context();
            for (int k = 0; k < _term.Body.Count && Error is null; k++)
            {
                TermStatement s = _term.Body[k];
                if (s is TermReturn ret)
                {
                    main.B.AddToDensity(Real(main, Substitute(ret.Value, locals)));
                    continue;
                }

                // A top-level loop summing into the returned local, which nothing after it reads or scales: its own block.
                bool density = returned is not null && s is TermFor && locals.ContainsKey(returned) && OnlySummedInto(returned, _term.Body.Skip(k + 1).Where(x => x is not TermReturn));
                Execute(s, locals, frame: null, density ? returned : null);
            }

            if (Error is not null)
            {
                return null;
            }

            var blocks = new List<IrBlock>();
            foreach (IrBlock loop in _loops)
            {
                blocks.Add(loop);
            }

            if (main.B.Forward.Count > 0 && !(main.B.Forward.Count == 2 && main.B.Forward[0] is IrConstant { Value: 0 }))
            {
                Error = Adjoints.Derive(main.B);
                string kind = _loops.Count > 0 ? ", the part outside the loops summing into '" + returned + "'" : _term.Body.Any(x => x is TermFor or TermIf) ? string.Empty : ", straight-line";
                string comment = Where + kind + ": " + Describe(_term.Body.Where(x => x is not TermFor || _loops.Count == 0)) + ".";
                blocks.Add(main.Build(comment, null));
            }

            return Error is null ? blocks : null;
        }

        private static string Describe(IEnumerable<TermStatement> statements) => string.Join("; ", statements.Select(s => "line " + Literal.Of(s.Line) + " " + s switch
        {
            TermLocal l => l.Name + " = …",
            TermAssign a => a.Name + " " + a.Op + " …",
            TermFor f => "for " + f.Variable,
            TermIf => "if …",
            _ => "return …",
        }));

        /// <summary>Whether <paramref name="statements"/> only add to <paramref name="local"/> (+=, −=), never read, set or scale it.</summary>
        private static bool OnlySummedInto(string local, IEnumerable<TermStatement> statements) => statements.All(s => s switch
        {
            TermLocal l => !Reads(l.Value, local),
            TermAssign a => !Reads(a.Value, local) && (a.Name != local || a.Op is "+=" or "-="),
            TermFor f => !Reads(f.From, local) && !Reads(f.To, local) && OnlySummedInto(local, f.Body),
            TermIf i => false,
            TermReturn r => !Reads(r.Value, local),
            _ => false,
        });

        private static bool Reads(TermExpression e, string local) => e switch
        {
            TermRead r => r.Name == local || r.Indices.Any(x => Reads(x, local)),
            TermUnary u => Reads(u.Operand, local),
            TermBinary b => Reads(b.Left, local) || Reads(b.Right, local),
            TermCall c => c.Args.Any(x => Reads(x, local)),
            TermConditional c => Reads(c.Condition, local) || Reads(c.WhenTrue, local) || Reads(c.WhenFalse, local),
            _ => false,
        };

        /// <summary>
        /// Runs one statement over <paramref name="locals"/> (each local's expression); inside a loop body, what it adds to a
        /// local declared outside goes to <paramref name="frame"/>. <paramref name="density"/> names the returned local
        /// when a top-level loop's sum into it is a block of its own.
        /// </summary>
        private void Execute(TermStatement s, Dictionary<string, TermExpression> locals, Frame? frame, string? density = null)
        {
            switch (s)
            {
                case TermLocal local:
                    locals[local.Name] = Substitute(local.Value, locals);
                    frame?.Declared.Add(local.Name);
                    break;
                case TermAssign assign:
                {
                    TermExpression value = Substitute(assign.Value, locals);
                    if (frame is not null && !frame.Declared.Contains(assign.Name))
                    {
                        // A sum into a local declared outside the loop (the parser allows nothing else there).
                        TermExpression soFar = frame.Added.TryGetValue(assign.Name, out TermExpression? added) ? added : new TermNumber(0);
                        frame.Added[assign.Name] = new TermBinary(assign.Op == "-=" ? "-" : "+", soFar, value);
                        break;
                    }

                    TermExpression old = locals[assign.Name];
                    locals[assign.Name] = assign.Op switch
                    {
                        "+=" => new TermBinary("+", old, value),
                        "-=" => new TermBinary("-", old, value),
                        "*=" => new TermBinary("*", old, value),
                        "/=" => new TermBinary("/", old, value),
                        _ => value,
                    };
                    break;
                }

                case TermIf branch:
                    If(branch, locals, frame);
                    break;
                case TermFor loop:
                    For(loop, locals, frame, density);
                    break;
            }
        }

        private void If(TermIf branch, Dictionary<string, TermExpression> locals, Frame? frame)
        {
            var thenLocals = new Dictionary<string, TermExpression>(locals, System.StringComparer.Ordinal);
            var elseLocals = new Dictionary<string, TermExpression>(locals, System.StringComparer.Ordinal);
            Frame? thenFrame = frame is null ? null : Copy(frame), elseFrame = frame is null ? null : Copy(frame);
            foreach (TermStatement s in branch.Then)
            {
                Execute(s, thenLocals, thenFrame);
            }

            foreach (TermStatement s in branch.Else)
            {
                Execute(s, elseLocals, elseFrame);
            }

            TermExpression Choose(TermExpression a, TermExpression b) => ReferenceEquals(a, b) ? a : new TermConditional(branch.Condition, a, b);
            foreach (string name in locals.Keys.ToList())
            {
                locals[name] = Choose(thenLocals[name], elseLocals[name]);
            }

            if (frame is not null)
            {
                foreach (string name in thenFrame!.Added.Keys.Union(elseFrame!.Added.Keys).ToList())
                {
                    var zero = new TermNumber(0);
                    frame.Added[name] = Choose(
                        thenFrame.Added.TryGetValue(name, out TermExpression? a) ? a : frame.Added.TryGetValue(name, out TermExpression? before) ? before : zero,
                        elseFrame.Added.TryGetValue(name, out TermExpression? b) ? b : frame.Added.TryGetValue(name, out TermExpression? before2) ? before2 : zero);
                }
            }
        }

        private static Frame Copy(Frame frame)
        {
            var copy = new Frame();
            copy.Declared.UnionWith(frame.Declared);
            foreach (KeyValuePair<string, TermExpression> a in frame.Added)
            {
                copy.Added[a.Key] = a.Value;
            }

            return copy;
        }

        private void For(TermFor loop, Dictionary<string, TermExpression> locals, Frame? frame, string? density)
        {
            var body = new Frame();
            var inner = new Dictionary<string, TermExpression>(locals, System.StringComparer.Ordinal);
            _indices[loop.Variable] = s_reserved.Contains(loop.Variable) || loop.Variable.StartsWith("__", System.StringComparison.Ordinal) ? "__" + loop.Variable : loop.Variable;
            if (frame is null && Carries(loop, locals))
            {
                Carry(loop, locals);
                return;
            }

            foreach (TermStatement s in loop.Body)
            {
                Execute(s, inner, body);
            }

            foreach (KeyValuePair<string, TermExpression> added in body.Added)
            {
                var sum = new SumOver(loop.Variable, loop.From, loop.To, added.Value, added.Key, loop.Line);
                if (added.Key == density && frame is null && RowBlock(loop, sum) is IrBlock rows)
                {
                    _loops.Add(rows);
                }
                else if (added.Key == density && frame is null)
                {
                    var context = new Context();
                    context.B.AddToDensity(Real(context, sum.Body));
                    Error ??= Adjoints.Derive(context.B);
                    string comment = Where + ", line " + Literal.Of(loop.Line) + ": the loop over " + loop.Variable + " adding to '" + added.Key + "', which the term returns: " + Describe(loop.Body) + ".";
                    _loops.Add(context.Build(comment, Loop(sum)));
                }
                else if (frame is not null && !frame.Declared.Contains(added.Key))
                {
                    frame.Added[added.Key] = frame.Added.TryGetValue(added.Key, out TermExpression? before) ? new TermBinary("+", before, sum) : sum;
                }
                else
                {
                    locals[added.Key] = new TermBinary("+", locals[added.Key], sum);
                }
            }
        }

        private IrLoop Loop(SumOver sum) =>
            new IrLoop(_indices[sum.Variable], 0, 0) { Start = Index(sum.From), Bound = Index(sum.To) };

        /// <summary><paramref name="e"/> with each local replaced by the expression it holds.</summary>
        private static TermExpression Substitute(TermExpression e, Dictionary<string, TermExpression> locals) => e switch
        {
            TermRead { Indices.Count: 0 } r when locals.TryGetValue(r.Name, out TermExpression? value) => value,
            TermUnary u => new TermUnary(u.Op, Substitute(u.Operand, locals)),
            TermBinary b => new TermBinary(b.Op, Substitute(b.Left, locals), Substitute(b.Right, locals)),
            TermCall c => new TermCall(c.Function, c.Args.Select(a => Substitute(a, locals)).ToEquatableArray()),
            TermConditional c => new TermConditional(c.Condition, Substitute(c.WhenTrue, locals), Substitute(c.WhenFalse, locals)),
            _ => e,
        };

        /// <summary>The IR value of a real expression in the block <paramref name="c"/> writes.</summary>
        private int Real(Context c, TermExpression e)
        {
            if (c.Lowered.TryGetValue(e, out int done))
            {
                return done;
            }

            IrBuilder b = c.B;
            int value;
            switch (e)
            {
                case TermNumber n:
                    value = b.Constant(n.Value);
                    break;
                case TermRead { Indices.Count: 0 } r when _indices.ContainsKey(r.Name):
                    value = b.Load(new IrSlot(_indices[r.Name], string.Empty, null), r.Name);
                    break;
                case TermRead r:
                    value = Load(b, r);
                    break;
                case TermSize:
                    value = b.Load(new IrSlot(Index(e), string.Empty, null), "size");
                    break;
                case TermUnary u:
                    value = u.Op == "-" ? b.Negate(Real(c, u.Operand)) : Real(c, u.Operand);
                    break;
                case TermBinary bin:
                {
                    int left = Real(c, bin.Left), right = Real(c, bin.Right);
                    value = bin.Op switch
                    {
                        "+" => b.Add(left, right),
                        "-" => b.Subtract(left, right),
                        "*" => b.Multiply(left, right),
                        _ => b.Divide(left, right),
                    };
                    break;
                }

                case TermElementRead read:
                    value = ElementLoad(c, read);
                    break;
                case TermReduce reduce:
                    value = ReduceLoad(c, reduce);
                    break;
                case TermCall call when TermLibrary.IsMatrixFunction(call.Function):
                    value = MatrixValue(c, call);
                    break;
                case TermCall call:
                    value = TermLibrary.Lower(b, call.Function, call.Args.Select(a => Real(c, a)).ToList());
                    break;
                case TermConditional conditional:
                {
                    int condition = b.Load(new IrSlot("(" + Condition(conditional.Condition) + ")", string.Empty, null), "condition");
                    value = b.Apply(Primitive.Select, condition, Real(c, conditional.WhenTrue), Real(c, conditional.WhenFalse));
                    break;
                }

                case SumOver sum:
                    value = Sum(c, sum);
                    break;
                case CarriedOut carried:
                    value = LoadCarried(c, carried);
                    break;
                default:
                    Error ??= "the expression " + e + " has no lowering";
                    return b.Constant(0);
            }

            c.Lowered[e] = value;
            return value;
        }

        /// <summary>
        /// The value of an inner loop's sum in block <paramref name="c"/>: a loop before the block's statements adds the
        /// body to a local, and one after its reverse statements recomputes each trip and takes the sum's adjoint back.
        /// </summary>
        private int Sum(Context c, SumOver sum)
        {
            if (_rowVariable is not null)
            {
                return RowSum(c, sum);
            }

            string name = SumName(sum);
            string adjoint = name + "Adjoint";
            var forward = new Context();
            forward.B.AddToDensity(Real(forward, sum.Body));
            string where = "line " + Literal.Of(sum.Line) + ": " + sum.Local + " += … over " + sum.Variable;
            IrBlock f = forward.Build(where + " (the sum's value)", Loop(sum)) with { SumName = name };

            var reverse = new Context();
            int seed = reverse.B.Load(new IrSlot(adjoint, string.Empty, null), adjoint);
            reverse.B.AddToDensity(reverse.B.Multiply(seed, Real(reverse, sum.Body)));
            Error ??= Adjoints.Derive(reverse.B);
            IrBlock r = reverse.Build(where + " (its reverse: each trip recomputed, " + adjoint + " taken back)", Loop(sum));
            r = r with { Forward = r.Forward.Where(x => x is not IrAddToDensity).ToEquatableArray(), SumName = adjoint };
            bool differentiable = r.Reverse.OfType<IrAddToGradient>().Any();
            c.Prelude.Add(f);
            if (differentiable)
            {
                c.Postlude.Add(r);
            }

            return c.B.Load(new IrSlot(name, string.Empty, differentiable ? adjoint : null), name);
        }

        /// <summary>The local an inner loop's sum is printed into: "sum" and the local's name ("sumMu"), unique in the term.</summary>
        private string SumName(SumOver sum)
        {
            string head = "sum" + char.ToUpperInvariant(sum.Local[0]) + sum.Local.Substring(1);
            string name = head;
            for (int k = 2; !_names.Add(name); k++)
            {
                name = head + Literal.Of(k);
            }

            return name;
        }

        private int Load(IrBuilder b, TermRead r)
        {
            if (RowLoad(b, r) is int row)
            {
                return row;
            }

            string index = r.Indices.Count switch
            {
                0 => string.Empty,
                1 => Index(r.Indices[0]),
                _ => "(" + Index(r.Indices[0]) + ") * " + DeclarationEmitter.Columns(r.Name) + " + (" + Index(r.Indices[1]) + ")",
            };
            string label = Label(r.Name, r.Indices.Count == 0 ? string.Empty : index);
            if (_d.Data.FirstOrDefault(x => x.Name == r.Name) is { } data)
            {
                return b.Load(new IrSlot(DeclarationEmitter.DataField(data.Name), index, null), label);
            }

            return b.Load(new IrSlot(DeclarationLowering.Values(r.Name), r.Indices.Count == 0 ? "0" : index, DeclarationLowering.Gradient(r.Name)), label);
        }

        /// <summary>A local's name for a load: the element's name, lower-cased first letter, with its constant index ("y3").</summary>
        private static string Label(string name, string index)
        {
            string head = char.ToLowerInvariant(name[0]) + name.Substring(1);
            return index.All(char.IsDigit) ? head + index : head;
        }

        /// <summary>A condition on data and loop indices as a C# bool expression over the kernel's names.</summary>
        private string Condition(TermExpression e) => e switch
        {
            TermUnary { Op: "!" } u => "!(" + Condition(u.Operand) + ")",
            TermBinary { Op: "&&" or "||" } b => "(" + Condition(b.Left) + ") " + b.Op + " (" + Condition(b.Right) + ")",
            TermBinary b => Number(b.Left) + " " + b.Op + " " + Number(b.Right),
            _ => Number(e),
        };

        /// <summary>A number of a condition: an integer expression, a number, or a read of real data.</summary>
        private string Number(TermExpression e)
        {
            switch (e)
            {
                case TermNumber n when n.Value != System.Math.Floor(n.Value):
                    return n.Value.ToString("R", CultureInfo.InvariantCulture);
                case TermRead r when _d.Data.FirstOrDefault(x => x.Name == r.Name) is { IsInteger: false } data:
                    string index = r.Indices.Count switch
                    {
                        0 => string.Empty,
                        1 => "[" + Index(r.Indices[0]) + "]",
                        _ => "[(" + Index(r.Indices[0]) + ") * " + DeclarationEmitter.Columns(r.Name) + " + (" + Index(r.Indices[1]) + ")]",
                    };
                    return DeclarationEmitter.DataField(data.Name) + index;
                case TermBinary bin when bin.Op is "/":
                    return "(" + Number(bin.Left) + " / " + Number(bin.Right) + ")";
                case TermBinary bin when bin.Op is "+" or "-" or "*":
                    return "(" + Number(bin.Left) + " " + bin.Op + " " + Number(bin.Right) + ")";
                case TermUnary { Op: "-" } u:
                    return "-(" + Number(u.Operand) + ")";
                default:
                    return Index(e);
            }
        }

        /// <summary>An integer expression (an index, a size or a loop bound) as C# over the kernel's names.</summary>
        public string Index(TermExpression e)
        {
            switch (e)
            {
                case TermNumber n when n.Value == System.Math.Floor(n.Value) && System.Math.Abs(n.Value) < int.MaxValue:
                    return ((int)n.Value).ToString(CultureInfo.InvariantCulture);
                case TermRead { Indices.Count: 0 } r when _indices.TryGetValue(r.Name, out string? index):
                    return index;
                case TermSize s when _d.Data.Any(x => x.Name == s.Name):
                    return s.Member == "Length" ? DeclarationEmitter.DataField(s.Name) + ".Length" : s.Member == "Rows" ? DeclarationEmitter.Rows(s.Name) : DeclarationEmitter.Columns(s.Name);
                case TermSize s:
                    return s.Member == "Length" ? DeclarationLowering.Values(s.Name) + ".Length" : s.Member == "Rows" ? DeclarationEmitter.Rows(s.Name) : DeclarationEmitter.Columns(s.Name);
                case TermRead r when r.Indices.Count == 0 && _d.Data.FirstOrDefault(x => x.Name == r.Name) is { IsInteger: true, Shape: DeclaredShape.Scalar }:
                    return DeclarationEmitter.DataField(r.Name);
                case TermRead r when r.Indices.Count == 1 && _d.Data.FirstOrDefault(x => x.Name == r.Name) is { IsInteger: true, Shape: DeclaredShape.Vector }:
                    return DeclarationEmitter.DataField(r.Name) + "[" + Index(r.Indices[0]) + "]";
                case TermUnary { Op: "-" } u:
                    return "-(" + Index(u.Operand) + ")";
                case TermUnary u:
                    return Index(u.Operand);
                case TermBinary bin when bin.Op is "+" or "-" or "*":
                    return "(" + Index(bin.Left) + " " + bin.Op + " " + Index(bin.Right) + ")";
                default:
                    Error ??= "an index must be an integer: a constant, an int [Data] element, a loop index, a .Length/.Rows/.Columns, or +, −, · of them";
                    return "0";
            }
        }
    }
}
