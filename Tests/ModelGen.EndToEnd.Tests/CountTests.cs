using ModelGen.EndToEnd.Tests.Support;
using ModelGen.Random;

namespace ModelGen.EndToEnd.Tests;

/// <summary>
/// The count and Student-t likelihoods: each model's generated log density against its log joint written out here from
/// the textbook formulas (log Γ by a Stirling series of this file's own, log y! and Γ ratios as sums of logs), and the
/// data checks that keep counts whole and within the trials.
/// </summary>
public sealed class CountTests
{
    private const double HalfLogTwoPi = 0.918938533204672741780329736406;

    public static TheoryData<string> Cases() => new(ModelCase.CountAndRobustNames);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Density_is_the_log_joint_written_out(string name)
    {
        ModelCase model = ModelCase.Create(name);
        var rng = new Rng(31);
        for (int point = 0; point < 4; point++)
        {
            double[] theta = Enumerable.Range(0, model.Dimension).Select(_ => 0.8 * rng.NextNormal()).ToArray();
            double expected = LogJoint(name, theta, model.X, model.Y);
            double actual = model.LogDensity(theta);

            // The same terms summed in another order, log Γ from another series: ~1e-13 of the total's magnitude.
            Assert.True(
                Math.Abs(expected - actual) <= 1e-11 * Math.Max(1, Math.Abs(expected)),
                $"{name}, point {point}: generated {actual:R}, written out {expected:R}");
        }
    }

