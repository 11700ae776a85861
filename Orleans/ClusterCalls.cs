namespace ModelGen.Orleans;

/// <summary>The one path a driver (<see cref="FitFleet{TModel}"/>, <see cref="NutsChains{TModel, T}"/>) calls grains by when a silo may die under a call: tries again, backed off.</summary>
internal static class ClusterCalls
{
    /// <summary>Tries of one call before the driver gives up (with the call's error): 40, backed off, about three minutes with a 200 ms first pause and a 5 s longest.</summary>
    public const int MaxAttempts = 40;

    /// <summary>The pause after the <paramref name="failures"/>-th failure in a row: <paramref name="first"/> doubled per failure, at most <paramref name="longest"/>, jittered down by up to a quarter so that the callers of many grains on a dead silo do not call again in step.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan first, TimeSpan longest)
    {
        double full = Math.Min(longest.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30)));
        return TimeSpan.FromMilliseconds(full * (1 - (0.25 * System.Random.Shared.NextDouble())));
    }

    /// <summary>
    /// Calls until the cluster answers, at most <paramref name="maxAttempts"/> times: a silo lost under a call makes the
    /// call fail (or time out), and the next one goes to a live silo. An <see cref="ArgumentException"/> (a refused request) is not tried again.
    /// </summary>
    public static async Task<T> Retry<T>(Func<Task<T>> call, int maxAttempts, TimeSpan first, TimeSpan longest, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            // A stopped driver makes no further call (a watcher's loop of polls ends here).
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not ArgumentException && !cancellationToken.IsCancellationRequested && attempt < maxAttempts)
            {
                await Task.Delay(Backoff(attempt, first, longest), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
