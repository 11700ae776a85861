using ModelGen.Data;
using ModelGen.Inference;

namespace ModelGen.Orleans.Tests;

/// <summary>Fleets of fits on a three-silo in-process cluster: each key's result is its solo fit's, bit for bit.</summary>
public sealed class FleetTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly FleetFitOptions Options = new() { Iterations = 3_000, Seed = 11, CheckpointEvery = 250, Draws = 200, ParetoKDraws = 100 };

    [Fact]
    public async Task A_fleet_gives_each_key_its_solo_fit_and_a_bad_key_fails_alone_with_its_message()
    {
        string[] keys = [.. Enumerable.Range(0, 12).Select(i => $"k{i}"), LineModel.BadKey];
        var fleet = new FitFleet<LineModel>(fixture.Cluster.Client) { PollWait = TimeSpan.FromMilliseconds(500) };
        var reports = new List<FleetProgress>();
        var results = new List<FitResult>();
        await foreach (FitResult result in fleet.FitAsync("plain", keys, Options, new Progress(reports)))
        {
            results.Add(result);
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), results.Select(r => r.Key).Order(StringComparer.Ordinal));
        string expected = Assert.Throws<ModelDataException>(() => LineModel.Bind(LineModel.BadKey)).Message;
        FitResult bad = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(LineModel.BadKey, bad.Key);
        Assert.Equal(expected, bad.Error);
        Assert.Equal(typeof(ModelDataException).FullName, bad.ErrorType);
        foreach (FitResult result in results.Where(r => r.Succeeded))
        {
            AssertSolo(result);
        }

        FleetProgress last = reports[^1];
        Assert.Equal((13, 12, 1), (last.Total, last.Succeeded, last.Failed));
        Assert.Equal(12 * 3_000, last.Steps);

        // The same fleet again: every result comes from its grain's state, nothing is run again.
        var again = new List<FitResult>();
        await foreach (FitResult result in fleet.FitAsync("plain", keys, Options))
        {
            again.Add(result);
        }

        Assert.Equal(results.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Mean), again.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Mean));
    }

    [Fact]
    public async Task A_silo_killed_mid_fleet_loses_no_fit_and_changes_no_result()
    {
        // Longer fits than above, so that the silo dies with fits running on it.
        FleetFitOptions options = Options with { Iterations = 20_000, CheckpointEvery = 1_000 };
        string[] keys = [.. Enumerable.Range(100, 18).Select(i => $"k{i}")];
        List<FitResult> results = await fixture.FitKillingASilo("advi-killed", keys, options, early: 10);
        Assert.Equal(keys.Order(StringComparer.Ordinal), results.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Contains(results, r => r.Restarts > 0);

        // A restarted fit went on from its last persisted checkpoint (a multiple of 1,000 steps), not from the start: its
        // first progress report came past the first checkpoint, where a fresh start reports at step 100.
        Assert.Contains(ClusterFixture.FirstReports, first => first > 1_000);
        foreach (FitResult result in results)
        {
            AssertSolo(result, options);
        }
    }

    [Fact]
    public async Task A_fleet_reads_each_key_from_a_sqlite_table_and_bad_rows_fail_their_key_alone()
    {
        string[] keys = [.. KeyTable.GoodKeys, "tinf", "tnull", "tnone"];
        var fleet = new FitFleet<TableLineModel>(fixture.Cluster.Client) { PollWait = TimeSpan.FromMilliseconds(500) };
        var results = new Dictionary<string, FitResult>();
        await foreach (FitResult result in fleet.FitAsync("table", keys, Options))
        {
            results.Add(result.Key, result);
        }

        // +∞ reaches the model, whose constructor refuses it with its ModelDataException; NULL and a key with no rows are the reader's.
        (double X, double? Y)[] inf = KeyTable.Points("tinf");
        string expected = Assert.Throws<ModelDataException>(() => new LineModel(Column(inf), [.. inf.Select(p => p.Y!.Value)])).Message;
        Assert.Equal(expected, results["tinf"].Error);
        Assert.Equal(typeof(ModelDataException).FullName, results["tinf"].ErrorType);
        Assert.Equal("Table 'points', key 'tnull', column 'y', rowid 88: NULL; every input and observed value must be a number (INTEGER or REAL).", results["tnull"].Error);
        Assert.Equal("Table 'points' has no rows for key 'tnone'.", results["tnone"].Error);
        foreach (string key in KeyTable.GoodKeys)
        {
            // The solo fit on the key's rows as written: the query gave exactly those rows, in order.
            (double X, double? Y)[] points = KeyTable.Points(key);
            var solo = new LineModel(Column(points), [.. points.Select(p => p.Y!.Value)]) { SimdWidth = Simd.SimdWidth.Vector128 }.Fit(Options.ToAdviOptions());
            Assert.True(results[key].Succeeded, results[key].Error);
            Assert.Equal(solo.Mean.ToArray(), results[key].Mean);
            Assert.Equal(solo.Rho.ToArray(), results[key].Rho);
        }
    }

    [Fact]
    public async Task A_fleet_reads_each_key_from_a_parquet_file_of_its_own_and_bad_files_fail_their_key_alone()
    {
        string[] keys = [.. KeyFiles.GoodKeys, "pinf", "pnone"];
        var fleet = new FitFleet<ParquetLineModel>(fixture.Cluster.Client) { PollWait = TimeSpan.FromMilliseconds(500) };
        var results = new Dictionary<string, FitResult>();
        await foreach (FitResult result in fleet.FitAsync("parquet", keys, Options))
        {
            results.Add(result.Key, result);
        }

        // +∞ reaches the model, whose constructor refuses it with its ModelDataException; a key without a file is the reader's.
        (double[,] infX, double[] infY) = KeyFiles.Data("pinf");
        Assert.Equal(Assert.Throws<ModelDataException>(() => new LineModel(infX, infY)).Message, results["pinf"].Error);
        Assert.Equal($"Key 'pnone' has no Parquet file at '{Path.Combine(KeyFiles.Folder, "pnone.parquet")}'.", results["pnone"].Error);
        Assert.Equal(typeof(FileNotFoundException).FullName, results["pnone"].ErrorType);
        foreach (string key in KeyFiles.GoodKeys)
        {
            // The solo fit on the key's rows as written: the file gave exactly those rows, in order, across its row groups.
            (double[,] x, double[] y) = KeyFiles.Data(key);
            var solo = new LineModel(x, y) { SimdWidth = Simd.SimdWidth.Vector128 }.Fit(Options.ToAdviOptions());
            Assert.True(results[key].Succeeded, results[key].Error);
            Assert.Equal(solo.Mean.ToArray(), results[key].Mean);
            Assert.Equal(solo.Rho.ToArray(), results[key].Rho);
        }
    }

    private static double[,] Column((double X, double? Y)[] points)
    {
        var x = new double[points.Length, 1];
        for (int r = 0; r < points.Length; r++)
        {
            x[r, 0] = points[r].X;
        }

        return x;
    }

    /// <summary>The fleet's result for a key equals the same fit run alone here, bit for bit: approximation, ELBO trace, draws.</summary>
    private static void AssertSolo(FitResult result, FleetFitOptions? options = null)
    {
        options ??= Options;
        AdviFit<double> solo = LineModel.Bind(result.Key).Fit(options.ToAdviOptions());
        Assert.Equal(solo.Iterations, result.Iterations);
        Assert.Equal(solo.Mean.ToArray(), result.Mean);
        Assert.Equal(solo.Rho.ToArray(), result.Rho);
        Assert.Equal(solo.Elbo.Select(p => p.Value), result.Elbo);
        Assert.Equal(solo.Elbo.Select(p => p.Iteration), result.ElboIterations);
        Assert.Equal(solo.Sample(options.Draws, options.Seed).Values.ToArray(), result.Draws);
        Assert.Equal(solo.ParetoK?.K, result.ParetoK);
        Assert.Equal(["Sigma", "Line.Weights[1,1]", "Line.Bias[1,1]"], result.Columns);
    }

    private sealed class Progress(List<FleetProgress> reports) : IProgress<FleetProgress>
    {
        public void Report(FleetProgress value) => reports.Add(value);
    }
}
