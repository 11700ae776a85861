namespace ModelGen.Generator;

/// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Spec = nameof(Spec);
    public const string Emit = nameof(Emit);
}
