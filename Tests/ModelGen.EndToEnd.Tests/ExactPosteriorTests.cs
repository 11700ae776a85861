using System.Numerics;
using ModelGen.Draws;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Optimizers;
using ModelGen.Random;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// ADVI against posteriors known in closed form: a Normal mean with known variance, and a linear regression with
/// known noise and an orthogonal design. Both posteriors are Gaussian with independent coordinates, so the optimal
/// mean-field q is the posterior itself (Bishop 2006, §10.1.2) and every gap is error, not approximation. Then a
/// learned-noise regression must find the σ that generated a large data set, and a Beta–Bernoulli, where no Gaussian
/// is exact, must find the Gaussian in logit space that maximises the exact ELBO.
/// </summary>
/// <remarks>
/// <para>
/// Where the error comes from. A posterior mean or sd read off N draws from q carries Monte Carlo error
/// sd/√N (mean) and about sd/√(2N) (sd of a Normal). But q itself is where a stochastic optimiser stopped: at a
/// constant step, Adam's iterate keeps jittering around the optimum (for a Gaussian target roughly
/// sd·√(α/(2·sd)) per coordinate, 5 % of the posterior sd at α = 0.002, far more than the draws' error), so a
/// tolerance of a few draw-MC errors alone would fail at random.
/// </para>
/// <para>
/// What we do. <see cref="AveragedAdam"/> runs Adam at 0.01 to reach the optimum, then at 0.002 for a window of
/// steps whose iterates it averages (Polyak–Ruppert) and hands to the fit as its result. The window is cut into
/// batches; the spread of the batch means gives the averaged iterate's standard error (batch means, as for MCMC
/// output; batches are ≥ 10 × the iterate's autocorrelation time of about sd/α steps). Each comparison then allows
/// Z = 4 combined standard errors: √(optimiser SE² + draw MC SE²), the sd's optimiser SE carried through
/// σ = softplus(ρ) by its slope.
/// </para>
/// <para>
/// How many comparisons. A mean and an sd per coordinate: 2 + 8 here, the σ test one more, the Beta–Bernoulli's
/// m and s two more. P(|Z| > 4) is 6.3·10⁻⁵, so the family of 13 fails by chance with probability below 8.2·10⁻⁴ (Bonferroni) on a correct
/// implementation; the seeds are fixed, so a given machine passes or fails deterministically. Each test also
/// checks the other side: that the tolerance is below 10 % of the posterior sd, and that it rejects the answer
/// a model that ignored the prior would give.
/// </para>
/// </remarks>
public sealed class ExactPosteriorTests(ITestOutputHelper output)
{
    private const double Z = 4;
    private const int DrawCount = 200_000;

    [Fact]
    public void Normal_mean_with_known_sd_matches_the_conjugate_posterior()
    {
        // 16 draws around 2 with sd 2: the data's precision n/σ² = 4 equals the prior's 1/0.5², so the prior's
        // weight is half the answer and a lost prior term moves the mean by (ȳ − m₀)/2 and the sd by a factor √2.
        const int rows = 16;
        var rng = new Rng(11);
        var x = new double[rows, 1];
        var y = new double[rows];
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = 1;
            y[r] = 2 + (NormalMeanModel.Noise * rng.NextNormal());
            sum += y[r];
        }

        double dataPrecision = rows / (NormalMeanModel.Noise * NormalMeanModel.Noise);
        double priorPrecision = 1 / (NormalMeanModel.PriorSd * NormalMeanModel.PriorSd);
        double precision = priorPrecision + dataPrecision;
        double exactMean = ((NormalMeanModel.PriorMean * priorPrecision) + (sum / (NormalMeanModel.Noise * NormalMeanModel.Noise))) / precision;
        double exactSd = 1 / Math.Sqrt(precision);
        (double flatMean, double flatSd) = (sum / rows, 1 / Math.Sqrt(dataPrecision));

