using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Simd;

/// <summary>
/// Per-lane reads and writes through a group index, for parameters with one value per group: each row of a
/// register picks its own element (a county's intercept). The indices are the group column's values, checked
/// when the rows were bound to be whole numbers inside the table; padding rows read index 0 and carry a zero mask.
/// </summary>
public static class Lanes
{
    /// <summary>
    /// The register whose lane <c>i</c> is <c>table[index[row + i]]</c>, the index column read as whole numbers.
    /// </summary>
    /// <param name="table">The parameter's values, one per group.</param>
    /// <param name="index">The first value of the group column.</param>
    /// <param name="row">The register's first row.</param>
    public static TVec Gather<TSimd, TVec, T>(ReadOnlySpan<T> table, ref readonly T index, nuint row)
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> lanes = stackalloc T[TSimd.Count];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = table[int.CreateTruncating(Unsafe.Add(ref Unsafe.AsRef(in index), row + (nuint)i))];
        }

        return TSimd.Load(in lanes[0], 0);
    }

    /// <summary>Adds lane <c>i</c> of <paramref name="values"/> to <c>table[index[row + i]]</c>: the reverse of <see cref="Gather"/>.</summary>
    /// <param name="table">The parameter's gradient, one value per group.</param>
    /// <param name="index">The first value of the group column.</param>
    /// <param name="row">The register's first row.</param>
    /// <param name="values">The adjoints of the gathered lanes.</param>
    public static void ScatterAdd<TSimd, TVec, T>(Span<T> table, ref readonly T index, nuint row, TVec values)
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> lanes = stackalloc T[TSimd.Count];
        TSimd.Store(values, ref lanes[0], 0);
        for (int i = 0; i < lanes.Length; i++)
        {
            table[int.CreateTruncating(Unsafe.Add(ref Unsafe.AsRef(in index), row + (nuint)i))] += lanes[i];
        }
    }

    /// <summary>
    /// The register whose lane <c>i</c> is <c>matrix[r, column]</c> of a row-major matrix, r = min(row + i, rowEnd − 1):
    /// one column of a register of rows (a term's <c>X[n, k]</c> in its row block), lanes past the last row repeating
    /// it (finite, under mask 0), gathered through <paramref name="lanes"/> (<c>TSimd.Count</c> values of the caller's).
    /// </summary>
    /// <param name="matrix">The matrix's values, row after row.</param>
    /// <param name="columns">Its columns: the stride from one row to the next.</param>
    /// <param name="column">The column read.</param>
    /// <param name="row">The register's first row.</param>
    /// <param name="rowEnd">One past the last row the loop reads.</param>
    /// <param name="lanes">Room for one register's values.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Column<TSimd, TVec, T>(ReadOnlySpan<T> matrix, int columns, int column, int row, int rowEnd, Span<T> lanes)
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int last = rowEnd - 1;
        for (int i = 0; i < TSimd.Count; i++)
        {
            lanes[i] = matrix[(Math.Min(row + i, last) * columns) + column];
        }

        return TSimd.Load(in lanes[0], 0);
    }
}
