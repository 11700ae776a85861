using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator;

/// <summary>
/// The incremental pipeline, wiring only:
/// <code>
/// [Model&lt;T&gt;] type ─Parse+Check─▶ ParseResult ─┬─▶ diagnostics (located) ─(+ Compilation, only when non-empty)─▶ ReportDiagnostic
///                                             └─▶ ModelToEmit (spec + error ids, no locations) ─Lower/Emit─▶ GeneratedFile → AddSource
/// </code>
/// An edit that moves the model but does not change it changes only the first branch's locations; the spec
/// compares equal and the emit stage stays cached. The compilation joins only the last step of the diagnostics
/// branch, to turn the stored locations back into in-source ones, so it invalidates nothing that is cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Any type declaration: [Model] on a record is reported (MG0014), not silently skipped.
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelParser.ModelAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => SafeParse((INamedTypeSymbol)ctx.TargetSymbol, ctx.TargetNode, ct))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => Pipeline.Errors(result))
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(
            diagnostics.Combine(context.CompilationProvider),
            static (spc, pair) =>
            {
                foreach (DiagnosticInfo diagnostic in pair.Left)
                {
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
                }
            });

        IncrementalValuesProvider<ModelToEmit> specs = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => Pipeline.ToEmit(result))
            .WithTrackingName(TrackingNames.Spec);

        IncrementalValuesProvider<GeneratedFile> files = specs
            .Select(static (model, ct) => Pipeline.Generate(model, ct))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(files, static (spc, file) =>
        {
            string? error = file.InternalError;
            try
            {
                spc.AddSource(file.HintName, file.Text);
            }
            catch (ArgumentException e)
            {
                // A hint name Roslyn refuses: reported, never a crash (CS8785).
                error ??= DiagnosticInfo.Describe(e);
            }

            if (error is not null)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, file.HintName, error));
            }
        });
    }

    private static ParseResult SafeParse(INamedTypeSymbol type, SyntaxNode node, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return ModelParser.IsPrimaryDeclaration(type, node) ? ModelParser.Parse(type, cancellationToken) : ParseResult.Skipped;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var where = LocationInfo.From(type.Locations.FirstOrDefault());
            return new ParseResult(null, ImmutableArray.Create(DiagnosticInfo.InternalError(type.Name, e, where)).ToEquatableArray());
        }
    }
}

/// <summary>The stages between parse and output, each catching what it must never throw.</summary>
internal static class Pipeline
{
    /// <summary>
    /// The diagnostics the generator reports: the errors. Warnings and advice (MG0019, MG2xxx) are the analyzers'
    /// to report, so each diagnostic has exactly one reporter; they neither appear here nor make a model invalid.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> Errors(ParseResult result) =>
        result.Diagnostics.All(d => DiagnosticDescriptors.IsError(d.Id))
            ? result.Diagnostics
            : result.Diagnostics.Where(d => DiagnosticDescriptors.IsError(d.Id)).ToEquatableArray();

    /// <summary>Drops the locations: what Emit needs is the spec and whether (and why) it is invalid.</summary>
    public static ModelToEmit ToEmit(ParseResult result) =>
        new(result.Spec!, result.Diagnostics.Where(d => DiagnosticDescriptors.IsError(d.Id)).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToEquatableArray());

    /// <summary>Lowers and emits a valid model, or the throwing surface of an invalid one.</summary>
    public static GeneratedFile Generate(ModelToEmit model, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            if (DeclarationEmitter.Handles(model.Spec))
            {
                return model.ErrorIds.Count > 0 ? DeclarationEmitter.EmitInvalid(model) : DeclarationEmitter.Emit(model.Spec);
            }

            return model.ErrorIds.Count > 0 || !model.Spec.IsModelClass
                ? InvalidModelEmitter.Emit(model)
                : ModelEmitter.Emit(GraphBuilder.Lower(model.Spec, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The throwing surface keeps the user's code compiling; the output step reports MG9001.
            string error = DiagnosticInfo.Describe(e);
            try
            {
                GeneratedFile surface = InvalidModelEmitter.Emit(model with { ErrorIds = new[] { DiagnosticDescriptors.InternalErrorId }.ToEquatableArray() });
                return surface with { InternalError = error };
            }
            catch (Exception again) when (again is not OperationCanceledException)
            {
                return new GeneratedFile(ModelEmitter.HintName(model.Spec.Type), "// <auto-generated/>\n", error);
            }
        }
    }
}
