using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

// Local matrices and the linear algebra in a [Term] (docs/terms.md step 5): 'LocalMatrix<double> k = Local.Matrix(r, c);'
// with sizes from constants and data sizes (MG3005 otherwise), whole-object calls as statements and in expressions
// (TermLibrary.Matrices), and '+=' / '-=' to a local matrix's elements in a loop. A term with local matrices holds,
// at its top level, locals, local matrices, the calls, loops that write elements, and its 'return'.
internal sealed partial class ModelParser
{
    private sealed partial class TermReader
    {
        private const string MatrixForm = "'LocalMatrix<double> k = Local.Matrix(rows, columns);' at the term's top level";

        /// <summary>The term's local matrices.</summary>
        private readonly HashSet<string> _matrices = new(System.StringComparer.Ordinal);

        /// <summary>Whether a loop or branch other than one writing a local matrix's elements has been read.</summary>
        private bool _control;

        private static bool IsMatrixLocal(LocalDeclarationStatementSyntax local) =>
            local.Declaration.Type is GenericNameSyntax { Identifier.ValueText: "LocalMatrix" } or QualifiedNameSyntax { Right: GenericNameSyntax { Identifier.ValueText: "LocalMatrix" } }
            || local.Declaration.Variables.Any(v => v.Initializer?.Value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Local" } } });

        private void MatrixLocal(LocalDeclarationStatementSyntax local, List<TermStatement> body, int line)
        {
            if (local.Declaration.Variables.Count != 1
                || local.Declaration.Variables[0].Initializer?.Value is not InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Local" }, Name.Identifier.ValueText: "Matrix" },
                    ArgumentList.Arguments.Count: 2,
                } create)
            {
                Outside(local, "the local matrix '" + Short(local) + "'", MatrixForm);
                return;
            }

            if (_nesting > 0 || _control)
            {
                Outside(local, "a local matrix " + (_nesting > 0 ? "inside a loop, a branch or a block" : "after a loop or branch that does not write a local matrix"), MatrixForm + ", before any loop");
                return;
            }

            string name = local.Declaration.Variables[0].Identifier.ValueText;
            var sizes = new List<TermExpression>();
            foreach (ArgumentSyntax a in create.ArgumentList.Arguments)
            {
                if (LocalSize(a.Expression, name) is not { } size)
                {
                    return;
                }

                sizes.Add(size);
            }

            _matrices.Add(name);
            body.Add(new TermMatrixLocal(name, sizes[0], sizes[1], line));
        }

        /// <summary>A local matrix's or span's size: an integer of constants and data sizes, else MG3005 at it; null when reported.</summary>
        private TermExpression? LocalSize(ExpressionSyntax a, string name)
        {
            // A size read from a parameter, a real value or a local ('(int)Sigma') is MG3005 whatever else it does.
            bool fromPoint = a.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText)
                .Any(n => _locals.Contains(n) || IsParameter(n) || _parser._data.Any(d => d.Name == n && !d.IsInteger && d.Shape == DeclaredShape.Scalar));
            if (fromPoint)
            {
                Failed = true;
                _parser.Report(DiagnosticDescriptors.TermLocalSizeId, LocationInfo.From(a), _method, name, Short(a));
                return null;
            }

            if (Expression(a) is not { } size)
            {
                return null;
            }

            if (!IsInteger(size))
            {
                Failed = true;
                _parser.Report(DiagnosticDescriptors.TermLocalSizeId, LocationInfo.From(a), _method, name, Short(a));
                return null;
            }

            return size;
        }

        /// <summary>A call as a statement: a whole-object call that writes a local matrix, at the top level.</summary>
        private void MatrixStatement(InvocationExpressionSyntax call, List<TermStatement> body, int line)
        {
            string? function = (call.Expression as IdentifierNameSyntax)?.Identifier.ValueText;
            if (function is null || !TermLibrary.IsMatrixFunction(function) || TermLibrary.Matrix(function).HasValue)
            {
                Outside(call, "the call statement '" + Short(call) + "'", "a statement calls only " + string.Join(", ", TermLibrary.MatrixFunctions.Where(f => !TermLibrary.Matrix(f).HasValue)) + "; other calls are values in an expression");
                return;
            }

            if (_nesting > 0)
            {
                Outside(call, "'" + function + "' inside a loop, a branch or a block", "call it at the term's top level");
                return;
            }

            if (Arguments(call, function) is { } args)
            {
                body.Add(new TermMatrixCall(function, args, line));
            }
        }

        /// <summary>A whole-object call with a value (<c>MultiNormalCholesky(Y, 0, l)</c>), outside any loop.</summary>
        private TermCall? MatrixValue(InvocationExpressionSyntax call, string function)
        {
            if (!TermLibrary.Matrix(function).HasValue)
            {
                Outside(call, "'" + function + "' in an expression", "it has no value: call it as a statement of its own");
                return null;
            }

            if (_loops.Count > 0)
            {
                Outside(call, "'" + function + "' inside a loop", "call it outside the loops");
                return null;
            }

            return Arguments(call, function) is { } args ? new TermCall(function, args) : null;
        }

