using System.Globalization;
using ModelGen.Plots;
using ModelGen.Sampling;
using ModelGenApp;

// Simulate data with known truth, fit the model with NUTS (4 chains), print each parameter's posterior beside the
// value that made the data, and write the fit's report: one HTML file with the warnings, the summary and the plots.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
(double[,] x, double[] y) = Truth.Simulate(rows: 200, seed: 1);
var model = new Regression(x, y);
NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 1 });
Console.WriteLine($"NUTS: {fit.Chains} chains × {fit.DrawsPerChain} draws in {fit.Elapsed.TotalSeconds:F1} s, {fit.Divergences} divergences");

double[] truth = Truth.Of(model);
IReadOnlyList<NutsSummary> summary = fit.Summarize();
Console.WriteLine($"{"parameter",-18} {"truth",7} {"mean",7} {"5 %",7} {"95 %",7} {"R-hat",6}");
for (int i = 0; i < summary.Count; i++)
{
    NutsSummary s = summary[i];
    Console.WriteLine($"{s.Name,-18} {truth[i],7:F3} {s.Mean,7:F3} {s.Q5,7:F3} {s.Q95,7:F3} {s.Rhat,6:F3}");
}

string report = fit.Report("report.html", model.SamplePrior);
Console.WriteLine($"report: {Path.GetFullPath(report)}");
