using System.Globalization;
using ModelGen.Samples.Moons;
using ModelGen.Samples.MoonsPlots;

// The Moons notebook's figures as PNGs. Either fit the seed network here, or read the files the Moons sample
// wrote (dotnet run --project Samples/Moons -- --out out). Options: --from DIR (read DIR instead of fitting)
// --out DIR (default plots) --iterations N (default 50000) --draws N (default 2000) --seed N (default 1).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string? from = null;
string output = "plots";
int iterations = 50_000, draws = 2_000;
ulong seed = 1;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--from": from = Value(); break;
        case "--out": output = Value(); break;
        case "--iterations": iterations = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--draws": draws = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --from DIR, --out DIR, --iterations N, --draws N, --seed N.");
    }
}

MoonsResults results = from is not null
    ? MoonsResults.FromDirectory(from)
    : MoonsResults.Fit(
        MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv")),
        iterations,
        draws,
        seed);
IReadOnlyList<string> files = MoonsFigures.RenderAll(results, output);
Console.WriteLine($"wrote {files.Count} figures under {Path.GetFullPath(output)}");
