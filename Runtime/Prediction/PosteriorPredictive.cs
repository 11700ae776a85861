namespace ModelGen.Prediction;

/// <summary>
/// Per-row posterior-predictive summary over draws: the mean and standard deviation of the
/// likelihood's mean parameter (for a Bernoulli model, of P(y = 1): the notebook's maps).
/// </summary>
/// <param name="Mean">Per-row mean over draws.</param>
/// <param name="StandardDeviation">Per-row standard deviation over draws (n - 1 denominator).</param>
/// <param name="Draws">Number of draws the summary is over.</param>
public sealed record PosteriorPredictive(double[] Mean, double[] StandardDeviation, int Draws)
{
    /// <summary>Rows.</summary>
    public int Rows => Mean.Length;

    /// <summary>Share of rows whose predicted class (mean above <paramref name="threshold"/>) equals <paramref name="labels"/> (0/1).</summary>
    public double Accuracy<T>(ReadOnlySpan<T> labels, double threshold = 0.5)
        where T : System.Numerics.INumberBase<T>
    {
        if (labels.Length != Rows)
        {
            throw new ArgumentException($"Expected {Rows} labels, one per predicted row, got {labels.Length}.", nameof(labels));
        }

        int hits = 0;
        for (int i = 0; i < Rows; i++)
        {
            bool predicted = Mean[i] > threshold;
            bool actual = double.CreateChecked(labels[i]) > 0.5;
            hits += predicted == actual ? 1 : 0;
        }

        return Rows == 0 ? double.NaN : (double)hits / Rows;
    }
}
