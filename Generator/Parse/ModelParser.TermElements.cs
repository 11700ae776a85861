using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

// Local spans and local-matrix elements written by '=' in loops and read later (docs/terms.md, "Local spans and
// elements", sample 5's forward algorithm). The kernel keeps no tape for them: a matrix's cell is written once, so its
// value stays in scratch and the reverse pass puts it back to 0 when it reverses the write; a span is written whole by
// a loop of its own before anything reads it, so the reverse trip recomputes it. CheckElements holds the term to the
// rules that make this exact, each broken one MG3001 at its span.
internal sealed partial class ModelParser
{
    private sealed partial class TermReader
    {
        private const string SpanForm = "'Span<double> acc = stackalloc double[size];' at the term's top level, written whole by 'for (int j = 0; j < size; j++) acc[j] = …;' before it is read";

        /// <summary>The term's local spans and their sizes.</summary>
        private readonly Dictionary<string, TermExpression> _spans = new(System.StringComparer.Ordinal);

        /// <summary>Where each span, element write, element read and reduction was read from, for CheckElements' diagnostics.</summary>
        private readonly ConditionalWeakTable<object, SyntaxNode> _where = new();

        /// <summary>Whether the term has declared a local span or read a span's or matrix's element, or set one by '='.</summary>
        private bool _elements;

        /// <summary>Whether <paramref name="local"/> declares a local span (<c>Span&lt;double&gt; acc = stackalloc double[K];</c>).</summary>
        private static bool IsSpanLocal(LocalDeclarationStatementSyntax local) =>
            local.Declaration.Type is GenericNameSyntax { Identifier.ValueText: "Span" } or QualifiedNameSyntax { Right: GenericNameSyntax { Identifier.ValueText: "Span" } }
            || local.Declaration.Variables.Any(v => v.Initializer?.Value is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax);

        private void SpanLocal(LocalDeclarationStatementSyntax local, List<TermStatement> body, int line)
        {
            if (local.Declaration.Variables.Count != 1
                || local.Declaration.Variables[0].Initializer?.Value is not StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } array, Initializer: null }
                || array.RankSpecifiers[0].Sizes.Count != 1)
            {
                Outside(local, "the local span '" + Short(local) + "'", SpanForm);
                return;
            }

            if (_nesting > 0)
            {
                Outside(local, "a local span inside a loop, a branch or a block", SpanForm);
                return;
            }

