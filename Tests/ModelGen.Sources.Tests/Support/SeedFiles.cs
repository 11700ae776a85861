using ModelGen.Samples.Moons;

namespace ModelGen.Sources.Tests.Support;

/// <summary>
/// The seed training data written once per test class to a SQLite table and a Parquet file of 128-row groups
/// (so batches of 50 cross row-group boundaries), in a temporary folder deleted afterwards.
/// </summary>
public sealed class SeedFiles : IDisposable
{
    public static readonly string[] Columns = ["x1", "x2", "y"];

    public static readonly string[] Inputs = ["x1", "x2"];

    public const string Observed = "y";

    public const string Table = "moons";

    public const int RowGroupSize = 128;

    public SeedFiles()
    {
        Data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
        Folder = Directory.CreateTempSubdirectory("modelgen-sources-").FullName;
        SqlitePath = Path.Combine(Folder, "moons.db");
        ParquetPath = Path.Combine(Folder, "moons.parquet");
        SqliteBatches.WriteTable(SqlitePath, Table, Columns, Data.TrainX, Data.TrainY);
        ParquetBatches.WriteFile(ParquetPath, Columns, Data.TrainX, Data.TrainY, RowGroupSize);
    }

    public MoonsData Data { get; }

    public string Folder { get; }

    public string SqlitePath { get; }

    public string ParquetPath { get; }

    /// <summary>A fresh path in the temporary folder.</summary>
    public string NewPath(string extension) => Path.Combine(Folder, Guid.NewGuid().ToString("N") + extension);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the OS cleans the temp folder.
        }
    }
}
