using System.Globalization;
using ModelGen.Inference;
using ModelGen.Samples.Moons;

namespace ModelGen.Outputs.Tests;

/// <summary>A standard normal over the unconstrained vector: log p(θ) = Σ −½θ² − ½ log 2π.</summary>
internal struct StandardNormal(int dimension) : ILogDensity<double>
{
    public readonly int Dimension => dimension;

    public static double Density(ReadOnlySpan<double> theta)
    {
        double sum = 0;
        foreach (double t in theta)
        {
            sum += (-0.5 * t * t) - (0.5 * Math.Log(2 * Math.PI));
        }

        return sum;
    }

    public readonly double LogDensity(ReadOnlySpan<double> theta) => Density(theta);

    public readonly void Gradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        for (int i = 0; i < theta.Length; i++)
        {
            gradient[i] = -theta[i];
        }
    }

    public readonly double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        Gradient(theta, gradient);
        return Density(theta);
    }

    public readonly bool NextBatch() => true;
}

/// <summary>A model given only by its layout; the constraint map is the identity.</summary>
internal sealed class LayoutModel<T>(ModelInfo info) : IModel<T>
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public ModelInfo Info => info;

    public void Constrain(ReadOnlySpan<T> unconstrained, Span<T> constrained) => unconstrained.CopyTo(constrained);
}

internal static class Fixtures
{
    /// <summary>parameters { matrix[2, 2] W; real b; }, the reference CSV's model.</summary>
    public static ModelInfo Small { get; } = new("normal_model", "double", [new ParameterBlock("W", 0, new EquatableShape(2, 2), "Normal(0, 1)"), new ParameterBlock("b", 4, new EquatableShape(), "Normal(0, 1)")]);

    public static AdviFit<double> FitSmall(int iterations = 2_000, ulong seed = 7)
    {
        var density = new StandardNormal(Small.Dimension);
        return Advi.Fit(ref density, new LayoutModel<double>(Small), new AdviOptions { Iterations = iterations, Seed = seed });
    }

    public static MoonsData Moons() => MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "modelgen-outputs-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(path);
        return path;
    }
}
