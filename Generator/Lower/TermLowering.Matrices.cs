using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>A matrix or one-element span of a term's scratch: its C# name and its size as a C# int expression.</summary>
internal sealed record TermScratchSlot(string Name, string Size);

/// <summary>One whole-object statement of a term with local matrices, in the order it runs.</summary>
internal abstract record MatrixStep(string Comment);

/// <summary>
/// A real argument of a whole-object call: computed into <see cref="Local"/> by <see cref="Forward"/> (an IR block adding
/// its value to that local); its adjoint, which the call's reverse rule adds to <see cref="Adjoint"/>[0], taken on into
/// what it reads by <see cref="Reverse"/> (the same expression derived with that adjoint as its seed; null: it reads
/// nothing with a gradient).
/// </summary>
internal sealed record MatrixScalar(string Local, string Adjoint, IrBlock Forward, IrBlock? Reverse);

/// <summary>
/// A whole-object call (<see cref="TermLibrary.MatrixFunction"/>): its operands, its real arguments, and for a call with
/// a value the one-element spans of that value and its adjoint, and its scratch.
/// </summary>
internal sealed record MatrixCallStep(
    string Comment,
    TermLibrary.MatrixFunction Function,
    EquatableArray<TermLibrary.MatrixOperand> Operands,
    EquatableArray<MatrixScalar> Scalars,
    string? Result,
    string? ResultAdjoint,
    string Scratch) : MatrixStep(Comment);

/// <summary>
/// <c>k[i, j] += value</c> in a loop (or once): a new value of the matrix, <see cref="To"/> = <see cref="From"/> (null:
/// zeros) plus each trip's value at its element. Its adjoint is <see cref="From"/>'s (∂To/∂From = I), so each
/// <see cref="Writes"/> block's reverse reads that adjoint at the element as its seed.
/// </summary>
internal sealed record MatrixElementStep(string Comment, string? From, string To, EquatableArray<(IrBlock Forward, string Target, IrBlock? Reverse)> Writes) : MatrixStep(Comment);

/// <summary>
/// A term with local matrices as the kernel runs it (docs/architecture.md, "Local matrices in terms"): its scratch
/// (adjoints first, cleared before a gradient; then values and the calls' scratch), the whole-object steps in order,
/// the returned expression's block (reading each call's value) and <see cref="Need"/>, the scratch it takes as a C#
/// int expression of the data's sizes.
/// </summary>
internal sealed record MatrixTermPlan(
    string Comment,
    EquatableArray<TermScratchSlot> Adjoints,
    EquatableArray<TermScratchSlot> Values,
    EquatableArray<string> Cleared,
    EquatableArray<MatrixStep> Steps,
    IrBlock Main,
    string Need);

internal static partial class TermLowering
{
    /// <summary>Whether <paramref name="term"/> declares a local matrix, and so lowers by <see cref="LowerMatrices"/>.</summary>
    public static bool HasMatrices(TermSpec term) => term.Body.Any(s => s is TermMatrixLocal or TermSpanLocal);

    /// <summary>The plan of a term with local matrices; null with <paramref name="error"/> when it cannot be lowered.</summary>
    public static MatrixTermPlan? LowerMatrices(TermSpec term, DeclarationsSpec declarations, out string? error)
    {
        var lowering = new Lowering(declarations, term);
        MatrixTermPlan? plan = lowering.RunMatrices();
        error = lowering.Error;
        return error is null ? plan : null;
    }

    private sealed partial class Lowering
    {
        /// <summary>A value of a local matrix: its span, its adjoint's span, and its rows and columns as C#.</summary>
        private sealed record Version(string Value, string Adjoint, string Rows, string Columns, bool Written);

        private readonly Dictionary<string, Version> _current = new(System.StringComparer.Ordinal);
        private readonly List<TermScratchSlot> _adjoints = new();
        private readonly List<TermScratchSlot> _values = new();
        private readonly List<string> _cleared = new();
        private readonly List<MatrixStep> _steps = new();
        private Dictionary<string, TermExpression> _matrixLocals = new(System.StringComparer.Ordinal);
        /// <summary>Each whole-object call with a value already lowered (a real argument is lowered twice: forward and reverse), by reference.</summary>
        private readonly Dictionary<TermExpression, (string Result, string Adjoint)> _calls = new(ByReference.Instance);
        private int _line;

        /// <summary>A C# name for a scratch slot, "__" + <paramref name="head"/>, numbered from 2 when taken (<see cref="Fresh"/>).</summary>
        private string FreshSlot(string head) => Fresh("__" + head);

        private Version NewVersion(string local, string rows, string columns, string? adjoint)
        {
            string value = FreshSlot(local);
            string size = "(" + rows + ") * (" + columns + ")";
            _values.Add(new TermScratchSlot(value, size));
            if (adjoint is null)
            {
                adjoint = value + "Adjoint";
                _names.Add(adjoint);
                _adjoints.Add(new TermScratchSlot(adjoint, size));
            }

            return new Version(value, adjoint, rows, columns, Written: true);
        }

