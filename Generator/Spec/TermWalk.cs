using System.Collections.Generic;

namespace ModelGen.Generator.Spec;

/// <summary>Every expression of a term's statements, sub-expressions included, in source order.</summary>
internal static class TermWalk
{
    public static IEnumerable<TermExpression> Expressions(IEnumerable<TermStatement> statements)
    {
        foreach (TermStatement statement in statements)
        {
            foreach (TermExpression root in Roots(statement))
            {
                foreach (TermExpression e in Within(root))
                {
                    yield return e;
                }
            }

            foreach (IEnumerable<TermStatement> body in Bodies(statement))
            {
                foreach (TermExpression e in Expressions(body))
                {
                    yield return e;
                }
            }
        }
    }

    /// <summary>An expression and every expression inside it.</summary>
    public static IEnumerable<TermExpression> Within(TermExpression e)
    {
        yield return e;
        IEnumerable<TermExpression> children = e switch
        {
            TermRead r => r.Indices,
            TermUnary u => [u.Operand],
            TermBinary b => [b.Left, b.Right],
            TermCall c => c.Args,
            TermConditional c => [c.Condition, c.WhenTrue, c.WhenFalse],
            _ => [],
        };
        foreach (TermExpression child in children)
        {
            foreach (TermExpression inner in Within(child))
            {
                yield return inner;
            }
        }
    }

    private static IEnumerable<TermExpression> Roots(TermStatement s) => s switch
    {
        TermLocal l => [l.Value],
        TermAssign a => [a.Value],
        TermReturn r => [r.Value],
        TermFor f => [f.From, f.To],
        TermIf i => [i.Condition],
        TermMatrixLocal m => [m.Rows, m.Columns],
        TermMatrixCall c => c.Args,
        TermElementAdd e => [e.Row, e.Column, e.Value],
        _ => [],
    };

    private static IEnumerable<IEnumerable<TermStatement>> Bodies(TermStatement s) => s switch
    {
        TermFor f => [f.Body],
        TermIf i => [i.Then, i.Else],
        _ => [],
    };
}
