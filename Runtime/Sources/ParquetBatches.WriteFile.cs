using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace ModelGen.Sources;

/// <summary>Helpers for <see cref="ParquetBatches{T}"/>: writing a data set into a Parquet file to read it back in batches.</summary>
public static class ParquetBatches
{
    /// <summary>The options the source reads with.</summary>
    internal static ParquetOptions ReadOptions => new();

    /// <summary>
    /// Writes <paramref name="x"/> and <paramref name="y"/> to a Parquet file at <paramref name="path"/> (replacing
    /// any file there): one non-nullable column of <typeparamref name="T"/> per name in
    /// <paramref name="columnNames"/>, the inputs' columns first and the observations' last, in row groups of
    /// <paramref name="rowGroupSize"/> rows (the last holds the remainder), rows in array order. For samples and
    /// tests; it allocates one row group's columns at a time.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="columnNames">Names of the input columns, then of the observed column: features + 1 names.</param>
    /// <param name="x">Inputs, rows × features.</param>
    /// <param name="y">Observations, one per row.</param>
    /// <param name="rowGroupSize">Rows per row group: what a reader holds in memory at a time.</param>
    /// <param name="cancellationToken">Stops between columns.</param>
    /// <exception cref="ArgumentException">Names and shapes do not match, or a name repeats.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static async Task WriteFileAsync<T>(string path, IReadOnlyList<string> columnNames, T[,] x, T[] y, int rowGroupSize, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SqliteBatches.CheckData(columnNames, x, y);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Parquet columns of {typeof(T).Name} are not supported; write float or double.");
        }

        int rows = x.GetLength(0);
        int features = x.GetLength(1);
        DataField[] fields = [.. columnNames.Select(name => new DataField(name, typeof(T), isNullable: false))];
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                var column = new T[Math.Min(rowGroupSize, Math.Max(rows, 1))];
                for (int start = 0; start < rows; start += rowGroupSize)
                {
                    int count = Math.Min(rowGroupSize, rows - start);
                    using ParquetRowGroupWriter group = writer.CreateRowGroup();
                    for (int f = 0; f < features; f++)
                    {
                        for (int r = 0; r < count; r++)
                        {
                            column[r] = x[start + r, f];
                        }

                        await group.WriteAsync<T>(fields[f], column.AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
                    }

                    await group.WriteAsync<T>(fields[features], y.AsMemory(start, count), cancellationToken: cancellationToken).ConfigureAwait(false);
                    group.CompleteValidate();
                }
            }
        }
    }

    /// <summary>Writes a Parquet file as <see cref="WriteFileAsync"/> does, waiting for it.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="columnNames">Names of the input columns, then of the observed column: features + 1 names.</param>
    /// <param name="x">Inputs, rows × features.</param>
    /// <param name="y">Observations, one per row.</param>
    /// <param name="rowGroupSize">Rows per row group: what a reader holds in memory at a time.</param>
    public static void WriteFile<T>(string path, IReadOnlyList<string> columnNames, T[,] x, T[] y, int rowGroupSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using (Blocking.WithoutContext())
        {
            Blocking.Wait(WriteFileAsync(path, columnNames, x, y, rowGroupSize));
        }
    }
}
