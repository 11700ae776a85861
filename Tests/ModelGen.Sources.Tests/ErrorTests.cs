using Microsoft.Data.Sqlite;
using ModelGen.Batches;
using ModelGen.Inference;
using ModelGen.Sources.Tests.Models;
using ModelGen.Sources.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace ModelGen.Sources.Tests;

/// <summary>What goes wrong with data outside memory, and what each source says about it.</summary>
public sealed class ErrorTests(SeedFiles files) : IClassFixture<SeedFiles>
{
    private static readonly AdviOptions Short = new() { Iterations = 100, Seed = 1, ElboEvery = 10 };

    [Fact]
    public void A_missing_table_or_column_is_named_with_what_there_is()
    {
        var table = Assert.Throws<ArgumentException>(() => SqliteBatches<float>.Open(files.SqlitePath, "moon", SeedFiles.Inputs, "y", 50));
        Assert.Contains("No table 'moon'", table.Message, StringComparison.Ordinal);
        Assert.Contains("moons", table.Message, StringComparison.Ordinal);

        var column = Assert.Throws<ArgumentException>(() => SqliteBatches<float>.Open(files.SqlitePath, SeedFiles.Table, ["x1", "x3"], "y", 50));
        Assert.Contains("no column 'x3'", column.Message, StringComparison.Ordinal);
        Assert.Contains("x1, x2, y", column.Message, StringComparison.Ordinal);
        Assert.Equal("inputColumns", column.ParamName);

        var observed = Assert.Throws<ArgumentException>(() => ParquetBatches<float>.Open(files.ParquetPath, SeedFiles.Inputs, "label", 50));
        Assert.Contains("no column 'label'", observed.Message, StringComparison.Ordinal);
        Assert.Contains("x1, x2, y", observed.Message, StringComparison.Ordinal);
        Assert.Equal("observedColumn", observed.ParamName);

        Assert.Throws<FileNotFoundException>(() => SqliteBatches<float>.Open(files.NewPath(".db"), SeedFiles.Table, SeedFiles.Inputs, "y", 50));
        Assert.Throws<FileNotFoundException>(() => ParquetBatches<float>.Open(files.NewPath(".parquet"), SeedFiles.Inputs, "y", 50));
    }

