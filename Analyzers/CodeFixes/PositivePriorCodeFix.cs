using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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

/// <summary>
/// MG0021: gives the named parameter the positive counterpart of its real-line prior, keeping its scale:
/// <c>Normal(mu, sigma)</c> and <c>Laplace(mu, b)</c> become <c>HalfNormal(sigma)</c> (<c>HalfNormal(b)</c>),
/// <c>StudentT(nu, mu, sigma)</c> becomes <c>HalfStudentT(nu, sigma)</c>, <c>Cauchy(alpha, beta)</c> becomes
/// <c>HalfCauchy(beta)</c>, <c>Flat</c> becomes <c>HalfFlat</c>, and <c>Uniform(lower, upper)</c> with upper &gt; 0
/// becomes <c>Uniform(0, upper)</c>.
/// The location is dropped (a half distribution starts at 0) and so is <c>NonCentered</c>; other named arguments stay.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PositivePriorCodeFix)), Shared]
public sealed class PositivePriorCodeFix() : ReferencedParameterCodeFix(DiagnosticDescriptors.SupportMismatchId)
{
    /// <summary>Real-line prior → its positive counterpart and which of its arguments that keeps, in order.</summary>
    private static readonly Dictionary<string, (string Positive, string[] Kept)> s_counterparts = new(System.StringComparer.Ordinal)
    {
        ["NormalAttribute"] = ("HalfNormal", ["sigma"]),
        ["LaplaceAttribute"] = ("HalfNormal", ["b"]),
        ["StudentTAttribute"] = ("HalfStudentT", ["nu", "sigma"]),
        ["CauchyAttribute"] = ("HalfCauchy", ["beta"]),
        ["UniformAttribute"] = ("Uniform", ["lower", "upper"]),
        ["FlatAttribute"] = ("HalfFlat", []),
    };

    private protected override void Register(CodeFixContext context, Diagnostic diagnostic, ReferencedParameter reference, CancellationToken cancellationToken)
    {
        if (FixHelpers.FindAttribute(reference.Declaration, reference.Model, t => s_counterparts.ContainsKey(t.Name), cancellationToken) is not var (attribute, constructor))
        {
            return;
        }

        // [Flat] has no argument list at all.
        AttributeArgumentListSyntax list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();

        (string positive, string[] kept) = s_counterparts[constructor.ContainingType.Name];
        var byName = list.Arguments
            .Where(a => a.NameEquals is null)
            .ToDictionary(a => FixHelpers.ParameterName(a, constructor) ?? string.Empty, a => a.Expression, System.StringComparer.Ordinal);
        if (kept.Any(k => !byName.ContainsKey(k)))
        {
            return;
        }

        var arguments = kept.Select(k => SyntaxFactory.AttributeArgument(byName[k].WithoutTrivia())).ToList();
        if (positive == "Uniform")
        {
            // A Uniform reaching below 0: start it at 0, if its upper bound is a constant above 0.
            if (reference.Model.GetConstantValue(byName["upper"], cancellationToken) is not { HasValue: true, Value: { } upper and not string }
                || !(System.Convert.ToDouble(upper, CultureInfo.InvariantCulture) > 0))
            {
                return;
            }

            arguments[0] = SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)));
        }

        arguments.AddRange(list.Arguments.Where(a => a.NameEquals is { Name.Identifier.ValueText: not "NonCentered" }));
        AttributeSyntax replacement = (arguments.Count == 0
                ? SyntaxFactory.Attribute(SyntaxFactory.IdentifierName(positive))
                : SyntaxFactory.Attribute(SyntaxFactory.IdentifierName(positive), SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(arguments))))
            .WithTriviaFrom(attribute);
        string name = reference.Symbol.Name;
        context.RegisterCodeFix(
            CodeAction.Create(
                "Give '" + name + "' the positive prior " + replacement.WithoutTrivia().ToFullString(),
                ct => FixAsync(context.Document, attribute, replacement, ct),
                nameof(PositivePriorCodeFix)),
            diagnostic);
    }

    private static async Task<Document> FixAsync(Document document, AttributeSyntax attribute, AttributeSyntax replacement, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(attribute, replacement));
    }
}
