using ModelGen.EndToEnd.Tests.Models;
using static ModelGen.EndToEnd.Tests.Declarations.TermTests;

namespace ModelGen.EndToEnd.Tests.Declarations;

/// <summary>
/// Loops that carry values from one trip to the next, with a tape (docs/terms.md, "Values carried across iterations"):
/// three locals carried (overwritten, set in an 'if'/'else', scaled by '*=', the sum read inside the loop, all read after
/// it), a carried error from a data size, and samples 2 (ARMA(1, 1)) and 3 (GARCH(1, 1)). Each kernel against the
/// method run as written at every width, its gradient against central differences at random points and near the
/// supports' edges, the float model against the double one, ARMA's and GARCH's densities written out here, the tape
/// resized by a second bind with a longer series, and no allocation per gradient.
/// </summary>
public sealed class CarriedTests
{
    private static readonly double[] Series = [0.3, -0.8, 1.1, 0.45, -0.2, 0.9, 1.6, -1.3, 0.05, 0.7, -0.4, 0.25];

    private static IEnumerable<(string Name, Generated Model, Func<double[], double> AsWritten)> Models(double[] series)
    {
        var locals = new CarriedLocals(y: series);
        yield return ("CarriedLocals", Of(locals, w => locals.SimdWidth = w, locals.LogDensity, locals.Gradient), t => locals.EvaluateAsWritten(t));
        var fromK = new CarriedFromK(k: 3, y: series);
        yield return ("CarriedFromK", Of(fromK, w => fromK.SimdWidth = w, fromK.LogDensity, fromK.Gradient), t => fromK.EvaluateAsWritten(t));
        var then = new CarriedThenLoop(y: series);
        yield return ("CarriedThenLoop", Of(then, w => then.SimdWidth = w, then.LogDensity, then.Gradient), t => then.EvaluateAsWritten(t));
        var arma = new Arma11Term(y: series);
        yield return ("Arma11Term", Of(arma, w => arma.SimdWidth = w, arma.LogDensity, arma.Gradient), t => arma.EvaluateAsWritten(t));
        var garch = new Garch11Term(r: series, sigma1: 0.8);
        yield return ("Garch11Term", Of(garch, w => garch.SimdWidth = w, garch.LogDensity, garch.Gradient), t => garch.EvaluateAsWritten(t));
    }

