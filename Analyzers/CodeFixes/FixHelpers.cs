using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.CodeFixes;

/// <summary>Lookups the fixes share: the node a diagnostic points at, and attributes by their metadata name.</summary>
internal static class FixHelpers
{
    public const string InputAttribute = "ModelGen.InputAttribute";
    public const string DenseAttribute = "ModelGen.DenseAttribute";
    public const string NormalAttribute = "ModelGen.NormalAttribute";
    public const string SizeAttribute = "ModelGen.SizeAttribute";

    /// <summary>
    /// The first attribute written on <paramref name="property"/> whose class is in the ModelGen namespace and passes
    /// <paramref name="match"/>, with the constructor it binds to; null if none does.
    /// </summary>
    public static (AttributeSyntax Attribute, IMethodSymbol Constructor)? FindAttribute(PropertyDeclarationSyntax property, SemanticModel model, System.Func<INamedTypeSymbol, bool> match, CancellationToken cancellationToken)
    {
        foreach (AttributeSyntax attribute in property.AttributeLists.SelectMany(l => l.Attributes))
        {
            if (model.GetSymbolInfo(attribute, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } type } constructor
                && type.ContainingNamespace?.ToDisplayString() == "ModelGen" && match(type))
            {
                return (attribute, constructor);
            }
        }

        return null;
    }

    /// <summary>The document with <paramref name="expression"/> replaced by the integer literal <paramref name="value"/>, keeping its trivia.</summary>
    public static async Task<Document> ReplaceWithLiteralAsync(Document document, ExpressionSyntax expression, int value, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        ExpressionSyntax literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value))
            .WithTriviaFrom(expression);
        return document.WithSyntaxRoot(root.ReplaceNode(expression, literal));
    }

    /// <summary>The innermost node of type <typeparamref name="T"/> covering the diagnostic's span, or null.</summary>
    public static async Task<T?> FindAsync<T>(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        where T : SyntaxNode
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(diagnostic.Location.SourceSpan)
            .AncestorsAndSelf().OfType<T>().FirstOrDefault();
    }

    /// <summary>The first attribute of <paramref name="symbol"/> whose class is <paramref name="metadataName"/>.</summary>
    public static AttributeData? Attribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && c.ContainingNamespace?.ToDisplayString() + "." + c.MetadataName == metadataName);

    /// <summary>The constructor argument bound to <paramref name="parameter"/>, or null.</summary>
    public static object? Argument(AttributeData attribute, string parameter)
    {
        IMethodSymbol? constructor = attribute.AttributeConstructor;
        for (int i = 0; constructor is not null && i < constructor.Parameters.Length && i < attribute.ConstructorArguments.Length; i++)
        {
            if (constructor.Parameters[i].Name == parameter)
            {
                return attribute.ConstructorArguments[i].Value;
            }
        }

        return null;
    }

    /// <summary>The parameter an attribute argument binds to: by name (<c>sigma:</c> or <c>Inputs =</c>) or by position.</summary>
    public static string? ParameterName(AttributeArgumentSyntax argument, IMethodSymbol? constructor)
    {
        if (argument.NameEquals is { } equals)
        {
            return equals.Name.Identifier.ValueText;
        }

        if (argument.NameColon is { } colon)
        {
            return colon.Name.Identifier.ValueText;
        }

        if (argument.Parent is not AttributeArgumentListSyntax list || constructor is null)
        {
            return null;
        }

        int position = list.Arguments.TakeWhile(a => a != argument).Count(a => a.NameEquals is null && a.NameColon is null);
        return position < constructor.Parameters.Length ? constructor.Parameters[position].Name : null;
    }
}
