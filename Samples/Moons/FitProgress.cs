using ModelGen.Inference;
using Spectre.Console;

namespace ModelGen.Samples.Moons;

/// <summary>
/// Shows a fit's progress (fed by <see cref="AdviOptions.Progress"/>): a Spectre.Console progress bar on a terminal,
/// plain "progress:" lines at every tenth of the run when the output is redirected (CI logs, pipes).
/// </summary>
internal static class FitProgress
{
    public static AdviFit<float> Run(Func<IProgress<AdviProgress>, AdviFit<float>> fit)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return fit(new Lines());
        }

        AdviFit<float>? result = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("ADVI", maxValue: 1);
                result = fit(new Bar(task));
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result!;
    }

    /// <summary>Moves the bar; Spectre's task is safe to update from the fit's thread while the display renders.</summary>
    private sealed class Bar(ProgressTask task) : IProgress<AdviProgress>
    {
        public void Report(AdviProgress value)
        {
            task.MaxValue = value.MaxIterations;
            task.Value = value.Iteration;
            task.Description = $"ADVI, ELBO {value.Elbo,9:F1}, {value.IterationsPerSecond,8:F0} it/s";
        }
    }

    /// <summary>One line per tenth of the run.</summary>
    private sealed class Lines : IProgress<AdviProgress>
    {
        private int _shown;

        public void Report(AdviProgress value)
        {
            int tenth = (int)(10L * value.Iteration / Math.Max(1, value.MaxIterations));
            if (tenth > _shown)
            {
                _shown = tenth;
                Console.WriteLine($"progress: {value.Iteration}/{value.MaxIterations} iterations, ELBO {value.Elbo:F1}, {value.IterationsPerSecond:F0} it/s, {value.Elapsed.TotalSeconds:F1} s");
            }
        }
    }
}
