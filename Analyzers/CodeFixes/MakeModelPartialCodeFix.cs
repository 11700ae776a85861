using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;

namespace ModelGen.CodeFixes;

/// <summary>MG0001: adds 'partial' to the model class and to every type containing it that lacks it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeModelPartialCodeFix)), Shared]
public sealed class MakeModelPartialCodeFix() : ModelCodeFix<TypeDeclarationSyntax>(DiagnosticDescriptors.ModelNotPartialId)
{
    private protected override void Register(CodeFixContext context, Diagnostic diagnostic, TypeDeclarationSyntax type, SemanticModel model) =>
        context.RegisterCodeFix(
            CodeAction.Create("Make the model class partial", ct => FixAsync(context.Document, type, ct), nameof(MakeModelPartialCodeFix)),
            diagnostic);

    private static async Task<Document> FixAsync(Document document, TypeDeclarationSyntax type, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var chain = type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToList();
        return document.WithSyntaxRoot(root.ReplaceNodes(chain, (_, current) => AddPartial(current)));
    }

    /// <summary>'partial' goes last among the modifiers, right before the keyword (CS0267), keeping the leading trivia in place.</summary>
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        if (type.Modifiers.Count == 0)
        {
            SyntaxToken keyword = type.Keyword;
            SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return type.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return type.WithModifiers(type.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
    }
}
