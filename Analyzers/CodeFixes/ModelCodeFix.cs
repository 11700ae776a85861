using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ModelGen.CodeFixes;

/// <summary>
/// The base of every ModelGen code fix: the one diagnostic it fixes, whether "fix all" applies, and the lookup each
/// fix starts from — the innermost <typeparamref name="TNode"/> covering the diagnostic and the document's semantic
/// model, found once here and handed to <see cref="Register"/>. A fix adds only what it offers and how it edits.
/// </summary>
/// <typeparam name="TNode">The syntax the diagnostic points at (a type declaration, an attribute argument, …).</typeparam>
public abstract class ModelCodeFix<TNode> : CodeFixProvider
    where TNode : SyntaxNode
{
    private readonly bool _fixAll;

    /// <summary>A fix of <paramref name="diagnosticId"/>; <paramref name="fixAll"/> false when one fix's edit depends on the others (no batch fixer).</summary>
    private protected ModelCodeFix(string diagnosticId, bool fixAll = true)
    {
        FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);
        _fixAll = fixAll;
    }

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider? GetFixAllProvider() => _fixAll ? WellKnownFixAllProviders.BatchFixer : null;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        TNode? node = await FixHelpers.FindAsync<TNode>(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (node is not null && model is not null)
        {
            Register(context, diagnostic, node, model);
        }
    }

    /// <summary>Offers the fix's actions for <paramref name="node"/>, or none when the fix does not apply.</summary>
    private protected abstract void Register(CodeFixContext context, Diagnostic diagnostic, TNode node, SemanticModel model);
}
