using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// <c>LogSumExp</c> over a local span or a row of a local matrix: <see cref="Result"/>[0] =
/// LogSumExp(<see cref="Values"/>), and its reverse adds <see cref="ResultAdjoint"/>[0]·softmax to <see cref="Adjoints"/>
/// (C# span expressions over the kernel's names).
/// </summary>
internal sealed record ElementReduction(string Comment, string Result, string ResultAdjoint, string Values, string Adjoints);

/// <summary>One statement of a loop nest that writes local spans' and matrices' elements (docs/architecture.md, "Local spans and elements").</summary>
internal abstract record ElementNode(string Comment);

/// <summary>
/// A loop: its index and bounds as C#; <see cref="Clears"/> names the span it writes whole (cleared before the loop, each
/// element then added to its 0); <see cref="Recompute"/> the children that write a span whole, rerun at the start of each
/// reverse trip so that the trip's reverse reads the span as the forward trip left it.
/// </summary>
internal sealed record ElementFor(string Comment, string Variable, string Start, string Bound, string? Clears, EquatableArray<ElementNode> Body, EquatableArray<int> Recompute) : ElementNode(Comment);

/// <summary>
/// <c>Value[At] = e</c>: the cell is 0 before (a matrix cleared once and each cell written once, a span cleared before the
/// loop writing it), so <see cref="Forward"/> adds e to it; <see cref="Reverse"/> takes <c>Adjoint[At]</c> into what e
/// reads, after which that adjoint is 0 again, and a matrix's cell too (<see cref="Undo"/>: the reverse pass reads each
/// cell as it was when the statement it reverses ran). <see cref="Reductions"/> are e's log-sum-exps, computed before it.
/// </summary>
internal sealed record ElementWrite(string Comment, string Value, string Adjoint, string At, bool Undo, EquatableArray<ElementReduction> Reductions, IrBlock Forward, IrBlock? Reverse) : ElementNode(Comment);

/// <summary>A top-level loop (or element write) of local spans' and matrices' elements, forward in order, reversed last first.</summary>
internal sealed record ElementProgramStep(string Comment, ElementNode Node) : MatrixStep(Comment);

/// <summary>A log-sum-exp the returned value reads, computed before it and reversed after it.</summary>
internal sealed record ElementReduceStep(string Comment, ElementReduction Reduction) : MatrixStep(Comment);

internal static partial class TermLowering
{
    private sealed partial class Lowering
    {
        /// <summary>Each local span: its value's and adjoint's scratch, and its size as C#.</summary>
        private readonly Dictionary<string, (string Value, string Adjoint, string Size)> _spans = new(System.StringComparer.Ordinal);

        /// <summary>Each reduction already lowered (forward and reverse lower one expression twice), by reference.</summary>
        private readonly Dictionary<TermExpression, ElementReduction> _reduced = new(ByReference.Instance);

        /// <summary>The reductions of the element write being lowered (null: the returned value's, each a step of its own).</summary>
        private List<ElementReduction>? _writeReductions;

        private void SpanLocal(TermSpanLocal span)
        {
            string size = Index(span.Size);
            string value = FreshSlot(span.Name);
            string adjoint = value + "Adjoint";
            _names.Add(adjoint);
            _values.Add(new TermScratchSlot(value, size));
            _adjoints.Add(new TermScratchSlot(adjoint, size));
            _spans[span.Name] = (value, adjoint, size);
        }

        /// <summary>The slot of an element of a span or local matrix: its value's span, its adjoint's, and the index as C#.</summary>
        private (string Value, string Adjoint, string At, bool Matrix) Element(string name, IReadOnlyList<TermExpression> indices)
        {
            if (_spans.TryGetValue(name, out var span))
            {
                return (span.Value, span.Adjoint, Index(indices[0]), false);
            }

            Version v = _current[name];
            if (!v.Written)
            {
                _cleared.Add(v.Value);   // Local.Matrix's zeros: a cell not written yet reads 0
                _current[name] = v = v with { Written = true };
            }

            return (v.Value, v.Adjoint, "(" + Index(indices[0]) + ") * (" + v.Columns + ") + (" + Index(indices[1]) + ")", true);
        }

        /// <summary>A read of a span's or matrix's element: a load whose gradient goes to the element's adjoint.</summary>
        private int ElementLoad(Context c, TermElementRead read)
        {
            var (value, adjoint, at, _) = Element(read.Name, read.Indices);
            return c.B.Load(new IrSlot(value, at, adjoint), read.Name);
        }

