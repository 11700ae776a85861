using Microsoft.Data.Sqlite;
using ModelGen;
using ModelGen.Batches;
using ModelGen.Inference;
using ModelGen.Sources;

// What a user writes after `dotnet add package ModelGen.Sources`: rows in a SQLite table, fitted by minibatch ADVI
// in batches read from the table, and the same fit from the same rows in memory (read front to back, the batches are
// the same, so the two fits must agree bit for bit).
const int Rows = 600;
var random = new Random(3);
var x = new float[Rows, 2];
var y = new float[Rows];
for (int r = 0; r < Rows; r++)
{
    x[r, 0] = (float)((random.NextDouble() * 4) - 2);
    x[r, 1] = (float)((random.NextDouble() * 4) - 2);
    y[r] = x[r, 0] - x[r, 1] > 0 ? 1 : 0;
}

string path = Path.Combine(Path.GetTempPath(), $"modelgen-consumer-{Environment.ProcessId}.db");
try
{
    using (var connection = new SqliteConnection($"Data Source={path}"))
    {
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE rows (x0 REAL, x1 REAL, y REAL)";
        create.ExecuteNonQuery();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO rows VALUES ($x0, $x1, $y)";
        var x0 = insert.Parameters.Add("$x0", SqliteType.Real);
        var x1 = insert.Parameters.Add("$x1", SqliteType.Real);
        var yy = insert.Parameters.Add("$y", SqliteType.Real);
        for (int r = 0; r < Rows; r++)
        {
            x0.Value = x[r, 0];
            x1.Value = x[r, 1];
            yy.Value = y[r];
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    var options = new AdviOptions { Iterations = 3_000, Seed = 5 };
    AdviFit<float> fromTable;
    using (var batches = SqliteBatches<float>.Open(path, "rows", ["x0", "x1"], "y", batchSize: 50))
    {
        fromTable = new Separator().Fit(batches, options);
    }

    AdviFit<float> inMemory = new Separator().Fit(InMemoryBatches<float>.Sequential(x, y, 50), options);
    bool same = fromTable.Mean.SequenceEqual(inMemory.Mean);
    double accuracy = new Separator(x, y).Predict(x, fromTable.Sample(500)).Accuracy<float>(y);
    Console.WriteLine($"consumer-sources: {fromTable.Iterations} iterations from SQLite, same fit as in memory: {same}, accuracy {accuracy:P1}");
    if (!same || accuracy < 0.9)
    {
        Console.Error.WriteLine("consumer-sources: the packaged ModelGen.Sources is broken");
        return 1;
    }

    return 0;
}
finally
{
    SqliteConnection.ClearAllPools();
    File.Delete(path);
}

[Model<float>]
public partial class Separator
{
    [Input(features: 2)]
    public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 2)]
    public partial Layer Logit { get; }

    [Bernoulli(Logits = nameof(Logit))]
    public partial Observed Y { get; }
}
