using System.Globalization;
using ModelGen.Inference;
using ModelGen.Plots;
using ModelGen.Sampling;
using ModelGen.Samples.EightSchools;
using ModelGen.Samples.Report;

// The reports a person reads after a fit: eight schools (Rubin's data), the centred form by NUTS (it diverges, and the
// report says so first), the non-centred form by NUTS, and the non-centred form by ADVI; and a large model's report,
// a regression of 100 parameters by NUTS (4 × (1,000 + 1,000)): every parameter's trace and rank plots, ten to a
// figure. Options: --out DIR --seed N.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string output = "out/report";
ulong seed = 1;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--out": output = Value(); break;
        case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --out DIR, --seed N.");
    }
}

Directory.CreateDirectory(output);
var centred = new Centred(Rubin.Schools(), Rubin.Estimates);
var nonCentred = new NonCentred(Rubin.Schools(), Rubin.Estimates);
NutsFit<double> centredNuts = centred.Nuts(new NutsOptions { Seed = seed });
NutsFit<double> nonCentredNuts = nonCentred.Nuts(new NutsOptions { Seed = seed, TargetAcceptance = 0.95 });
AdviFit<double> advi = nonCentred.Fit(new AdviOptions { Seed = seed });
string[] written =
[
    centredNuts.Report(Path.Combine(output, "centred-nuts.html"), centred.SamplePrior),
    nonCentredNuts.Report(Path.Combine(output, "non-centred-nuts.html"), nonCentred.SamplePrior),
    advi.Report(Path.Combine(output, "non-centred-advi.html"), nonCentred.SamplePrior),
    Wide(Path.Combine(output, "wide-nuts.html"), seed),
];
foreach (string path in written)
{
    Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1024} KiB)");
}

static string Wide(string path, ulong seed)
{
    (WideRegression model, NutsFit<double> fit) = WideRegression.Fitted(chains: 4, draws: 1_000, seed);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    fit.Report(path, model.SamplePrior);
    Console.WriteLine($"wide: the report of {WideRegression.ParameterCount} parameters × {fit.Chains} chains × {fit.DrawsPerChain} draws took {clock.Elapsed.TotalSeconds:F2} s");
    return path;
}
