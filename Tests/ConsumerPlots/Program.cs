using ModelGen;
using ModelGen.Plots;
using ModelGen.Sampling;

// What a user writes after adding ModelGen and ModelGen.Plots: a fit, then its diagnostic plots as PNG files.
var random = new Random(4);
var x = new double[200, 1];
var y = new double[200];
for (int r = 0; r < 200; r++)
{
    x[r, 0] = (random.NextDouble() * 4) - 2;
    y[r] = 1.5 + (0.8 * x[r, 0]) + (0.5 * ((random.NextDouble() + random.NextDouble() + random.NextDouble()) - 1.5));
}

var model = new Line(x, y);
NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 2, Chains = 2, Warmup = 300, Draws = 300 });
string folder = Path.Combine(Path.GetTempPath(), $"modelgen-consumer-plots-{Environment.ProcessId}");
Directory.CreateDirectory(folder);
try
{
    var files = new Dictionary<string, Figure>
    {
        ["trace.png"] = fit.TracePlot(),
        ["pairs.png"] = fit.PairPlot(),
        ["density.png"] = fit.DensityPlot(model.SamplePrior),
        ["energy.png"] = fit.EnergyPlot(),
    };
    foreach ((string name, Figure figure) in files)
    {
        string path = Path.Combine(folder, name);
        figure.Save(path);
        byte[] head = File.ReadAllBytes(path)[..8];
        if (new FileInfo(path).Length < 10_000 || !head.SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            Console.Error.WriteLine($"consumer-plots: {name} is not a PNG of a drawn plot ({new FileInfo(path).Length} bytes)");
            return 1;
        }
    }

    Console.WriteLine($"consumer-plots: {files.Count} plots of a {Line.ParameterCount}-parameter NUTS fit written as PNGs ({string.Join(", ", files.Keys)})");
    return 0;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

[Model<double>]
public partial class Line
{
    [Input(features: 1)]
    public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 5)]
    public partial Layer Mean { get; }

    [HalfNormal(2)]
    public partial Parameter Sigma { get; }

    [Normal(nameof(Mean), nameof(Sigma))]
    public partial Observed Y { get; }
}
