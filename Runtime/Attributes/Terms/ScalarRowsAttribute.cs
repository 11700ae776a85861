namespace ModelGen;

/// <summary>
/// Beside <c>[Term]</c>: keeps the term's loops over rows on the scalar path even where their trips are independent rows
/// (docs/terms.md, "Vectorising a per-row loop"), the baseline the row registers are measured against
/// (Tests/Benchmarks, RowTermBenchmarks). Internal: a comparison's switch, not a user's.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
internal sealed class ScalarRowsAttribute : Attribute
{
}
