using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.CodeFixes;

/// <summary>
/// The base of fixes for a diagnostic on a distribution argument that names a parameter (<c>nameof(Scale)</c>) whose
/// fault is in the parameter's own declaration: finds the argument, the element whose attribute holds it, and the named
/// parameter's declaration in the same document, and hands them to <see cref="Register"/>.
/// </summary>
public abstract class ReferencedParameterCodeFix : ModelCodeFix<AttributeArgumentSyntax>
{
    /// <summary>A fix of <paramref name="diagnosticId"/>; no "fix all", since several arguments may name one parameter.</summary>
    private protected ReferencedParameterCodeFix(string diagnosticId)
        : base(diagnosticId, fixAll: false)
    {
    }

    private protected sealed override void Register(CodeFixContext context, Diagnostic diagnostic, AttributeArgumentSyntax argument, SemanticModel model)
    {
        if (argument.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is not { } site
            || model.GetConstantValue(argument.Expression, context.CancellationToken) is not { HasValue: true, Value: string name }
            || model.GetDeclaredSymbol(site, context.CancellationToken)?.ContainingType is not { } type
            || type.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault() is not { } parameter
            || parameter.DeclaringSyntaxReferences.Select(r => r.GetSyntax(context.CancellationToken)).OfType<PropertyDeclarationSyntax>()
                .FirstOrDefault(p => p.SyntaxTree == site.SyntaxTree) is not { } declaration)
        {
            return;
        }

        Register(context, diagnostic, new ReferencedParameter(model, site, declaration, parameter), context.CancellationToken);
    }

    /// <summary>Offers the fix's actions for the parameter that <paramref name="reference"/> names, or none.</summary>
    private protected abstract void Register(CodeFixContext context, Diagnostic diagnostic, ReferencedParameter reference, CancellationToken cancellationToken);

    /// <summary>
    /// What a fix works from: the semantic model, the element whose attribute names the parameter (<see cref="Site"/>),
    /// and the named parameter (<see cref="Declaration"/>, <see cref="Symbol"/>).
    /// </summary>
    private protected sealed class ReferencedParameter(SemanticModel model, PropertyDeclarationSyntax site, PropertyDeclarationSyntax declaration, IPropertySymbol symbol)
    {
        public SemanticModel Model { get; } = model;

        public PropertyDeclarationSyntax Site { get; } = site;

        public PropertyDeclarationSyntax Declaration { get; } = declaration;

        public IPropertySymbol Symbol { get; } = symbol;
    }
}