            string name = local.Declaration.Variables[0].Identifier.ValueText;
            if (LocalSize(((ArrayTypeSyntax)((StackAllocArrayCreationExpressionSyntax)local.Declaration.Variables[0].Initializer!.Value).Type).RankSpecifiers[0].Sizes[0], name) is { } size)
            {
                _spans[name] = size;
                _elements = true;
                var span = new TermSpanLocal(name, size, line);
                _where.Add(span, local);
                body.Add(span);
            }
        }

        /// <summary><c>acc[j] = …;</c> or <c>gamma[t, k] = …;</c>: true when the assignment writes a span's or matrix's element by '=' (read or reported).</summary>
        private bool ElementSet(AssignmentExpressionSyntax assignment, List<TermStatement> body, int line)
        {
            if (assignment.Left is not ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } element)
            {
                return false;
            }

            string name = id.Identifier.ValueText;
            bool span = _spans.ContainsKey(name);
            if (!span && !(_matrices.Contains(name) && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)))
            {
                return false;
            }

            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
            {
                Outside(assignment, "'" + Short(assignment) + "' to the local span '" + name + "'", "set a span's element with '=' in the loop that writes the span whole");
                return true;
            }

            if (element.ArgumentList.Arguments.Count != (span ? 1 : 2))
            {
                Outside(element, "'" + Short(element) + "'", span ? "index a local span by one index: '" + name + "[j]'" : "index a local matrix by row and column: '" + name + "[i, j]'");
                return true;
            }

            if (Indices(element) is { } indices && Expression(assignment.Right) is { } value)
            {
                _elements = true;
                var set = new TermElementSet(name, indices.ToEquatableArray(), value, line);
                _where.Add(set, assignment);
                body.Add(set);
            }

            return true;
        }

        /// <summary>
        /// A read of a local span or matrix by <paramref name="name"/>: null when <paramref name="name"/> is neither (not
        /// this reader's); a null read when it is reported.
        /// </summary>
        private (TermExpression? Read, bool Mine)? ElementRead(ExpressionSyntax node, string name, EquatableArray<TermExpression> indices)
        {
            bool span = _spans.ContainsKey(name);
            if (!span && !(_matrices.Contains(name) && indices.Count > 0))
            {
                return null;
            }

            if (indices.Count != (span ? 1 : 2))
            {
                Outside(node, "'" + Short(node) + "'", span ? "read a local span's element as '" + name + "[j]', or the whole span as 'LogSumExp(" + name + ")'" : "read a local matrix's element as '" + name + "[i, j]', or a row as 'LogSumExp(" + name + ".Row(i))'");
                return (null, true);
            }

            _elements = true;
            var read = new TermElementRead(name, indices);
            _where.Add(read, node);
            return (read, true);
        }

        /// <summary>
        /// <c>LogSumExp(acc)</c> or <c>LogSumExp(gamma.Row(i))</c>: null when the call is not one (not this reader's); a null
        /// value when it is reported.
        /// </summary>
        private (TermExpression? Value, bool Mine)? Reduce(InvocationExpressionSyntax call, string function)
        {
            if (function != "LogSumExp" || call.ArgumentList.Arguments.Count != 1)
            {
                return null;
            }

            ExpressionSyntax argument = call.ArgumentList.Arguments[0].Expression;
            TermReduce? reduce = null;
            if (argument is IdentifierNameSyntax { Identifier.ValueText: var span } && _spans.ContainsKey(span))
            {
                reduce = new TermReduce(function, span, null);
            }
            else if (argument is InvocationExpressionSyntax
                     {
                         Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: var matrix }, Name.Identifier.ValueText: "Row" },
                         ArgumentList.Arguments.Count: 1,
                     } rowCall && _matrices.Contains(matrix))
            {
                ArgumentSyntax rowSyntax = rowCall.ArgumentList.Arguments[0];
                if (Expression(rowSyntax.Expression) is not { } row)
                {
                    return (null, true);
                }

                if (!IsInteger(row))
                {
                    Outside(rowSyntax, "the row '" + Short(rowSyntax) + "'", "a row is an integer: a constant, an int [Data] element, a loop index, .Length, .Rows, .Columns, or +, −, · of them");
                    return (null, true);
                }

                reduce = new TermReduce(function, matrix, row);
            }
            else if (argument is IdentifierNameSyntax { Identifier.ValueText: var whole } && _matrices.Contains(whole))
            {
                Outside(argument, "'LogSumExp' of the whole local matrix '" + whole + "'", "'LogSumExp(" + whole + ".Row(i))' over a row, or 'LogSumExp(acc)' over a local span");
                return (null, true);
            }
            else
            {
                return null;
            }

            _elements = true;
            _where.Add(reduce, call);
            return (reduce, true);
        }

        /// <summary>Whether <paramref name="loop"/> writes or reads a span's or matrix's element (then CheckElements checks it).</summary>
        private static bool HasElements(TermFor loop) => loop.Body.Any(s => s switch
        {
            TermElementSet => true,
            TermFor inner => HasElements(inner),
            TermLocal l => ElementReads(l.Value).Any(),
            TermAssign a => ElementReads(a.Value).Any(),
            _ => false,
        });

        /// <summary>The element reads and reductions in <paramref name="e"/>, outermost first.</summary>
        private static IEnumerable<TermExpression> ElementReads(TermExpression e) => e switch
        {
            TermElementRead r => new[] { e }.Concat(r.Indices.SelectMany(ElementReads)),
            TermReduce r => r.Row is null ? new[] { e } : new[] { e }.Concat(ElementReads(r.Row)),
            TermRead r => r.Indices.SelectMany(ElementReads),
            TermUnary u => ElementReads(u.Operand),
            TermBinary b => ElementReads(b.Left).Concat(ElementReads(b.Right)),
            TermCall c => c.Args.SelectMany(ElementReads),
            TermConditional c => ElementReads(c.WhenTrue).Concat(ElementReads(c.WhenFalse)),
            _ => Enumerable.Empty<TermExpression>(),
        };

        /// <summary>An element access: its local, its indices (a row's read has the row only), where it is, and the loops around it, outermost first.</summary>
        private sealed record Access(string Name, IReadOnlyList<TermExpression> Indices, object Node, IReadOnlyList<TermFor> Loops);

        /// <summary>An index as a loop variable plus a constant, or a constant (Variable null); null when it is neither.</summary>
        private static (string? Variable, long Offset)? Form(TermExpression e) => e switch
        {
            TermNumber n when n.Value == System.Math.Floor(n.Value) => (null, (long)n.Value),
            TermRead { Indices.Count: 0 } r => (r.Name, 0),
            TermBinary { Op: "+" or "-", Left: TermRead { Indices.Count: 0 } r, Right: TermNumber n } b when n.Value == System.Math.Floor(n.Value) => (r.Name, b.Op == "+" ? (long)n.Value : -(long)n.Value),
            TermBinary { Op: "+", Left: TermNumber n, Right: TermRead { Indices.Count: 0 } r } when n.Value == System.Math.Floor(n.Value) => (r.Name, (long)n.Value),
            _ => null,
        };

        /// <summary>The values an index takes, [Low, High), each bound null when it is not a constant.</summary>
        private static (long? Low, long? High) Range((string? Variable, long Offset) form, IReadOnlyList<TermFor> loops)
        {
            if (form.Variable is null)
            {
                return (form.Offset, form.Offset + 1);
            }

            TermFor? loop = loops.LastOrDefault(l => l.Variable == form.Variable);
            long? Constant(TermExpression? e) => e is TermNumber n && n.Value == System.Math.Floor(n.Value) ? (long)n.Value + form.Offset : null;
            return (Constant(loop?.From), Constant(loop?.To));
        }

        /// <summary>Whether index <paramref name="a"/> and <paramref name="b"/> never meet, by constant ranges (or, in one trip of <paramref name="sameTrip"/>, the same loop index plus different constants).</summary>
        private static bool Apart(TermExpression a, IReadOnlyList<TermFor> loopsA, TermExpression b, IReadOnlyList<TermFor> loopsB, IReadOnlyList<TermFor> sameTrip)
        {
            if (Form(a) is not { } fa || Form(b) is not { } fb)
            {
                return false;
            }

            if (fa.Variable is not null && fa.Variable == fb.Variable && sameTrip.Any(l => l.Variable == fa.Variable) && fa.Offset != fb.Offset)
            {
                return true;
            }

            var (lowA, highA) = Range(fa, loopsA);
            var (lowB, highB) = Range(fb, loopsB);
            return (highA is { } ha && lowB is { } lb && ha <= lb) || (highB is { } hb && lowA is { } la && hb <= la);
        }

        /// <summary>Every element access of <paramref name="statement"/> (reads, and writes when <paramref name="writes"/>), with the loops around each.</summary>
        private static void Accesses(TermStatement statement, List<TermFor> loops, List<Access> into, bool writes)
        {
            void Reads(TermExpression e)
            {
                foreach (TermExpression r in ElementReads(e))
                {
                    into.Add(r is TermElementRead read ? new Access(read.Name, read.Indices, r, loops.ToList()) : new Access(((TermReduce)r).Name, ((TermReduce)r).Row is { } row ? new[] { row } : System.Array.Empty<TermExpression>(), r, loops.ToList()));
                }
            }

            switch (statement)
            {
                case TermFor f:
                    loops.Add(f);
                    foreach (TermStatement s in f.Body)
                    {
                        Accesses(s, loops, into, writes);
                    }

                    loops.RemoveAt(loops.Count - 1);
                    break;
                case TermElementSet set:
                    if (writes)
                    {
                        into.Add(new Access(set.Name, set.Indices, set, loops.ToList()));
                    }
                    else
                    {
                        Reads(set.Value);
                    }

                    break;
                case TermLocal l:
                    if (!writes)
                    {
                        Reads(l.Value);
                    }

                    break;
            }
        }

        /// <summary>Whether <paramref name="loop"/> writes span <paramref name="span"/> whole: from 0 to its size, one '=' to its element at the loop index, locals beside it.</summary>
        private bool WritesWhole(TermFor loop, out string span)
        {
            span = string.Empty;
            var sets = loop.Body.OfType<TermElementSet>().ToList();
            if (sets.Count != 1 || !_spans.TryGetValue(sets[0].Name, out TermExpression? size) || loop.Body.Any(s => s is not (TermElementSet or TermLocal)))
            {
                return false;
            }

            span = sets[0].Name;
            return loop.From is TermNumber { Value: 0 } && loop.To.Equals(size) && sets[0].Indices[0] is TermRead { Indices.Count: 0 } j && j.Name == loop.Variable;
        }

        /// <summary>The statement a diagnostic about <paramref name="item"/> points at: where it was read, else the statement on its line.</summary>
        private SyntaxNode At(object item, MethodDeclarationSyntax method)
        {
            if (_where.TryGetValue(item, out SyntaxNode? node))
            {
                return node;
            }

            int line = item is TermStatement s ? s.Line : 0;
            return method.Body!.DescendantNodes().OfType<StatementSyntax>().FirstOrDefault(x => x is not BlockSyntax && Line(x) == line) ?? (SyntaxNode)method.Identifier.Parent!;
        }

        /// <summary>The first statement, at any depth, that <paramref name="match"/> holds for.</summary>
        private static TermStatement? First(IEnumerable<TermStatement> list, System.Func<TermStatement, bool> match)
        {
            foreach (TermStatement s in list)
            {
                if (match(s))
                {
                    return s;
                }

                if (s is TermFor f && First(f.Body, match) is { } inner)
                {
                    return inner;
                }
            }

            return null;
        }

        /// <summary>The first element read or reduction of <paramref name="list"/>'s expressions, at any depth.</summary>
        private static TermExpression? ElementItem(IEnumerable<TermStatement> list) =>
            list.SelectMany(s => s switch
            {
                TermFor f => ElementItem(f.Body) is { } inner ? new[] { inner } : System.Array.Empty<TermExpression>(),
                TermLocal l => ElementReads(l.Value),
                TermAssign a => ElementReads(a.Value),
                TermElementSet e => ElementReads(e.Value),
                TermElementAdd e => ElementReads(e.Value),
                TermMatrixCall c => c.Args.SelectMany(ElementReads),
                TermReturn r => ElementReads(r.Value),
                _ => Enumerable.Empty<TermExpression>(),
            }).FirstOrDefault();

        /// <summary>The line of the statement holding <paramref name="item"/>.</summary>
        private static int FirstLine(TermExpression item, IEnumerable<TermStatement> list) =>
            First(list, s => s is not TermFor && ElementItem(new[] { s }) == item)?.Line ?? int.MaxValue;

        /// <summary>
        /// The rules of a term whose local spans or matrix elements are written by '=' (none apply to a term without): MG3001
        /// at the first construct that breaks one.
        /// </summary>
        public void CheckElements(List<TermStatement> body, MethodDeclarationSyntax method)
        {
            bool any = body.Any(s => s is TermSpanLocal or TermElementSet || (s is TermFor f && HasElements(f)) || (s is TermLocal l && ElementReads(l.Value).Any())
                || (s is TermAssign a && ElementReads(a.Value).Any()) || (s is TermReturn r && ElementReads(r.Value).Any()));
            if (!any)
            {
                return;
            }

            if (First(body, s => s is TermMatrixCall or TermElementAdd) is not null)
            {
                // A term with the linear-algebra calls keeps step 5's form: its first element-wise construct is reported.
                object first = First(body, s => s is TermSpanLocal or TermElementSet) is { } set && (ElementItem(body) is not { } item || FirstLine(item, body) >= ((TermStatement)set).Line) ? set : ElementItem(body)!;
                Fail(first, first switch
                {
                    TermSpanLocal span => "the local span '" + span.Name + "' in a term with the linear-algebra calls",
                    TermElementSet e => "'" + e.Name + "[…] = …' in a term with the linear-algebra calls",
                    TermElementRead r => "a read of the local matrix '" + r.Name + "' in a term with the linear-algebra calls",
                    _ => "a read of the local matrix '" + ((TermReduce)first).Name + "' in a term with the linear-algebra calls",
                }, "add to a local matrix's element ('k[i, j] += …;' or '-='): each write is a new value of the matrix; '=' to elements, their reads and local spans are for terms without those calls");
                return;
            }

            const string Holds = "a term with local spans, or matrix elements set by '=', holds real locals, 'for' loops setting elements by '=' (and their per-trip locals), and 'return'";
            int lastWrite = body.FindLastIndex(s => s is TermElementSet || (s is TermFor f && HasElements(f)));
            var matrixWrites = new List<Access>();
            var wholeWritten = new HashSet<string>(System.StringComparer.Ordinal);

            void Fail(object item, string what, string instead)
            {
                if (!Failed)
                {
                    Outside(At(item, method), what, instead);
                }
            }

            void CheckReads(TermExpression e, HashSet<string> written)
            {
                foreach (TermExpression r in ElementReads(e))
                {
                    string name = r is TermElementRead read ? read.Name : ((TermReduce)r).Name;
                    if (_spans.ContainsKey(name) && !written.Contains(name))
                    {
                        Fail(r, "a read of the local span '" + name + "' before a loop writes it whole in this block or one around it", "write it whole first: 'for (int j = 0; j < size; j++) " + name + "[j] = …;', then read it in the statements after that loop");
                    }
                }
            }

            void CheckWrite(TermElementSet set, List<TermFor> loops)
            {
                if (_spans.ContainsKey(set.Name))
                {
                    Fail(set, "'" + set.Name + "[…] = …' outside a loop that writes the span whole", SpanForm);
                    return;
                }

                var forms = set.Indices.Select(Form).ToList();
                TermFor? free = loops.FirstOrDefault(l => !forms.Any(f => f is { } x && x.Variable == l.Variable));
                if (forms.Any(f => f is null) || forms.Any(f => f is { Variable: { } v } && !loops.Any(l => l.Variable == v)) || free is not null)
                {
                    Fail(set, "a write to '" + set.Name + "' that may set one cell twice" + (free is null ? string.Empty : " (in every trip of the loop over '" + free.Variable + "')"),
                        "set each cell of a local matrix once: index it by the loop indices around the write ('" + set.Name + "[t, k]'), each plus or minus a constant, or by constants");
                    return;
                }

                var access = new Access(set.Name, set.Indices, set, loops.ToList());
                foreach (Access other in matrixWrites.Where(w => w.Name == set.Name))
                {
                    bool apart = Enumerable.Range(0, 2).Any(d => Apart(other.Indices[d], other.Loops, set.Indices[d], access.Loops, System.Array.Empty<TermFor>()));
                    if (!apart)
                    {
                        Fail(set, "a write to '" + set.Name + "' that may set a cell another write sets (line " + ((TermElementSet)other.Node).Line.ToString(CultureInfo.InvariantCulture) + ")",
                            "set each cell of a local matrix once: writes whose rows or columns are constant ranges that do not overlap ('[0, k]' then '[t, k]' for t from 1)");
                        return;
                    }
                }

                matrixWrites.Add(access);
            }

            void CheckList(IReadOnlyList<TermStatement> list, List<TermFor> loops, HashSet<string> written)
            {
                for (int i = 0; i < list.Count && !Failed; i++)
                {
                    TermStatement s = list[i];
                    switch (s)
                    {
                        case TermSpanLocal or TermMatrixLocal:
                            break;
                        case TermLocal or TermAssign when loops.Count == 0:
                        {
                            TermExpression value = s is TermLocal l ? l.Value : ((TermAssign)s).Value;
                            if (ElementReads(value).FirstOrDefault() is { } early && i < lastWrite)
                            {
                                Fail(early, "a local holding a read of '" + (early is TermElementRead r ? r.Name : ((TermReduce)early).Name) + "' before the statements that write elements", "read spans and matrices in element writes, or in locals after the last loop that writes them");
                            }

                            CheckReads(value, written);
                            break;
                        }

                        case TermLocal local:
                            if (ElementReads(local.Value).FirstOrDefault() is { } read)
                            {
                                Fail(read, "a per-trip local holding a read of a local span or matrix", "read spans and matrices in the element write itself ('acc[j] = gamma[t - 1, j] + …;')");
                            }

                            break;
                        case TermElementSet set:
                            CheckReads(set.Value, written);
                            CheckWrite(set, loops);
                            break;
                        case TermFor loop when WritesWhole(loop, out string span):
                        {
                            if (!wholeWritten.Add(span))
                            {
                                Fail(loop, "a second loop writing the local span '" + span + "' whole", "write a span whole once; use another span for another vector");
                                break;
                            }

                            var set = loop.Body.OfType<TermElementSet>().Single();
                            if (ElementReads(set.Value).FirstOrDefault(r => r is TermElementRead { Name: var n } ? n == span : ((TermReduce)r).Name == span) is { } self)
                            {
                                Fail(self, "a read of '" + span + "' in the loop that writes it whole", "compute each element from other values; read '" + span + "' after the loop");
                                break;
                            }

                            foreach (TermLocal local in loop.Body.OfType<TermLocal>())
                            {
                                if (ElementReads(local.Value).FirstOrDefault() is { } held)
                                {
                                    Fail(held, "a per-trip local holding a read of a local span or matrix", "read spans and matrices in the element write itself ('acc[j] = gamma[t - 1, j] + …;')");
                                }
                            }

                            CheckReads(set.Value, written);

                            // The reverse trip recomputes the span from the cells as they are at the end of the trip: what it
                            // reads must not be set by the statements after it in the same trip.
                            var reads = new List<Access>();
                            Accesses(loop, loops.ToList(), reads, writes: false);
                            var later = new List<Access>();
                            foreach (TermStatement after in list.Skip(i + 1))
                            {
                                Accesses(after, loops.ToList(), later, writes: true);
                            }

                            foreach (Access r in reads.Where(r => _matrices.Contains(r.Name)))
                            {
                                foreach (Access w in later.Where(w => w.Name == r.Name))
                                {
                                    if (!Enumerable.Range(0, r.Indices.Count).Any(d => Apart(r.Indices[d], r.Loops, w.Indices[d], w.Loops, loops)))
                                    {
                                        Fail(r.Node, "a read of '" + r.Name + "' in the loop writing '" + span + "' whole, of a cell the statements after it in the same trip may set (line " + ((TermElementSet)w.Node).Line.ToString(CultureInfo.InvariantCulture) + ")",
                                            "read cells set in earlier trips ('" + r.Name + "[t - 1, j]' where the trip sets '" + r.Name + "[t, k]'): the reverse pass recomputes '" + span + "' at the end of the trip");
                                    }
                                }
                            }

                            written.Add(span);
                            break;
                        }

                        case TermFor loop:
                            loops.Add(loop);
                            CheckList(loop.Body, loops, new HashSet<string>(written, System.StringComparer.Ordinal));
                            loops.RemoveAt(loops.Count - 1);
                            break;
                        case TermReturn ret:
                            CheckReads(ret.Value, written);
                            break;
                        case TermMatrixCall or TermElementAdd:
                            Fail(s, "a whole-object call or '+=' to a local matrix's element in a term that sets elements by '='", Holds + "; the linear-algebra calls and '+=' to elements stay in terms of their own");
                            break;
                        default:
                            Fail(s, loops.Count > 0 && s is TermAssign a ? "'" + a.Name + " " + a.Op + " …' in a loop of a term that sets elements by '='" : "this statement in a term with local spans or elements set by '='", Holds);
                            break;
                    }
                }
            }

            CheckList(body, new List<TermFor>(), new HashSet<string>(System.StringComparer.Ordinal));
        }
    }
}
