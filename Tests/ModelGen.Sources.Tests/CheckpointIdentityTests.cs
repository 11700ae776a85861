using ModelGen.Inference;
using ModelGen.Sources.Tests.Models;
using ModelGen.Sources.Tests.Support;

namespace ModelGen.Sources.Tests;

/// <summary>
/// A checkpointed fit from a table or file resumes only on the same source: each names its data (file, size and write
/// time; database, table and columns), so a checkpoint of a fit on another file or table is refused, naming the data.
/// </summary>
public sealed class CheckpointIdentityTests(SeedFiles files) : IClassFixture<SeedFiles>
{
    private static AdviOptions Options(string checkpoint) => new() { Iterations = 200, Seed = 7, Checkpoint = new CheckpointOptions(checkpoint, Every: 100) };

    [Fact]
    public void A_checkpoint_of_a_fit_on_another_parquet_file_is_refused_naming_the_data()
    {
        // The held-out rows in a second file: same columns, other data.
        string other = files.NewPath(".parquet");
        ParquetBatches.WriteFile(other, SeedFiles.Columns, files.Data.TestX, files.Data.TestY, SeedFiles.RowGroupSize);
        string checkpoint = files.NewPath(".ckpt");
        using (var source = ParquetBatches<float>.Open(files.ParquetPath, SeedFiles.Inputs, SeedFiles.Observed, 50))
        {
            Assert.Contains(Path.GetFileName(files.ParquetPath), source.Identity, StringComparison.Ordinal);
            new SeedNetwork().Fit(source, Options(checkpoint));
        }

        using (var source = ParquetBatches<float>.Open(other, SeedFiles.Inputs, SeedFiles.Observed, 50))
        {
            var refused = Assert.Throws<InvalidOperationException>(() => new SeedNetwork().Fit(source, Options(checkpoint)));
            Assert.Contains("a fit on different data", refused.Message, StringComparison.Ordinal);
            Assert.Contains(Path.GetFileName(other), refused.Message, StringComparison.Ordinal);
        }

        using (var again = ParquetBatches<float>.Open(files.ParquetPath, SeedFiles.Inputs, SeedFiles.Observed, 50))
        {
            Assert.StartsWith("Loaded from the finished checkpoint", new SeedNetwork().Fit(again, Options(checkpoint)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_checkpoint_of_a_fit_on_another_sqlite_table_is_refused_naming_the_data()
    {
        string other = files.NewPath(".db");
        SqliteBatches.WriteTable(other, "heldout", SeedFiles.Columns, files.Data.TestX, files.Data.TestY);
        string checkpoint = files.NewPath(".ckpt");
        using (var source = SqliteBatches<float>.Open(files.SqlitePath, SeedFiles.Table, SeedFiles.Inputs, SeedFiles.Observed, 50))
        {
            new SeedNetwork().Fit(source, Options(checkpoint));
        }

        using var heldOut = SqliteBatches<float>.Open(other, "heldout", SeedFiles.Inputs, SeedFiles.Observed, 50);
        var refused = Assert.Throws<InvalidOperationException>(() => new SeedNetwork().Fit(heldOut, Options(checkpoint)));
        Assert.Contains("a fit on different data", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SQLite table 'heldout'", refused.Message, StringComparison.Ordinal);
    }
}
