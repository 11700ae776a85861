using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelGen.Simd;

namespace ModelGen.Data;

/// <summary>
/// Rows of data stored feature-major: one contiguous run of <see cref="Stride"/> values per column,
/// so the row (batch) dimension is the SIMD dimension of the generated kernels. <see cref="Stride"/>
/// is the row count rounded up to whole 512-bit registers; the padding is zero.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class FeatureMajor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private FeatureMajor(int rows, int features)
    {
        Rows = rows;
        Features = features;
        Stride = SimdSupport.PaddedLength(rows);
        Values = new T[Stride * features];
    }

    /// <summary>Storage for up to <paramref name="capacity"/> rows, none of them in use yet: a minibatch buffer.</summary>
    /// <param name="capacity">The most rows a batch can hold; at least 1.</param>
    /// <param name="features">Columns.</param>
    public static FeatureMajor<T> WithCapacity(int capacity, int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        return new FeatureMajor<T>(capacity, features) { Rows = 0 };
    }

    /// <summary>Rows of real data: those the kernels read. A batch buffer changes it with <see cref="SetRows"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>The most rows this storage holds (<see cref="Stride"/>).</summary>
    public int Capacity => Stride;

    /// <summary>Column <paramref name="feature"/>: <see cref="Stride"/> values, the first <see cref="Rows"/> real.</summary>
    public Span<T> Column(int feature) => Values.AsSpan(feature * Stride, Stride);

    /// <summary>Sets how many leading rows are real (a batch fills its first rows in place).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative or above <see cref="Capacity"/>.</exception>
    public void SetRows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Capacity);
        Rows = rows;
    }

    /// <summary>Columns.</summary>
    public int Features { get; }

    /// <summary>Distance between the starts of consecutive columns; a multiple of <see cref="SimdSupport.PadElements"/>.</summary>
    public int Stride { get; }

    /// <summary>The values, column <c>f</c> at <c>[f * Stride, f * Stride + Rows)</c>; zero elsewhere.</summary>
    public T[] Values { get; }

    /// <summary>A reference to the first value, for the kernels' unchecked vector loads.</summary>
    public ref T Start => ref MemoryMarshal.GetArrayDataReference(Values);

    /// <summary>Checks rows [0, <paramref name="rows"/>) of a filled batch are finite.</summary>
    /// <exception cref="ModelDataException">A non-finite value; the message names the element, the row and the column.</exception>
    public void CheckFinite(int rows, string element, long firstRow)
    {
        for (int f = 0; f < Features; f++)
        {
            ReadOnlySpan<T> column = Values.AsSpan(f * Stride, rows);
            if (ValueChecks.AllFinite(column))
            {
                continue;
            }

            for (int r = 0; r < column.Length; r++)
            {
                if (!T.IsFinite(column[r]))
                {
                    throw new ModelDataException(
                        $"Input '{element}' has a non-finite value ({column[r]}) at row {firstRow + r} (row {r} of the batch), column {f}.",
                        element,
                        r,
                        f);
                }
            }
        }
    }

    /// <summary>
    /// Checks rows [0, <paramref name="rows"/>) of column <paramref name="column"/> are group indices: whole numbers from 0
    /// to <paramref name="levels"/> − 1.
    /// </summary>
    /// <param name="column">The column holding the index.</param>
    /// <param name="levels">How many groups.</param>
    /// <param name="rows">Rows in use.</param>
    /// <param name="element">The input's name, for messages.</param>
    /// <param name="group">The group element's name, for messages.</param>
    /// <param name="firstRow">The data set row of batch row 0, for messages.</param>
    /// <exception cref="ModelDataException">A value that is no group's index; the message names the group, the row and the column.</exception>
    public void CheckGroup(int column, int levels, int rows, string element, string group, long firstRow)
    {
        ReadOnlySpan<T> values = Values.AsSpan(column * Stride, rows);
        for (int r = 0; r < values.Length; r++)
        {
            T v = values[r];
            if (!T.IsFinite(v) || T.Round(v) != v || v < T.Zero || v >= T.CreateTruncating(levels))
            {
                throw new ModelDataException(
                    $"Group '{group}' (input '{element}', column {column}) has {v} at row {firstRow + r} (row {r} of the batch); a group index is a whole number from 0 to {levels - 1}.",
                    group,
                    r,
                    column);
            }
        }
    }

    /// <summary>
    /// Checks rows [0, <paramref name="rows"/>) of column <paramref name="column"/> are numbers of trials (whole numbers ≥ 0)
    /// and, when <paramref name="observed"/> is given, that each row's observed successes are at most its trials.
    /// </summary>
    /// <exception cref="ModelDataException">A bad number of trials (naming the column) or more successes than trials (naming the observation); with the row.</exception>
    public void CheckTrials(int column, ObservedColumn<T>? observed, int rows, string element, string name, string observedName, long firstRow)
    {
        ReadOnlySpan<T> values = Values.AsSpan(column * Stride, rows);
        for (int r = 0; r < values.Length; r++)
        {
            T n = values[r];
            if (!T.IsFinite(n) || T.Round(n) != n || n < T.Zero)
            {
                throw new ModelDataException(
                    $"Column '{name}' (input '{element}', column {column}) has {n} at row {firstRow + r} (row {r} of the batch); a number of trials is a whole number ≥ 0.",
                    name,
                    r,
                    column);
            }

            if (observed is not null && observed.Values[r] > n)
            {
                throw new ModelDataException(
                    $"Observed '{observedName}' has {observed.Values[r]} successes at row {firstRow + r} (row {r} of the batch), more than its {n} trials in column '{name}'.",
                    observedName,
                    r);
            }
        }
    }

    /// <summary>Checks rows [0, <paramref name="rows"/>) of column <paramref name="column"/> are finite and greater than 0 (a per-row scale).</summary>
    /// <exception cref="ModelDataException">A value that is not; the message names the column element, the row and the column.</exception>
    public void CheckPositive(int column, int rows, string element, string name, long firstRow)
    {
        ReadOnlySpan<T> values = Values.AsSpan(column * Stride, rows);
        for (int r = 0; r < values.Length; r++)
        {
            if (!T.IsFinite(values[r]) || values[r] <= T.Zero)
            {
                throw new ModelDataException(
                    $"Column '{name}' (input '{element}', column {column}) has {values[r]} at row {firstRow + r} (row {r} of the batch); it is a scale and must be finite and greater than 0.",
                    name,
                    r,
                    column);
            }
        }
    }

    /// <summary>
    /// Copies row-major <paramref name="rows"/> (rows × features) into feature-major storage, checking
    /// its shape and that every value is finite.
    /// </summary>
    /// <param name="rows">The data, one row per observation.</param>
    /// <param name="features">Columns the model element declares.</param>
    /// <param name="element">The model element's name, for messages.</param>
    /// <param name="paramName">The argument's name, for messages.</param>
    /// <param name="allowEmpty">Whether zero rows are acceptable (prediction on nothing is; fitting on nothing is not).</param>
    /// <exception cref="ModelDataException">Shape or value problems; the message names element, row and column.</exception>
    public static FeatureMajor<T> FromRows(T[,] rows, int features, string element, string paramName, bool allowEmpty = false)
    {
        if (rows is null)
        {
            throw new ModelDataException($"Input '{element}' is null; pass a {typeof(T).Name}[rows, {features}] array.", element, paramName: paramName);
        }

        int n = rows.GetLength(0);
        int columns = rows.GetLength(1);
        if (columns != features)
        {
            throw new ModelDataException(
                $"Input '{element}' has {columns} column(s) but the model declares {features} feature(s) ([Input({features})]).",
                element,
                paramName: paramName);
        }

        if (n == 0 && !allowEmpty)
        {
            throw new ModelDataException($"Input '{element}' has no rows; a model needs at least one row to fit.", element, paramName: paramName);
        }

        var packed = new FeatureMajor<T>(n, features);
        for (int r = 0; r < n; r++)
        {
            for (int f = 0; f < features; f++)
            {
                T value = rows[r, f];
                if (!T.IsFinite(value))
                {
                    throw new ModelDataException(
                        $"Input '{element}' has a non-finite value ({value}) at row {r}, column {f}; remove or impute the row before binding.",
                        element,
                        r,
                        f,
                        paramName);
                }

                packed.Values[(f * packed.Stride) + r] = value;
            }
        }

        return packed;
    }
}

