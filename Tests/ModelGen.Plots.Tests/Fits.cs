using System.Numerics;
using ModelGen.Diagnostics;
using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Samples.CountRegression;
using ModelGen.Samples.EightSchools;
using ModelGen.Samples.Moons;
using ModelGen.Sampling;

namespace ModelGen.Plots.Tests;

/// <summary>
/// Short fits of the three models every plot is drawn for (NUTS 2 chains × (200 + 200), a short ADVI run), made once
/// per test run, and every figure of each.
/// </summary>
public static class Fits
{
    private static readonly Lazy<Case> LazyMoons = new(() =>
    {
        MoonsData data = MoonsData();
        var model = new MoonsNetwork(data.TrainX, data.TrainY);
        return Case.Of(model.Nuts(Nuts(8)), model.Fit(new AdviOptions { MaxIterations = 3_000, Seed = 3 }), model.SamplePrior, "Y", data.TrainY, (d, n) => model.SamplePredictive(data.TrainX, d, n, 4), ["Hidden1.Weights[1,1]", "Hidden1.Weights[2,1]", "Output.Weights[1,1]"], d => model.Predict(data.TrainX, d).Mean, d => PredictiveMap.Of<float>(grid => model.Predict(grid, d), (-3, 3), (-3, 3), side: 60), data.TrainX,
            fit => fit.PointwiseLogLikelihood(model));
    });

    private static readonly Lazy<Case> LazySchools = new(() =>
    {
        (double[,] x, double[] y) = SchoolsData();
        var model = new NonCentred(x, y);
        return Case.Of(model.Nuts(Nuts(5)), model.Fit(new AdviOptions { MaxIterations = 5_000, Seed = 5 }), model.SamplePrior, "Y", y, (d, n) => model.SamplePredictive(x, d, n, 6), ["Mu", "Tau", "Theta[1]"],
            logLikelihood: fit => fit.PointwiseLogLikelihood(model));
    });

    private static readonly Lazy<Case> LazyCounts = new(() =>
    {
        (double[,] x, double[] y) = CountsData(300, 7);
        var model = new PoissonRegression(x, y);
        return Case.Of(model.Nuts(Nuts(7)), model.Fit(new AdviOptions { MaxIterations = 5_000, Seed = 7 }), model.SamplePrior, "Y", y, (d, n) => model.SamplePredictive(x, d, n, 8), ["LogRate.Weights", "LogRate.Bias"],
            logLikelihood: fit => fit.PointwiseLogLikelihood(model));
    });

    /// <summary>Rubin's eight schools: per row the school (column 0) and its standard error (column 1), and the estimates.</summary>
    public static (double[,] X, double[] Y) SchoolsData() => (Rubin.Schools(), Rubin.Estimates);

    /// <summary>Poisson counts with log rate 0.5 + 0.8·x₀ − 0.4·x₁ + 0.2·x₂, x ~ N(0, 1).</summary>
    public static (double[,] X, double[] Y) CountsData(int rows, ulong seed)
    {
        double[] w = [0.8, -0.4, 0.2];
        var rng = new Rng(seed);
        var x = new double[rows, 3];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double logRate = 0.5;
            for (int c = 0; c < 3; c++)
            {
                x[r, c] = rng.NextNormal();
                logRate += w[c] * x[r, c];
            }

            y[r] = Sample.Poisson(ref rng, Math.Exp(logRate));
        }

