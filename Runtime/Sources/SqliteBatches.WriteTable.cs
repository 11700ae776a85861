using System.Numerics;
using Microsoft.Data.Sqlite;
using ModelGen.Data;

namespace ModelGen.Sources;

/// <summary>Helpers for <see cref="SqliteBatches{T}"/>: writing a data set into a table to read it back in batches.</summary>
public static class SqliteBatches
{
    /// <summary>
    /// Writes <paramref name="x"/> and <paramref name="y"/> into a new table <paramref name="table"/> of the SQLite
    /// file at <paramref name="path"/> (created if missing): one REAL column per name in
    /// <paramref name="columnNames"/>, the inputs' columns first and the observations' last, one row per row of
    /// <paramref name="x"/> in order, so rowid order is array order. One transaction with a prepared insert;
    /// for samples and tests (a real data set arrives in its own tables).
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="table">The new table's name; the table must not exist.</param>
    /// <param name="columnNames">Names of the input columns, then of the observed column: features + 1 names.</param>
    /// <param name="x">Inputs, rows × features.</param>
    /// <param name="y">Observations, one per row.</param>
    /// <exception cref="ArgumentException">Names and shapes do not match, or a name repeats.</exception>
    /// <exception cref="SqliteException">The table exists already, or the file cannot be written.</exception>
    public static void WriteTable<T>(string path, string table, IReadOnlyList<string> columnNames, T[,] x, T[] y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(table);
        CheckData(columnNames, x, y);
        int rows = x.GetLength(0);
        int features = x.GetLength(1);

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using (SqliteCommand create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            // The identifiers are quoted.
            create.CommandText = "CREATE TABLE " + Quote(table) + " (" + string.Join(", ", columnNames.Select(c => Quote(c) + " REAL")) + ")";
            create.ExecuteNonQuery();
        }

        using (SqliteCommand insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            // Identifiers are quoted; values are parameters.
            insert.CommandText = "INSERT INTO " + Quote(table) + " (" + string.Join(", ", columnNames.Select(Quote)) + ") VALUES (" + string.Join(", ", Enumerable.Range(0, features + 1).Select(i => "$p" + i)) + ")";
            var parameters = new SqliteParameter[features + 1];
            for (int i = 0; i <= features; i++)
            {
                parameters[i] = insert.Parameters.Add("$p" + i, SqliteType.Real);
            }

            insert.Prepare();
            for (int r = 0; r < rows; r++)
            {
                for (int f = 0; f < features; f++)
                {
                    parameters[f].Value = double.CreateChecked(x[r, f]);
                }

                parameters[features].Value = double.CreateChecked(y[r]);
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>Checks names and shapes for the writers: features + 1 distinct names, one observation per row.</summary>
    internal static void CheckData<T>(IReadOnlyList<string> columnNames, T[,] x, T[] y)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        if (x is null)
        {
            throw new ModelDataException("The inputs are null; pass a rows × features array.", "x", paramName: nameof(x));
        }

        if (y is null || y.Length != x.GetLength(0))
        {
            throw new ModelDataException($"The observations have {y?.Length ?? 0} value(s) but the inputs have {x.GetLength(0)} row(s); pass one observation per row.", "y", paramName: nameof(y));
        }

        if (columnNames.Count != x.GetLength(1) + 1)
        {
            throw new ArgumentException($"{columnNames.Count} column name(s) for {x.GetLength(1)} input feature(s) and the observations; name the inputs' columns, then the observed column ({x.GetLength(1) + 1} names).", nameof(columnNames));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in columnNames)
        {
            if (string.IsNullOrEmpty(name) || !seen.Add(name))
            {
                throw new ArgumentException($"Column name '{name}' is empty or repeated; each column needs its own name.", nameof(columnNames));
            }
        }
    }

    /// <summary>A SQL identifier in double quotes, inner quotes doubled.</summary>
    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
