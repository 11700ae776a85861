using ModelGen.Random;
using ModelGen.Samples.Moons;

namespace ModelGen.Benchmarks;

/// <summary>The data and a fixed parameter point every benchmark starts from.</summary>
public static class MoonsFixture
{
    /// <summary>Rows of make_moons the large-N benchmarks train on (the generator holds out as many again).</summary>
    public const int LargeRows = 50_000;

    /// <summary>The seed notebook's 500 training rows, as scikit-learn made them.</summary>
    public static MoonsData Seed() => MoonsData.Load(
        Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"),
        Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    /// <summary><see cref="LargeRows"/> training rows of make_moons (noise 0.2), seeded.</summary>
    public static MoonsData Large() => MoonsData.Generate(2 * LargeRows, noise: 0.2, seed: 1);

    /// <summary>θ ~ N(0, 1), seeded: tanh units neither saturated nor linear, as at the start of a fit.</summary>
    public static T[] Theta<T>(int dimension)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(7);
        var theta = new T[dimension];
        for (int i = 0; i < dimension; i++)
        {
            theta[i] = T.CreateTruncating(rng.NextNormal());
        }

        return theta;
    }

    /// <summary>The rows as double, for the double model.</summary>
    public static double[,] ToDouble(float[,] x)
    {
        var result = new double[x.GetLength(0), x.GetLength(1)];
        for (int i = 0; i < x.GetLength(0); i++)
        {
            for (int j = 0; j < x.GetLength(1); j++)
            {
                result[i, j] = x[i, j];
            }
        }

        return result;
    }

    /// <summary>The labels as double.</summary>
    public static double[] ToDouble(float[] y) => Array.ConvertAll(y, v => (double)v);
}
