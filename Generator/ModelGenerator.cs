using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Check;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator;

/// <summary>
/// The incremental pipeline, wiring only:
/// <code>
/// [Model&lt;T&gt;] class ─Parse─▶ ParseResult ─┬─▶ diagnostics (parse + check, located)        → ReportDiagnostic
///                                          └─▶ ModelToEmit (spec + error ids, no locations) ─Lower/Emit─▶ GeneratedFile → AddSource
/// </code>
/// An edit that moves the model but does not change it changes only the first branch's locations;
/// the spec compares equal and the emit stage stays cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelParser.ModelAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => SafeParse((INamedTypeSymbol)ctx.TargetSymbol, ct))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => Pipeline.Diagnose(result))
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (DiagnosticInfo diagnostic in list)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
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
            spc.AddSource(file.HintName, file.Text);
            if (file.InternalError is not null)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, file.HintName, file.InternalError));
            }
        });
    }

    private static ParseResult SafeParse(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return ModelParser.Parse(type, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var where = LocationInfo.From(type.Locations.FirstOrDefault());
            return new ParseResult(
                null,
                new[] { Pipeline.InternalError(type.Name, e, where) }.ToEquatableArray(),
                EquatableArray<LocatedKey>.Empty);
        }
    }
}

/// <summary>The stages between parse and output, each catching what it must never throw.</summary>
internal static class Pipeline
{
    /// <summary>Parse diagnostics plus the checker's findings, located through the parser's key map.</summary>
    public static EquatableArray<DiagnosticInfo> Diagnose(ParseResult result)
    {
        var list = new List<DiagnosticInfo>(result.Diagnostics);
        if (result.Spec is null)
        {
            return list.ToEquatableArray();
        }

        try
        {
            foreach (Finding finding in ModelChecker.Check(result.Spec))
            {
                LocationInfo? location = finding.Keys
                    .Select(key => result.Locations.FirstOrDefault(l => l.Key == key)?.Location)
                    .FirstOrDefault(l => l is not null)
                    ?? result.Locations.FirstOrDefault(l => l.Key == "type")?.Location;
                list.Add(new DiagnosticInfo(finding.Id, location, finding.Arguments.ToEquatableArray()));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            list.Add(InternalError(result.Spec.Type.Name, e, result.Locations.FirstOrDefault(l => l.Key == "type")?.Location));
        }

        return list.ToEquatableArray();
    }

    /// <summary>Drops the locations: what Emit needs is the spec and whether (and why) it is invalid.</summary>
    public static ModelToEmit ToEmit(ParseResult result)
    {
        var errors = result.Diagnostics.Select(d => d.Id).ToList();
        try
        {
            errors.AddRange(ModelChecker.Check(result.Spec!).Select(f => f.Id));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add(DiagnosticDescriptors.InternalErrorId);
        }

        return new ModelToEmit(result.Spec!, errors.ToEquatableArray());
    }

    /// <summary>Lowers and emits a valid model, or the throwing surface of an invalid one.</summary>
    public static GeneratedFile Generate(ModelToEmit model, System.Threading.CancellationToken cancellationToken)
    {
        if (model.ErrorIds.Count > 0)
        {
            return InvalidModelEmitter.Emit(model);
        }

        try
        {
            return ModelEmitter.Emit(GraphBuilder.Lower(model.Spec, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The throwing surface keeps the user's code compiling; the output step reports MG9001.
            GeneratedFile surface = InvalidModelEmitter.Emit(model with { ErrorIds = new[] { DiagnosticDescriptors.InternalErrorId }.ToEquatableArray() });
            return surface with { InternalError = e.GetType().Name + ": " + e.Message };
        }
    }

    public static DiagnosticInfo InternalError(string model, Exception e, LocationInfo? location) =>
        new(DiagnosticDescriptors.InternalErrorId, location, new[] { model, e.GetType().Name + ": " + e.Message.Replace('\n', ' ').Replace('\r', ' ') }.ToEquatableArray());
}
