using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

// [Term] methods (docs/terms.md, "Terms"): the body read from its syntax into a TermSpec, each construct outside the
// straight-line subset reported at its span (MG3001), each call to a function the math library lacks (MG3002) and each
// assignment to data or a parameter (MG3003). Names resolve by the model's declarations and the body's locals.
internal sealed partial class ModelParser
{
    private const string TermAttributeName = "ModelGen.TermAttribute";

    /// <summary>What the straight-line subset holds, for MG3001's message.</summary>
    private const string TermStatements = "locals ('double x = …;'), assignments to locals ('=', '+=', '-=', '*=', '/='), 'for (int i = a; i < b; i++)' loops, 'if'/'else' on data and loop indices, and 'return'";

    private const string TermExpressions = "numbers, arithmetic (+, −, ·, /), reads of locals, loop indices, data and parameters (by index, and .Length, .Rows, .Columns), '?:' on data and loop indices, and calls to ModelGen.Terms.Math";

    /// <summary>What a loop may carry, for MG3001's message.</summary>
    private const string CarriedValue = "a value carried across the iterations of a loop inside another loop, other than a sum (+=), is not supported yet (docs/terms.md step 6): only a loop outside every other loop carries locals declared before it";

    private readonly List<(IMethodSymbol Method, AttributeData Attribute)> _termMethods = new();
    private readonly List<TermSpec> _terms = new();

    /// <summary>Whether <paramref name="member"/> is a method marked [Term] (remembered, read once every declaration is known).</summary>
    private bool CollectTerm(ISymbol member)
    {
        if (member is not IMethodSymbol method || method.GetAttributes().FirstOrDefault(a => MetadataName(a.AttributeClass) == TermAttributeName) is not { } attribute)
        {
            return false;
        }

        _termMethods.Add((method, attribute));
        return true;
    }

    /// <summary>Reads every [Term] method collected, after the declarations, so a term may read any of them.</summary>
    private void ParseTerms(ElementType elementType, CancellationToken cancellationToken)
    {
        foreach ((IMethodSymbol method, AttributeData attribute) in _termMethods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault(s => s.Body is not null || s.ExpressionBody is not null);
            LocationInfo? location = LocationInfo.From(syntax is null ? method.Locations.FirstOrDefault() : syntax.Identifier.GetLocation());
            Remember(method.Name, location);
            string element = elementType == ElementType.Float ? "float" : "double";
            bool returnsElement = method.ReturnType.SpecialType == (elementType == ElementType.Float ? SpecialType.System_Single : SpecialType.System_Double);
            if (syntax is null || method.IsStatic || method.Parameters.Length > 0 || method.IsGenericMethod || !returnsElement)
            {
                Report(DiagnosticDescriptors.WrongMemberDeclarationId, location, method.Name, "Term", element + " " + method.Name + "() { … } (an instance method with no parameters returning the model's element type)");
                continue;
            }

            var reader = new TermReader(this);
            var body = new List<TermStatement>();
            if (syntax.ExpressionBody is { } arrow)
            {
                if (reader.Expression(arrow.Expression) is { } value)
                {
                    body.Add(new TermReturn(value, Line(arrow.Expression)));
                }
            }
            else
            {
                // One error per term: after the first, what follows may read a local the error left undefined.
                foreach (StatementSyntax statement in syntax.Body!.Statements.TakeWhile(_ => !reader.Failed))
                {
                    reader.Statement(statement, body);
                }
            }

            if (!reader.Failed && body.LastOrDefault() is not TermReturn)
            {
                Report(DiagnosticDescriptors.TermOutsideSubsetId, LocationInfo.From(syntax.Body!.Statements.LastOrDefault() ?? (SyntaxNode)syntax.Body), method.Name, "a body that does not end in 'return'", "a term's statements run in order and its last is 'return value;'");
                reader.Failed = true;
            }

            if (!reader.Failed)
            {
                reader.CheckElements(body, syntax);
            }

            if (reader.Failed)
            {
                continue;
            }

            var term = new TermSpec(method.Name, Line(syntax), body.ToEquatableArray())
            {
                ScalarRows = method.GetAttributes().Any(a => MetadataName(a.AttributeClass) == "ModelGen.ScalarRowsAttribute"),
            };
            _terms.Add(term);
        }
    }

