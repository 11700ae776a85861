using System.Globalization;
using ModelGen.Inference;
using ModelGen.Plots;
using ModelGen.Sampling;
using ModelGen.Samples.EightSchools;

// The reports a person reads after a fit: eight schools (Rubin's data), the centred form by NUTS (it diverges, and the
// report says so first), the non-centred form by NUTS, and the non-centred form by ADVI. Options: --out DIR --seed N.
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
];
foreach (string path in written)
{
    Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1024} KiB)");
}
