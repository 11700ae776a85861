using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace ModelGen.Orleans.Tests;

/// <summary>
/// A reminder table that outlives any one silo of an in-process test cluster (the stand-in for PostgreSQL's
/// OrleansRemindersTable): one dictionary shared by the silos, with an ETag per row. Orleans' in-memory reminder
/// table lives in a grain, which a killed silo may take with it. One table per test cluster (its service id): the
/// test classes' clusters run side by side in one process, and one's reminders must not wake grains in another.
/// </summary>
internal sealed class SharedReminderTable(IOptions<ClusterOptions> cluster) : IReminderTable
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<(GrainId Grain, string Name), ReminderEntry>> Tables = new();

    private ConcurrentDictionary<(GrainId Grain, string Name), ReminderEntry> Rows { get; } = Tables.GetOrAdd(cluster.Value.ServiceId + "/" + cluster.Value.ClusterId, _ => new());

    public Task Init() => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Task.FromResult(new ReminderTableData(Rows.Values.Where(r => r.GrainId == grainId).Select(Copy).ToList()));

    /// <summary>The rows whose grain hash is in (begin, end], the range wrapping round when begin ≥ end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Task.FromResult(new ReminderTableData(Rows.Values.Where(r => InRange(r.GrainId.GetUniformHashCode(), begin, end)).Select(Copy).ToList()));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        Task.FromResult(Rows.TryGetValue((grainId, reminderName), out ReminderEntry? row) ? Copy(row) : null);

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string etag = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        ReminderEntry row = Copy(entry);
        row.ETag = etag;
        Rows[(entry.GrainId, entry.ReminderName)] = row;
        return Task.FromResult<string?>(etag);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var key = (grainId, reminderName);
        bool removed = Rows.TryGetValue(key, out ReminderEntry? row) && row.ETag == eTag && Rows.TryRemove(new KeyValuePair<(GrainId, string), ReminderEntry>(key, row));
        return Task.FromResult(removed);
    }

    public Task TestOnlyClearTable()
    {
        Rows.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Reminders of the grains whose key holds <paramref name="part"/>.</summary>
    public static int CountFor(string part) => Tables.Values.Sum(rows => rows.Keys.Count(k => k.Grain.ToString().Contains(part, StringComparison.Ordinal)));

    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Copy(ReminderEntry r) => new() { GrainId = r.GrainId, ReminderName = r.ReminderName, StartAt = r.StartAt, Period = r.Period, ETag = r.ETag };
}