        /// <summary>A whole-object call's arguments, each as its kind says (TermLibrary.Matrices).</summary>
        private EquatableArray<TermExpression>? Arguments(InvocationExpressionSyntax call, string function)
        {
            TermLibrary.MatrixFunction f = TermLibrary.Matrix(function);
            if (call.ArgumentList.Arguments.Count != f.Arguments.Count)
            {
                Failed = true;
                _parser.Report(DiagnosticDescriptors.TermUnknownCallId, LocationInfo.From(call), _method, function, "the library's " + TermLibrary.MatrixSignature(function) + " takes " + f.Arguments.Count.ToString(CultureInfo.InvariantCulture) + " arguments; this call passes " + call.ArgumentList.Arguments.Count.ToString(CultureInfo.InvariantCulture));
                return null;
            }

            var args = new List<TermExpression>();
            for (int i = 0; i < f.Arguments.Count; i++)
            {
                ArgumentSyntax a = call.ArgumentList.Arguments[i];
                (TermLibrary.MatrixArgument kind, string name) = f.Arguments[i];
                string? id = (a.Expression as IdentifierNameSyntax)?.Identifier.ValueText;
                switch (kind)
                {
                    case TermLibrary.MatrixArgument.Scalar:
                        if (Expression(a.Expression) is not { } value)
                        {
                            return null;
                        }

                        args.Add(value);
                        continue;
                    case TermLibrary.MatrixArgument.DataVector when id is not null && !_locals.Contains(id) && _parser._data.FirstOrDefault(d => d.Name == id) is { IsInteger: false, Shape: DeclaredShape.Vector }:
                    case TermLibrary.MatrixArgument.Reads or TermLibrary.MatrixArgument.Writes when id is not null && _matrices.Contains(id):
                        args.Add(new TermObject(id!));
                        continue;
                    default:
                        Outside(a, "'" + Short(a) + "' as the argument '" + name + "' of " + TermLibrary.MatrixSignature(function), kind == TermLibrary.MatrixArgument.DataVector ? "pass a real [Data] vector by its name" : "pass a local matrix by its name");
                        return null;
                }
            }

            return args.ToEquatableArray();
        }

        /// <summary>
        /// <c>k[i, j] += value;</c> (or <c>-=</c>) to a local matrix, at the top level or in a loop of its own there; true when
        /// the assignment was to a local matrix (read or reported), false to leave it to <see cref="Assignment"/>.
        /// </summary>
        private bool ElementAssignment(AssignmentExpressionSyntax assignment, List<TermStatement> body, int line)
        {
            if (ElementSet(assignment, body, line))
            {
                return true;
            }

            if (assignment.Left is not ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } element || !_matrices.Contains(id.Identifier.ValueText))
            {
                if (assignment.Left is IdentifierNameSyntax whole && (_matrices.Contains(whole.Identifier.ValueText) || _spans.ContainsKey(whole.Identifier.ValueText)))
                {
                    Outside(assignment, "an assignment to the local matrix '" + whole.Identifier.ValueText + "'", "write a local matrix by a call (" + string.Join(", ", TermLibrary.MatrixFunctions) + ") or its elements by 'k[i, j] += …;'");
                    return true;
                }

                return false;
            }

            string name = id.Identifier.ValueText;
            if (!assignment.IsKind(SyntaxKind.AddAssignmentExpression) && !assignment.IsKind(SyntaxKind.SubtractAssignmentExpression))
            {
                Outside(assignment, "'" + Short(assignment) + "'", "add to a local matrix's element ('" + name + "[i, j] += …;' or '-='): each write is a new value of the matrix");
                return true;
            }

            if (_nesting != _loops.Count || _loops.Count > 1)
            {
                Outside(assignment, "a write to '" + name + "' inside a branch, a block or nested loops", "write a local matrix's elements at the top level or in one loop of their own");
                return true;
            }

            if (element.ArgumentList.Arguments.Count != 2)
            {
                Outside(element, "'" + Short(element) + "'", "index a local matrix by row and column: '" + name + "[i, j]'");
                return true;
            }

            if (Indices(element) is { } indices && Expression(assignment.Right) is { } value)
            {
                body.Add(new TermElementAdd(name, indices[0], indices[1], assignment.OperatorToken.ValueText, value, line));
            }

            return true;
        }

        /// <summary>An element access's indices, each an integer expression (MG3001 at the first that is not); null when one is reported.</summary>
        private List<TermExpression>? Indices(ElementAccessExpressionSyntax element)
        {
            var indices = new List<TermExpression>();
            foreach (ArgumentSyntax a in element.ArgumentList.Arguments)
            {
                if (Expression(a.Expression) is not { } index)
                {
                    return null;
                }

                if (!IsInteger(index))
                {
                    Outside(a, "the index '" + Short(a) + "'", "an index is an integer: a constant, an int [Data] element, .Length, .Rows, .Columns, or +, −, · of them");
                    return null;
                }

                indices.Add(index);
            }

            return indices;
        }

        /// <summary>
        /// After a loop or branch is read: in a term with local matrices, a loop writes one local matrix's elements and
        /// nothing else, and a branch is not supported yet; either way, later local matrices are refused.
        /// </summary>
        private void ControlBesideMatrices(StatementSyntax statement, List<TermStatement> body)
        {
            if (Failed)
            {
                return;
            }

            if (_elements || (body.LastOrDefault() is TermFor withElements && HasElements(withElements)))
            {
                return;   // a term with spans or elements set by '=': checked with the whole body (CheckElements)
            }

            bool writes = body.LastOrDefault() is TermFor loop && loop.Body.Count > 0 && loop.Body.All(s => s is TermElementAdd)
                && loop.Body.Cast<TermElementAdd>().Select(a => a.Name).Distinct().Count() == 1;
            if (!writes)
            {
                _control = true;
            }

            bool mixed = body.LastOrDefault() is TermFor f && f.Body.Any(s => s is TermElementAdd) && !writes;
            if (mixed || (_matrices.Count > 0 && !writes))
            {
                Outside(statement, mixed ? "a loop that writes a local matrix's elements and does more (or writes two matrices)" : "a loop or branch in a term with local matrices that does not write their elements",
                    "in a term with local matrices, a loop holds only '+=' to one local matrix's elements (values carried otherwise come with the tape, step 6)");
            }
        }
    }
}
