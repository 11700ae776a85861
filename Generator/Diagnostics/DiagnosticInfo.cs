using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Diagnostics;

/// <summary>A location as plain values, so diagnostics can flow through the incremental pipeline.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

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
    public Diagnostic ToDiagnostic()
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(Id);
        return Diagnostic.Create(descriptor, Location?.ToLocation(), Arguments.ToArray<object>());
    }
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
