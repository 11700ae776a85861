using ModelGen.Inference;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>How far a fit is from an optimum written in a test, in the study's terms (docs/advi-defaults.md).</summary>
internal static class OptimumDistance
{
    /// <summary>The largest |μᵢ − μᵢ*|/σᵢ* and |σᵢ/σᵢ* − 1| over the unconstrained coordinates.</summary>
    public static (double Mean, double Sd) Of(AdviFit<double> fit, double[] mean, double[] sd)
    {
        double[] fitted = fit.StandardDeviation();
        double meanError = 0;
        double sdError = 0;
        for (int i = 0; i < mean.Length; i++)
        {
            meanError = Math.Max(meanError, Math.Abs(fit.Mean[i] - mean[i]) / sd[i]);
            sdError = Math.Max(sdError, Math.Abs((fitted[i] / sd[i]) - 1));
        }

        return (meanError, sdError);
    }
}
