using System.Diagnostics;
using ModelGen.Draws;
using ModelGen.EndToEnd.Tests.Models;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// A layer far wider than any thread's stack (100,000 units) evaluated on threads with 256 KB stacks: the density, the
/// gradient and the prediction against a closed form written here. A kernel that put the layer's units on the stack
/// would overflow it, a crash no catch can stop, so the evaluation runs in a child process (ChildProcess "huge-layer").
/// </summary>
public sealed class HugeLayerTests : IDisposable
{
    private const int Rows = 3;
    private const int Units = Huge100kNet.Units;

    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-huge-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The rows: x and y per row.</summary>
    private static (double[,] X, double[] Y) Data() => (new double[,] { { 0.8 }, { -1.3 }, { 0.25 } }, [0.4, -1.1, 2.0]);

    /// <summary>θ: W1[0, j] = θ[j] (Hidden.Weights 1 × U), W2[j, 0] = θ[U + j] (Output.Weights U × 1).</summary>
    private static double[] Theta()
    {
        var theta = new double[2 * Units];
        for (int j = 0; j < Units; j++)
        {
            theta[j] = 0.9 * Math.Sin(0.37 * j);
            theta[Units + j] = 0.01 * Math.Cos(0.11 * j);
        }

        return theta;
    }

    /// <summary>
    /// Run by the child on threads with 256 KB stacks: writes log p, then ∇ from Gradient on two threads at once (one
    /// bound model, two threads), then ∇ and log p from LogDensityGradient, then the predicted means of the rows for θ
    /// as a single draw. Binary doubles, in that order.
    /// </summary>
    internal static void RunChild(string result)
    {
        (double[,] x, double[] y) = Data();
        var model = new Huge100kNet(x, y);
        double[] theta = Theta();
        double value = double.NaN;
        var gradients = new double[2][];
        var fused = new double[theta.Length];
        double fusedValue = double.NaN;
        double[] predicted = [];
        OnSmallStack(() =>
        {
            value = model.LogDensity(theta);
            fusedValue = model.LogDensityGradient(theta, fused);
            predicted = model.Predict(x, new Draws<double>(Huge100kNet.Layout, theta, 1)).Mean;
        });
        OnSmallStack(
            () => model.Gradient(theta, gradients[0] = new double[theta.Length]),
            () => model.Gradient(theta, gradients[1] = new double[theta.Length]));

        using var writer = new BinaryWriter(File.Create(result));
        writer.Write(value);
        foreach (double[] g in gradients)
        {
            Array.ForEach(g, writer.Write);
        }

        writer.Write(fusedValue);
        Array.ForEach(fused, writer.Write);
        Array.ForEach(predicted, writer.Write);
    }

    [Fact]
    public async Task A_layer_far_past_any_stack_runs_on_a_256_KB_stack_and_gives_the_closed_form()
    {
        string result = Path.Combine(_folder, "huge.bin");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { typeof(ChildProcess).Assembly.Location, "huge-layer", result })
        {
            info.ArgumentList.Add(argument);
        }

        using (Process child = Process.Start(info) ?? throw new InvalidOperationException("could not start the child"))
        {
            Task<string> error = child.StandardError.ReadToEndAsync();
            Task<string> output = child.StandardOutput.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await child.WaitForExitAsync(limit.Token);
            Assert.True(child.ExitCode == 0, $"the child crashed (exit code {child.ExitCode}): {await error} {await output}");
        }

        (double expectedValue, double[] expectedGradient, double[] expectedMeans) = ClosedForm();
        using var reader = new BinaryReader(File.OpenRead(result));
        AssertClose(expectedValue, reader.ReadDouble(), "log p (LogDensity)");
        for (int thread = 0; thread < 2; thread++)
        {
            AssertGradient(expectedGradient, reader, $"Gradient on thread {thread}");
        }

        AssertClose(expectedValue, reader.ReadDouble(), "log p (LogDensityGradient)");
        AssertGradient(expectedGradient, reader, "LogDensityGradient");
        for (int r = 0; r < Rows; r++)
        {
            AssertClose(expectedMeans[r], reader.ReadDouble(), $"the predicted mean of row {r}");
        }
    }

    /// <summary>
    /// log p = Σⱼ log N(W1ⱼ | 0, 1) + log N(W2ⱼ | 0, 1) + Σᵣ log N(yᵣ | μᵣ, 1), μᵣ = Σⱼ tanh(xᵣ W1ⱼ) W2ⱼ; with eᵣ = yᵣ − μᵣ,
    /// ∂/∂W2ⱼ = Σᵣ eᵣ tanh(xᵣ W1ⱼ) − W2ⱼ and ∂/∂W1ⱼ = Σᵣ eᵣ W2ⱼ (1 − tanh²(xᵣ W1ⱼ)) xᵣ − W1ⱼ.
    /// </summary>
    private static (double Value, double[] Gradient, double[] Means) ClosedForm()
    {
        (double[,] x, double[] y) = Data();
        double[] theta = Theta();
        double halfLog2Pi = 0.5 * Math.Log(2 * Math.PI);
        var means = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            for (int j = 0; j < Units; j++)
            {
                means[r] += Math.Tanh(x[r, 0] * theta[j]) * theta[Units + j];
            }
        }

        double value = 0;
        var gradient = new double[theta.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            value += (-0.5 * theta[i] * theta[i]) - halfLog2Pi;
            gradient[i] = -theta[i];
        }

        for (int r = 0; r < Rows; r++)
        {
            double e = y[r] - means[r];
            value += (-0.5 * e * e) - halfLog2Pi;
            for (int j = 0; j < Units; j++)
            {
                double h = Math.Tanh(x[r, 0] * theta[j]);
                gradient[Units + j] += e * h;
                gradient[j] += e * theta[Units + j] * (1 - (h * h)) * x[r, 0];
            }
        }

        return (value, gradient, means);
    }

    private static void AssertGradient(double[] expected, BinaryReader reader, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double actual = reader.ReadDouble();
            if (!(Math.Abs(actual - expected[i]) <= 1e-10 * Math.Max(1, Math.Abs(expected[i]))))
            {
                Assert.Fail($"{what}: ∂/∂θ[{i}] is {actual:R}, the closed form {expected[i]:R}");
            }
        }
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"{what} is {actual:R}, the closed form {expected:R}");

    /// <summary>Runs each action on its own thread with a 256 KB stack, all at once, and waits for them.</summary>
    private static void OnSmallStack(params Action[] actions)
    {
        Exception? failure = null;
        Thread[] threads = [.. actions.Select(a => new Thread(
            () =>
            {
                try
                {
                    a();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            maxStackSize: 256 * 1024))];
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());
        if (failure is not null)
        {
            throw new InvalidOperationException("an evaluation on a small stack failed", failure);
        }
    }
}
