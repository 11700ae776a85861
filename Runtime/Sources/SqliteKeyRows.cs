using System.Globalization;
using System.Numerics;
using Microsoft.Data.Sqlite;

namespace ModelGen.Sources;

/// <summary>
/// One key's rows of a SQLite table that holds many keys' data (a model per customer, per sensor …): the data source of
/// a fleet of fits, read per key with <c>SELECT inputs…, observed FROM table WHERE key = $key ORDER BY rowid</c> into
/// the arrays a generated model's constructor takes, which then checks them as it checks any data. Each
/// <see cref="Read"/> opens the file read-only and closes it, so one instance serves any number of threads.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class SqliteKeyRows<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string _connection;
    private readonly string _query;
    private readonly string[] _columns;

    /// <summary>Reads the keys' rows of <paramref name="table"/> in the SQLite file at <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="table">The table holding every key's rows.</param>
    /// <param name="keyColumn">The column holding each row's key (compared as text).</param>
    /// <param name="inputColumns">The columns of the model's input, in the model's feature order.</param>
    /// <param name="observedColumn">The column of the observations.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public SqliteKeyRows(string path, string table, string keyColumn, IReadOnlyList<string> inputColumns, string observedColumn)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(keyColumn);
        ArgumentNullException.ThrowIfNull(inputColumns);
        ArgumentException.ThrowIfNullOrEmpty(observedColumn);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No SQLite database at '{path}'.", path);
        }

        Table = table;
        _columns = [.. inputColumns, observedColumn];
        _connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ConnectionString;

        // Identifiers are quoted; the key is a parameter.
        _query = "SELECT rowid, " + string.Join(", ", _columns.Select(SqliteBatches.Quote)) + " FROM " + SqliteBatches.Quote(table)
            + " WHERE " + SqliteBatches.Quote(keyColumn) + " = $key ORDER BY rowid";
    }

    /// <summary>The table read.</summary>
    public string Table { get; }

    /// <summary>
    /// <paramref name="key"/>'s rows, in rowid order: inputs (rows × features) and observations. A key with no rows, or
    /// a NULL or text value, is an <see cref="InvalidDataException"/> naming the table, the key, the column and the rowid;
    /// numbers are returned as they are (a non-finite one is the model constructor's to refuse, with its
    /// <c>ModelDataException</c>).
    /// </summary>
    public (T[,] X, T[] Y) Read(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rows = new List<T[]>();
        using (var connection = new SqliteConnection(_connection))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = _query;
            command.Parameters.AddWithValue("$key", key);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new T[_columns.Length];
                for (int c = 0; c < row.Length; c++)
                {
                    row[c] = Value(reader, c + 1, key);
                }

                rows.Add(row);
            }
        }

        if (rows.Count == 0)
        {
            throw new InvalidDataException($"Table '{Table}' has no rows for key '{key}'.");
        }

        int features = _columns.Length - 1;
        var x = new T[rows.Count, features];
        var y = new T[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int f = 0; f < features; f++)
            {
                x[r, f] = rows[r][f];
            }

            y[r] = rows[r][features];
        }

        return (x, y);
    }

    private T Value(SqliteDataReader reader, int ordinal, string key)
    {
        // Storage classes, not declared types: SQLite keeps whatever was stored (a text in a REAL column too).
        if (!reader.IsDBNull(ordinal) && reader.GetFieldType(ordinal) is Type type && (type == typeof(double) || type == typeof(long)))
        {
            return T.CreateChecked(reader.GetDouble(ordinal));
        }

        string what = reader.IsDBNull(ordinal) ? "NULL" : $"a {reader.GetFieldType(ordinal).Name} value";
        string rowid = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
        throw new InvalidDataException($"Table '{Table}', key '{key}', column '{_columns[ordinal - 1]}', rowid {rowid}: {what}; every input and observed value must be a number (INTEGER or REAL).");
    }
}