    [Fact]
    public void A_rate_too_large_to_simulate_is_refused_naming_the_model_the_draw_and_the_row()
    {
        // log rate = bias 25 at every row (all weights 0): λ = e²⁵ ≈ 7.2e10, beyond Stan's poisson_rng limit of 2³⁰.
        var x = new double[3, 2];
        var model = new Models.PoissonNet(x, [1, 2, 0]);
        ModelInfo info = ((ModelGen.Inference.IModel<double>)model).Info;
        var values = new double[2 * info.Dimension];
        ParameterBlock bias = info.Parameters.Single(b => b.Name == "LogRate.Bias");
        values[info.Dimension + bias.Offset] = 25;
        var draws = new ModelGen.Draws.Draws<double>(info, values, 2);

        ArgumentException e = Assert.Throws<ArgumentException>(() => model.SamplePredictive(x, draws, 2, seed: 1));

        Assert.Contains("Model 'PoissonNet'", e.Message, StringComparison.Ordinal);
        Assert.Contains("row 0 at draw 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("narrow the prior", e.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);

        // The first draw (λ = 1) simulates as before.
        double[,] first = model.SamplePredictive(x, new ModelGen.Draws.Draws<double>(info, values[..info.Dimension], 1), 1, seed: 1);
        Assert.Equal(3, first.Length);
    }

    [Fact]
    public void Counts_that_are_not_whole_or_exceed_the_trials_are_refused_with_their_row()
    {
        var x = new double[3, 2];
        var poisson = Assert.Throws<Data.ModelDataException>(() => new Models.PoissonNet(x, [1, 2.5, 0]));
        Assert.Contains("row 1", poisson.Message, StringComparison.Ordinal);
        Assert.Contains("whole number", poisson.Message, StringComparison.Ordinal);

        var negative = Assert.Throws<Data.ModelDataException>(() => new Models.NegativeBinomialNet(x, [0, 0, -1]));
        Assert.Contains("row 2", negative.Message, StringComparison.Ordinal);

        var binomial = Assert.Throws<Data.ModelDataException>(() => new Models.BinomialNet(x, [6, 0, 1]));
        Assert.Contains("row 0", binomial.Message, StringComparison.Ordinal);
        Assert.Contains("5 trials", binomial.Message, StringComparison.Ordinal);
    }

    private static double LogJoint(string name, double[] t, double[,] x, double[] y) => name switch
    {
        // θ: hidden W 2×3, b 3, output W 3, b: every prior N(0, 1).
        "PoissonNet" => Priors(t, 0, 13, 1) + Rows(x, y, r => Poisson(y[r], Net(t, 0, 3, hiddenBias: true, x, r))),
        "BinomialNet" => Priors(t, 0, 13, 1) + Rows(x, y, r => Binomial(y[r], 5, Net(t, 0, 3, hiddenBias: true, x, r))),

        // θ: log φ, then the net; φ ~ Gamma(2, rate 0.5) with log-Jacobian log φ.
        "NegativeBinomialNet" => LogGammaDensity(Math.Exp(t[0]), 2, 0.5) + t[0] + Priors(t, 1, 14, 1)
            + Rows(x, y, r => NegativeBinomial(y[r], Net(t, 1, 3, hiddenBias: true, x, r), Math.Exp(t[0]))),

        // θ: hidden W 2×2 (no bias), output W 2, b.
        "FixedDispersionNet" => Priors(t, 0, 7, 1) + Rows(x, y, r => NegativeBinomial(y[r], Net(t, 0, 2, hiddenBias: false, x, r), 2.5)),

        // θ: log ν, log σ, then the net; ν ~ Gamma(2, 0.1), σ ~ HalfNormal(1).
        "RobustRegression" => LogGammaDensity(Math.Exp(t[0]), 2, 0.1) + t[0] + Math.Log(2) + Normal(Math.Exp(t[1]), 0, 1) + t[1] + Priors(t, 2, 15, 1)
            + Rows(x, y, r => StudentT(y[r], Math.Exp(t[0]), Net(t, 2, 3, hiddenBias: true, x, r), Math.Exp(t[1]))),

        // θ: W 2, b; priors N(0, 2); ν = 4, σ = 0.5.
        "FixedStudentT" => Priors(t, 0, 3, 2) + Rows(x, y, r => StudentT(y[r], 4, (x[r, 0] * t[0]) + (x[r, 1] * t[1]) + t[2], 0.5)),
        _ => throw new ArgumentException(name),
    };

    /// <summary>z = Σⱼ v[j]·tanh(x·W[:, j] + b[j]) + c for a 2-input network whose blocks start at θ[offset].</summary>
    private static double Net(double[] t, int offset, int hidden, bool hiddenBias, double[,] x, int r)
    {
        int w = offset;
        int b = w + (2 * hidden);
        int v = hiddenBias ? b + hidden : b;
        double z = t[v + hidden];
        for (int j = 0; j < hidden; j++)
        {
            double u = (x[r, 0] * t[w + j]) + (x[r, 1] * t[w + hidden + j]) + (hiddenBias ? t[b + j] : 0);
            z += t[v + j] * Math.Tanh(u);
        }

        return z;
    }

    private static double Rows(double[,] x, double[] y, Func<int, double> row) => Enumerable.Range(0, y.Length).Sum(row);

    private static double Priors(double[] t, int begin, int end, double sigma) => Enumerable.Range(begin, end - begin).Sum(i => Normal(t[i], 0, sigma));

    private static double Normal(double x, double mu, double sigma) => (-0.5 * Math.Pow((x - mu) / sigma, 2)) - Math.Log(sigma) - HalfLogTwoPi;

    private static double LogFactorial(double y) => Enumerable.Range(1, (int)y).Sum(k => Math.Log(k));

    private static double Poisson(double y, double eta) => (y * eta) - Math.Exp(eta) - LogFactorial(y);

    private static double Binomial(double y, int n, double eta)
    {
        double p = 1 / (1 + Math.Exp(-eta));
        return LogFactorial(n) - LogFactorial(y) - LogFactorial(n - y) + (y * Math.Log(p)) + ((n - y) * Math.Log(1 - p));
    }

    /// <summary>NB₂(y | μ = e^η, φ) = Γ(y+φ)/(Γ(φ) y!) (φ/(μ+φ))^φ (μ/(μ+φ))^y, with Γ(y+φ)/Γ(φ) = Π (φ + k).</summary>
    private static double NegativeBinomial(double y, double eta, double phi)
    {
        double mu = Math.Exp(eta);
        double gammaRatio = Enumerable.Range(0, (int)y).Sum(k => Math.Log(phi + k));
        return gammaRatio - LogFactorial(y) + (phi * Math.Log(phi / (mu + phi))) + (y * Math.Log(mu / (mu + phi)));
    }

    private static double StudentT(double y, double nu, double mu, double sigma)
    {
        double s = (y - mu) / sigma;
        return LogGamma((nu + 1) / 2) - LogGamma(nu / 2) - (0.5 * Math.Log(nu * Math.PI)) - Math.Log(sigma) - ((nu + 1) / 2 * Math.Log(1 + (s * s / nu)));
    }

    private static double LogGammaDensity(double x, double alpha, double beta) =>
        (alpha * Math.Log(beta)) - LogGamma(alpha) + ((alpha - 1) * Math.Log(x)) - (beta * x);

    /// <summary>log Γ(x), x &gt; 0: shifted up to ≥ 10 by Γ(x + 1) = xΓ(x), then Stirling's series to x⁻⁹ (error below 1e-15 there).</summary>
    private static double LogGamma(double x)
    {
        double shift = 0;
        while (x < 10)
        {
            shift -= Math.Log(x);
            x += 1;
        }

        double inverse = 1 / x;
        double inverse2 = inverse * inverse;
        double series = inverse * ((1.0 / 12) - (inverse2 * ((1.0 / 360) - (inverse2 * ((1.0 / 1260) - (inverse2 * ((1.0 / 1680) - (inverse2 / 1188))))))));
        return shift + ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + series;
    }
}
