using System.Numerics;

namespace ModelGen.Prediction;

/// <summary>
/// Per-row, per-class posterior-predictive summary of a categorical model over draws: the mean and standard deviation
/// of P(y = k), laid out [row, class] as PyMC's and NumPyro's predictive arrays are (draws averaged away). Each row's
/// means sum to 1. The predicted class of a row is the class of highest mean probability.
/// </summary>
/// <param name="Mean">Mean over draws of P(y = k), [row, class].</param>
/// <param name="StandardDeviation">Standard deviation over draws of P(y = k), [row, class] (n − 1 denominator).</param>
/// <param name="Draws">Number of draws the summary is over.</param>
public sealed record CategoricalPredictive(double[,] Mean, double[,] StandardDeviation, int Draws)
{
    /// <summary>Rows.</summary>
    public int Rows => Mean.GetLength(0);

    /// <summary>Classes K.</summary>
    public int Classes => Mean.GetLength(1);

    /// <summary>The class of highest posterior mean probability in <paramref name="row"/> (the lowest such class on a tie).</summary>
    public int PredictedClass(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        int best = 0;
        for (int k = 1; k < Classes; k++)
        {
            if (Mean[row, k] > Mean[row, best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>Every row's <see cref="PredictedClass(int)"/>.</summary>
    public int[] PredictedClasses()
    {
        var classes = new int[Rows];
        for (int r = 0; r < Rows; r++)
        {
            classes[r] = PredictedClass(r);
        }

        return classes;
    }

    /// <summary>Share of rows whose predicted class equals <paramref name="labels"/> (0 … K − 1).</summary>
    /// <exception cref="ArgumentException">Not one label per row, or a value that is not a class label; the message names the row.</exception>
    public double Accuracy<T>(ReadOnlySpan<T> labels)
        where T : INumberBase<T>
    {
        int[] actual = Labels(labels);
        int hits = 0;
        for (int r = 0; r < Rows; r++)
        {
            hits += PredictedClass(r) == actual[r] ? 1 : 0;
        }

        return Rows == 0 ? double.NaN : (double)hits / Rows;
    }

    /// <summary>
    /// The confusion matrix: <c>[actual, predicted]</c> counts of rows, K × K. Row k's sum is the number of rows labelled k;
    /// its diagonal entry over that sum is the accuracy on class k (its recall).
    /// </summary>
    /// <exception cref="ArgumentException">Not one label per row, or a value that is not a class label; the message names the row.</exception>
    public int[,] ConfusionMatrix<T>(ReadOnlySpan<T> labels)
        where T : INumberBase<T>
    {
        int[] actual = Labels(labels);
        var counts = new int[Classes, Classes];
        for (int r = 0; r < Rows; r++)
        {
            counts[actual[r], PredictedClass(r)]++;
        }

        return counts;
    }

    /// <summary>
    /// Per row, the posterior mean and standard deviation of the probability the model gives the row's true class
    /// (<paramref name="labels"/>): how confident, and how uncertain, it is about the right answer.
    /// </summary>
    /// <exception cref="ArgumentException">Not one label per row, or a value that is not a class label; the message names the row.</exception>
    public (double[] Mean, double[] StandardDeviation) TrueClassProbability<T>(ReadOnlySpan<T> labels)
        where T : INumberBase<T>
    {
        int[] actual = Labels(labels);
        var mean = new double[Rows];
        var sd = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            mean[r] = Mean[r, actual[r]];
            sd[r] = StandardDeviation[r, actual[r]];
        }

        return (mean, sd);
    }

    /// <summary>The labels as class indices, each checked to be a whole number in 0 … K − 1.</summary>
    private int[] Labels<T>(ReadOnlySpan<T> labels)
        where T : INumberBase<T>
    {
        if (labels.Length != Rows)
        {
            throw new ArgumentException($"Expected {Rows} labels, one per predicted row, got {labels.Length}.", nameof(labels));
        }

        var result = new int[labels.Length];
        for (int r = 0; r < labels.Length; r++)
        {
            double v = double.CreateChecked(labels[r]);
            if (!double.IsFinite(v) || v < 0 || v >= Classes || Math.Floor(v) != v)
            {
                throw new ArgumentException($"Label {v} at row {r} is not a class label; the model has {Classes} classes, 0 to {Classes - 1}.", nameof(labels));
            }

            result[r] = (int)v;
        }

        return result;
    }
}
