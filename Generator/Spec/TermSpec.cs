namespace ModelGen.Generator.Spec;

// A [Term] method's body as plain values (docs/terms.md, "Terms"), so the incremental pipeline caches it: the parser
// reads the syntax into these records (reporting MG3001–MG3003 at their spans), the lowering turns them into kernel IR.

/// <summary>
/// A <c>[Term]</c> method: its name, the line its declaration starts on (1-based, for the generated comment) and its
/// body's statements in order; an expression-bodied method is one <see cref="TermReturn"/>.
/// </summary>
internal sealed record TermSpec(string Name, int Line, EquatableArray<TermStatement> Body)
{
    /// <summary>Whether its loops over rows stay scalar (<c>[ScalarRows]</c> beside <c>[Term]</c>, internal: the benchmarks' baseline).</summary>
    public bool ScalarRows { get; init; }
}

/// <summary>One statement of a term's body; <see cref="Line"/> is its C# line (1-based), for the generated comment.</summary>
internal abstract record TermStatement(int Line);

/// <summary><c>double Name = Value;</c> (or <c>var</c>, <c>float</c>).</summary>
internal sealed record TermLocal(string Name, TermExpression Value, int Line) : TermStatement(Line);

/// <summary><c>Name Op Value;</c> to a local: <see cref="Op"/> is "=", "+=", "-=", "*=" or "/=".</summary>
internal sealed record TermAssign(string Name, string Op, TermExpression Value, int Line) : TermStatement(Line);

/// <summary><c>return Value;</c>: the term's value, added to log p.</summary>
internal sealed record TermReturn(TermExpression Value, int Line) : TermStatement(Line);

/// <summary>
/// <c>for (int Variable = From; Variable &lt; To; Variable++) { Body }</c> (or <c>&lt;=</c>, read as <c>&lt; To + 1</c>):
/// bounds are integer expressions of constants, data sizes and enclosing loops' indices; the only values the body carries
/// from one iteration to the next are sums (<c>+=</c>, <c>-=</c>) into locals declared outside it (the parser checks).
/// </summary>
internal sealed record TermFor(string Variable, TermExpression From, TermExpression To, EquatableArray<TermStatement> Body, int Line) : TermStatement(Line);

/// <summary><c>if (Condition) { Then } else { Else }</c>, the condition on data and loop indices only.</summary>
internal sealed record TermIf(TermExpression Condition, EquatableArray<TermStatement> Then, EquatableArray<TermStatement> Else, int Line) : TermStatement(Line);

/// <summary>An expression of a term's body.</summary>
internal abstract record TermExpression;

/// <summary>A numeric literal.</summary>
internal sealed record TermNumber(double Value) : TermExpression;

/// <summary>
/// A read of a name: a local, a data element or a parameter (the lowering tells which), with no index for a scalar,
/// one for a vector's element, two for a matrix's; each index an integer expression.
/// </summary>
internal sealed record TermRead(string Name, EquatableArray<TermExpression> Indices) : TermExpression;

/// <summary><c>Name.Length</c>, <c>Name.Rows</c> or <c>Name.Columns</c> of a data element or parameter.</summary>
internal sealed record TermSize(string Name, string Member) : TermExpression;

/// <summary><c>-Operand</c>, <c>+Operand</c> or (in a condition) <c>!Operand</c>.</summary>
internal sealed record TermUnary(string Op, TermExpression Operand) : TermExpression;

/// <summary>
/// <c>Left Op Right</c>: arithmetic ("+", "-", "*", "/"), a comparison ("&lt;", "&lt;=", "&gt;", "&gt;=", "==", "!=") or a
/// logical "&amp;&amp;", "||" (conditions read data and loop indices only).
/// </summary>
internal sealed record TermBinary(string Op, TermExpression Left, TermExpression Right) : TermExpression;

/// <summary>A call to the math library: <c>Function(Args…)</c>.</summary>
internal sealed record TermCall(string Function, EquatableArray<TermExpression> Args) : TermExpression;

/// <summary><c>Condition ? WhenTrue : WhenFalse</c>, the condition on data only.</summary>
internal sealed record TermConditional(TermExpression Condition, TermExpression WhenTrue, TermExpression WhenFalse) : TermExpression;

// Local matrices and the linear algebra (docs/terms.md step 5; lowered by Lower/TermLowering.Matrices.cs).

/// <summary><c>LocalMatrix&lt;double&gt; Name = Local.Matrix(Rows, Columns);</c>: sizes from constants and data sizes only (MG3005).</summary>
internal sealed record TermMatrixLocal(string Name, TermExpression Rows, TermExpression Columns, int Line) : TermStatement(Line);

/// <summary>A whole-object call as a statement, <c>ExpQuadCovariance(X, Alpha, Rho, k);</c>: its last argument is the matrix it writes.</summary>
internal sealed record TermMatrixCall(string Function, EquatableArray<TermExpression> Args, int Line) : TermStatement(Line);

/// <summary><c>Name[Row, Column] += Value;</c> (or <c>-=</c>) to an element of a local matrix.</summary>
internal sealed record TermElementAdd(string Name, TermExpression Row, TermExpression Column, string Op, TermExpression Value, int Line) : TermStatement(Line);

/// <summary>A whole data vector or local matrix passed by name to a linear-algebra call (<c>Y</c>, <c>l</c>).</summary>
internal sealed record TermObject(string Name) : TermExpression;
