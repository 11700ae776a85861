using System.Numerics;
using ModelGen.Data;

namespace ModelGen.Runtime.Tests.Data;

/// <summary>
/// The per-batch checks take a branch-free vector pass first and rescan only when it fails; a bad value at any row
/// (the vector body, the overlapping last register, or a batch shorter than a register) must still throw and name
/// its row and column, and good batches must pass.
/// </summary>
public class BatchCheckTests
{
    public static TheoryData<int> Rows => new() { 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 50, 64 };

    [Theory]
    [MemberData(nameof(Rows))]
    public void CheckFinite_FindsEveryBadRowAndColumn(int rows)
    {
        FindsEveryBadRowAndColumn<float>(rows);
        FindsEveryBadRowAndColumn<double>(rows);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void ObservedChecks_FindEveryBadRow(int rows)
    {
        ObservedFindEveryBadRow<float>(rows);
        ObservedFindEveryBadRow<double>(rows);
    }

    private static void FindsEveryBadRowAndColumn<T>(int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        FeatureMajor<T> x = FeatureMajor<T>.WithCapacity(rows, 2);
        x.SetRows(rows);
        for (int f = 0; f < 2; f++)
        {
            for (int r = 0; r < rows; r++)
            {
                x.Column(f)[r] = T.CreateTruncating((r * 0.5) - f);
            }
        }

        x.CheckFinite(rows, "X", 100);
        foreach (T bad in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity })
        {
            for (int f = 0; f < 2; f++)
            {
                for (int r = 0; r < rows; r++)
                {
                    T saved = x.Column(f)[r];
                    x.Column(f)[r] = bad;
                    var e = Assert.Throws<ModelDataException>(() => x.CheckFinite(rows, "X", 100));
                    Assert.Equal((r, f), (e.Row, e.Column));
                    Assert.Contains($"row {100 + r}", e.Message, StringComparison.Ordinal);
                    x.Column(f)[r] = saved;
                }
            }
        }

        // Values past the batch's rows are not its rows: a stale NaN there is not reported.
        if (rows < x.Capacity)
        {
            x.Column(1)[rows] = T.NaN;
            x.CheckFinite(rows, "X", 0);
        }
    }

    private static void ObservedFindEveryBadRow<T>(int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ObservedColumn<T> y = ObservedColumn<T>.WithCapacity(rows);
        y.SetRows(rows);
        for (int r = 0; r < rows; r++)
        {
            y.Values[r] = T.CreateTruncating(r % 3 == 0 ? 1 : 0);
        }

        y.CheckBernoulli(rows, "Y", 0);
        y.CheckFinite(rows, "Y", 0);
        for (int r = 0; r < rows; r++)
        {
            T saved = y.Values[r];
            foreach (T bad in new[] { T.CreateTruncating(0.5), T.CreateTruncating(2), T.NegativeOne, T.NaN })
            {
                y.Values[r] = bad;
                Assert.Equal(r, Assert.Throws<ModelDataException>(() => y.CheckBernoulli(rows, "Y", 0)).Row);
            }

            foreach (T bad in new[] { T.NaN, T.PositiveInfinity, T.NegativeInfinity })
            {
                y.Values[r] = bad;
                Assert.Equal(r, Assert.Throws<ModelDataException>(() => y.CheckFinite(rows, "Y", 0)).Row);
            }

            y.Values[r] = saved;
        }
    }
}
