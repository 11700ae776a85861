using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

/// <summary>
/// What the parser returns for one [Model] class: the spec (null when the class cannot be generated at all,
/// e.g. it is not partial, or when this declaration is not the one that parses the class), and every
/// diagnostic found: the parser's own while reading attributes, then the checker's findings on the spec,
/// already located through the parser's key map. The checker runs here, once per parse; the generator
/// projects <see cref="Spec"/> and the diagnostic IDs out of this before lowering, so locations never reach
/// the cached emit stages.
/// </summary>
internal sealed record ParseResult(ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>Nothing to generate or report: a second [Model] declaration of a class already parsed from its first.</summary>
    public static ParseResult Skipped { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty);
}

/// <summary>A location key ("Hidden1", "Hidden1:Dense:units", …) and its location.</summary>
internal sealed record LocatedKey(string Key, LocationInfo Location);
