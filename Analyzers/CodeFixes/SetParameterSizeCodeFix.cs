using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;

namespace ModelGen.CodeFixes;

/// <summary>
/// MG1004: sets the named parameter's <c>[Size(n)]</c> to the count its use needs, adding <c>[Size]</c> when it has
/// none: the units of the layer whose prior names it (one value per unit), the length of the parameter whose prior
/// names it (element by element), or 1 for a likelihood's argument (a scalar).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetParameterSizeCodeFix)), Shared]
public sealed class SetParameterSizeCodeFix() : ReferencedParameterCodeFix(DiagnosticDescriptors.ReferenceShapeMismatchId)
{
    private protected override void Register(CodeFixContext context, Diagnostic diagnostic, ReferencedParameter reference, CancellationToken cancellationToken)
    {
        if (reference.Model.GetDeclaredSymbol(reference.Site, cancellationToken) is not { } site || Needed(site) is not int count || count < 1)
        {
            return;
        }

        var existing = FixHelpers.FindAttribute(reference.Declaration, reference.Model, t => t.Name == "SizeAttribute", cancellationToken);
        string text = count.ToString(CultureInfo.InvariantCulture);
        context.RegisterCodeFix(
            CodeAction.Create(
                "Set '" + reference.Symbol.Name + "' to Size(" + text + "), one value per " + (FixHelpers.Attribute(site, FixHelpers.DenseAttribute) is null ? "element of '" + site.Name + "'" : "unit of '" + site.Name + "'"),
                ct => FixAsync(context.Document, reference.Declaration, existing?.Attribute, count, ct),
                nameof(SetParameterSizeCodeFix)),
            diagnostic);
    }

    /// <summary>How many values a parameter named in <paramref name="site"/>'s attributes must have (besides 1).</summary>
    private static int? Needed(IPropertySymbol site)
    {
        if (FixHelpers.Attribute(site, FixHelpers.DenseAttribute) is { } dense)
        {
            return FixHelpers.Argument(dense, "units") as int?;
        }

        if (site.Type.Name == "Parameter")
        {
            return FixHelpers.Attribute(site, FixHelpers.SizeAttribute) is { } size ? FixHelpers.Argument(size, "length") as int? : 1;
        }

        return site.Type.Name == "Observed" ? 1 : null;
    }

    private static async Task<Document> FixAsync(Document document, PropertyDeclarationSyntax declaration, AttributeSyntax? size, int count, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        AttributeSyntax replacement = SyntaxFactory.Attribute(
            SyntaxFactory.IdentifierName("Size"),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(count))))));
        if (size is not null)
        {
            return document.WithSyntaxRoot(root.ReplaceNode(size, replacement.WithTriviaFrom(size)));
        }

        // No [Size] yet: add it to the list that holds the prior, as the DSL's examples write it ([HalfNormal(1), Size(3)]).
        AttributeListSyntax list = declaration.AttributeLists[declaration.AttributeLists.Count - 1];
        return document.WithSyntaxRoot(root.ReplaceNode(list, list.AddAttributes(replacement)));
    }
}
