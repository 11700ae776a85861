using System.Text.Json;

namespace ModelGen.Testing;

/// <summary>
/// A Stan reference's data.json (Tests/Data/stan/&lt;reference&gt;/), the data Stan was given: read by the tests that
/// compare against Stan's posteriors and by the benchmarks that time the same models on the same data. The files are
/// copied beside the assembly under Data/stan (each project's csproj links them).
/// </summary>
internal sealed class StanData(JsonElement root)
{
    /// <summary>The folder of a reference's files beside the running assembly.</summary>
    public static string Folder(string reference) => Path.Combine(AppContext.BaseDirectory, "Data", "stan", reference);

    public static StanData Load(string reference) =>
        new(JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(reference), "data.json"))).RootElement);

    /// <summary>A number or an array of numbers, as doubles (a scalar is an array of one).</summary>
    public double[] Vector(string name) => root.GetProperty(name) is { ValueKind: JsonValueKind.Number } scalar ? [scalar.GetDouble()] : [.. root.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>An integer scalar.</summary>
    public int Int(string name) => root.GetProperty(name).GetInt32();

    /// <summary>An array of arrays of numbers, row by row, as a matrix.</summary>
    public double[,] Matrix(string name)
    {
        JsonElement[] rows = [.. root.GetProperty(name).EnumerateArray()];
        int columns = rows[0].GetArrayLength();
        var result = new double[rows.Length, columns];
        for (int r = 0; r < rows.Length; r++)
        {
            int c = 0;
            foreach (JsonElement v in rows[r].EnumerateArray())
            {
                result[r, c++] = v.GetDouble();
            }
        }

        return result;
    }
}
