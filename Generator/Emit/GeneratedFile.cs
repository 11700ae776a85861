namespace ModelGen.Generator.Emit;

/// <summary>
/// One generated source file: the pipeline's last value, compared by text so identical output stops
/// there. <see cref="InternalError"/> carries an unexpected failure's description to the output step,
/// which reports it as MG9001 (the emit branch has no locations, so it is reported without one).
/// </summary>
internal sealed record GeneratedFile(string HintName, string Text, string? InternalError = null);
