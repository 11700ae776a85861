using System.Numerics;
using ModelGen.Draws;
using ModelGen.Random;

namespace ModelGen.Prediction;

/// <summary>
/// Runs a model's forward pass over every draw. Work is split by row chunks, each chunk taking every
/// draw in order, so the result is identical whatever the number of threads.
/// </summary>
public static class Predictive
{
    // Rows per work item: a multiple of 32 (SimdSupport.PadElements, a whole trip of the kernels' row loop), large enough to amortise scheduling.
    private const int ChunkRows = 512;

    /// <summary>Mean and standard deviation over <paramref name="draws"/> of the per-row mean parameter.</summary>
    public static PosteriorPredictive Summarize<TPredictor, T>(TPredictor predictor, Draws<T> draws)
        where TPredictor : struct, IPredictor<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(draws);
        int rows = predictor.Rows;
        var mean = new double[rows];
        var m2 = new double[rows];
        int chunks = (rows + ChunkRows - 1) / ChunkRows;
        Parallel.For(0, chunks, chunk =>
        {
            int begin = chunk * ChunkRows;
            int end = Math.Min(begin + ChunkRows, predictor.Stride);
            int realEnd = Math.Min(begin + ChunkRows, rows);
            var output = new T[predictor.Stride];
            for (int k = 0; k < draws.Count; k++)
            {
                predictor.Forward(draws[k], begin, end, output);
                double inverse = 1.0 / (k + 1);
                for (int r = begin; r < realEnd; r++)
                {
                    // Welford's update: stable for any number of draws.
                    double x = double.CreateChecked(output[r]);
                    double delta = x - mean[r];
                    mean[r] += delta * inverse;
                    m2[r] += delta * (x - mean[r]);
                }
            }
        });

        var sd = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            sd[r] = draws.Count > 1 ? Math.Sqrt(m2[r] / (draws.Count - 1)) : 0;
        }

        return new PosteriorPredictive(mean, sd, draws.Count);
    }

    /// <summary>Sampled observations: for each of the first <paramref name="samples"/> draws, one outcome per row (draws × rows).</summary>
    public static T[,] SampleObserved<TPredictor, T>(TPredictor predictor, Draws<T> draws, int samples, ulong seed)
        where TPredictor : struct, IPredictor<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples, draws.Count);
        var result = new T[samples, predictor.Rows];
        var output = new T[predictor.Stride];
        var rng = new Rng(seed);
        for (int k = 0; k < samples; k++)
        {
            predictor.Forward(draws[k], 0, predictor.Stride, output);
            for (int r = 0; r < predictor.Rows; r++)
            {
                try
                {
                    result[k, r] = predictor.SampleObserved(draws[k], r, output[r], ref rng);
                }
                catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
                {
                    // A sampler's own message names its parameter only; say which draw and row, and what it means.
                    throw new ArgumentException(
                        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Model '{draws.Info.Name}': cannot simulate row {r} at draw {k}, whose mean parameter is {output[r]}: {e.Message} A draw this extreme usually comes from a prior far wider than the data's scale (e.g. Normal weights on a log link); narrow the prior, or simulate from draws without it."),
                        nameof(draws),
                        e);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Mean and standard deviation over <paramref name="draws"/> of each row's probability of each class, for a
    /// categorical model: the K-valued counterpart of <see cref="Summarize{TPredictor, T}"/>.
    /// </summary>
    public static CategoricalPredictive SummarizeClasses<TPredictor, T>(TPredictor predictor, Draws<T> draws)
        where TPredictor : struct, ICategoricalPredictor<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(draws);
        int rows = predictor.Rows;
        int classes = predictor.Classes;
        int stride = predictor.Stride;
        var mean = new double[rows, classes];
        var m2 = new double[rows, classes];
        int chunks = (rows + ChunkRows - 1) / ChunkRows;
        Parallel.For(0, chunks, chunk =>
        {
            int begin = chunk * ChunkRows;
            int end = Math.Min(begin + ChunkRows, stride);
            int realEnd = Math.Min(begin + ChunkRows, rows);
            var output = new T[classes * stride];
            for (int d = 0; d < draws.Count; d++)
            {
                predictor.Forward(draws[d], begin, end, output);
                double inverse = 1.0 / (d + 1);
                for (int k = 0; k < classes; k++)
                {
                    for (int r = begin; r < realEnd; r++)
                    {
                        // Welford's update, per row and class.
                        double x = double.CreateChecked(output[(k * stride) + r]);
                        double delta = x - mean[r, k];
                        mean[r, k] += delta * inverse;
                        m2[r, k] += delta * (x - mean[r, k]);
                    }
                }
            }
        });

        var sd = new double[rows, classes];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < classes; k++)
            {
                sd[r, k] = draws.Count > 1 ? Math.Sqrt(m2[r, k] / (draws.Count - 1)) : 0;
            }
        }

        return new CategoricalPredictive(mean, sd, draws.Count);
    }

    /// <summary>
    /// Sampled class labels: for each of the first <paramref name="samples"/> draws, one label per row drawn from that
    /// draw's class probabilities (draws × rows), as <see cref="SampleObserved{TPredictor, T}"/> does for one-valued likelihoods.
    /// </summary>
    public static T[,] SampleClasses<TPredictor, T>(TPredictor predictor, Draws<T> draws, int samples, ulong seed)
        where TPredictor : struct, ICategoricalPredictor<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples, draws.Count);
        int classes = predictor.Classes;
        int stride = predictor.Stride;
        var result = new T[samples, predictor.Rows];
        var output = new T[classes * stride];
        var rng = new Rng(seed);
        for (int d = 0; d < samples; d++)
        {
            predictor.Forward(draws[d], 0, stride, output);
            for (int r = 0; r < predictor.Rows; r++)
            {
                // Inverse CDF: the first class whose cumulative probability passes u; the last class takes any rounding slack.
                double u = rng.NextDouble();
                int label = classes - 1;
                double cumulative = 0;
                for (int k = 0; k < classes - 1; k++)
                {
                    cumulative += double.CreateChecked(output[(k * stride) + r]);
                    if (u < cumulative)
                    {
                        label = k;
                        break;
                    }
                }

                result[d, r] = T.CreateChecked(label);
            }
        }

        return result;
    }
}