/// <summary>Observed values, padded like <see cref="FeatureMajor{T}"/>, with a row mask that zeroes the padding's contribution.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ObservedColumn<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private ObservedColumn(int rows)
    {
        Rows = rows;
        int stride = SimdSupport.PaddedLength(rows);
        Values = new T[stride];
        Mask = new T[stride];
        Mask.AsSpan(0, rows).Fill(T.One);
    }

    /// <summary>Storage for up to <paramref name="capacity"/> observations, none in use yet: a minibatch buffer.</summary>
    public static ObservedColumn<T> WithCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var column = new ObservedColumn<T>(capacity);
        column.SetRows(0);
        return column;
    }

    /// <summary>Rows of real data.</summary>
    public int Rows { get; private set; }

    /// <summary>Sets how many leading rows are real: their mask becomes 1, every other 0, so stale values add nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative or above the capacity.</exception>
    public void SetRows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Values.Length);
        Mask.AsSpan(0, rows).Fill(T.One);
        Mask.AsSpan(rows).Clear();
        Rows = rows;
    }

    /// <summary>Checks rows [0, <paramref name="rows"/>) of a filled batch: 0/1 for a Bernoulli likelihood.</summary>
    /// <exception cref="ModelDataException">A value other than 0 or 1; the message names the element and the batch row.</exception>
    public void CheckBernoulli(int rows, string element, long firstRow)
    {
        if (ValueChecks.AllZeroOrOne<T>(Values.AsSpan(0, rows)))
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            T v = Values[r];
            if (v != T.Zero && v != T.One)
            {
                throw new ModelDataException($"Observed '{element}' has {v} at row {firstRow + r} (row {r} of the batch); a Bernoulli likelihood needs 0 or 1.", element, r);
            }
        }
    }

    /// <summary>Checks rows [0, <paramref name="rows"/>) of a filled batch are finite.</summary>
    /// <exception cref="ModelDataException">A non-finite value; the message names the element and the batch row.</exception>
    public void CheckFinite(int rows, string element, long firstRow)
    {
        if (ValueChecks.AllFinite<T>(Values.AsSpan(0, rows)))
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            if (!T.IsFinite(Values[r]))
            {
                throw new ModelDataException($"Observed '{element}' has a non-finite value ({Values[r]}) at row {firstRow + r} (row {r} of the batch).", element, r);
            }
        }
    }

    /// <summary>
    /// Checks rows [0, <paramref name="rows"/>) of a filled batch are counts: whole numbers from 0 to
    /// <paramref name="maxCount"/> (no upper bound when null), as Poisson, negative binomial and binomial likelihoods need.
    /// </summary>
    /// <exception cref="ModelDataException">A value that is not such a count; the message names the element and the batch row.</exception>
    public void CheckCounts(int rows, string element, long firstRow, int? maxCount)
    {
        for (int r = 0; r < rows; r++)
        {
            if (CountProblem(Values[r], maxCount) is { } problem)
            {
                throw new ModelDataException($"Observed '{element}' has {Values[r]} at row {firstRow + r} (row {r} of the batch); {problem}.", element, r);
            }
        }
    }

    /// <summary>
    /// Checks rows [0, <paramref name="rows"/>) of a filled batch are class labels: whole numbers from 0 to
    /// <paramref name="classes"/> − 1, as a categorical likelihood needs.
    /// </summary>
    /// <exception cref="ModelDataException">A value that is not such a label; the message names the element and the batch row.</exception>
    public void CheckCategorical(int rows, string element, long firstRow, int classes)
    {
        for (int r = 0; r < rows; r++)
        {
            if (LabelProblem(Values[r], classes) is { } problem)
            {
                throw new ModelDataException($"Observed '{element}' has {Values[r]} at row {firstRow + r} (row {r} of the batch); {problem}.", element, r);
            }
        }
    }

    /// <summary>The observations, zero-padded.</summary>
    public T[] Values { get; }

    /// <summary>1 for each real row, 0 for padding: the kernels multiply each row's log-likelihood and adjoint by it.</summary>
    public T[] Mask { get; }

    /// <summary>Checks and copies 0/1 observations for a Bernoulli likelihood.</summary>
    /// <exception cref="ModelDataException">A null array, a row count that does not match the inputs, or a value other than 0 or 1.</exception>
    public static ObservedColumn<T> Bernoulli(T[] values, int expectedRows, string element, string paramName)
    {
        ObservedColumn<T> column = Create(values, expectedRows, element, paramName);
        for (int r = 0; r < values.Length; r++)
        {
            T v = values[r];
            if (v != T.Zero && v != T.One)
            {
                throw new ModelDataException(
                    $"Observed '{element}' has {v} at row {r}; a Bernoulli likelihood needs 0 or 1.",
                    element,
                    r,
                    paramName: paramName);
            }

            column.Values[r] = v;
        }

        return column;
    }

    /// <summary>Checks and copies real-valued observations (any finite value) for a Normal likelihood.</summary>
    /// <exception cref="ModelDataException">A null array, a row count that does not match the inputs, or a non-finite value.</exception>
    public static ObservedColumn<T> Real(T[] values, int expectedRows, string element, string paramName)
    {
        ObservedColumn<T> column = Create(values, expectedRows, element, paramName);
        for (int r = 0; r < values.Length; r++)
        {
            T v = values[r];
            if (!T.IsFinite(v))
            {
                throw new ModelDataException(
                    $"Observed '{element}' has a non-finite value ({v}) at row {r}; remove or impute the row before binding.",
                    element,
                    r,
                    paramName: paramName);
            }

            column.Values[r] = v;
        }

        return column;
    }

    /// <summary>
    /// Checks and copies counts for a Poisson or negative binomial likelihood (whole numbers ≥ 0), or a binomial one
    /// (whole numbers from 0 to <paramref name="maxCount"/>, its trials).
    /// </summary>
    /// <exception cref="ModelDataException">A null array, a row count that does not match the inputs, or a value that is not such a count.</exception>
    public static ObservedColumn<T> Counts(T[] values, int expectedRows, string element, string paramName, int? maxCount)
    {
        ObservedColumn<T> column = Create(values, expectedRows, element, paramName);
        for (int r = 0; r < values.Length; r++)
        {
            if (CountProblem(values[r], maxCount) is { } problem)
            {
                throw new ModelDataException($"Observed '{element}' has {values[r]} at row {r}; {problem}.", element, r, paramName: paramName);
            }

            column.Values[r] = values[r];
        }

        return column;
    }

    /// <summary>Checks and copies class labels (whole numbers from 0 to <paramref name="classes"/> − 1) for a categorical likelihood.</summary>
    /// <exception cref="ModelDataException">A null array, a row count that does not match the inputs, or a value that is not such a label.</exception>
    public static ObservedColumn<T> Categorical(T[] values, int expectedRows, string element, string paramName, int classes)
    {
        ObservedColumn<T> column = Create(values, expectedRows, element, paramName);
        for (int r = 0; r < values.Length; r++)
        {
            if (LabelProblem(values[r], classes) is { } problem)
            {
                throw new ModelDataException($"Observed '{element}' has {values[r]} at row {r}; {problem}.", element, r, paramName: paramName);
            }

            column.Values[r] = values[r];
        }

        return column;
    }

    /// <summary>Why <paramref name="value"/> is not a class label in 0 … <paramref name="classes"/> − 1, or null when it is.</summary>
    private static string? LabelProblem(T value, int classes) =>
        !T.IsFinite(value) || value < T.Zero || T.Floor(value) != value || value >= T.CreateChecked(classes)
            ? $"a categorical likelihood over {classes} classes needs a class label, a whole number from 0 to {classes - 1}"
            : null;

    /// <summary>Why <paramref name="value"/> is not a count in [0, <paramref name="maxCount"/>], or null when it is.</summary>
    private static string? CountProblem(T value, int? maxCount) =>
        !T.IsFinite(value) || value < T.Zero || T.Floor(value) != value ? "a count likelihood needs a whole number of 0 or more"
        : maxCount is int max && value > T.CreateChecked(max) ? $"a binomial likelihood with {max} trials needs a count from 0 to {max}"
        : null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ObservedColumn<T> Create(T[] values, int expectedRows, string element, string paramName)
    {
        if (values is null)
        {
            throw new ModelDataException($"Observed '{element}' is null; pass a {typeof(T).Name}[] with one value per row.", element, paramName: paramName);
        }

        if (values.Length != expectedRows)
        {
            throw new ModelDataException(
                $"Observed '{element}' has {values.Length} value(s) but the inputs have {expectedRows} row(s); pass one observation per row.",
                element,
                paramName: paramName);
        }

        return new ObservedColumn<T>(values.Length);
    }
}
