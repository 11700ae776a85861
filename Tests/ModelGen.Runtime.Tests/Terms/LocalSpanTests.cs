using ModelGen.Terms;
using TermMath = ModelGen.Terms.Math;

namespace ModelGen.Runtime.Tests.Terms;

/// <summary>
/// What docs/terms.md's K-state forward algorithm calls as written (sample 5): a local matrix's row as a writable span,
/// and log-sum-exp over a span, each against a closed form written here.
/// </summary>
public sealed class LocalSpanTests
{
    [Fact]
    public void A_row_of_a_local_matrix_is_its_values_and_writes_through()
    {
        LocalMatrix<double> m = Local.Matrix(3, 2);
        m[1, 0] = 4;
        m[1, 1] = -2;
        Span<double> row = m.Row(1);
        Assert.Equal([4.0, -2.0], row.ToArray());
        row[0] = 7;
        Assert.Equal(7, m[1, 0]);
        Assert.Equal([0.0, 0.0], m.Row(2).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Local.Matrix(3, 2).Row(3).Length);
    }

    [Fact]
    public void Log_sum_exp_of_a_span_is_the_closed_form_and_does_not_overflow()
    {
        double[] values = [0.5, -1.25, 2];
        Assert.Equal(System.Math.Log(System.Math.Exp(0.5) + System.Math.Exp(-1.25) + System.Math.Exp(2)), TermMath.LogSumExp<double>(values), 14);

        // 1000 + log 2 where e¹⁰⁰⁰ overflows; a span of one is its value.
        Assert.Equal(1000 + System.Math.Log(2), TermMath.LogSumExp<double>([1000.0, 1000.0]), 12);
        Assert.Equal(-3.5f, TermMath.LogSumExp<float>([-3.5f]));
    }
}
