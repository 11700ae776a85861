using System.Globalization;
using System.IO.Compression;
using ModelGen.Diagnostics;
using ModelGen.Draws;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Samples.Loo;
using ModelGen.Samples.Moons;
using ModelGen.Sampling;
using ModelGen.Simd;

// Leave-one-out cross-validation of two models of the seed notebook's moons, from their NUTS draws: the seed network
// (2-5-5-1, tanh) and a logistic regression. For each draw and training row, log p(yᵢ | θ) comes from the model's
// generated pointwise log-likelihood (the same kernel IR as its log density); Loo then gives PSIS-LOO with r_eff
// from the chains, WAIC, the comparison and the stacking weights, printed as R's loo prints them.
// Options: --chains N --warmup N --draws N --seed N --rows N (training rows to score, default all)
//          --write-matrix PATH (the network's matrix as gzip CSV, 10 significant digits: the input of scripts/loo-reference.R)
//          --csv PREFIX (the network's chains as CmdStan CSV, PREFIX-1.csv …, with the log_lik.i columns loo reads)
//          --advi-csv PATH (an ADVI fit of the network to the scored rows as Stan's variational CSV, 1,000 draws with
//          log_p__, log_g__ and log_lik.i: the input of loo_approximate_posterior)
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int chains = 4, warmup = 500, drawsPerChain = 250, rows = int.MaxValue;
ulong seed = 1;
string? matrixPath = null;
string? csvPrefix = null;
string? adviCsv = null;
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
        case "--advi-csv": adviCsv = Next(); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --chains --warmup --draws --seed --rows --write-matrix --csv --advi-csv");
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

// The pointwise log-likelihood the generator writes for each model, on the rows scored (a model bound to them).
(float[,] scoredX, float[] scoredY) = Scored();
LogLikelihoodMatrix networkLl = new MoonsNetwork(scoredX, scoredY).PointwiseLogLikelihood(network.Draws, chains);
LogLikelihoodMatrix logisticLl = new LogisticRegression(scoredX, scoredY).PointwiseLogLikelihood(logistic.Draws, chains);

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

if (adviCsv is not null)
{
    // ADVI's draws are its approximation's: LOO corrects them by log p − log g (the printout says so), and R's
    // loo_approximate_posterior on the CSV's columns gives the same numbers (scripts/check-loo-csv.R).
    var scoredModel = new MoonsNetwork(scoredX, scoredY);
    AdviFit<float> advi = scoredModel.Fit(new AdviOptions { Seed = seed });
    StanCsv.Write(adviCsv, advi, scoredModel, 1_000, seed);
    Console.WriteLine($"\n== network, ADVI on the scored rows: PSIS-LOO of 1,000 draws of the approximation (seed {seed})");
    Console.Write(advi.Loo(scoredModel, 1_000, seed));
    Console.WriteLine($"wrote {adviCsv}");
}

return 0;


// The first rows of the training data, the ones scored.
(float[,] X, float[] Y) Scored()
{
    float[,] x = new float[rows, 2];
    float[] y = new float[rows];
    for (int r = 0; r < rows; r++)
    {
        x[r, 0] = data.TrainX[r, 0];
        x[r, 1] = data.TrainX[r, 1];
        y[r] = data.TrainY[r];
    }

    return (x, y);
}