        return (x, y);
    }

    /// <summary>The seed notebook's moons data.</summary>
    public static MoonsData MoonsData() => Samples.Moons.MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    /// <summary>The seed network (40 weights, Bernoulli labels).</summary>
    public static Case Moons => LazyMoons.Value;

    /// <summary>Eight schools, non-centred (Rubin's data).</summary>
    public static Case Schools => LazySchools.Value;

    /// <summary>A Poisson regression on 300 simulated rows.</summary>
    public static Case Counts => LazyCounts.Value;

    /// <summary>The case named <paramref name="name"/>: "moons", "schools" or "counts".</summary>
    public static Case Named(string name) => name switch
    {
        "moons" => Moons,
        "schools" => Schools,
        "counts" => Counts,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown model case."),
    };

    private static NutsOptions Nuts(ulong seed) => new() { Chains = 2, Warmup = 200, Draws = 200, Seed = seed };

    /// <summary>A model's fits and every figure of them, drawn once.</summary>
    /// <param name="Info">The model's layout.</param>
    /// <param name="Figures">Every plot kind, by name.</param>
    /// <param name="Pairs">The parameters of the pair plot (a few of the model's own names).</param>
    /// <param name="Divergences">Divergent transitions in the NUTS fit.</param>
    public sealed record Case(ModelInfo Info, IReadOnlyDictionary<string, Figure> Figures, IReadOnlyList<string> Pairs, int Divergences)
    {
        public static Case Of<T>(NutsFit<T> nuts, AdviFit<T> advi, PriorSampler<T> prior, string observedName, T[] observed, Func<Draws.Draws<T>, int, T[,]> predictive, string[] pairs, Func<Draws.Draws<T>, double[]>? probability = null, Func<Draws.Draws<T>, PredictiveMap>? map = null, T[,]? mapPoints = null, Func<NutsFit<T>, LogLikelihoodMatrix>? logLikelihood = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ModelInfo info = nuts.Draws.Info;
            var figures = new Dictionary<string, Figure>
            {
                ["trace"] = nuts.TracePlot(),
                ["rank"] = nuts.RankPlot(),
                ["trace-draws"] = advi.Sample(1_000, 2).TracePlot(),
                ["pairs"] = nuts.PairPlot(pairs),
                ["forest"] = FitPlots.ForestPlot([ForestSeries.Of(nuts), ForestSeries.Of(advi.Sample(1_000, 1), "ADVI")]),
                ["density"] = nuts.DensityPlot(prior),
                ["autocorrelation"] = nuts.AutocorrelationPlot(),
                ["energy"] = nuts.EnergyPlot(),
                ["elbo"] = advi.ElboPlot(),
                ["predictive"] = FitPlots.PredictiveCheckPlot(info.Name, observedName, observed, predictive(nuts.Draws, 100)),
                ["prior-predictive"] = FitPlots.PredictiveCheckPlot(info.Name, observedName, observed, predictive(prior(100, 9), 100), prior: true),
            };
            if (probability is not null)
            {
                figures["calibration"] = FitPlots.CalibrationPlot(info.Name, observedName, observed, probability(nuts.Draws));
            }

            if (map is not null)
            {
                PredictiveMap grid = map(nuts.Draws);
                figures["mean-map"] = FitPlots.MeanMapPlot(info.Name, observedName, grid, mapPoints, observed, (0, 1));
                figures["uncertainty-map"] = FitPlots.UncertaintyMapPlot(info.Name, observedName, grid, mapPoints, observed);
            }

            if (logLikelihood is not null)
            {
                // PSIS-LOO of the NUTS draws from the model's generated pointwise log-likelihood.
                LogLikelihoodMatrix ll = logLikelihood(nuts);
                figures["pareto-k"] = Loo.Compute(ll).ParetoKPlot(info.Name + ": Pareto k-hat per observation");
                T[,] replicated = predictive(nuts.Draws, nuts.Draws.Count);
                var yrep = new double[replicated.GetLength(0), replicated.GetLength(1)];
                for (int s = 0; s < yrep.GetLength(0); s++)
                {
                    for (int i = 0; i < yrep.GetLength(1); i++)
                    {
                        yrep[s, i] = double.CreateChecked(replicated[s, i]);
                    }
                }

                figures["loo-pit"] = FitPlots.LooPitPlot(Loo.Pit(ll, [.. observed.Select(double.CreateChecked)], yrep), info.Name + ": LOO-PIT");
            }

            return new Case(info, figures, pairs, nuts.Divergences);
        }
    }
}
