using System.Globalization;
using ModelGen.Draws;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;

namespace ModelGen.Samples.MoonsPlots;

/// <summary>Everything the figures show, from a fit made here or from the Moons sample's out/ files.</summary>
public sealed class MoonsResults
{
    /// <summary>Side of the notebook's grid, np.mgrid[-3:3:100j, -3:3:100j].</summary>
    public const int Side = 100;

    /// <summary>Training inputs (rows × 2) and labels.</summary>
    public required double[,] TrainX { get; init; }

    /// <summary>Training labels, 0 or 1.</summary>
    public required double[] TrainY { get; init; }

    /// <summary>Held-out inputs (rows × 2).</summary>
    public required double[,] TestX { get; init; }

    /// <summary>Held-out labels, 0 or 1.</summary>
    public required double[] TestY { get; init; }

    /// <summary>Posterior-predictive mean of P(y = 1) per held-out row.</summary>
    public required double[] TestMean { get; init; }

    /// <summary>Posterior-predictive mean over the grid, [i, j] at x1 = −3 + 6i/99, x2 = −3 + 6j/99.</summary>
    public required double[,] GridMean { get; init; }

    /// <summary>Posterior-predictive sd over the grid, indexed as <see cref="GridMean"/>.</summary>
    public required double[,] GridSd { get; init; }

    /// <summary>The ELBO trace: (iteration, estimate).</summary>
    public required IReadOnlyList<(int Iteration, double Value)> Elbo { get; init; }

    /// <summary>Stan-style names of the parameters, e.g. "Hidden1_Weights.1.2" (dots in block names become underscores, as Stan's readers need).</summary>
    public required IReadOnlyList<string> ParameterNames { get; init; }

    /// <summary>Draws × parameters, constrained, columns in the order of <see cref="ParameterNames"/>.</summary>
    public required double[,] Draws { get; init; }

    /// <summary>Fits the seed network here (the Moons sample's steps, fewer iterations by default).</summary>
    public static MoonsResults Fit(MoonsData data, int iterations, int draws, ulong seed)
    {
        var model = new MoonsNetwork(data.TrainX, data.TrainY);
        AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = iterations, Seed = seed });
        return FromFit(data, model, fit, draws);
    }

    /// <summary>Predicts with a fitted (or loaded) approximation.</summary>
    public static MoonsResults FromFit(MoonsData data, MoonsNetwork model, AdviFit<float> fit, int draws)
    {
        Draws<float> sample = fit.Sample(draws);
        PosteriorPredictive test = model.Predict(data.TestX, sample);
        float[,] grid = MoonsData.Grid(Side);

        PosteriorPredictive surface = model.Predict(grid, sample);
        // Columns in Stan's order, as draws.csv holds them, beside their names.
        int[] order = StanCsv.ColumnOrder(fit.Info);
        var values = new double[draws, order.Length];
        for (int k = 0; k < draws; k++)
        {
            for (int p = 0; p < order.Length; p++)
            {
                values[k, p] = sample[k, order[p]];
            }
        }

        return new MoonsResults
        {
            TrainX = ToDouble(data.TrainX),
            TrainY = [.. data.TrainY.Select(v => (double)v)],
            TestX = ToDouble(data.TestX),
            TestY = [.. data.TestY.Select(v => (double)v)],
            TestMean = [.. Enumerable.Range(0, test.Rows).Select(r => (double)test.Mean[r])],
            GridMean = Square(r => surface.Mean[r]),
            GridSd = Square(r => surface.StandardDeviation[r]),
            Elbo = [.. fit.Elbo.Select(p => (p.Iteration, p.Value))],
            ParameterNames = StanCsv.ColumnNames(fit.Info),
            Draws = values,
        };
    }

    /// <summary>
    /// Reads the Moons sample's output folder: train.csv and test.csv (x1,x2,y[,mean,sd]), grid.csv (x1,x2,mean,sd),
    /// elbo.csv (iteration,elbo) and draws.csv (CmdStan's layout; the first row, the approximation's mean, is skipped).
    /// </summary>
    public static MoonsResults FromDirectory(string directory)
    {
        double[][] train = ReadRows(Path.Combine(directory, "train.csv"));
        double[][] test = ReadRows(Path.Combine(directory, "test.csv"));
        double[][] grid = ReadRows(Path.Combine(directory, "grid.csv"));
        if (grid.Length != Side * Side)
        {
            throw new InvalidDataException($"grid.csv has {grid.Length} rows; expected {Side * Side}.");
        }

        double[][] elbo = ReadRows(Path.Combine(directory, "elbo.csv"));
        (string[] names, double[][] rows) = ReadStanCsv(Path.Combine(directory, "draws.csv"));
        var draws = new double[rows.Length - 1, names.Length - 3];
        for (int k = 1; k < rows.Length; k++)
        {
            for (int p = 3; p < names.Length; p++)
            {
                draws[k - 1, p - 3] = rows[k][p];
            }
        }

        return new MoonsResults
        {
            TrainX = Columns(train, 0, 1),
            TrainY = [.. train.Select(r => r[2])],
            TestX = Columns(test, 0, 1),
            TestY = [.. test.Select(r => r[2])],
            TestMean = [.. test.Select(r => r[3])],
            GridMean = Square(r => grid[r][2]),
            GridSd = Square(r => grid[r][3]),
            Elbo = [.. elbo.Select(r => ((int)r[0], r[1]))],
            ParameterNames = names[3..],
            Draws = draws,
        };
    }

    /// <summary>Reads a CSV of numbers with one header row.</summary>
    private static double[][] ReadRows(string path) =>
        [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];

    /// <summary>Reads a CmdStan CSV: comment lines start with '#', the first other line is the header.</summary>
    private static (string[] Names, double[][] Rows) ReadStanCsv(string path)
    {
        string[] lines = [.. File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#')];
        return (lines[0].Split(','), [.. lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())]);
    }

    private static double[,] Columns(double[][] rows, int a, int b)
    {
        var result = new double[rows.Length, 2];
        for (int r = 0; r < rows.Length; r++)
        {
            result[r, 0] = rows[r][a];
            result[r, 1] = rows[r][b];
        }

        return result;
    }

    private static double[,] ToDouble(float[,] x)
    {
        var result = new double[x.GetLength(0), x.GetLength(1)];
        for (int r = 0; r < x.GetLength(0); r++)
        {
            for (int c = 0; c < x.GetLength(1); c++)
            {
                result[r, c] = x[r, c];
            }
        }

        return result;
    }

    private static double[,] Square(Func<int, double> value)
    {
        var result = new double[Side, Side];
        for (int i = 0; i < Side; i++)
        {
            for (int j = 0; j < Side; j++)
            {
                result[i, j] = value((i * Side) + j);
            }
        }

        return result;
    }
}
