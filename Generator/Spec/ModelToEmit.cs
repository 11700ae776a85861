namespace ModelGen.Generator.Spec;

/// <summary>
/// The spec plus the IDs of the errors it has: everything Lower and Emit need, with no locations. The generator projects
/// it out of the parser's <c>ParseResult</c>, so the cached stages after Parse never see a location.
/// </summary>
internal sealed record ModelToEmit(ModelSpec Spec, EquatableArray<string> ErrorIds);
