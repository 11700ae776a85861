using System.Globalization;
using ModelGen.Batches;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;
using ModelGen.Sources;

// Minibatch ADVI over data that need not fit in memory. The seed training rows are written to a SQLite table
// and to a Parquet file (row groups of 128 rows, so batches cross them) in a temporary folder; the seed network
// is fitted from each by reading batches of 50 rows in order, epoch after epoch, and from the same arrays in
// memory (InMemoryBatches.Sequential). The three read the same batches in the same order, so they are the same
// fit, bit for bit. Options: --iterations N --batch N --draws N --seed N --keep (leave the files).
var options = StreamingOptions.Parse(args);
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

MoonsData data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
string[] columns = ["x1", "x2", "y"];
string[] inputs = ["x1", "x2"];
string folder = Directory.CreateTempSubdirectory("modelgen-streaming-").FullName;
string database = Path.Combine(folder, "moons.db");
string parquet = Path.Combine(folder, "moons.parquet");
SqliteBatches.WriteTable(database, "moons", columns, data.TrainX, data.TrainY);
ParquetBatches.WriteFile(parquet, columns, data.TrainX, data.TrainY, rowGroupSize: 128);
Console.WriteLine($"data: {data.TrainY.Length} training rows written to {database} (table 'moons') and {parquet} (row groups of 128); {data.TestY.Length} held out");
Console.WriteLine($"fit: minibatch ADVI, batches of {options.Batch} in table order (sequential epochs), {options.Iterations} iterations, seed {options.Seed}, likelihood × N / b = {data.TrainY.Length} / {options.Batch}");

var fitOptions = new AdviOptions { Iterations = options.Iterations, Seed = options.Seed };
bool ok = true;
AdviFit<float> reference = Report("in memory", InMemoryBatches<float>.Sequential(data.TrainX, data.TrainY, options.Batch), null);
using (var source = SqliteBatches<float>.Open(database, "moons", inputs, "y", options.Batch))
{
    Report("SQLite", source, reference);
}

using (var source = ParquetBatches<float>.Open(parquet, inputs, "y", options.Batch))
{
    Report("Parquet", source, reference);
}

if (options.Keep)
{
    Console.WriteLine($"kept {folder}");
}
else
{
    Directory.Delete(folder, recursive: true);
}

return ok ? 0 : 1;

AdviFit<float> Report(string name, IBatchSource<float> source, AdviFit<float>? expected)
{
    AdviFit<float> fit = new MoonsNetwork().Fit(source, fitOptions);
    PosteriorPredictive test = new MoonsNetwork().Predict(data.TestX, fit.Sample(options.Draws));
    double accuracy = test.Accuracy<float>(data.TestY);
    string same = expected is null ? "the reference" : Identical(expected, fit) ? "identical to the in-memory fit (μ and ρ bit for bit)" : "DIFFERS from the in-memory fit";
    Console.WriteLine($"{name,-10} {fit.Iterations} iterations in {fit.Elapsed.TotalSeconds:F2} s ({fit.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, fit.Iterations):F1} µs/iteration); held-out accuracy {accuracy * 100:F1} %; {same}");
    ok &= accuracy >= 0.94 && fit.StopReason == StopReason.IterationLimit && (expected is null || Identical(expected, fit));
    return fit;
}

static bool Identical(AdviFit<float> a, AdviFit<float> b) =>
    a.Iterations == b.Iterations
    && Bits(a.Mean).SequenceEqual(Bits(b.Mean))
    && Bits(a.Rho).SequenceEqual(Bits(b.Rho));

static int[] Bits(ReadOnlySpan<float> values)
{
    var bits = new int[values.Length];
    for (int i = 0; i < values.Length; i++)
    {
        bits[i] = BitConverter.SingleToInt32Bits(values[i]);
    }

    return bits;
}

/// <summary>Command-line options of the sample.</summary>
internal sealed record StreamingOptions(int Iterations, int Batch, int Draws, ulong Seed, bool Keep)
{
    public static StreamingOptions Parse(string[] args)
    {
        var result = new StreamingOptions(50_000, 50, 5_000, 1, false);
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
            result = args[i] switch
            {
                "--iterations" => result with { Iterations = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--batch" => result with { Batch = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--draws" => result with { Draws = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seed" => result with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) },
                "--keep" => result with { Keep = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --iterations N, --batch N, --draws N, --seed N, --keep."),
            };
        }

        return result;
    }
}