        var model = new NormalMeanModel(x, y);
        var optimizer = new AveragedAdam(Steps: 60_000, Window: 50_000, Batches: 25);
        AdviFit<double> fit = Run(model.Fit, optimizer, seed: 3);
        Draws<double> draws = fit.Sample(DrawCount, seed: 4);
        Check("Mean", fit, draws, optimizer.Trace, model.Mean.Weights.Offset, exactMean, exactSd, flatMean, flatSd);
    }

    [Fact]
    public void Orthogonal_regression_with_known_noise_matches_the_closed_form()
    {
        // Four columns of the 16×16 Sylvester–Hadamard matrix (the first all ones): XᵀX = 16·I, so the posterior
        // precision is diagonal, 16/σ² + 1/τ² = 8 for every coefficient, and its mean is (xᵢᵀy/σ²)/8.
        const int rows = 16;
        const int columns = 4;
        (double[,] x, double[] y) = OrthogonalRegressionModel.Simulate(seed: 21);

        const double noiseVariance = OrthogonalRegressionModel.Noise * OrthogonalRegressionModel.Noise;
        var model = new OrthogonalRegressionModel(x, y);
        var optimizer = new AveragedAdam(Steps: 60_000, Window: 50_000, Batches: 25);
        AdviFit<double> fit = Run(model.Fit, optimizer, seed: 5);
        Draws<double> draws = fit.Sample(DrawCount, seed: 6);
        for (int c = 0; c < columns; c++)
        {
            double xty = 0;
            double xtx = 0;
            for (int r = 0; r < rows; r++)
            {
                xty += x[r, c] * y[r];
                xtx += x[r, c] * x[r, c];
            }

            double dataPrecision = xtx / noiseVariance;
            double precision = dataPrecision + (1 / (OrthogonalRegressionModel.PriorSd * OrthogonalRegressionModel.PriorSd));
            double exactMean = xty / noiseVariance / precision;
            double exactSd = 1 / Math.Sqrt(precision);
            double flatMean = xty / xtx;
            double flatSd = 1 / Math.Sqrt(dataPrecision);

            // Layout: Line.Weights is inputs × units = 4 × 1, row-major, so coefficient c is at Offset + c (named as Draws.Summarize names it, 1-based).
            Check($"Line.Weights[{c + 1},1]", fit, draws, optimizer.Trace, model.Line.Weights.Offset + c, exactMean, exactSd, flatMean, flatSd);
        }
    }

    [Fact]
    public void Learned_noise_recovers_the_sigma_that_made_a_large_data_set()
    {
        // 10,000 rows with σ = 0.5. By Bernstein–von Mises the posterior mean of σ differs from the value that
        // made the data by the data's own sampling error, about σ/√(2n) = 0.0035 (the sd of σ's maximum
        // likelihood estimate), with bias O(1/n); add the optimiser's and the draws' errors as above.
        const int rows = 10_000;
        const double sigma = 0.5;
        double[] weights = [1.5, -2.0, 0.5];
        var rng = new Rng(31);
        var x = new double[rows, 3];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            y[r] = 0.8;
            for (int c = 0; c < 3; c++)
            {
                x[r, c] = rng.NextNormal();
                y[r] += weights[c] * x[r, c];
            }

            y[r] += sigma * rng.NextNormal();
        }

        var model = new NoiseRegressionModel(x, y);
        var optimizer = new AveragedAdam(Steps: 40_000, Window: 20_000, Batches: 20);
        AdviFit<double> fit = Run(model.Fit, optimizer, seed: 7);
        Draws<double> draws = fit.Sample(DrawCount, seed: 8);
        int index = model.Sigma.Block.Offset;
        (double mean, double sd) = Moments(draws, index);

        // σ = exp(u): the optimiser's SE on u's mean becomes σ·SE on σ.
        double optimiserSe = mean * optimizer.Trace.StandardError(index);
        double dataSe = sigma / Math.Sqrt(2.0 * rows);
        double tolerance = Z * Math.Sqrt((dataSe * dataSe) + (optimiserSe * optimiserSe) + (sd * sd / DrawCount));
        output.WriteLine($"Sigma: posterior mean {mean:F5} (sd {sd:F5}) vs generating {sigma}; |gap| {Math.Abs(mean - sigma):F5}, tolerance {tolerance:F5} (data SE {dataSe:F5}, optimiser SE {optimiserSe:F6}, draws SE {sd / Math.Sqrt(DrawCount):F6})");
        Assert.True(Math.Abs(mean - sigma) < tolerance, $"Sigma: posterior mean {mean} vs generating {sigma}, tolerance {tolerance}");

        // The posterior sd of σ is itself close to σ/√(2n) at this size; ADVI's must be within 10 % of it.
        Assert.True(Math.Abs((sd / dataSe) - 1) < 0.1, $"Sigma: posterior sd {sd} vs σ/√(2n) = {dataSe}");
    }

    [Fact]
    public void Beta_bernoulli_fit_is_the_gaussian_that_maximises_the_exact_elbo()
    {
        // p ~ Beta(2, 3), 1 success in 10 trials: the posterior Beta(3, 12) is skewed, so no Gaussian in logit space
        // is exact and the right answer is the one maximising the ELBO. With u = logit p and the Jacobian
        // p(1 − p), log p(y, u) = A log σ(u) + B log σ(−u) + const, A = a + k, B = b + n − k. For q = N(m, s²) the
        // ELBO's stationary point (Stein's lemma for the s equation) is
        //     E_q[σ(u)] = A / (A + B),      s² = 1 / ((A + B) · E_q[σ(u) σ(−u)]),
        // solved below by Newton steps on m with the expectations by quadrature: the trapezoid rule on a standard
        // normal over [−12, 12] with 4,001 nodes, exact to rounding for these smooth integrands.
        const int trials = 10;
        double[] outcomes = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        int k = (int)outcomes.Sum();
        double a = 2 + k;
        double b = 3 + trials - k;
        (double m, double s) = ElboOptimum(a, b);

        var x = new double[trials, 1];
        var model = new BetaBernoulli(x, outcomes);
        var optimizer = new AveragedAdam(Steps: 60_000, Window: 50_000, Batches: 25);
        AdviFit<double> fit = Run(model.Fit, optimizer, seed: 9);
        int index = model.P.Block.Offset;
        int d = fit.Info.Dimension;
        double mean = fit.Mean[index];
        double sd = fit.StandardDeviation()[index];
        double meanSe = optimizer.Trace.StandardError(index);
        double sdSe = MeanField.SigmaDerivative(fit.Rho[index]) * optimizer.Trace.StandardError(d + index);

        // The Laplace approximation (the mode of log p(y, u) and its curvature) is the nearby wrong answer.
        double laplaceMean = Math.Log(a / b);
        double laplaceSd = Math.Sqrt((a + b) / (a * b));
        output.WriteLine($"logit p: ADVI m {mean:F5} ± {meanSe:F5}, s {sd:F5} ± {sdSe:F5}; ELBO optimum m {m:F5}, s {s:F5}; Laplace {laplaceMean:F5}, {laplaceSd:F5}");
        Assert.True(Math.Abs(mean - m) < Z * meanSe, $"m: fitted {mean} vs ELBO optimum {m}, tolerance {Z * meanSe}");
        Assert.True(Math.Abs(sd - s) < Z * sdSe, $"s: fitted {sd} vs ELBO optimum {s}, tolerance {Z * sdSe}");
        Assert.True(Math.Abs(laplaceMean - m) > Z * meanSe || Math.Abs(laplaceSd - s) > Z * sdSe, "the tolerance would accept the Laplace approximation");
    }

    /// <summary>The (m, s) of N(m, s²) in logit space maximising the ELBO of A log σ(u) + B log σ(−u) (see the test).</summary>
    private static (double M, double S) ElboOptimum(double a, double b)
    {
        double m = Math.Log(a / b);
        double s = Math.Sqrt((a + b) / (a * b));
        for (int iteration = 0; iteration < 200; iteration++)
        {
            (double mean, double slope) = Expectations(m, s);

            // Newton on E[σ(u)] − A/(A + B) in m (its derivative is E[σ(u)σ(−u)]), then the s equation at the new m.
            double step = (mean - (a / (a + b))) / slope;
            m -= step;
            double next = 1 / Math.Sqrt((a + b) * Expectations(m, s).Slope);
            double change = Math.Abs(next - s) + Math.Abs(step);
            s = next;
            if (change < 1e-14)
            {
                break;
            }
        }

        return (m, s);
    }

    /// <summary>E[σ(u)] and E[σ(u)σ(−u)] for u ~ N(m, s²), by the trapezoid rule over z in [−12, 12].</summary>
    private static (double Mean, double Slope) Expectations(double m, double s)
    {
        const int nodes = 4001;
        const double range = 12;
        double h = 2 * range / (nodes - 1);
        double mean = 0;
        double slope = 0;
        for (int i = 0; i < nodes; i++)
        {
            double z = -range + (i * h);
            double weight = h * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI) * (i == 0 || i == nodes - 1 ? 0.5 : 1);
            double p = 1 / (1 + Math.Exp(-(m + (s * z))));
            mean += weight * p;
            slope += weight * p * (1 - p);
        }

        return (mean, slope);
    }

    private static AdviFit<double> Run(Func<AdviOptions?, CancellationToken, AdviFit<double>> fit, AveragedAdam optimizer, ulong seed)
    {
        AdviFit<double> result = fit(new AdviOptions { Iterations = optimizer.Steps, Seed = seed, Optimizer = optimizer }, CancellationToken.None);

        // A divergence retry would rebuild the optimiser and restart its step count; none may happen here.
        Assert.Equal(StopReason.IterationLimit, result.StopReason);
        Assert.Equal(optimizer.Steps, result.Iterations);
        Assert.Equal(optimizer.Batches, optimizer.Trace.BatchMeans.Count);
        return result;
    }

    /// <summary>
    /// Draws' mean and sd of coordinate <paramref name="index"/> against the exact values, within Z combined standard
    /// errors; then that the tolerance is tight: under 10 % of the exact sd, and too tight to accept the posterior of
    /// a flat prior (the prior term dropped).
    /// </summary>
    private void Check(string name, AdviFit<double> fit, Draws<double> draws, AveragingTrace trace, int index, double exactMean, double exactSd, double flatMean, double flatSd)
    {
        (double mean, double sd) = Moments(draws, index);
        int d = fit.Info.Dimension;
        double rho = fit.Rho[index];
        double meanSe = Math.Sqrt(Square(trace.StandardError(index)) + (sd * sd / DrawCount));
        double sdSe = Math.Sqrt(Square(MeanField.SigmaDerivative(rho) * trace.StandardError(d + index)) + (sd * sd / (2.0 * DrawCount)));
        output.WriteLine($"{name}: mean {mean:F5} vs exact {exactMean:F5} (gap {(mean - exactMean) / meanSe:+0.00;-0.00} SE, SE {meanSe:F5}: optimiser {trace.StandardError(index):F5}); sd {sd:F5} vs exact {exactSd:F5} (gap {(sd - exactSd) / sdSe:+0.00;-0.00} SE, SE {sdSe:F5}); flat prior would give {flatMean:F5}, {flatSd:F5}");

        Assert.True(Math.Abs(mean - exactMean) < Z * meanSe, $"{name}: posterior mean {mean} vs exact {exactMean}, tolerance {Z * meanSe}");
        Assert.True(Math.Abs(sd - exactSd) < Z * sdSe, $"{name}: posterior sd {sd} vs exact {exactSd}, tolerance {Z * sdSe}");

        Assert.True(Z * meanSe < 0.1 * exactSd && Z * sdSe < 0.1 * exactSd, $"{name}: tolerances {Z * meanSe}, {Z * sdSe} are not tight against the posterior sd {exactSd}");
        Assert.True(Math.Abs(flatSd - exactSd) > Z * sdSe, $"{name}: the tolerance {Z * sdSe} would accept the flat-prior sd {flatSd}");
    }

    private static (double Mean, double Sd) Moments(Draws<double> draws, int index)
    {
        double mean = 0;
        for (int k = 0; k < draws.Count; k++)
        {
            mean += draws[k, index];
        }

        mean /= draws.Count;
        double squares = 0;
        for (int k = 0; k < draws.Count; k++)
        {
            squares += Square(draws[k, index] - mean);
        }

        return (mean, Math.Sqrt(squares / (draws.Count - 1)));
    }

    private static double Square(double value) => value * value;

    /// <summary>The batch means of the averaged window, per coordinate of [μ, ρ].</summary>
    private sealed class AveragingTrace
    {
        public List<double[]> BatchMeans { get; } = [];

        /// <summary>Standard error of the window's average in coordinate <paramref name="j"/>: the batch means' sd over √batches.</summary>
        public double StandardError(int j)
        {
            double mean = BatchMeans.Average(b => b[j]);
            double variance = BatchMeans.Sum(b => Square(b[j] - mean)) / (BatchMeans.Count - 1);
            return Math.Sqrt(variance / BatchMeans.Count);
        }
    }

    /// <summary>
    /// Adam at <paramref name="BurnInRate"/> for <c>Steps − Window</c> steps, then a fresh Adam at
    /// <paramref name="AverageRate"/> whose last <paramref name="Window"/> iterates are averaged in
    /// <paramref name="Batches"/> batches; the last step replaces the iterate by that average (Polyak–Ruppert).
    /// The runtime has no iterate averaging of its own; this test-only optimiser adds it through the public
    /// <see cref="Optimizer"/> extension point.
    /// </summary>
    private sealed record AveragedAdam(int Steps, int Window, int Batches, double BurnInRate = 0.01, double AverageRate = 0.002) : Optimizer
    {
        public AveragingTrace Trace { get; } = new();

        public override OptimizerState<T> CreateState<T>(int length)
        {
            Validate();
            return new State<T>(this, length);
        }

        public override Optimizer WithScaledLearningRate(double factor) => this with { BurnInRate = BurnInRate * factor, AverageRate = AverageRate * factor };

        public override void Validate()
        {
            RequireAtLeastOne(Batches, nameof(Batches));
            RequireAtLeastOne(Window / Batches, nameof(Window));
            RequireAtLeastOne(Steps - Window, nameof(Steps));
            RequirePositiveFinite(BurnInRate, nameof(BurnInRate));
            RequirePositiveFinite(AverageRate, nameof(AverageRate));
        }

        private sealed class State<T>(AveragedAdam options, int length) : OptimizerState<T>(length)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            private readonly double[] _batch = new double[length];
            private readonly double[] _total = new double[length];
            private OptimizerState<T> _inner = new Adam(options.BurnInRate).CreateState<T>(length);

            public override int StateLength => _inner.StateLength;

            public override void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
            {
                CheckStepArguments(parameters, gradient);
                _inner.Step(parameters, gradient);
                Steps++;
                long start = options.Steps - options.Window;
                if (Steps == start)
                {
                    _inner = new Adam(options.AverageRate).CreateState<T>(Length);
                }
                else if (Steps > start)
                {
                    for (int j = 0; j < Length; j++)
                    {
                        _batch[j] += double.CreateChecked(parameters[j]);
                    }

                    int batchLength = options.Window / options.Batches;
                    if ((Steps - start) % batchLength == 0)
                    {
                        options.Trace.BatchMeans.Add([.. _batch.Select(s => s / batchLength)]);
                        for (int j = 0; j < Length; j++)
                        {
                            _total[j] += _batch[j];
                            _batch[j] = 0;
                        }
                    }

                    if (Steps == options.Steps)
                    {
                        for (int j = 0; j < Length; j++)
                        {
                            parameters[j] = T.CreateChecked(_total[j] / (batchLength * options.Batches));
                        }
                    }
                }
            }

            public override void Reset()
            {
                _inner = new Adam(options.BurnInRate).CreateState<T>(Length);
                Array.Clear(_batch);
                Array.Clear(_total);
                options.Trace.BatchMeans.Clear();
                Steps = 0;
            }

            public override void SaveState(Span<double> destination) => _inner.SaveState(destination);

            public override void LoadState(ReadOnlySpan<double> source) => _inner.LoadState(source);
        }
    }
}
