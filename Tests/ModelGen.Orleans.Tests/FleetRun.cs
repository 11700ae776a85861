namespace ModelGen.Orleans.Tests;

/// <summary>Runs a <see cref="LineModel"/> fleet on a test cluster to its end and returns its results by key.</summary>
internal static class FleetRun
{
    public static async Task<Dictionary<string, FitResult>> Collect(IClusterClient client, string fleet, string[] keys, FleetFitOptions options, CancellationToken cancellationToken = default)
    {
        var driver = new FitFleet<LineModel>(client) { PollWait = TimeSpan.FromMilliseconds(500) };
        var results = new Dictionary<string, FitResult>(StringComparer.Ordinal);
        await foreach (FitResult result in driver.FitAsync(fleet, keys, options, cancellationToken: cancellationToken))
        {
            results.Add(result.Key, result);
        }

        return results;
    }
}
