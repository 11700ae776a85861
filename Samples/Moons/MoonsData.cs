using System.Globalization;
using ModelGen.Random;

namespace ModelGen.Samples.Moons;

/// <summary>A train/test split of make_moons: rows × 2 inputs and 0/1 labels.</summary>
public sealed record MoonsData(float[,] TrainX, float[] TrainY, float[,] TestX, float[] TestY)
{
    /// <summary>Reads the seed data (x1,x2,y CSV files with a header) as scikit-learn made it.</summary>
    public static MoonsData Load(string trainPath, string testPath)
    {
        (float[,] trainX, float[] trainY) = ReadCsv(trainPath);
        (float[,] testX, float[] testY) = ReadCsv(testPath);
        return new MoonsData(trainX, trainY, testX, testY);
    }

    /// <summary>
    /// scikit-learn's make_moons recipe: two interleaving half circles (n/2 points each), Gaussian noise of
    /// sd <paramref name="noise"/>, standardised per column (population sd, as sklearn's scale), then half held
    /// out at random. Our own random stream, so the points differ from sklearn's but the distribution is the same.
    /// </summary>
    public static MoonsData Generate(int samples, double noise, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 4);
        var rng = new Rng(seed);
        int outer = samples / 2;
        int inner = samples - outer;
        var x = new double[samples, 2];
        var y = new float[samples];
        for (int i = 0; i < outer; i++)
        {
            double t = outer == 1 ? 0 : Math.PI * i / (outer - 1);
            x[i, 0] = Math.Cos(t);
            x[i, 1] = Math.Sin(t);
        }

        for (int i = 0; i < inner; i++)
        {
            double t = inner == 1 ? 0 : Math.PI * i / (inner - 1);
            x[outer + i, 0] = 1 - Math.Cos(t);
            x[outer + i, 1] = 1 - Math.Sin(t) - 0.5;
            y[outer + i] = 1;
        }

        for (int i = 0; i < samples; i++)
        {
            x[i, 0] += noise * rng.NextNormal();
            x[i, 1] += noise * rng.NextNormal();
        }

        for (int c = 0; c < 2; c++)
        {
            double mean = 0;
            for (int i = 0; i < samples; i++)
            {
                mean += x[i, c];
            }

            mean /= samples;
            double variance = 0;
            for (int i = 0; i < samples; i++)
            {
                variance += (x[i, c] - mean) * (x[i, c] - mean);
            }

            double sd = Math.Sqrt(variance / samples);
            for (int i = 0; i < samples; i++)
            {
                x[i, c] = (x[i, c] - mean) / sd;
            }
        }

        // A seeded Fisher–Yates shuffle, then the first half trains and the second half is held out.
        int[] order = Enumerable.Range(0, samples).ToArray();
        for (int i = samples - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        int train = samples - (samples / 2);
        return new MoonsData(Take(x, order, 0, train), Take(y, order, 0, train), Take(x, order, train, samples - train), Take(y, order, train, samples - train));
    }

    /// <summary>The notebook's prediction grid, np.mgrid[-3:3:100j, -3:3:100j]: row i·side + j is (−3 + 6i/(side−1), −3 + 6j/(side−1)).</summary>
    public static float[,] Grid(int side)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 2);
        var grid = new float[side * side, 2];
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                grid[(i * side) + j, 0] = -3f + (6f * i / (side - 1));
                grid[(i * side) + j, 1] = -3f + (6f * j / (side - 1));
            }
        }

        return grid;
    }

    private static float[,] Take(double[,] x, int[] order, int start, int count)
    {
        var result = new float[count, 2];
        for (int i = 0; i < count; i++)
        {
            result[i, 0] = (float)x[order[start + i], 0];
            result[i, 1] = (float)x[order[start + i], 1];
        }

        return result;
    }

    private static float[] Take(float[] y, int[] order, int start, int count)
    {
        var result = new float[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = y[order[start + i]];
        }

        return result;
    }

    private static (float[,] X, float[] Y) ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2 || lines[0].Trim() != "x1,x2,y")
        {
            throw new InvalidDataException($"{path}: expected a header 'x1,x2,y' and at least one row.");
        }

        var x = new float[lines.Length - 1, 2];
        var y = new float[lines.Length - 1];
        for (int i = 1; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            if (fields.Length != 3
                || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double x1)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double x2)
                || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double label))
            {
                throw new InvalidDataException($"{path}, line {i + 1}: expected three numbers 'x1,x2,y', got '{lines[i]}'.");
            }

            x[i - 1, 0] = (float)x1;
            x[i - 1, 1] = (float)x2;
            y[i - 1] = (float)label;
        }

        return (x, y);
    }
}
