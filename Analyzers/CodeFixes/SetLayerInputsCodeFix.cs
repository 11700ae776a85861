using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;

namespace ModelGen.CodeFixes;

/// <summary>MG1001: sets a layer's <c>Inputs = n</c> to the width of the element it reads (an input's features, a layer's units).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetLayerInputsCodeFix)), Shared]
public sealed class SetLayerInputsCodeFix() : ModelCodeFix<AttributeArgumentSyntax>(DiagnosticDescriptors.LayerInputMismatchId)
{
    private protected override void Register(CodeFixContext context, Diagnostic diagnostic, AttributeArgumentSyntax argument, SemanticModel model)
    {
        if (argument is not { NameEquals.Name.Identifier.ValueText: "Inputs", Parent.Parent: AttributeSyntax attribute }
            || attribute.ArgumentList!.Arguments.FirstOrDefault() is not { } source
            || attribute.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is not { } property)
        {
            return;
        }

        if (model.GetConstantValue(source.Expression, context.CancellationToken) is not { HasValue: true, Value: string sourceName }
            || model.GetDeclaredSymbol(property, context.CancellationToken)?.ContainingType is not { } type
            || Width(type, sourceName) is not int width)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Set Inputs = " + width.ToString(CultureInfo.InvariantCulture) + ", the width of '" + sourceName + "'",
                ct => FixHelpers.ReplaceWithLiteralAsync(context.Document, argument.Expression, width, ct),
                nameof(SetLayerInputsCodeFix)),
            diagnostic);
    }

    /// <summary>What element <paramref name="name"/> gives: an input's features or a layer's units.</summary>
    private static int? Width(INamedTypeSymbol type, string name)
    {
        foreach (IPropertySymbol property in type.GetMembers(name).OfType<IPropertySymbol>())
        {
            if (FixHelpers.Attribute(property, FixHelpers.InputAttribute) is { } input)
            {
                return FixHelpers.Argument(input, "features") as int?;
            }

            if (FixHelpers.Attribute(property, FixHelpers.DenseAttribute) is { } dense)
            {
                return FixHelpers.Argument(dense, "units") as int?;
            }
        }

        return null;
    }
}
