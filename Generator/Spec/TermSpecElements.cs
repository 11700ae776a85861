namespace ModelGen.Generator.Spec;

// Local spans and local-matrix elements written by '=' and read later (docs/terms.md, sample 5 and "Local spans and
// elements"; checked by Parse/ModelParser.TermElements.cs, lowered by Lower/TermLowering.Elements.cs).

/// <summary><c>Span&lt;double&gt; Name = stackalloc double[Size];</c> at a term's top level: a size from constants and data sizes only (MG3005).</summary>
internal sealed record TermSpanLocal(string Name, TermExpression Size, int Line) : TermStatement(Line);

/// <summary>
/// <c>Name[Indices] = Value;</c> to an element of a local span (one index) or local matrix (row, column): a new value of
/// that element (a matrix's cell is written once; a span is written whole by a loop before it is read).
/// </summary>
internal sealed record TermElementSet(string Name, EquatableArray<TermExpression> Indices, TermExpression Value, int Line) : TermStatement(Line);

/// <summary><c>Name[Indices]</c>, a read of a local span's element (one index) or a local matrix's (row, column).</summary>
internal sealed record TermElementRead(string Name, EquatableArray<TermExpression> Indices) : TermExpression;

/// <summary>
/// <c>LogSumExp(Name)</c> over a local span (<see cref="Row"/> null) or <c>LogSumExp(Name.Row(Row))</c> over a row of a
/// local matrix.
/// </summary>
internal sealed record TermReduce(string Function, string Name, TermExpression? Row) : TermExpression;