        public MatrixTermPlan? RunMatrices()
        {
            var main = new Context();
            foreach (TermStatement s in _term.Body)
            {
                if (Error is not null)
                {
                    return null;
                }

                _line = s.Line;
                switch (s)
                {
                    case TermLocal or TermAssign:
                        Execute(s, _matrixLocals, frame: null);
                        break;
                    case TermMatrixLocal m:
                    {
                        Version v = NewVersion(m.Name, Index(m.Rows), Index(m.Columns), adjoint: null);
                        _current[m.Name] = v with { Written = false };
                        break;
                    }

                    case TermMatrixCall call:
                        Call(call.Function, call.Args, "line " + Literal.Of(call.Line) + ": " + call.Function + "(…)");
                        break;
                    case TermElementAdd add:
                        Elements(null, new[] { add }, "line " + Literal.Of(add.Line) + ": " + add.Name + "[…] " + add.Op + " …");
                        break;
                    case TermFor { Body: var body } loop when body.Count > 0 && body.All(x => x is TermElementAdd):
                        Elements(loop, body.Cast<TermElementAdd>().ToList(), "line " + Literal.Of(loop.Line) + ": for " + loop.Variable + ", " + ((TermElementAdd)body[0]).Name + "[…] " + ((TermElementAdd)body[0]).Op + " … (a new value of the matrix)");
                        break;
                    case TermSpanLocal span:
                        SpanLocal(span);
                        break;
                    case TermFor or TermElementSet:
                        ElementProgram(s);
                        break;
                    case TermReturn ret:
                        main.B.AddToDensity(Real(main, Substitute(ret.Value, _matrixLocals)));
                        break;
                    default:
                        Error ??= "a term with local matrices holds, at its top level, locals, local matrices, the linear-algebra calls, loops writing elements and 'return' (line " + Literal.Of(s.Line) + ")";
                        break;
                }
            }

            if (Error is not null)
            {
                return null;
            }

            Error = Adjoints.Derive(main.B);
            string comment = Where + ", with local matrices: " + string.Join("; ", _term.Body.Select(x => "line " + Literal.Of(x.Line) + " " + x switch
            {
                TermLocal l => l.Name + " = …",
                TermAssign a => a.Name + " " + a.Op + " …",
                TermMatrixLocal m => m.Name + " = Local.Matrix(…)",
                TermMatrixCall c => c.Function + "(…)",
                TermElementAdd e => e.Name + "[…] " + e.Op + " …",
                TermSpanLocal span => span.Name + " = stackalloc …",
                TermElementSet e => e.Name + "[…] = …",
                TermFor f => "for " + f.Variable,
                _ => "return …",
            })) + ".";
            IrBlock block = main.Build(Where + ", line " + Literal.Of(_term.Body[_term.Body.Count - 1].Line) + ": the returned value", null);
            string need = string.Join(" + ", _adjoints.Concat(_values).Select(x => x.Size == "1" ? x.Size : "(" + x.Size + ")"));
            return Error is null
                ? new MatrixTermPlan(comment, _adjoints.ToEquatableArray(), _values.ToEquatableArray(), _cleared.ToEquatableArray(), _steps.ToEquatableArray(), block, need.Length == 0 ? "0" : need)
                : null;
        }

        /// <summary>A whole-object call, its real arguments first (each may hold a call with a value, which then runs before it).</summary>
        private void Call(string function, EquatableArray<TermExpression> args, string comment)
        {
            TermLibrary.MatrixFunction f = TermLibrary.Matrix(function);
            var operands = new List<TermLibrary.MatrixOperand>();
            var scalars = new List<MatrixScalar>();
            for (int i = 0; i < args.Count; i++)
            {
                (TermLibrary.MatrixArgument kind, string name) = f.Arguments[i];
                switch (kind)
                {
                    case TermLibrary.MatrixArgument.DataVector:
                        operands.Add(new TermLibrary.MatrixOperand(DeclarationEmitter.DataField(((TermObject)args[i]).Name), null));
                        break;
                    case TermLibrary.MatrixArgument.Reads:
                    {
                        string local = ((TermObject)args[i]).Name;
                        Version v = _current[local];
                        if (!v.Written)
                        {
                            _cleared.Add(v.Value);   // read before any write: Local.Matrix's zeros
                            _current[local] = v with { Written = true };
                        }

                        operands.Add(new TermLibrary.MatrixOperand(v.Value, v.Adjoint));
                        break;
                    }

                    case TermLibrary.MatrixArgument.Writes:
                    {
                        string local = ((TermObject)args[i]).Name;
                        Version before = _current[local];
                        Version v = before.Written ? NewVersion(local, before.Rows, before.Columns, adjoint: null) : before with { Written = true };
                        _current[local] = v;
                        operands.Add(new TermLibrary.MatrixOperand(v.Value, v.Adjoint));
                        break;
                    }

                    default:
                    {
                        MatrixScalar scalar = Scalar(name, Substitute(args[i], _matrixLocals), comment + "'s " + name);
                        scalars.Add(scalar);
                        operands.Add(new TermLibrary.MatrixOperand(scalar.Local, scalar.Adjoint));
                        break;
                    }
                }
            }

            string? result = null, resultAdjoint = null;
            if (f.HasValue)
            {
                string head = char.ToLowerInvariant(function[0]) + function.Substring(1);
                result = FreshSlot(head);
                resultAdjoint = result + "Adjoint";
                _names.Add(resultAdjoint);
                _values.Add(new TermScratchSlot(result, "1"));
                _adjoints.Add(new TermScratchSlot(resultAdjoint, "1"));
            }

            string scratch = string.Empty;
            if (f.Scratch is not null)
            {
                scratch = FreshSlot(char.ToLowerInvariant(function[0]) + function.Substring(1) + "Scratch");
                _values.Add(new TermScratchSlot(scratch, f.Scratch(operands)));
            }

            _steps.Add(new MatrixCallStep(comment, f, operands.ToEquatableArray(), scalars.ToEquatableArray(), result, resultAdjoint, scratch));
        }

