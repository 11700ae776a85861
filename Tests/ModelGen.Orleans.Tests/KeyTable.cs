using Microsoft.Data.Sqlite;
using ModelGen.Random;
using ModelGen.Simd;
using ModelGen.Sources;

namespace ModelGen.Orleans.Tests;

/// <summary>The line model fitted from a SQLite table of many keys' rows (<see cref="KeyTable"/>), registered under a name of its own.</summary>
public sealed class TableLineModel(double[,] x, double[] y) : LineModel(x, y)
{
    /// <summary>Key <paramref name="key"/>'s rows of the table, bound at a pinned width: the fleet's data source, a <c>WHERE key = …</c> query.</summary>
    public static TableLineModel FromTable(string key)
    {
        (double[,] x, double[] y) = KeyTable.Rows.Read(key);
        return new TableLineModel(x, y) { SimdWidth = SimdWidth.Vector128 };
    }
}

/// <summary>
/// One SQLite table, <c>points(key, x, y)</c>, holding the rows of keys t0 … t5 (60 rows each, y = w x + b + N(0, 0.5²)),
/// of "tinf" (its row 10's y is +∞, which the model's constructor refuses) and of "tnull" (a NULL y, which the reader refuses).
/// Written once per test process.
/// </summary>
public static class KeyTable
{
    private static readonly Lazy<SqliteKeyRows<double>> Source = new(Write);

    /// <summary>The table's per-key reader.</summary>
    public static SqliteKeyRows<double> Rows => Source.Value;

    /// <summary>The keys with good data.</summary>
    public static string[] GoodKeys { get; } = [.. Enumerable.Range(0, 6).Select(i => $"t{i}")];

    /// <summary>A key's rows as the table holds them, in order (for the solo fits): (x, y), y null for a NULL.</summary>
    public static (double X, double? Y)[] Points(string key)
    {
        ulong number = key.Aggregate(0UL, (hash, c) => (hash * 31) + c);
        var rng = new Rng(500 + number);
        double w = rng.NextNormal();
        double b = rng.NextNormal();
        var points = new (double X, double? Y)[60];
        for (int r = 0; r < points.Length; r++)
        {
            double x = rng.NextNormal();
            points[r] = (x, (w * x) + b + (0.5 * rng.NextNormal()));
        }

        if (key == "tinf")
        {
            points[10].Y = double.PositiveInfinity;
        }
        else if (key == "tnull")
        {
            points[10].Y = null;
        }

        return points;
    }

    private static SqliteKeyRows<double> Write()
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelgen-fleet-keys-{Environment.ProcessId}.db");
        File.Delete(path);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using SqliteTransaction transaction = connection.BeginTransaction();
            using (SqliteCommand create = connection.CreateCommand())
            {
                create.Transaction = transaction;
                create.CommandText = "CREATE TABLE points (key TEXT, x REAL, y REAL)";
                create.ExecuteNonQuery();
            }

            using SqliteCommand insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO points (key, x, y) VALUES ($key, $x, $y)";
            SqliteParameter k = insert.Parameters.Add("$key", SqliteType.Text);
            SqliteParameter xs = insert.Parameters.Add("$x", SqliteType.Real);
            SqliteParameter ys = insert.Parameters.Add("$y", SqliteType.Real);

            // Keys interleaved, as rows of many keys arrive in one table.
            string[] keys = [.. GoodKeys, "tinf", "tnull"];
            var points = keys.ToDictionary(key => key, Points);
            for (int r = 0; r < 60; r++)
            {
                foreach (string key in keys)
                {
                    (k.Value, xs.Value, ys.Value) = (key, points[key][r].X, points[key][r].Y is double y ? y : DBNull.Value);
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        return new SqliteKeyRows<double>(path, "points", "key", ["x"], "y");
    }
}
