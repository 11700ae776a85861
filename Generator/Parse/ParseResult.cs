using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

/// <summary>
/// What the parser returns for one [Model] class: the spec (null when the class cannot be generated
/// at all, e.g. it is not partial), the diagnostics found while reading attributes, and where each
/// element and argument is written, so the checker's findings can point at the exact argument.
/// The generator projects <see cref="Spec"/> out of this before lowering, so locations never reach
/// the cached emit stages.
/// </summary>
internal sealed record ParseResult(
    ModelSpec? Spec,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<LocatedKey> Locations);

/// <summary>A location key ("Hidden1", "Hidden1:Dense:units", …) and its location.</summary>
internal sealed record LocatedKey(string Key, LocationInfo Location);

/// <summary>The spec plus the IDs of the errors it has: everything Emit needs, with no locations.</summary>
internal sealed record ModelToEmit(ModelSpec Spec, EquatableArray<string> ErrorIds);
