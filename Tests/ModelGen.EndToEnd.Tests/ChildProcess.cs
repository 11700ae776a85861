using System.Globalization;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Samples.Moons;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// The test assembly's entry point. Run as <c>dotnet ModelGen.EndToEnd.Tests.dll resume-child CHECKPOINT RESULT</c>
/// it fits the seed network with checkpoints (resuming from CHECKPOINT if it exists) and writes μ to RESULT:
/// the child the kill test kills with SIGKILL and runs again. Run as <c>… huge-layer RESULT</c> it evaluates a
/// 100,000-unit layer on threads with 256 KB stacks (<see cref="HugeLayerTests"/>), where a stack overflow may only
/// take the child down.
/// </summary>
public static class ChildProcess
{
    public const int Iterations = 30_000;

    public static AdviOptions Options(string? checkpoint) =>
        new() { Iterations = Iterations, Seed = 11, Checkpoint = checkpoint is null ? null : new CheckpointOptions(checkpoint, Every: 500) };

    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "huge-layer")
        {
            HugeLayerTests.RunChild(args[1]);
            return 0;
        }

        if (args.Length != 3 || args[0] != "resume-child")
        {
            Console.Error.WriteLine("usage: resume-child CHECKPOINT RESULT, or huge-layer RESULT (the test runner does not use this entry point)");
            return 2;
        }

        MoonsData seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
        AdviFit<float> fit = new SeedFloat(seed.TrainX, seed.TrainY).Fit(Options(args[1]));
        File.WriteAllLines(args[2], fit.Mean.ToArray().Select(m => m.ToString("R", CultureInfo.InvariantCulture)));
        return 0;
    }
}
