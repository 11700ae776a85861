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
    // Rows per work item: a multiple of 16 (the kernels' alignment), large enough to amortise scheduling.
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
                result[k, r] = predictor.SampleObserved(draws[k], r, output[r], ref rng);
            }
        }

        return result;
    }
}
