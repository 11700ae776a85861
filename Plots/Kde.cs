namespace ModelGen.Plots;

/// <summary>Gaussian kernel density estimates for the density panels.</summary>
internal static class Kde
{
    /// <summary>
    /// Silverman's rule of thumb, 0.9·min(sd, IQR/1.34)·n^(−1/5): the IQR keeps a heavy-tailed sample (a half-Cauchy
    /// prior) from smoothing its bulk away. Falls back to the sd, then to a tiny width, for degenerate samples.
    /// </summary>
    public static double Bandwidth(double[] sorted)
    {
        int n = sorted.Length;
        double mean = sorted.Average();
        double sd = n > 1 ? Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : 0;
        double iqr = (Quantile(sorted, 0.75) - Quantile(sorted, 0.25)) / 1.34;
        double spread = iqr > 0 ? Math.Min(sd, iqr) : sd;
        double h = 0.9 * spread * Math.Pow(n, -0.2);
        return h > 0 && double.IsFinite(h) ? h : Math.Max(Math.Abs(mean) * 1e-3, 1e-9);
    }

    /// <summary>The plotting range of a sample: its 0.5 %–99.5 % quantiles widened by three bandwidths, clipped at a lower bound.</summary>
    public static (double Lo, double Hi) Range(double[] sorted, double? lowerBound)
    {
        double h = Bandwidth(sorted);
        double lo = Quantile(sorted, 0.005) - (3 * h);
        double hi = Quantile(sorted, 0.995) + (3 * h);
        if (lowerBound is double bound)
        {
            lo = Math.Max(lo, bound);
        }

        return (lo, hi);
    }

    /// <summary>
    /// The density of <paramref name="values"/> at <paramref name="points"/> evenly spaced points over [lo, hi]; with
    /// a lower bound, the kernels are reflected there so the mass the bound cuts off is not lost.
    /// </summary>
    public static (double[] X, double[] Density) Estimate(double[] values, double lo, double hi, int points, double? lowerBound = null, double? bandwidth = null)
    {
        double[] sorted = [.. values.Where(double.IsFinite).Order()];
        var xs = new double[points];
        var ys = new double[points];
        for (int i = 0; i < points; i++)
        {
            xs[i] = lo + ((hi - lo) * i / (points - 1));
        }

        if (sorted.Length == 0)
        {
            return (xs, ys);
        }

        double h = bandwidth ?? Bandwidth(sorted);
        double norm = 1 / (sorted.Length * h * Math.Sqrt(2 * Math.PI));

        // Only kernels within 6 bandwidths of a point contribute: walk the sorted sample from the first one in reach.
        int start = 0;
        for (int i = 0; i < points; i++)
        {
            double x = xs[i];
            while (start < sorted.Length && sorted[start] < x - (6 * h))
            {
                start++;
            }

            double sum = 0;
            for (int k = start; k < sorted.Length && sorted[k] <= x + (6 * h); k++)
            {
                double z = (x - sorted[k]) / h;
                sum += Math.Exp(-0.5 * z * z);
            }

            if (lowerBound is double b)
            {
                // The reflection of v about b is 2b − v; it is within reach of x when v ≤ 2b − x + 6h.
                for (int k = 0; k < sorted.Length && sorted[k] <= (2 * b) - x + (6 * h); k++)
                {
                    double z = (x - ((2 * b) - sorted[k])) / h;
                    sum += Math.Exp(-0.5 * z * z);
                }
            }

            ys[i] = sum * norm;
        }

        return (xs, ys);
    }

    /// <summary>Linear-interpolation quantile of sorted values (R's type 7).</summary>
    public static double Quantile(double[] sorted, double p) => ModelGen.Draws.ParameterSummary.Quantile(sorted, p);
}
