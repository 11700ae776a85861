using System.Globalization;
using System.IO.Compression;
using ModelGen.Diagnostics;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Loo;
using ModelGen.Samples.Moons;
using ModelGen.Sampling;
using ModelGen.Simd;

// Leave-one-out cross-validation of two models of the seed notebook's moons, from their NUTS draws: the seed network
// (2-5-5-1, tanh) and a logistic regression. For each draw and training row, log p(yᵢ | θ) is the Bernoulli
// log-likelihood at the model's P(y = 1) for that draw (until the generator writes the pointwise log-likelihood
// itself, a draw's prediction is the way to it); Loo then gives PSIS-LOO with r_eff from the chains, WAIC, the
// comparison and the stacking weights, printed as R's loo prints them.
// Options: --chains N --warmup N --draws N --seed N --rows N (training rows to score, default all)
//          --write-matrix PATH (the network's matrix as gzip CSV, 10 significant digits: the input of scripts/loo-reference.R)
//          --csv PREFIX (the network's chains as CmdStan CSV, PREFIX-1.csv …, with the log_lik.i columns loo reads)
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
const double FloatResolution = 1.0 / (1 << 24);
int chains = 4, warmup = 500, drawsPerChain = 250, rows = int.MaxValue;
ulong seed = 1;
string? matrixPath = null;
string? csvPrefix = null;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--chains": chains = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--warmup": warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--draws": drawsPerChain = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--rows": rows = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--write-matrix": matrixPath = Next(); break;
        case "--csv": csvPrefix = Next(); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --chains --warmup --draws --seed --rows --write-matrix --csv");
    }
}

MoonsData data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
rows = Math.Min(rows, data.TrainY.Length);
Console.WriteLine($"data: seed notebook's make_moons, {data.TrainY.Length} train rows, {rows} scored");
Console.WriteLine($"simd: {SimdSupport.Describe()}; {Environment.ProcessorCount} cores");
var options = new NutsOptions { Chains = chains, Warmup = warmup, Draws = drawsPerChain, Seed = seed };

NutsFit<float> network = new MoonsNetwork(data.TrainX, data.TrainY).Nuts(options);
NutsFit<float> logistic = new LogisticRegression(data.TrainX, data.TrainY).Nuts(options);
Console.WriteLine($"nuts: network {network.Elapsed.TotalSeconds:F2} s, {network.Divergences} divergences; logistic regression {logistic.Elapsed.TotalSeconds:F2} s, {logistic.Divergences} divergences");

LogLikelihoodMatrix networkLl = PointwiseBernoulli(network.Draws, (x, d) => new MoonsNetwork().Predict(x, d), chains);
LogLikelihoodMatrix logisticLl = PointwiseBernoulli(logistic.Draws, (x, d) => new LogisticRegression().Predict(x, d), chains);

LooResult networkLoo = Loo.Compute(networkLl);
LooResult logisticLoo = Loo.Compute(logisticLl);
Console.WriteLine("\n== network: PSIS-LOO");
Console.Write(networkLoo);
Console.WriteLine("\n== network: WAIC");
Console.Write(Loo.Waic(networkLl));
Console.WriteLine("\n== logistic regression: PSIS-LOO");
Console.Write(logisticLoo);
Console.WriteLine("\n== comparison (loo_compare)");
Console.Write(Loo.Compare(("network", networkLoo), ("logistic", logisticLoo)));
double[] weights = Loo.StackingWeights(networkLoo, logisticLoo);
Console.WriteLine($"\n== stacking weights: network {weights[0]:F3}, logistic {weights[1]:F3}");

if (networkLoo.Elpd.Value <= logisticLoo.Elpd.Value)
{
    Console.Error.WriteLine("error: LOO prefers the logistic regression to the network on the moons; something is wrong.");
    return 1;
}

if (matrixPath is not null)
{
    using var gzip = new GZipStream(File.Create(matrixPath), CompressionLevel.SmallestSize);
    using var writer = new StreamWriter(gzip);
    writer.WriteLine(string.Join(',', Enumerable.Range(1, networkLl.Observations).Select(i => "V" + i.ToString(CultureInfo.InvariantCulture))));
    for (int s = 0; s < networkLl.Draws; s++)
    {
        writer.WriteLine(string.Join(',', Enumerable.Range(0, networkLl.Observations).Select(i => networkLl[s, i].ToString("G10", CultureInfo.InvariantCulture))));
    }

    Console.WriteLine($"wrote {matrixPath}: {networkLl.Draws} draws ({chains} chains) × {networkLl.Observations} rows");
}

if (csvPrefix is not null)
{
    Console.WriteLine($"wrote {string.Join(", ", NutsCsv.Write(csvPrefix, network, networkLl))}");
}

return 0;


// log p(yᵢ | θˢ) = yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ), pᵢ the model's P(y = 1) at draw s alone. The prediction is
// computed in float, where a logit beyond ±17 rounds p to 0 or 1; p is kept within float's resolution of them.
LogLikelihoodMatrix PointwiseBernoulli(Draws<float> draws, Func<float[,], Draws<float>, PosteriorPredictive> predict, int chainCount)
{
    float[,] x = new float[rows, 2];
    for (int r = 0; r < rows; r++)
    {
        x[r, 0] = data.TrainX[r, 0];
        x[r, 1] = data.TrainX[r, 1];
    }

    var values = new double[draws.Count * rows];
    for (int s = 0; s < draws.Count; s++)
    {
        PosteriorPredictive one = predict(x, new Draws<float>(draws.Info, draws[s].ToArray(), 1));
        for (int r = 0; r < rows; r++)
        {
            double p = Math.Clamp(one.Mean[r], FloatResolution, 1 - FloatResolution);
            values[(s * rows) + r] = data.TrainY[r] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }
    }

    return new LogLikelihoodMatrix(values, draws.Count, rows, chainCount);
}