    private static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>Reads one term's body, reporting at the first construct it cannot read in each statement.</summary>
    private sealed partial class TermReader
    {
        private readonly ModelParser _parser;
        private readonly HashSet<string> _locals = new(System.StringComparer.Ordinal);

        /// <summary>The loop depth each visible local was declared at (0: outside every loop).</summary>
        private readonly Dictionary<string, int> _depth = new(System.StringComparer.Ordinal);

        /// <summary>The indices of the loops around the statement being read, outermost first.</summary>
        private readonly List<string> _loops = new();

        /// <summary>Per enclosing loop, the locals declared outside it that its body assigns: read inside it, they would be carried.</summary>
        private readonly List<HashSet<string>> _carried = new();

        /// <summary>Whether the outermost loop being read carries a local from one trip to the next (reads it, or sets it otherwise than by a sum).</summary>
        private bool _carrying;

        private string _method = string.Empty;

        public TermReader(ModelParser parser) => _parser = parser;

        public bool Failed { get; set; }

        private bool IsData(string name) => _parser._data.Any(d => d.Name == name);

        private bool IsParameter(string name) => _parser._declared.Any(p => p.Name == name) || _parser._rejected.Any(r => r.Name == name && r.Kind == MemberKind.Declared);

        private void Outside(SyntaxNode node, string what, string instead)
        {
            Failed = true;
            _parser.Report(DiagnosticDescriptors.TermOutsideSubsetId, LocationInfo.From(node), _method.Length > 0 ? _method : Method(node), what, instead);
        }

        private static string Method(SyntaxNode node) => node.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Identifier.ValueText ?? "?";

        /// <summary>How many loops, branches and blocks enclose the statement being read (a 'return' is only at the top).</summary>
        private int _nesting;

        public void Statement(StatementSyntax statement, List<TermStatement> body)
        {
            _method = Method(statement);
            int line = Line(statement);
            if (statement is ReturnStatementSyntax && _nesting > 0)
            {
                Outside(statement, "a 'return' inside a loop, a branch or a block", "return once, as the term's last statement");
                return;
            }

            switch (statement)
            {
                case LocalDeclarationStatementSyntax local when IsMatrixLocal(local):
                    MatrixLocal(local, body, line);
                    return;
                case LocalDeclarationStatementSyntax local when IsSpanLocal(local):
                    SpanLocal(local, body, line);
                    return;
                case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call }:
                    MatrixStatement(call, body, line);
                    return;
                case LocalDeclarationStatementSyntax local when local.Declaration.Type is PredefinedTypeSyntax or IdentifierNameSyntax { IsVar: true } && !local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                    if (local.Declaration.Type is PredefinedTypeSyntax predefined && !predefined.Keyword.IsKind(SyntaxKind.DoubleKeyword) && !predefined.Keyword.IsKind(SyntaxKind.FloatKeyword))
                    {
                        Outside(local.Declaration.Type, "a local of type '" + predefined.Keyword.ValueText + "'", "a straight-line term's locals are real: 'double x = …;' (or 'var', 'float' in a Model<float>)");
                        return;
                    }

                    foreach (VariableDeclaratorSyntax v in local.Declaration.Variables)
                    {
                        if (v.Initializer is null)
                        {
                            Outside(v, "a local without a value", "give each local its value where it is declared: 'double " + v.Identifier.ValueText + " = …;'");
                            return;
                        }

                        if (Expression(v.Initializer.Value) is not { } value)
                        {
                            return;
                        }

                        _locals.Add(v.Identifier.ValueText);
                        _depth[v.Identifier.ValueText] = _loops.Count;
                        body.Add(new TermLocal(v.Identifier.ValueText, value, line));
                    }

                    return;
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }:
                    Assignment(assignment, body, line);
                    return;
                case ReturnStatementSyntax { Expression: { } returned }:
                    if (Expression(returned) is { } result)
                    {
                        body.Add(new TermReturn(result, line));
                    }

