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

    /// <summary>Rows of real data.</summary>
    public int Rows { get; }

    /// <summary>Columns.</summary>
    public int Features { get; }

    /// <summary>Distance between the starts of consecutive columns; a multiple of <see cref="SimdSupport.PadElements"/>.</summary>
    public int Stride { get; }

    /// <summary>The values, column <c>f</c> at <c>[f * Stride, f * Stride + Rows)</c>; zero elsewhere.</summary>
    public T[] Values { get; }

    /// <summary>A reference to the first value, for the kernels' unchecked vector loads.</summary>
    public ref T Start => ref MemoryMarshal.GetArrayDataReference(Values);

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

    /// <summary>Rows of real data.</summary>
    public int Rows { get; }

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
