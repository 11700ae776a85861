using System.Globalization;
using System.Numerics;
using Microsoft.Data.Sqlite;
using ModelGen.Batches;

namespace ModelGen.Sources;

/// <summary>
/// Batches read from a SQLite table in rowid order, <see cref="BatchSize"/> rows at a time, without ever
/// loading the table: each step runs one prepared keyset query,
/// <c>SELECT rowid, inputs…, observed FROM table WHERE rowid &gt; @last ORDER BY rowid LIMIT @n</c>, and copies
/// its rows into the model's buffers. An epoch reads the table once, front to back; the last batch of an epoch
/// holds the remainder, and the next epoch starts again at the beginning. The batches are those of
/// <see cref="InMemoryBatches{T}.Sequential"/> over the same rows in rowid order, so the fits are identical.
/// </summary>
/// <remarks>
/// <para>
/// Memory: the managed heap holds the two prepared commands and, during a step, one data reader over at most
/// <see cref="BatchSize"/> rows; SQLite's own page cache is native and bounded (2 MB by default). Each step
/// allocates a few small objects (the reader, a boxed rowid), independent of the table's size and of the batch
/// size; none is kept.
/// </para>
/// <para>
/// Rows are read in table order, so the table's order should carry no pattern (write it shuffled once, as the
/// seed data is): sorted rows make every batch a biased sample. Values must be numbers (SQLite INTEGER or
/// REAL); a NULL or a text or blob value stops the fit with an <see cref="InvalidDataException"/> naming the
/// table, the column and the rowid. Not thread-safe: one fit reads one source.
/// </para>
/// </remarks>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class SqliteBatches<T> : IBatchSource<T>, IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SqliteConnection _connection;
    private readonly bool _ownsConnection;
    private readonly SqliteCommand _first;
    private readonly SqliteCommand _next;
    private readonly SqliteParameter _last;
    private readonly string[] _columns;
    private readonly long _epochs;
    private readonly EpochCursor<T> _cursor;
    private long _lastRowid;
    private long _position;
    private bool _disposed;

    /// <summary>
    /// Reads <paramref name="table"/> through <paramref name="connection"/>, which the caller keeps and disposes
    /// (it is opened here if it is closed). Checks the table and the columns and counts the rows now.
    /// </summary>
    /// <param name="connection">A connection to the database that holds the table.</param>
    /// <param name="table">The table's name.</param>
    /// <param name="inputColumns">The columns of the model's input, in the model's feature order.</param>
    /// <param name="observedColumn">The column of the observations.</param>
    /// <param name="batchSize">Rows per batch (an epoch's last batch holds the remainder).</param>
    /// <param name="epochs">Passes over the table before the source is exhausted; default: never exhausted.</param>
    /// <param name="totalRows">
    /// Rows in the whole data set (the N of the likelihood's N / b scale); null (the default) counts the table with
    /// <c>SELECT COUNT(*)</c> here. Give it when the table is a sample of a larger data set the fit stands for.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The table or a column does not exist, the table has no rowid, the table is empty (with no
    /// <paramref name="totalRows"/> given), or a size is below 1.
    /// </exception>
    public SqliteBatches(SqliteConnection connection, string table, IReadOnlyList<string> inputColumns, string observedColumn, int batchSize, long epochs = long.MaxValue, long? totalRows = null)
        : this(connection, ownsConnection: false, table, inputColumns, observedColumn, batchSize, epochs, totalRows)
    {
    }

    private SqliteBatches(SqliteConnection connection, bool ownsConnection, string table, IReadOnlyList<string> inputColumns, string observedColumn, int batchSize, long epochs, long? totalRows)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(inputColumns);
        ArgumentException.ThrowIfNullOrEmpty(observedColumn);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (inputColumns.Count == 0)
        {
            throw new ArgumentException("Name at least one input column.", nameof(inputColumns));
        }

        if (totalRows is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(totalRows), totalRows, "The total rows (the N of the N / b likelihood scale) must be at least 1; pass null to count the table.");
        }

        _connection = connection;
        _ownsConnection = ownsConnection;
        Table = table;
        BatchSize = batchSize;
        Features = inputColumns.Count;
        _epochs = epochs;
        _cursor = new EpochCursor<T>(epochs, batchSize, () => _position = 0, Read);
        _columns = [.. inputColumns, observedColumn];
        try
        {
            if (_connection.State != System.Data.ConnectionState.Open)
            {
                _connection.Open();
            }

            CheckSchema(_connection, table, _columns, nameof(inputColumns), nameof(observedColumn));
            string select = "SELECT rowid, " + string.Join(", ", _columns.Select(SqliteBatches.Quote)) + " FROM " + SqliteBatches.Quote(table);
            _first = Prepare(select + " ORDER BY rowid LIMIT $n", table, out _);
            _next = Prepare(select + " WHERE rowid > $last ORDER BY rowid LIMIT $n", table, out SqliteParameter? last);
            _last = last!;
            TotalRows = totalRows ?? Count(_connection, table);
        }
        catch
        {
            _first?.Dispose();
            _next?.Dispose();
            if (ownsConnection)
            {
                _connection.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Opens the SQLite file at <paramref name="path"/> read-only (unpooled, so disposing the source closes the
    /// file) and reads <paramref name="table"/> from it; see the constructor for the parameters.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="table">The table's name.</param>
    /// <param name="inputColumns">The columns of the model's input, in the model's feature order.</param>
    /// <param name="observedColumn">The column of the observations.</param>
    /// <param name="batchSize">Rows per batch (an epoch's last batch holds the remainder).</param>
    /// <param name="epochs">Passes over the table before the source is exhausted; default: never exhausted.</param>
    /// <param name="totalRows">Rows in the whole data set; null counts the table.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">As the constructor.</exception>
    public static SqliteBatches<T> Open(string path, string table, IReadOnlyList<string> inputColumns, string observedColumn, int batchSize, long epochs = long.MaxValue, long? totalRows = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No SQLite database at '{path}'.", path);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        return new SqliteBatches<T>(new SqliteConnection(builder.ConnectionString), ownsConnection: true, table, inputColumns, observedColumn, batchSize, epochs, totalRows);
    }

    /// <summary>The table read.</summary>
    public string Table { get; }

    /// <summary>
    /// "SQLite table 'points' of '/data/train.db', columns x0, x1 → y": the database, the table and the columns read,
    /// for checkpoints. The rows themselves are not hashed (the table may be large): with <see cref="TotalRows"/> this
    /// tells tables apart, not a table whose rows were rewritten in place; give such a table a new name.
    /// </summary>
    public string Identity => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"SQLite table '{Table}' of '{_connection.DataSource}', columns {string.Join(", ", _columns[..^1])} → {_columns[^1]}, {_epochs} epoch(s)");

    /// <inheritdoc/>
    public long TotalRows { get; }

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int Features { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">A NULL, text or blob value; the message names the table, the column and the rowid.</exception>
    public int Next(BatchBuffer<T> batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Capacity < BatchSize || batch.Features != Features)
        {
            throw new ArgumentException($"The batch buffer holds {batch.Capacity} rows of {batch.Features} feature(s); this source gives up to {BatchSize} rows of {Features}.", nameof(batch));
        }

        return _cursor.Next(batch);
    }

    /// <summary>Disposes the prepared commands, and the connection if <see cref="Open"/> made it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _first.Dispose();
        _next.Dispose();
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    /// <summary>Runs the next keyset query and copies its rows into <paramref name="batch"/>; one reader, closed before returning.</summary>
    private int Read(BatchBuffer<T> batch)
    {
        SqliteCommand command = _position == 0 ? _first : _next;
        if (_position != 0)
        {
            _last.Value = _lastRowid;
        }

        T[] inputs = batch.Inputs.Values;
        int stride = batch.Inputs.Stride;
        Span<T> targets = batch.Targets;
        int rows = 0;
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (rows < BatchSize && reader.Read())
            {
                long rowid = reader.GetInt64(0);
                for (int f = 0; f < Features; f++)
                {
                    inputs[(f * stride) + rows] = Value(reader, 1 + f, rowid);
                }

                targets[rows] = Value(reader, 1 + Features, rowid);
                _lastRowid = rowid;
                rows++;
            }
        }

        batch.FirstRow = _position;
        _position += rows;
        return rows;
    }

    private T Value(SqliteDataReader reader, int ordinal, long rowid)
    {
        // Storage classes, not declared types: SQLite keeps whatever was stored (a text in a REAL column too).
        if (!reader.IsDBNull(ordinal))
        {
            Type type = reader.GetFieldType(ordinal);
            if (type == typeof(double) || type == typeof(long))
            {
                return T.CreateChecked(reader.GetDouble(ordinal));
            }
        }

        throw BadValue(reader, ordinal, rowid);
    }

    private InvalidDataException BadValue(SqliteDataReader reader, int ordinal, long rowid)
    {
        string column = _columns[ordinal - 1];
        string what = reader.IsDBNull(ordinal)
            ? "NULL"
            : reader.GetFieldType(ordinal) == typeof(string)
                ? $"the text '{Shorten(reader.GetString(ordinal))}'"
                : $"a {reader.GetFieldType(ordinal).Name} value";
        string fix = reader.IsDBNull(ordinal)
            ? $"remove or impute the row (e.g. DELETE FROM {SqliteBatches.Quote(Table)} WHERE {SqliteBatches.Quote(column)} IS NULL)"
            : "store numbers (INTEGER or REAL)";
        return new InvalidDataException($"Table '{Table}', column '{column}', rowid {rowid.ToString(CultureInfo.InvariantCulture)}: {what}; every input and observed value must be a number, so {fix}.");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    /// <summary>Prepares a keyset query once for the whole fit: the batch size bound, <c>$last</c> (if used) set per step.</summary>
    private SqliteCommand Prepare(string sql, string table, out SqliteParameter? last)
    {
        SqliteCommand command = _connection.CreateCommand();
        try
        {
            // Identifiers are quoted by Quote; values are parameters.
            command.CommandText = sql;
            command.Parameters.Add("$n", SqliteType.Integer).Value = (long)BatchSize;
            last = null;
            if (sql.Contains("$last", StringComparison.Ordinal))
            {
                last = command.Parameters.Add("$last", SqliteType.Integer);
                last.Value = 0L;
            }

            command.Prepare();
            return command;
        }
        catch (SqliteException e) when (e.Message.Contains("rowid", StringComparison.OrdinalIgnoreCase))
        {
            command.Dispose();
            throw new ArgumentException($"Table '{table}' has no rowid (it is a WITHOUT ROWID table); a SQLite source reads in rowid order, so copy the rows into an ordinary table.", nameof(table), e);
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }

    private static void CheckSchema(SqliteConnection connection, string table, string[] columns, string inputsParameter, string observedParameter)
    {
        using (SqliteCommand find = connection.CreateCommand())
        {
            find.CommandText = "SELECT type FROM sqlite_schema WHERE name = $name COLLATE NOCASE AND type IN ('table', 'view')";
            find.Parameters.AddWithValue("$name", table);
            object? type = find.ExecuteScalar();
            if (type is null)
            {
                find.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
                find.Parameters.Clear();
                var tables = new List<string>();
                using (SqliteDataReader reader = find.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        tables.Add(reader.GetString(0));
                    }
                }

                throw new ArgumentException($"No table '{table}' in database '{connection.DataSource}'; its tables are: {(tables.Count == 0 ? "(none)" : string.Join(", ", tables))}.", nameof(table));
            }

            if ((string)type == "view")
            {
                throw new ArgumentException($"'{table}' is a view; a SQLite source reads a table in rowid order, and a view has no rowid.", nameof(table));
            }
        }

        var present = new List<string>();
        using (SqliteCommand info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info($table)";
            info.Parameters.AddWithValue("$table", table);
            using SqliteDataReader reader = info.ExecuteReader();
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }

        for (int i = 0; i < columns.Length; i++)
        {
            if (!present.Contains(columns[i], StringComparer.OrdinalIgnoreCase))
            {
                string role = i == columns.Length - 1 ? "observed" : "input";
                throw new ArgumentException(
                    $"Table '{table}' has no column '{columns[i]}' (named as the {role} column); its columns are: {string.Join(", ", present)}.",
                    i == columns.Length - 1 ? observedParameter : inputsParameter);
            }
        }
    }

    private static long Count(SqliteConnection connection, string table)
    {
        using SqliteCommand count = connection.CreateCommand();
        // The identifier is quoted.
        count.CommandText = "SELECT COUNT(*) FROM " + SqliteBatches.Quote(table);
        long rows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (rows < 1)
        {
            throw new ArgumentException($"Table '{table}' has no rows; a fit needs at least one. (To read a table that is still being filled, pass totalRows.)", nameof(table));
        }

        return rows;
    }
}
