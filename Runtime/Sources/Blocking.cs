namespace ModelGen.Sources;

/// <summary>
/// Waits for asynchronous library calls from the synchronous fit loop. Sources call these only where they open
/// a file or move to the next row group, never per step.
/// </summary>
internal static class Blocking
{
    /// <summary>Waits for <paramref name="pending"/>, at no cost when it completed synchronously.</summary>
    public static void Wait(ValueTask pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            return;
        }

        pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Waits for <paramref name="pending"/>, at no cost when it completed synchronously.</summary>
    public static TResult Wait<TResult>(ValueTask<TResult> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    /// <summary>Waits for <paramref name="pending"/>.</summary>
    public static TResult Wait<TResult>(Task<TResult> pending) => pending.GetAwaiter().GetResult();

    /// <summary>Waits for <paramref name="pending"/>.</summary>
    public static void Wait(Task pending) => pending.GetAwaiter().GetResult();

    /// <summary>
    /// <paramref name="work"/>'s result, run on the thread pool when the calling code runs under another task scheduler
    /// than the default (an Orleans grain's, which has one thread): the library's continuations inside it are queued to
    /// <see cref="TaskScheduler.Current"/>, which a wait on that one thread would never let run. Under the default
    /// scheduler, <paramref name="work"/> runs here.
    /// </summary>
    public static TResult OnDefaultScheduler<TResult>(Func<TResult> work) =>
        TaskScheduler.Current == TaskScheduler.Default ? work() : Task.Run(work).GetAwaiter().GetResult();

    /// <summary>
    /// Clears the synchronization context until disposed, so that operations started inside the scope continue
    /// on the thread pool and a wait on a UI thread cannot deadlock. Start the operation and wait inside it.
    /// </summary>
    public static NoContextScope WithoutContext() => new(SynchronizationContext.Current);

    /// <summary>Restores the synchronization context <see cref="WithoutContext"/> cleared.</summary>
    internal readonly struct NoContextScope : IDisposable
    {
        private readonly SynchronizationContext? _saved;

        public NoContextScope(SynchronizationContext? saved)
        {
            _saved = saved;
            if (saved is not null)
            {
                SynchronizationContext.SetSynchronizationContext(null);
            }
        }

        public void Dispose()
        {
            if (_saved is not null)
            {
                SynchronizationContext.SetSynchronizationContext(_saved);
            }
        }
    }
}