        /// <summary>
        /// The value of a whole-object call (the hook of <see cref="Real"/>): the call is a step of its own, before the step
        /// or block reading it, and the load of its value has the value's adjoint as its gradient slot, which that reader's
        /// reverse fills before the call's reverse rule reads it (steps reverse last first).
        /// </summary>
        private int MatrixValue(Context c, TermCall call)
        {
            string name = char.ToLowerInvariant(call.Function[0]) + call.Function.Substring(1);
            if (_calls.TryGetValue(call, out var done))
            {
                return c.B.Load(new IrSlot(done.Result, "0", done.Adjoint), name);
            }

            Call(call.Function, call.Args, "line " + Literal.Of(_line) + ": " + call.Function + "(…)");
            var step = (MatrixCallStep)_steps[_steps.Count - 1];
            _calls[call] = (step.Result!, step.ResultAdjoint!);
            return c.B.Load(new IrSlot(step.Result!, "0", step.ResultAdjoint), name);
        }

        /// <summary>A real argument: its forward block into a local, its reverse seeded by its adjoint.</summary>
        private MatrixScalar Scalar(string name, TermExpression e, string comment)
        {
            string local = FreshSlot(name);
            string adjoint = local + "Adjoint";
            _names.Add(adjoint);
            _adjoints.Add(new TermScratchSlot(adjoint, "1"));
            var forward = new Context();
            forward.B.AddToDensity(Real(forward, e));
            var reverse = new Context();
            int seed = reverse.B.Load(new IrSlot(adjoint, "0", null), adjoint);
            reverse.B.AddToDensity(reverse.B.Multiply(seed, Real(reverse, e)));
            Error ??= Adjoints.Derive(reverse.B);
            IrBlock r = reverse.Build(comment + " (its reverse: " + adjoint + " taken back)", null);
            r = r with { Forward = r.Forward.Where(x => x is not IrAddToDensity).ToEquatableArray() };
            return new MatrixScalar(local, adjoint, forward.Build(comment, null), r.Reverse.OfType<IrAddToGradient>().Any() ? r : null);
        }

        /// <summary>Element writes, in <paramref name="loop"/> (null: once): a new value of the matrix they write.</summary>
        private void Elements(TermFor? loop, IReadOnlyList<TermElementAdd> adds, string comment)
        {
            string local = adds[0].Name;
            if (adds.Any(a => a.Name != local))
            {
                Error ??= "a loop writes the elements of one local matrix";
                return;
            }

            Version from = _current[local];
            Version to = NewVersion(local, from.Rows, from.Columns, from.Adjoint);
            _current[local] = to;
            IrLoop? irLoop = null;
            if (loop is not null)
            {
                _indices[loop.Variable] = s_reserved.Contains(loop.Variable) || loop.Variable.StartsWith("__", System.StringComparison.Ordinal) ? "__" + loop.Variable : loop.Variable;
                irLoop = new IrLoop(_indices[loop.Variable], 0, 0) { Start = Index(loop.From), Bound = Index(loop.To) };
            }

            var writes = new List<(IrBlock, string, IrBlock?)>();
            foreach (TermElementAdd add in adds)
            {
                string at = "(" + Index(add.Row) + ") * (" + to.Columns + ") + (" + Index(add.Column) + ")";
                string where = "line " + Literal.Of(add.Line) + ": " + local + "[…] " + add.Op + " …";
                var (forward, reverse) = ElementBlocks(Substitute(add.Value, _matrixLocals), to.Adjoint, at, add.Op == "-=", where, irLoop);
                writes.Add((forward, to.Value + "[" + at + "]", reverse));
            }

            _steps.Add(new MatrixElementStep(comment, from.Written ? from.Value : null, to.Value, writes.ToEquatableArray()));
        }
    }
}
