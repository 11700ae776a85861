using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Diagnostics;

/// <summary>A location as plain values, so diagnostics can flow through the incremental pipeline.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    /// <summary>
    /// The location in <paramref name="compilation"/>'s tree for <see cref="FilePath"/>, so the diagnostic is
    /// an in-source one (pragmas, per-file options, IDE squiggles and code fixes all look up the tree);
    /// an external-file location with the same path and span when the tree is not found.
    /// </summary>
    public Location ToLocation(Compilation? compilation = null)
    {
        if (compilation is not null)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (tree.FilePath == FilePath && Span.End <= tree.Length)
                {
                    return Location.Create(tree, Span);
                }
            }
        }

        return Location.Create(FilePath, Span, LineSpan);
    }

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());
}

/// <summary>A diagnostic as plain values: descriptor id, where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    /// <summary>The diagnostic, located in <paramref name="compilation"/> when given (see <see cref="LocationInfo.ToLocation"/>).</summary>
    public Diagnostic ToDiagnostic(Compilation? compilation = null)
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(Id);
        return Diagnostic.Create(descriptor, Location?.ToLocation(compilation), Arguments.ToArray<object>());
    }

    /// <summary>MG9001 for an exception met while handling <paramref name="model"/>.</summary>
    public static DiagnosticInfo InternalError(string model, Exception exception, LocationInfo? location) =>
        new(
            DiagnosticDescriptors.InternalErrorId,
            location,
            new[] { model, Describe(exception) }.ToEquatableArray());

    /// <summary>"Type: message" on one line.</summary>
    public static string Describe(Exception exception) =>
        exception.GetType().Name + ": " + exception.Message.Replace('\n', ' ').Replace('\r', ' ');
}

internal static class EquatableArrayExtensions
{
    public static object[] ToArray<TOut>(this EquatableArray<string> items)
    {
        var result = new object[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            result[i] = items[i];
        }

        return result;
    }
}
