using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Formatting;
using ModelGen.Generator.Diagnostics;

namespace ModelGen.CodeFixes;

/// <summary>
/// MG0002: adds an Observed element reading the network's last layer (the one no other layer reads, last declared):
/// <c>[Bernoulli(Logits = nameof(Output))]</c>, or <c>P =</c> when that layer ends in a sigmoid, and, as a second
/// action, <c>[Normal(nameof(Output), 1.0)]</c> for a regression.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddLikelihoodCodeFix)), Shared]
public sealed class AddLikelihoodCodeFix() : ModelCodeFix<TypeDeclarationSyntax>(DiagnosticDescriptors.MissingLikelihoodId, fixAll: false)
{
    private protected override void Register(CodeFixContext context, Diagnostic diagnostic, TypeDeclarationSyntax type, SemanticModel model)
    {
        if (model.GetDeclaredSymbol(type, context.CancellationToken) is not INamedTypeSymbol symbol)
        {
            return;
        }

        (string layer, bool sigmoid) = LastLayer(symbol);
        string name = FreeName(symbol);
        string link = sigmoid ? "P" : "Logits";
        context.RegisterCodeFix(
            CodeAction.Create(
                "Add a Bernoulli likelihood on '" + layer + "'",
                ct => FixAsync(context.Document, type, $"[Bernoulli({link} = nameof({layer}))]", name, ct),
                nameof(AddLikelihoodCodeFix) + ".Bernoulli"),
            diagnostic);
        context.RegisterCodeFix(
            CodeAction.Create(
                "Add a Normal likelihood on '" + layer + "'",
                ct => FixAsync(context.Document, type, $"[Normal(nameof({layer}), 1.0)]", name, ct),
                nameof(AddLikelihoodCodeFix) + ".Normal"),
            diagnostic);
    }

    /// <summary>The last declared layer that no other layer reads, and whether its activation is Sigmoid; "Output" if there is none.</summary>
    private static (string Name, bool Sigmoid) LastLayer(INamedTypeSymbol type)
    {
        var layers = new List<(string Name, string? Input, int Activation)>();
        foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
        {
            if (FixHelpers.Attribute(property, FixHelpers.DenseAttribute) is { } dense)
            {
                layers.Add((property.Name, FixHelpers.Argument(dense, "input") as string, FixHelpers.Argument(dense, "activation") as int? ?? 0));
            }
        }

        var read = new HashSet<string>(layers.Select(l => l.Input ?? string.Empty), System.StringComparer.Ordinal);
        foreach ((string name, string? _, int activation) in Enumerable.Reverse(layers))
        {
            if (!read.Contains(name))
            {
                return (name, activation == 2);
            }
        }

        return layers.Count > 0 ? (layers[layers.Count - 1].Name, layers[layers.Count - 1].Activation == 2) : ("Output", false);
    }

    /// <summary>"Y", unless the class already has a member of that name.</summary>
    private static string FreeName(INamedTypeSymbol type)
    {
        foreach (string candidate in new[] { "Y", "Observed", "Outcome", "Target" })
        {
            if (type.GetMembers(candidate).IsEmpty && type.Name != candidate)
            {
                return candidate;
            }
        }

        return "Y" + type.GetMembers().Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Document> FixAsync(Document document, TypeDeclarationSyntax type, string attribute, string name, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        MemberDeclarationSyntax member = SyntaxFactory.ParseMemberDeclaration(attribute + "\npublic partial Observed " + name + " { get; }\n")!
            .WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(type, type.AddMembers(member)));
    }
}
