using System.Numerics;
using ModelGen.Prediction;

namespace ModelGen.Plots;

/// <summary>
/// A model's posterior-predictive mean and sd over a regular grid of a two-feature input (the seed notebook's
/// <c>np.mgrid[-3:3:100j, -3:3:100j]</c>), drawn by <see cref="FitPlots.MeanMapPlot{T}"/> and
/// <see cref="FitPlots.UncertaintyMapPlot{T}"/>. Make one from the generated model's prediction API,
/// <c>PredictiveMap.Of&lt;float&gt;(grid =&gt; model.Predict(grid, draws), (-3, 3), (-3, 3))</c>, or from values
/// already computed (<see cref="FromValues"/>, e.g. read from a file).
/// </summary>
public sealed class PredictiveMap
{
    private PredictiveMap(double[] x1, double[] x2, double[,] mean, double[,] sd)
    {
        X1 = x1;
        X2 = x2;
        Mean = mean;
        StandardDeviation = sd;
    }

    /// <summary>The grid's first-feature values, ascending.</summary>
    public IReadOnlyList<double> FirstFeature => X1;

    /// <summary>The grid's second-feature values, ascending.</summary>
    public IReadOnlyList<double> SecondFeature => X2;

    /// <summary>The posterior-predictive mean at grid point (i, j): first feature i, second feature j.</summary>
    public double MeanAt(int i, int j) => Mean[i, j];

    /// <summary>The posterior-predictive sd at grid point (i, j).</summary>
    public double StandardDeviationAt(int i, int j) => StandardDeviation[i, j];

    internal double[] X1 { get; }

    internal double[] X2 { get; }

    internal double[,] Mean { get; }

    internal double[,] StandardDeviation { get; }

    /// <summary>
    /// Predicts over a <paramref name="side"/> × <paramref name="side"/> grid spanning <paramref name="first"/> ×
    /// <paramref name="second"/>: <paramref name="predict"/> gets the grid as rows of two features (row i·side + j is
    /// the i-th value of the first feature and the j-th of the second) and returns the prediction per row.
    /// </summary>
    /// <param name="predict">The model's prediction over inputs, e.g. <c>grid =&gt; model.Predict(grid, draws)</c>.</param>
    /// <param name="first">The first feature's range.</param>
    /// <param name="second">The second feature's range.</param>
    /// <param name="side">Grid points along each feature.</param>
    public static PredictiveMap Of<T>(Func<T[,], PosteriorPredictive> predict, (double Min, double Max) first, (double Min, double Max) second, int side = 100)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(predict);
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 2);
        if (!(first.Max > first.Min) || !(second.Max > second.Min))
        {
            throw new ArgumentException($"A predictive map needs ranges with Min < Max; got ({first.Min}, {first.Max}) and ({second.Min}, {second.Max}).");
        }

        double[] x1 = Axis(first, side), x2 = Axis(second, side);
        var grid = new T[side * side, 2];
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                grid[(i * side) + j, 0] = T.CreateChecked(x1[i]);
                grid[(i * side) + j, 1] = T.CreateChecked(x2[j]);
            }
        }

        PosteriorPredictive prediction = predict(grid);
        if (prediction is null || prediction.Rows != side * side)
        {
            throw new ArgumentException($"The prediction over the {side} × {side} grid has {prediction?.Rows ?? 0} rows; expected one per grid point ({side * side}).", nameof(predict));
        }

        var mean = new double[side, side];
        var sd = new double[side, side];
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                mean[i, j] = prediction.Mean[(i * side) + j];
                sd[i, j] = prediction.StandardDeviation[(i * side) + j];
            }
        }

        return new PredictiveMap(x1, x2, mean, sd);
    }

    /// <summary>A map from values already computed: <paramref name="mean"/>[i, j] and <paramref name="sd"/>[i, j] at (<paramref name="first"/>[i], <paramref name="second"/>[j]), both axes ascending and evenly spaced.</summary>
    public static PredictiveMap FromValues(IReadOnlyList<double> first, IReadOnlyList<double> second, double[,] mean, double[,] sd)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(sd);
        if (first.Count < 2 || second.Count < 2 || mean.GetLength(0) != first.Count || mean.GetLength(1) != second.Count
            || sd.GetLength(0) != first.Count || sd.GetLength(1) != second.Count)
        {
            throw new ArgumentException($"A predictive map needs at least 2 × 2 points and values of the grid's shape ({first.Count} × {second.Count}); got mean {mean.GetLength(0)} × {mean.GetLength(1)}, sd {sd.GetLength(0)} × {sd.GetLength(1)}.", nameof(mean));
        }

        return new PredictiveMap([.. first], [.. second], (double[,])mean.Clone(), (double[,])sd.Clone());
    }

    private static double[] Axis((double Min, double Max) range, int side) =>
        [.. Enumerable.Range(0, side).Select(i => range.Min + ((range.Max - range.Min) * i / (side - 1)))];
}
