using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;

namespace ModelGen.CodeFixes;

/// <summary>MG0005 on a scale that is zero or negative: replaces it with 1, the unit scale. Other MG0005 cases have no single right value.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceSigmaCodeFix)), Shared]
public sealed class ReplaceSigmaCodeFix() : ModelCodeFix<AttributeArgumentSyntax>(DiagnosticDescriptors.InvalidDistributionArgumentId)
{
    private protected override void Register(CodeFixContext context, Diagnostic diagnostic, AttributeArgumentSyntax argument, SemanticModel model)
    {
        if (argument.Parent?.Parent is not AttributeSyntax attribute)
        {
            return;
        }

        IMethodSymbol? constructor = model.GetSymbolInfo(attribute, context.CancellationToken).Symbol as IMethodSymbol;
        if (constructor?.ContainingType is not { Name: "NormalAttribute" }
            || FixHelpers.ParameterName(argument, constructor) != "sigma"
            || model.GetConstantValue(argument.Expression, context.CancellationToken) is not { HasValue: true, Value: { } value }
            || value is string
            || !(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) <= 0))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Use sigma = 1", ct => FixHelpers.ReplaceWithLiteralAsync(context.Document, argument.Expression, 1, ct), nameof(ReplaceSigmaCodeFix)),
            diagnostic);
    }
}