                    return;
                case BlockSyntax block:
                    Scoped(block, body);
                    return;
                case IfStatementSyntax branch:
                    If(branch, body, line);
                    ControlBesideMatrices(branch, body);
                    return;
                case ForStatementSyntax loop:
                    For(loop, body, line);
                    ControlBesideMatrices(loop, body);
                    return;
                case ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                    Outside(statement, "a '" + statement.GetFirstToken().ValueText + "' loop", TermStatements);
                    return;
                default:
                    Outside(statement, "a '" + statement.Kind() + "' statement", TermStatements);
                    return;
            }
        }

        /// <summary>The statements of <paramref name="statement"/> (a block or one statement) in a scope of their own: its locals end with it.</summary>
        private List<TermStatement>? Scope(StatementSyntax statement)
        {
            var inner = new List<TermStatement>();
            var before = new HashSet<string>(_locals, System.StringComparer.Ordinal);
            _nesting++;
            foreach (StatementSyntax s in statement is BlockSyntax block ? block.Statements : (IEnumerable<StatementSyntax>)new[] { statement })
            {
                if (Failed)
                {
                    break;
                }

                Statement(s, inner);
            }

            _nesting--;
            _locals.IntersectWith(before);
            return Failed ? null : inner;
        }

        private void Scoped(BlockSyntax block, List<TermStatement> body)
        {
            if (Scope(block) is { } inner)
            {
                body.AddRange(inner);
            }
        }

        private void If(IfStatementSyntax branch, List<TermStatement> body, int line)
        {
            if (Condition(branch.Condition) is not { } condition || Scope(branch.Statement) is not { } then)
            {
                return;
            }

            List<TermStatement>? otherwise = branch.Else is { } e ? Scope(e.Statement) : new List<TermStatement>();
            if (otherwise is not null)
            {
                body.Add(new TermIf(condition, then.ToEquatableArray(), otherwise.ToEquatableArray(), line));
            }
        }

        /// <summary><c>for (int i = a; i &lt; b; i++)</c> (or <c>i &lt;= b</c>, <c>++i</c>, <c>i += 1</c>), its bounds integers the kernel knows.</summary>
        private void For(ForStatementSyntax loop, List<TermStatement> body, int line)
        {
            const string Form = "'for (int i = a; i < b; i++)', a and b integers from constants, int [Data], .Length, .Rows, .Columns and enclosing loops' indices";
            if (loop.Declaration is not { Type: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.IntKeyword }, Variables.Count: 1 } declaration
                || declaration.Variables[0] is not { Initializer: { } start } variable || loop.Initializers.Count > 0)
            {
                Outside((SyntaxNode?)loop.Declaration ?? loop, "a loop header '" + Short(loop.Declaration ?? (SyntaxNode)loop) + "'", Form);
                return;
            }

            string index = variable.Identifier.ValueText;
            bool Steps(ExpressionSyntax e) => e switch
            {
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression, Operand: IdentifierNameSyntax id } => id.Identifier.ValueText == index,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression, Operand: IdentifierNameSyntax id } => id.Identifier.ValueText == index,
                AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression, Left: IdentifierNameSyntax id, Right: LiteralExpressionSyntax { Token.Value: 1 } } => id.Identifier.ValueText == index,
                _ => false,
            };
            if (loop.Condition is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression or (int)SyntaxKind.LessThanOrEqualExpression, Left: IdentifierNameSyntax bounded } condition || bounded.Identifier.ValueText != index)
            {
                Outside((SyntaxNode?)loop.Condition ?? loop, "a loop condition '" + (loop.Condition is null ? "(none)" : Short(loop.Condition)) + "'", Form);
                return;
            }

            if (loop.Incrementors.Count != 1 || !Steps(loop.Incrementors[0]))
            {
                Outside(loop.Incrementors.Count > 0 ? loop.Incrementors[0] : loop, "a loop step '" + string.Join(", ", loop.Incrementors) + "'", Form + ", stepping by 1");
                return;
            }

            if (Bound(start.Value, Form) is not { } from || Bound(condition.Right, Form) is not { } to)
            {
                return;
            }

            if (condition.IsKind(SyntaxKind.LessThanOrEqualExpression))
            {
                to = new TermBinary("+", to, new TermNumber(1));
            }

            // The locals declared outside the loop that its body assigns: each may only be summed into (+=, -=), and not read in it.
            var assigned = new HashSet<string>(
                loop.Statement.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>().Select(a => Target(a.Left))
                    .Concat(loop.Statement.DescendantNodesAndSelf().OfType<PostfixUnaryExpressionSyntax>().Select(u => Target(u.Operand)))
                    .Concat(loop.Statement.DescendantNodesAndSelf().OfType<PrefixUnaryExpressionSyntax>().Select(u => Target(u.Operand)))
                    .Where(n => n is not null && _locals.Contains(n)).Select(n => n!),
                System.StringComparer.Ordinal);
            bool outermost = _loops.Count == 0;
            if (outermost)
            {
                _carrying = assigned.Any(n => Carries(loop.Statement, n));
            }

            _loops.Add(index);
            _carried.Add(assigned);
            List<TermStatement>? inner = Scope(loop.Statement);
            _loops.RemoveAt(_loops.Count - 1);
            _carried.RemoveAt(_carried.Count - 1);
            if (outermost)
            {
                _carrying = false;
            }

            if (inner is not null)
            {
                body.Add(new TermFor(index, from, to, inner.ToEquatableArray(), line));
            }
        }

        /// <summary>A loop bound: an integer expression, else MG3001 at it.</summary>
        private TermExpression? Bound(ExpressionSyntax bound, string form)
        {
            if (Expression(bound) is not { } value)
            {
                return null;
            }

            if (!IsInteger(value))
            {
                Outside(bound, "the loop bound '" + Short(bound) + "'", form);
                return null;
            }

            return value;
        }

        /// <summary>
        /// A condition of an 'if' or '?:': comparisons, '&amp;&amp;', '||' and '!' of numbers, data and loop indices. A
        /// parameter in it is MG3006 (a discontinuity in log p); a local, MG3001.
        /// </summary>
        private TermExpression? Condition(ExpressionSyntax condition)
        {
            switch (condition)
            {
                case ParenthesizedExpressionSyntax p:
                    return Condition(p.Expression);
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                    return Condition(not.Operand) is { } operand ? new TermUnary("!", operand) : null;
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression } logical:
                {
                    TermExpression? left = Condition(logical.Left);
                    TermExpression? right = left is null ? null : Condition(logical.Right);
                    return right is null ? null : new TermBinary(logical.OperatorToken.ValueText, left!, right);
                }

                case BinaryExpressionSyntax compare when compare.Kind() is SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression
                    or SyntaxKind.GreaterThanOrEqualExpression or SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression:
                {
                    foreach (IdentifierNameSyntax id in compare.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                    {
                        string name = id.Identifier.ValueText;
                        if (_locals.Contains(name))
                        {
                            Outside(id, "the local '" + name + "' in a condition", "a condition reads data, loop indices and numbers only");
                            return null;
                        }

                        if (IsParameter(name))
                        {
                            Failed = true;
                            _parser.Report(DiagnosticDescriptors.TermConditionOnParameterId, LocationInfo.From(id), _method, name);
                            return null;
                        }
                    }

                    TermExpression? left = Expression(compare.Left);
                    TermExpression? right = left is null ? null : Expression(compare.Right);
                    return right is null ? null : new TermBinary(compare.OperatorToken.ValueText, left!, right);
                }

                default:
                    Outside(condition, "the condition '" + Short(condition) + "'", "a condition compares data, loop indices and numbers (<, <=, >, >=, ==, !=), joined by &&, || and !");
                    return null;
            }
        }

        private void Assignment(AssignmentExpressionSyntax assignment, List<TermStatement> body, int line)
        {
            string? op = assignment.Kind() switch
            {
                SyntaxKind.SimpleAssignmentExpression => "=",
                SyntaxKind.AddAssignmentExpression => "+=",
                SyntaxKind.SubtractAssignmentExpression => "-=",
                SyntaxKind.MultiplyAssignmentExpression => "*=",
                SyntaxKind.DivideAssignmentExpression => "/=",
                _ => null,
            };
            if (ElementAssignment(assignment, body, line))
            {
                return;
            }

            string? target = Target(assignment.Left);
            if (target is not null && !_locals.Contains(target) && (IsData(target) || IsParameter(target)))
            {
                Failed = true;
                _parser.Report(DiagnosticDescriptors.TermAssignsModelValueId, LocationInfo.From(assignment.Left), _method, target, IsData(target) ? "data" : "a parameter");
                return;
            }

            if (assignment.Left is not IdentifierNameSyntax || target is null || !_locals.Contains(target))
            {
                Outside(assignment.Left, "an assignment to '" + assignment.Left + "'", "assign to a local declared in the term ('double x = …;' then 'x += …;')");
                return;
            }

            if (op is null)
            {
                Outside(assignment, "the assignment '" + assignment.OperatorToken.ValueText + "'", "'=', '+=', '-=', '*=' or '/=' to a local");
                return;
            }

            if (_depth[target] < _loops.Count && op is not ("+=" or "-=") && !Carriable(target))
            {
                Outside(assignment, "'" + Short(assignment) + "' in a loop, to the local '" + target + "' declared outside it: " + CarriedValue, "sum into it ('" + target + " += …;'), or declare it inside the loop");
                return;
            }

            if (Expression(assignment.Right) is { } value)
            {
                body.Add(new TermAssign(target, op, value, line));
            }
        }

        /// <summary>The data, parameter or local an assignment's left side writes (through an index or 'this.'), or null.</summary>
        private static string? Target(ExpressionSyntax left) => left switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } m => m.Name.Identifier.ValueText,
            ElementAccessExpressionSyntax e => Target(e.Expression),
            _ => null,
        };

        public TermExpression? Expression(ExpressionSyntax expression)
        {
            _method = _method.Length > 0 ? _method : Method(expression);
            switch (expression)
            {
                case ParenthesizedExpressionSyntax p:
                    return Expression(p.Expression);
                case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } literal:
                    return new TermNumber(System.Convert.ToDouble(literal.Token.Value, CultureInfo.InvariantCulture));
                case CastExpressionSyntax { Type: PredefinedTypeSyntax cast } c when cast.Keyword.IsKind(SyntaxKind.DoubleKeyword) || cast.Keyword.IsKind(SyntaxKind.FloatKeyword):
                    return Expression(c.Expression);
                case IdentifierNameSyntax id:
                    return Read(id, id.Identifier.ValueText, EquatableArray<TermExpression>.Empty);
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } m:
                    return Read(m, m.Name.Identifier.ValueText, EquatableArray<TermExpression>.Empty);
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" or "Rows" or "Columns" } size when Target(size.Expression) is string of && size.Expression is not ElementAccessExpressionSyntax && !_locals.Contains(of) && (IsData(of) || IsParameter(of)):
                    return new TermSize(of, size.Name.Identifier.ValueText);
                case ElementAccessExpressionSyntax element when element.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }:
                    return Indices(element) is { } indices ? Read(element, Target(element.Expression)!, indices.ToEquatableArray()) : null;

                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression or (int)SyntaxKind.UnaryPlusExpression } unary:
                    return Expression(unary.Operand) is { } operand ? new TermUnary(unary.OperatorToken.ValueText, operand) : null;
                case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression:
                {
                    TermExpression? left = Expression(binary.Left);
                    TermExpression? right = left is null ? null : Expression(binary.Right);
                    return right is null ? null : new TermBinary(binary.OperatorToken.ValueText, left!, right);
                }

                case InvocationExpressionSyntax call:
                    return Call(call);
                case MemberAccessExpressionSyntax member when member.Expression is not IdentifierNameSyntax && Expression(member.Expression) is null:
                    return null;   // what it reads from is reported
                case ConditionalExpressionSyntax conditional:
                {
                    TermExpression? condition = Condition(conditional.Condition);
                    TermExpression? whenTrue = condition is null ? null : Expression(conditional.WhenTrue);
                    TermExpression? whenFalse = whenTrue is null ? null : Expression(conditional.WhenFalse);
                    return whenFalse is null ? null : new TermConditional(condition!, whenTrue!, whenFalse);
                }
                case ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or StackAllocArrayCreationExpressionSyntax or CollectionExpressionSyntax:
                    Outside(expression, "an allocation ('" + FirstToken(expression) + "')", TermExpressions + "; a term allocates nothing");
                    return null;
                case LambdaExpressionSyntax or AnonymousMethodExpressionSyntax:
                    Outside(expression, "a lambda", TermExpressions);
                    return null;
                case AssignmentExpressionSyntax:
                    Outside(expression, "an assignment inside an expression", "assign to a local in a statement of its own");
                    return null;
                default:
                    Outside(expression, "the expression '" + Short(expression) + "'", TermExpressions);
                    return null;
            }
        }

        /// <summary>Whether <paramref name="e"/> is an integer the kernel can compute an index from.</summary>
        private bool IsInteger(TermExpression e) => e switch
        {
            TermNumber n => n.Value == System.Math.Floor(n.Value) && System.Math.Abs(n.Value) < int.MaxValue,
            TermSize => true,
            TermRead r => (r.Indices.Count == 0 && _loops.Contains(r.Name)) || (!_locals.Contains(r.Name) && _parser._data.FirstOrDefault(d => d.Name == r.Name) is { IsInteger: true, Shape: not DeclaredShape.Matrix }),
            TermUnary u => IsInteger(u.Operand),
            TermBinary b => b.Op is "+" or "-" or "*" && IsInteger(b.Left) && IsInteger(b.Right),
            _ => false,
        };

        private static string FirstToken(ExpressionSyntax e) => e.GetFirstToken().ValueText;

        /// <summary>Whether <paramref name="body"/> reads <paramref name="local"/>, or sets it otherwise than by += or -=: a loop with that body carries it.</summary>
        private static bool Carries(SyntaxNode body, string local) =>
            body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(id => id.Identifier.ValueText == local && !(id.Parent is AssignmentExpressionSyntax a && a.Left == id && a.RawKind is (int)SyntaxKind.AddAssignmentExpression or (int)SyntaxKind.SubtractAssignmentExpression));

        /// <summary>
        /// Whether <paramref name="local"/> may be carried where it is written or read: declared outside every loop, and
        /// the statement in the body of the outermost loop, not of a loop inside it (docs/terms.md, "Values carried across iterations").
        /// </summary>
        private bool Carriable(string local) => _depth.TryGetValue(local, out int depth) && depth == 0 && _loops.Count == 1;

        private static string Short(SyntaxNode node)
        {
            string text = node.ToString().Replace('\r', ' ').Replace('\n', ' ');
            return text.Length <= 40 ? text : text.Substring(0, 37) + "…";
        }

        private TermExpression? Read(ExpressionSyntax node, string name, EquatableArray<TermExpression> indices)
        {
            if (ElementRead(node, name, indices) is { } element)
            {
                return element.Read;
            }

            if (_matrices.Contains(name))
            {
                Outside(node, "a read of the local matrix '" + name + "'", "pass a local matrix whole to the linear algebra (" + string.Join(", ", TermLibrary.MatrixFunctions) + "); its elements are written with '+=' and not read (step 5)");
                return null;
            }

            if (_loops.Contains(name) && indices.Count == 0)
            {
                return new TermRead(name, indices);
            }

            if (_carrying && _loops.Count > 1 && _locals.Contains(name) && _depth.TryGetValue(name, out int tripDepth) && tripDepth == 1)
            {
                Outside(node, "a read of '" + name + "', a local of the outer loop's trip, in a loop inside a loop that carries values: not supported yet (docs/terms.md step 6)", "compute what the inner loop needs from data, parameters and its own locals, or move the inner loop out");
                return null;
            }

            if (_locals.Contains(name) && _carried.Any(c => c.Contains(name)) && !Carriable(name))
            {
                Outside(node, "a read of '" + name + "' in a loop that assigns it: " + CarriedValue, "sum into a local the loop does not read ('lp += …;'), and read it after the loop");
                return null;
            }

            if (_locals.Contains(name) ? indices.Count == 0 : IsData(name) || IsParameter(name))
            {
                DeclaredShape? shape = _locals.Contains(name) ? DeclaredShape.Scalar
                    : _parser._data.FirstOrDefault(d => d.Name == name)?.Shape ?? _parser._declared.FirstOrDefault(p => p.Name == name)?.Shape;
                int rank = shape switch { DeclaredShape.Vector => 1, DeclaredShape.Matrix => 2, _ => 0 };
                if (shape is not null && rank != indices.Count)
                {
                    Outside(node, "'" + node + "', " + indices.Count.ToString(CultureInfo.InvariantCulture) + " indices into '" + name + "'", "read a scalar by its name, a vector's element as '" + name + "[i]', a matrix's as '" + name + "[i, j]' (whole vectors and rows land with loops)");
                    return null;
                }

                return new TermRead(name, indices);
            }

            if (!_locals.Contains(name) && _parser.IsTransformed(name))
            {
                // docs/terms.md, "Transformed parameters and generated quantities": differentiating through one needs
                // local spans written in loops, which are not built yet.
                Outside(node, "a read of the transformed parameter '" + name + "', which terms cannot differentiate through yet (docs/terms.md step 6)", "compute the value in the term itself from the parameters; generated quantities may read '" + name + "'");
                return null;
            }

            Outside(node, _locals.Contains(name) ? "an index into the local '" + name + "'" : "a read of '" + name + "', which is not a local, [Data] or a declared parameter", TermExpressions);
            return null;
        }

        private TermExpression? Call(InvocationExpressionSyntax call)
        {
            string? function = call.Expression switch
            {
                IdentifierNameSyntax id => id.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Math" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Math" } } m => m.Name.Identifier.ValueText,
                _ => null,
            };
            if (function is not null && Reduce(call, function) is { } reduce)
            {
                return reduce.Value;
            }

            if (function is not null && TermLibrary.IsMatrixFunction(function))
            {
                return MatrixValue(call, function);
            }

            int? arity = function is null ? null : TermLibrary.Arity(function);
            if (arity is null)
            {
                Failed = true;
                _parser.Report(DiagnosticDescriptors.TermUnknownCallId, LocationInfo.From(call.Expression), _method, Short(call.Expression), "it is not in the math library (ModelGen.Terms.Math: " + string.Join(", ", TermLibrary.Functions) + ")");
                return null;
            }

            if (call.ArgumentList.Arguments.Count != arity)
            {
                Failed = true;
                _parser.Report(DiagnosticDescriptors.TermUnknownCallId, LocationInfo.From(call), _method, function!, "the library's " + TermLibrary.Signature(function!) + " takes " + arity.Value.ToString(CultureInfo.InvariantCulture) + " arguments; this call passes " + call.ArgumentList.Arguments.Count.ToString(CultureInfo.InvariantCulture));
                return null;
            }

            var args = new List<TermExpression>();
            foreach (ArgumentSyntax a in call.ArgumentList.Arguments)
            {
                if (a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))
                {
                    Outside(a, "a named or ref argument", "pass the arguments in order");
                    return null;
                }

                if (Expression(a.Expression) is not { } arg)
                {
                    return null;
                }

                args.Add(arg);
            }

            return new TermCall(function!, args.ToEquatableArray());
        }
    }
}
