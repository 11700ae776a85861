using System.Net;
using System.Text.RegularExpressions;
using ModelGen.Inference;
using ModelGen.Sampling;
using ModelGen.Samples.EightSchools;
using ModelGen.Samples.Report;

namespace ModelGen.Plots.Tests;

/// <summary>
/// <c>fit.Report(path)</c> as a reader opens it: one HTML file with nothing outside it (no script, no link, no remote
/// image), every plot embedded as a PNG that decodes, a summary row per parameter with the model's names, and every
/// warning the fit gives in words.
/// </summary>
public sealed partial class ReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_nuts_report_is_self_contained_with_every_plot_row_and_warning()
    {
        var model = new Centred(Rubin.Schools(), Rubin.Estimates);
        NutsFit<double> fit = model.Nuts(new NutsOptions { Seed = 3, Chains = 2, Warmup = 200, Draws = 200 });
        string path = fit.Report(Path.Combine(_folder, "nuts.html"), model.SamplePrior);
        string html = File.ReadAllText(path);

        AssertSelfContained(html);
        Assert.Equal(7, AssertImages(html));
        foreach (string name in new[] { "Mu", "Tau", "Theta[1]", "Theta[8]" })
        {
            Assert.Contains("<td>" + WebUtility.HtmlEncode(name) + "</td>", html, StringComparison.Ordinal);
        }

        foreach (string warning in fit.Warnings())
        {
            Assert.Contains(WebUtility.HtmlEncode(warning), html, StringComparison.Ordinal);
        }

        // Two short chains of the centred form mix poorly somewhere: the row is marked and the reason given in words.
        Assert.Contains("<tr class=\"flag\">", html, StringComparison.Ordinal);
        Assert.Contains("have not mixed well enough", html, StringComparison.Ordinal);
        Assert.Contains("HalfCauchy", html, StringComparison.Ordinal); // the model section names each block's prior
    }

    [Fact]
    public void An_advi_report_says_its_draws_are_not_the_posterior()
    {
        var model = new NonCentred(Rubin.Schools(), Rubin.Estimates);
        AdviFit<double> fit = model.Fit(new AdviOptions { Seed = 2, Iterations = 2_000 });
        string html = File.ReadAllText(fit.Report(Path.Combine(_folder, "advi.html"), model.SamplePrior, draws: 1_000));

        AssertSelfContained(html);
        Assert.Equal(4, AssertImages(html));
        Assert.Contains("not from the posterior", html, StringComparison.Ordinal);
        Assert.Contains("IterationLimit", html, StringComparison.Ordinal);
        Assert.Contains("<td>Theta[8]</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_100_parameter_report_has_trace_and_rank_plots_of_every_parameter()
    {
        (WideRegression model, NutsFit<double> fit) = WideRegression.Fitted(chains: 4, draws: 100, seed: 8);
        Assert.Equal(100, WideRegression.ParameterCount);
        string html = File.ReadAllText(fit.Report(Path.Combine(_folder, "wide.html"), model.SamplePrior));

        AssertSelfContained(html);
        AssertImages(html);
        string[] alts = [.. Alt().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];
        string[] names = [.. fit.Summarize().Select(r => r.Name)];
        Assert.Equal(100, names.Length);
        foreach (string kind in new[] { ": trace (", ": rank histograms (" })
        {
            // Every parameter is named in the description of a figure of that kind (its panels' titles).
            string[] figures = [.. alts.Where(a => a.Contains(kind, StringComparison.Ordinal))];
            string[] missing = [.. names.Where(n => !figures.Any(a => a.Contains(" " + n + ",", StringComparison.Ordinal) || a.EndsWith(" " + n, StringComparison.Ordinal)))];
            Assert.True(missing.Length == 0, $"no{kind}…) figure shows {missing.Length} of the 100 parameters, e.g. {string.Join(", ", missing.Take(5))}");
        }

        foreach (string name in names)
        {
            Assert.Contains("<td>" + WebUtility.HtmlEncode(name) + "</td>", html, StringComparison.Ordinal);
        }
    }

    private static void AssertSelfContained(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        foreach (Match source in Source().Matches(html))
        {
            Assert.StartsWith("data:image/png;base64,", source.Groups[1].Value, StringComparison.Ordinal);
        }
    }

    /// <summary>Decodes every embedded image: a PNG signature, and big enough to hold a drawn plot. Returns the count.</summary>
    private static int AssertImages(string html)
    {
        int count = 0;
        foreach (Match source in Source().Matches(html))
        {
            byte[] png = Convert.FromBase64String(source.Groups[1].Value["data:image/png;base64,".Length..]);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.True(png.Length > 10_000, $"image {count} is {png.Length} bytes");
            count++;
        }

        return count;
    }

    [GeneratedRegex("src=\"([^\"]*)\"")]
    private static partial Regex Source();

    [GeneratedRegex("<img alt=\"([^\"]*)\"")]
    private static partial Regex Alt();
}