    [Fact]
    public void A_null_or_text_value_in_sqlite_names_the_table_column_and_rowid()
    {
        string path = files.NewPath(".db");
        SqliteBatches.WriteTable(path, SeedFiles.Table, SeedFiles.Columns, files.Data.TrainX, files.Data.TrainY);
        Execute(path, "UPDATE moons SET x2 = NULL WHERE rowid = 77");
        using (var source = SqliteBatches<float>.Open(path, SeedFiles.Table, SeedFiles.Inputs, SeedFiles.Observed, 50))
        {
            var e = Assert.Throws<InvalidDataException>(() => new SeedNetwork().Fit(source, Short));
            Assert.Contains("Table 'moons', column 'x2', rowid 77: NULL", e.Message, StringComparison.Ordinal);
        }

        Execute(path, "UPDATE moons SET x2 = 0.5 WHERE rowid = 77; UPDATE moons SET y = 'yes' WHERE rowid = 430");
        using (var source = SqliteBatches<float>.Open(path, SeedFiles.Table, SeedFiles.Inputs, SeedFiles.Observed, 50))
        {
            var e = Assert.Throws<InvalidDataException>(() => new SeedNetwork().Fit(source, Short));
            Assert.Contains("Table 'moons', column 'y', rowid 430: the text 'yes'", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_table_without_rowid_a_view_and_an_empty_table_are_reported()
    {
        string path = files.NewPath(".db");
        Execute(path, "CREATE TABLE keyed (x1 REAL PRIMARY KEY, x2 REAL, y REAL) WITHOUT ROWID; CREATE TABLE empty (x1 REAL, x2 REAL, y REAL); CREATE VIEW recent AS SELECT * FROM empty");
        var keyed = Assert.Throws<ArgumentException>(() => SqliteBatches<float>.Open(path, "keyed", SeedFiles.Inputs, "y", 50));
        Assert.Contains("WITHOUT ROWID", keyed.Message, StringComparison.Ordinal);
        var view = Assert.Throws<ArgumentException>(() => SqliteBatches<float>.Open(path, "recent", SeedFiles.Inputs, "y", 50));
        Assert.Contains("is a view", view.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => SqliteBatches<float>.Open(path, "empty", SeedFiles.Inputs, "y", 50));
        Assert.Contains("has no rows", empty.Message, StringComparison.Ordinal);

        // Given a total, an empty table opens, and the fit finds no first batch.
        using var source = SqliteBatches<float>.Open(path, "empty", SeedFiles.Inputs, "y", 50, totalRows: 100);
        var fit = Assert.Throws<InvalidOperationException>(() => new SeedNetwork().Fit(source, Short));
        Assert.Contains("no batch", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parquet_null_or_text_column_is_reported()
    {
        string path = files.NewPath(".parquet");
        var x1 = new DataField("x1", typeof(float), isNullable: false);
        var x2 = new DataField("x2", typeof(float), isNullable: true);
        var y = new DataField("y", typeof(float), isNullable: false);
        var label = new DataField("label", typeof(string));
        var values = new float?[200];
        var names = new string[200];
        for (int r = 0; r < 200; r++)
        {
            values[r] = r == 130 ? null : r / 100f;
            names[r] = "a";
        }

        // Row groups of 128 and 72 rows: the null is row 2 of the second.
        await using (FileStream stream = File.Create(path))
        {
            await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(x1, x2, y, label), stream);
            foreach ((int start, int count) in new[] { (0, 128), (128, 72) })
            {
                using ParquetRowGroupWriter group = writer.CreateRowGroup();
                await group.WriteAsync<float>(x1, new float[count]);
                await group.WriteAsync<float>(x2, values.AsMemory(start, count));
                await group.WriteAsync<float>(y, new float[count]);
                await group.WriteAsync(label, names[start..(start + count)]);
            }
        }

        var text = Assert.Throws<ArgumentException>(() => ParquetBatches<float>.Open(path, SeedFiles.Inputs, "label", 50));
        Assert.Contains("'label'", text.Message, StringComparison.Ordinal);
        Assert.Contains("holds string values", text.Message, StringComparison.Ordinal);

        using var source = ParquetBatches<float>.Open(path, SeedFiles.Inputs, "y", 50);
        var e = Assert.Throws<InvalidDataException>(() => new SeedNetwork().Fit(source, Short));
        Assert.Contains("column 'x2', row 130 (row group 1): null", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_batch_of_the_wrong_shape_is_named_by_its_index()
    {
        (float[,] X, float[] Y) Batch(int rows, int features = 2, int? observations = null) => (new float[rows, features], new float[observations ?? rows]);

        var tooLong = Assert.Throws<ArgumentException>(() => new SeedNetwork().Fit(StreamBatches<float>.FromBatches([Batch(50), Batch(20), Batch(60)], 500, 50, 2), Short));
        Assert.Contains("Batch 2 has 60 rows", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("at most 50", tooLong.Message, StringComparison.Ordinal);

        var wide = Assert.Throws<ArgumentException>(() => new SeedNetwork().Fit(StreamBatches<float>.FromBatches([Batch(50, features: 3)], 500, 50, 2), Short));
        Assert.Contains("Batch 0 has X of 3 column(s)", wide.Message, StringComparison.Ordinal);
        Assert.Contains("2 feature(s)", wide.Message, StringComparison.Ordinal);

        var mismatched = Assert.Throws<ArgumentException>(() => new SeedNetwork().Fit(StreamBatches<float>.FromAsyncBatches(Async([Batch(50), Batch(10, observations: 9)]), 500, 50, 2), Short));
        Assert.Contains("Batch 1 has 10 row(s) of X but 9 value(s) of Y", mismatched.Message, StringComparison.Ordinal);

        var empty = Assert.Throws<ArgumentException>(() => new SeedNetwork().Fit(StreamBatches<float>.FromBatches([Batch(0)], 500, 50, 2), Short));
        Assert.Contains("Batch 0 has no rows", empty.Message, StringComparison.Ordinal);

        var callback = Assert.Throws<ArgumentException>(() => new SeedNetwork().Fit(StreamBatches<float>.FromCallback(_ => 51, 500, 50, 2), Short));
        Assert.Contains("Batch 0: the fill callback returned 51 rows", callback.Message, StringComparison.Ordinal);

        // The model's own checks still apply to what a stream delivers: a label of 2.
        var labels = new float[50];
        labels[3] = 2;
        var label = Assert.Throws<Data.ModelDataException>(() => new SeedNetwork().Fit(StreamBatches<float>.FromBatches([(new float[50, 2], labels)], 500, 50, 2), Short));
        Assert.Contains("Bernoulli", label.Message, StringComparison.Ordinal);

        // A source whose features differ from the model's is refused before the first step.
        var features = Assert.Throws<ArgumentException>(() => new SeedNetwork().Fit(StreamBatches<float>.FromCallback(_ => 0, 500, 50, 3), Short));
        Assert.Contains("3 feature(s)", features.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_source_needs_a_total_of_at_least_one_row_up_front()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamBatches<float>.FromCallback(_ => 0, 0, 50, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamBatches<float>.FromBatches([], -1, 50, 2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => StreamBatches<float>.FromAsyncBatches(Async([]), 0, 50, 2));
        Assert.Contains("N / b", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteBatches<float>.Open(files.SqlitePath, SeedFiles.Table, SeedFiles.Inputs, "y", 50, totalRows: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParquetBatches<float>.Open(files.ParquetPath, SeedFiles.Inputs, "y", 50, totalRows: 0));
    }

    [Fact]
    public void An_empty_stream_is_an_error_and_an_exhausted_one_keeps_the_partial_fit()
    {
        var empty = Assert.Throws<InvalidOperationException>(() => new SeedNetwork().Fit(StreamBatches<float>.FromBatches([], 500, 50, 2), Short));
        Assert.Contains("no batch", empty.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new SeedNetwork().Fit(StreamBatches<float>.FromAsyncBatches(Async([]), 500, 50, 2), Short));

        // Seven batches for a hundred iterations: the fit stops after seven and keeps them.
        var stream = StreamBatches<float>.FromBatches(SameFitTests.Epochs(files.Data.TrainX, files.Data.TrainY, 50).Take(7), 500, 50, 2);
        AdviFit<float> fit = new SeedNetwork().Fit(stream, Short);
        Assert.Equal(StopReason.DataExhausted, fit.StopReason);
        Assert.Equal(7, fit.Iterations);
        Assert.Equal(7, stream.BatchesServed);
        Assert.Contains("7 of 100", fit.Message, StringComparison.Ordinal);
        Assert.Equal(100, fit.Sample(100).Count);

        // The same from an asynchronous stream, a callback, and a table read for two epochs of 64-row batches (8 each).
        using var asyncStream = StreamBatches<float>.FromAsyncBatches(SameFitTests.EpochsAsync(files.Data.TrainX, files.Data.TrainY, 50).Take(9), 500, 50, 2);
        Assert.Equal(9, new SeedNetwork().Fit(asyncStream, Short).Iterations);
        int calls = 0;
        var callback = StreamBatches<float>.FromCallback(b => ++calls <= 5 ? 50 : 0, 500, 50, 2);
        AdviFit<float> fromCallback = new SeedNetwork().Fit(callback, Short);
        Assert.Equal((StopReason.DataExhausted, 5), (fromCallback.StopReason, fromCallback.Iterations));
        using var table = SqliteBatches<float>.Open(files.SqlitePath, SeedFiles.Table, SeedFiles.Inputs, SeedFiles.Observed, 64, epochs: 2);
        AdviFit<float> fromTable = new SeedNetwork().Fit(table, Short);
        Assert.Equal((StopReason.DataExhausted, 16), (fromTable.StopReason, fromTable.Iterations));
        using var file = ParquetBatches<float>.Open(files.ParquetPath, SeedFiles.Inputs, SeedFiles.Observed, 64, epochs: 2);
        AdviFit<float> fromFile = new SeedNetwork().Fit(file, Short);
        Assert.Equal((StopReason.DataExhausted, 16), (fromFile.StopReason, fromFile.Iterations));
    }

    private static async IAsyncEnumerable<(float[,] X, float[] Y)> Async(IEnumerable<(float[,] X, float[] Y)> batches)
    {
        foreach ((float[,] X, float[] Y) batch in batches)
        {
            await Task.Yield();
            yield return batch;
        }
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