    [Fact]
    public void Each_carried_loop_equals_the_term_run_as_written_at_every_width()
    {
        var failures = new List<string>();
        int seed = 90;
        foreach ((string name, Generated model, Func<double[], double> asWritten) in Models(Series))
        {
            AsWrittenAgrees(name, model, asWritten, seed++, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Each_carried_loop_s_gradient_matches_central_differences_at_every_width()
    {
        var failures = new List<string>();
        int seed = 100;
        foreach ((string name, Generated model, Func<double[], double> _) in Models(Series))
        {
            Gradients(name, model, seed++, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_float_carried_model_agrees_with_the_double_one_at_every_width()
    {
        var single = new CarriedLocalsF(y: [.. Series.Select(v => (float)v)]);
        var reference = new CarriedLocals(y: Series);
        Assert.Equal(reference.ParameterCount, single.ParameterCount);
        FloatAgrees(single.ParameterCount, reference.LogDensityGradient, t => single.EvaluateAsWritten(t), w => single.SimdWidth = w, single.LogDensityGradient, 19);
    }

    [Fact]
    public void ARMA_has_its_closed_form_density()
    {
        // Σₜ log N(errₜ | 0, σ) with errₜ from the recursion, the priors N(μ | 0, 10), N(φ | 0, 2), N(θ | 0, 2) and
        // half-Cauchy(σ | 5), and each transform's log-Jacobian (φ and θ on (−1, 1) by the scaled logistic, σ = e^u).
        var model = new Arma11Term(y: Series);
        double[] theta = [0.3, 0.4, -0.7, -0.2];
        double mu = theta[model.Layout["Mu"].Offset];
        double phi = Interval(theta[model.Layout["Phi"].Offset], -1, 1, out double logJPhi);
        double th = Interval(theta[model.Layout["Theta"].Offset], -1, 1, out double logJTheta);
        double logSigma = theta[model.Layout["Sigma"].Offset], sigma = Math.Exp(logSigma);
        double err = Series[0] - (mu + (phi * mu));
        double expected = NormalLog(err, 0, sigma);
        for (int t = 1; t < Series.Length; t++)
        {
            err = Series[t] - (mu + (phi * Series[t - 1]) + (th * err));
            expected += NormalLog(err, 0, sigma);
        }

        expected += NormalLog(mu, 0, 10) + NormalLog(phi, 0, 2) + NormalLog(th, 0, 2) + logJPhi + logJTheta;
        expected += Math.Log(2 / (Math.PI * 5 * (1 + (sigma / 5 * (sigma / 5))))) + logSigma;
        Assert.Equal(expected, model.LogDensity(theta), 1e-11);
    }

    [Fact]
    public void GARCH_has_its_closed_form_density()
    {
        // Flat priors: log p = Σₜ log N(rₜ | μ, σₜ) with σ₁ given and σₜ² = α₀ + α₁(rₜ₋₁ − μ)² + β₁σₜ₋₁², β₁ = (1 − α₁)s,
        // plus log(1 − α₁) (s ↦ β₁) and the transforms' log-Jacobians (α₀ = e^u; α₁, s logistic).
        var model = new Garch11Term(r: Series, sigma1: 0.8);
        double[] theta = [0.1, -1.5, -0.9, 0.6];
        double mu = theta[model.Layout["Mu"].Offset];
        double alpha0 = Math.Exp(theta[model.Layout["Alpha0"].Offset]), logJ = theta[model.Layout["Alpha0"].Offset];
        double alpha1 = Interval(theta[model.Layout["Alpha1"].Offset], 0, 1, out double logJAlpha1);
        double share = Interval(theta[model.Layout["Beta1Share"].Offset], 0, 1, out double logJShare);
        double beta1 = (1 - alpha1) * share;
        double sigma = 0.8;
        double expected = logJ + logJAlpha1 + logJShare + Math.Log(1 - alpha1) + NormalLog(Series[0], mu, sigma);
        for (int t = 1; t < Series.Length; t++)
        {
            sigma = Math.Sqrt(alpha0 + (alpha1 * (Series[t - 1] - mu) * (Series[t - 1] - mu)) + (beta1 * sigma * sigma));
            expected += NormalLog(Series[t], mu, sigma);
        }

        Assert.Equal(expected, model.LogDensity(theta), 1e-11);
    }

    /// <summary>x = lower + (upper − lower)·σ(u), with log |dx/du| = log(upper − lower) + log σ(u) + log σ(−u).</summary>
    private static double Interval(double u, double lower, double upper, out double logJacobian)
    {
        double s = 1 / (1 + Math.Exp(-u));
        logJacobian = Math.Log(upper - lower) + Math.Log(s) + Math.Log(1 - s);
        return lower + ((upper - lower) * s);
    }

    private static double NormalLog(double y, double mu, double sigma)
    {
        double z = (y - mu) / sigma;
        return (-0.5 * z * z) - Math.Log(sigma) - (0.5 * Math.Log(2 * Math.PI));
    }

    [Fact]
    public void A_second_bind_with_a_longer_series_gets_a_longer_tape_and_a_gradient_allocates_nothing()
    {
        // The tape's length is set when the data are bound (the constructor: one entry per trip and one more per carried
        // local); a model bound to 4,000 values after one bound to 12 runs its gradient on this thread's scratch, grown once.
        double[] longer = [.. Enumerable.Range(0, 4_000).Select(i => Math.Sin(i * 0.37) + (0.3 * Math.Cos(i * 1.3)))];
        var failures = new List<string>();
        var models = Models(Series).Concat(Models(longer)).ToList();
        foreach ((string name, Generated model, Func<double[], double> asWritten) in models.Skip(5).Where(m => m.Name is not ("CarriedFromK" or "CarriedThenLoop")))
        {
            AsWrittenAgrees(name + " (4,000 values)", model, asWritten, 7, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        foreach ((string _, Generated model, Func<double[], double> _) in models)
        {
            double[] theta = new double[model.Dimension], gradient = new double[model.Dimension];
            model.Gradient(theta, gradient);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                model.Gradient(theta, gradient);
            }

            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
    }
}