        /// <summary>A log-sum-exp over a span or a matrix's row: a one-element value in scratch, computed before the block reading it.</summary>
        private int ReduceLoad(Context c, TermReduce reduce)
        {
            if (!_reduced.TryGetValue(reduce, out ElementReduction? r))
            {
                string values, adjoints, of;
                if (reduce.Row is null)
                {
                    var span = _spans[reduce.Name];
                    (values, adjoints, of) = (span.Value, span.Adjoint, reduce.Name);
                }
                else
                {
                    var (value, adjoint, at, _) = Element(reduce.Name, new[] { reduce.Row, new TermNumber(0) });
                    string columns = _current[reduce.Name].Columns;
                    (values, adjoints, of) = (value + ".Slice(" + at + ", " + columns + ")", adjoint + ".Slice(" + at + ", " + columns + ")", reduce.Name + ".Row(…)");
                }

                string result = FreshSlot("logSumExp");
                string resultAdjoint = result + "Adjoint";
                _names.Add(resultAdjoint);
                _values.Add(new TermScratchSlot(result, "1"));
                _adjoints.Add(new TermScratchSlot(resultAdjoint, "1"));
                r = new ElementReduction("line " + Literal.Of(_line) + ": LogSumExp(" + of + ")", result, resultAdjoint, values, adjoints);
                _reduced[reduce] = r;
                if (_writeReductions is null)
                {
                    _steps.Add(new ElementReduceStep(r.Comment, r));
                }
            }

            if (_writeReductions is not null && !_writeReductions.Contains(r))
            {
                _writeReductions.Add(r);
            }

            return c.B.Load(new IrSlot(r.Result, "0", r.ResultAdjoint), "logSumExp");
        }

        /// <summary>A top-level loop or element write of a term with local spans or elements set by '=': a step of its own.</summary>
        private void ElementProgram(TermStatement s)
        {
            ElementNode? node = ElementStatement(s, new Dictionary<string, TermExpression>(_matrixLocals, System.StringComparer.Ordinal));
            if (node is not null)
            {
                _steps.Add(new ElementProgramStep(node.Comment, node));
            }
        }

        private ElementNode? ElementStatement(TermStatement s, Dictionary<string, TermExpression> locals)
        {
            _line = s.Line;
            switch (s)
            {
                case TermElementSet set:
                    return ElementSet(set, locals);
                case TermFor loop:
                {
                    string variable = _indices[loop.Variable] = s_reserved.Contains(loop.Variable) || loop.Variable.StartsWith("__", System.StringComparison.Ordinal) ? "__" + loop.Variable : loop.Variable;
                    string start = Index(loop.From), bound = Index(loop.To);
                    var inner = new Dictionary<string, TermExpression>(locals, System.StringComparer.Ordinal);
                    var body = new List<ElementNode>();
                    var recompute = new List<int>();
                    foreach (TermStatement x in loop.Body)
                    {
                        if (x is TermLocal local)
                        {
                            inner[local.Name] = Substitute(local.Value, inner);
                            continue;
                        }

                        if (ElementStatement(x, inner) is not { } node)
                        {
                            return null;
                        }

                        if (node is ElementFor { Clears: not null })
                        {
                            recompute.Add(body.Count);
                        }

                        body.Add(node);
                        _indices[loop.Variable] = variable;   // an inner loop of the same name took the name
                    }

                    string? clears = loop.Body.OfType<TermElementSet>().FirstOrDefault(e => _spans.ContainsKey(e.Name)) is { } whole ? _spans[whole.Name].Value : null;
                    string comment = "line " + Literal.Of(loop.Line) + ": for " + loop.Variable + (clears is null ? string.Empty : ", '" + loop.Body.OfType<TermElementSet>().First().Name + "' written whole (cleared, then each element set)");
                    return new ElementFor(comment, variable, start, bound, clears, body.ToEquatableArray(), recompute.ToEquatableArray());
                }

                default:
                    Error ??= "a loop of a term with local spans holds element writes, loops and locals (line " + Literal.Of(s.Line) + ")";
                    return null;
            }
        }

        private ElementWrite ElementSet(TermElementSet set, Dictionary<string, TermExpression> locals)
        {
            var (value, adjoint, at, matrix) = Element(set.Name, set.Indices);
            string where = "line " + Literal.Of(set.Line) + ": " + set.Name + "[…] = …";
            _writeReductions = new List<ElementReduction>();
            var (forward, reverse) = ElementBlocks(Substitute(set.Value, locals), adjoint, at, negate: false, where, loop: null);
            var reductions = _writeReductions;
            _writeReductions = null;
            return new ElementWrite(where, value, adjoint, at, matrix, reductions.ToEquatableArray(), forward, reverse);
        }

        /// <summary>
        /// The blocks of one element's new value <paramref name="e"/> (negated when <paramref name="negate"/>): the forward
        /// adds it to the element; the reverse, seeded by the element's adjoint <paramref name="adjoint"/>[<paramref name="at"/>],
        /// takes it into what <paramref name="e"/> reads (null: nothing with a gradient).
        /// </summary>
        private (IrBlock Forward, IrBlock? Reverse) ElementBlocks(TermExpression e, string adjoint, string at, bool negate, string where, IrLoop? loop)
        {
            var forward = new Context();
            int value = Real(forward, e);
            forward.B.AddToDensity(negate ? forward.B.Negate(value) : value);

            var reverse = new Context();
            int seed = reverse.B.Load(new IrSlot(adjoint, at, null), "elementAdjoint");
            int shared = Real(reverse, e);
            reverse.B.AddToDensity(reverse.B.Multiply(seed, negate ? reverse.B.Negate(shared) : shared));
            Error ??= Adjoints.Derive(reverse.B);
            IrBlock r = reverse.Build(where + " (its reverse: each element's adjoint taken back)", loop);
            r = r with { Forward = r.Forward.Where(x => x is not IrAddToDensity).ToEquatableArray() };
            return (forward.Build(where, loop), r.Reverse.OfType<IrAddToGradient>().Any() ? r : null);
        }
    }
}
