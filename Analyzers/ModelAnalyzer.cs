using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Parse;

namespace ModelGen.Analyzers;

/// <summary>
/// Reports the warnings and advice on a [Model] class: the non-error findings of the very parser and checker the
/// generator runs (linked source). The errors in the same result are the generator's to report, so each
/// diagnostic has exactly one reporter; being configurable, these can be tuned in .editorconfig or suppressed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        DiagnosticDescriptors.All.Where(d => d.DefaultSeverity != DiagnosticSeverity.Error).ToImmutableArray();

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // No [Model<T>] attribute in the compilation: nothing can be a model.
            INamedTypeSymbol? modelAttribute = start.Compilation.GetTypeByMetadataName(ModelParser.ModelAttributeName);
            if (modelAttribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, modelAttribute), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol modelAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass?.OriginalDefinition, modelAttribute)))
        {
            return;
        }

        ParseResult result;
        try
        {
            result = ModelParser.Parse(type, context.CancellationToken);
        }
        catch (System.Exception e) when (e is not System.OperationCanceledException)
        {
            // The generator runs the same parser and reports this as MG9001; a second report (AD0001) would only repeat it.
            return;
        }

        foreach (DiagnosticInfo info in result.Diagnostics)
        {
            if (!DiagnosticDescriptors.IsError(info.Id))
            {
                context.ReportDiagnostic(info.ToDiagnostic(context.Compilation));
            }
        }
    }
}
