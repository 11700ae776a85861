using System.Buffers.Binary;
using System.Security.Cryptography;
using ModelGen.Draws;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;

namespace ModelGen.Outputs.Tests;

/// <summary>
/// Format version 2 (family and λ) against version 1: full-rank fits round-trip bit for bit, mean-field fits are
/// written as version 2 too, and a file the version 1 writer made still loads.
/// </summary>
public sealed class FitFileVersionTests : IDisposable
{
    private readonly string _dir = Fixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FullRankFitRoundTripsBitForBit()
    {
        AdviFit<double> fit = FitSmallFullRank();
        string path = Path.Combine(_dir, "fullrank.mgfit");
        fit.Save(path);
        Assert.Equal(2, FileVersion(path));

        AdviFit<double> loaded = AdviFit<double>.Load(path, new LayoutModel<double>(Fixtures.Small));
        Assert.Equal(VariationalFamily.FullRank, loaded.Family);
        Assert.Equal(fit.Mean.ToArray(), loaded.Mean.ToArray());
        Assert.Equal(fit.Rho.ToArray(), loaded.Rho.ToArray());
        Assert.Equal(fit.CholeskyFactor(), loaded.CholeskyFactor());
        Assert.Equal(fit.Covariance(), loaded.Covariance());
        Assert.Equal(fit.StandardDeviation(), loaded.StandardDeviation());
        Assert.Equal(fit.Seed, loaded.Seed);
        Assert.Equal(fit.Iterations, loaded.Iterations);
        Assert.Equal(fit.Elbo, loaded.Elbo);
        Assert.Equal(fit.Sample(200).Values.ToArray(), loaded.Sample(200).Values.ToArray());
        Assert.Equal(fit.Sample(50, seed: 99).Values.ToArray(), loaded.Sample(50, seed: 99).Values.ToArray());
        double[] theta = [0.3, -0.2, 0.1, 0.5, -1.0];
        Assert.Equal(fit.LogApproximation(theta), loaded.LogApproximation(theta));

        // The fit really is correlated, so equal draws say λ was kept, not that it was zero all along.
        double[,] l = fit.CholeskyFactor();
        Assert.Contains(Enumerable.Range(1, 4).SelectMany(i => Enumerable.Range(0, i).Select(j => l[i, j])), v => v != 0);
    }

    [Fact]
    public void FullRankMoonsFitPredictsIdenticallyAfterLoading()
    {
        MoonsData data = Fixtures.Moons();
        var model = new MoonsNetwork(data.TrainX, data.TrainY);
        AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = 300, Seed = 5, Family = VariationalFamily.FullRank });
        string path = Path.Combine(_dir, "moons-fullrank.mgfit");
        fit.Save(path);

        var again = new MoonsNetwork(data.TrainX, data.TrainY);
        AdviFit<float> loaded = AdviFit<float>.Load(path, again);
        Assert.Equal(VariationalFamily.FullRank, loaded.Family);
        Assert.Equal(fit.Covariance(), loaded.Covariance());
        Draws<float> a = fit.Sample(200);
        Draws<float> b = loaded.Sample(200);
        Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
        PosteriorPredictive pa = model.Predict(data.TestX, a);
        PosteriorPredictive pb = again.Predict(data.TestX, b);
        Assert.Equal(pa.Mean, pb.Mean);
        Assert.Equal(pa.StandardDeviation, pb.StandardDeviation);
    }

    [Fact]
    public void MeanFieldFitIsWrittenAsVersion2AndRoundTrips()
    {
        AdviFit<double> fit = Fixtures.FitSmall(iterations: 300);
        string path = Path.Combine(_dir, "meanfield.mgfit");
        fit.Save(path);
        Assert.Equal(2, FileVersion(path));

        AdviFit<double> loaded = AdviFit<double>.Load(path, new LayoutModel<double>(Fixtures.Small));
        Assert.Equal(VariationalFamily.MeanField, loaded.Family);
        Assert.Equal(fit.Mean.ToArray(), loaded.Mean.ToArray());
        Assert.Equal(fit.Rho.ToArray(), loaded.Rho.ToArray());
        Assert.Equal(fit.Covariance(), loaded.Covariance());
        Assert.Equal(fit.Sample(200).Values.ToArray(), loaded.Sample(200).Values.ToArray());

        // Family MeanField (0), then after μ and ρ a λ count of 0 and no λ.
        byte[] bytes = File.ReadAllBytes(path);
        Tail tail = Locate(bytes, d: 5, lower: 0, elbo: fit.Elbo.Count);
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(tail.Family)));
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(tail.Family + 4)));
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(tail.LowerCount)));
    }

    [Fact]
    public void Version1FileWrittenByTheVersion1WriterStillLoads()
    {
        string fixture = Path.Combine(AppContext.BaseDirectory, "Data", "mgfit", "small-v1.mgfit");
        Assert.Equal(1, FileVersion(fixture));
        AdviFit<double> v1 = AdviFit<double>.Load(fixture, new LayoutModel<double>(Fixtures.Small));

        Assert.Equal(VariationalFamily.MeanField, v1.Family);
        Assert.Equal([-0.14453385388787274, 0.06855201677898182, -0.04708291209009209, 0.03684500086149656, 0.269757276246675], v1.Mean.ToArray());
        Assert.Equal([0.5827936552080091, 0.5242791549184455, 0.5514707008867943, 0.4631135892674666, 0.3643755156300231], v1.Rho.ToArray());
        Assert.Equal(7UL, v1.Seed);
        Assert.Equal(300, v1.Iterations);
        Assert.Equal(StopReason.IterationLimit, v1.StopReason);
        Assert.Equal(TimeSpan.FromTicks(1955254), v1.Elapsed);
        Assert.Null(v1.Message);
        Assert.Equal([100, 200, 300], v1.Elbo.Select(p => p.Iteration));
        Assert.Equal(-1.0049429370524514, v1.Elbo[0].Value);
        Assert.Equal(0.056392889309918814, v1.Elbo[^1].Value);
        double[,] l = v1.CholeskyFactor();
        Assert.Equal(0.0, l[1, 0]);

        // Saving it again upgrades it to version 2 without changing what it samples.
        string path = Path.Combine(_dir, "upgraded.mgfit");
        v1.Save(path);
        Assert.Equal(2, FileVersion(path));
        AdviFit<double> v2 = AdviFit<double>.Load(path, new LayoutModel<double>(Fixtures.Small));
        Assert.Equal(v1.Mean.ToArray(), v2.Mean.ToArray());
        Assert.Equal(v1.Rho.ToArray(), v2.Rho.ToArray());
        Assert.Equal(v1.Elbo, v2.Elbo);
        Assert.Equal(v1.Sample(100).Values.ToArray(), v2.Sample(100).Values.ToArray());
    }

    [Fact]
    public void CorruptedVersion2FilesAreRefused()
    {
        AdviFit<double> fit = FitSmallFullRank();
        string path = Path.Combine(_dir, "fullrank.mgfit");
        fit.Save(path);
        byte[] good = File.ReadAllBytes(path);
        var model = new LayoutModel<double>(Fixtures.Small);
        Tail tail = Locate(good, d: 5, lower: 10, elbo: fit.Elbo.Count);

        foreach (int length in new[] { 0, 7, 19, good.Length / 2, tail.LowerCount + 2, good.Length - 1 })
        {
            File.WriteAllBytes(path, good[..length]);
            var e = Assert.Throws<InvalidDataException>(() => AdviFit<double>.Load(path, model));
            Assert.Matches("truncated|not a ModelGen fit file", e.Message);
        }

        // A flipped bit in the family, in λ's count, in λ or in the checksum: the checksum catches each.
        foreach (int at in new[] { tail.Family, tail.LowerCount, tail.LowerCount + 4 + 13, good.Length - 1 })
        {
            byte[] bad = (byte[])good.Clone();
            bad[at] ^= 0x01;
            File.WriteAllBytes(path, bad);
            Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => AdviFit<double>.Load(path, model)).Message, StringComparison.Ordinal);
        }

        // The same damage behind a recomputed checksum (a buggy writer, not a bad disk): the fields' checks catch it.
        byte[] family = Resealed(good, tail.Family, 7);
        File.WriteAllBytes(path, family);
        Assert.Contains("names variational family 7", Assert.Throws<InvalidDataException>(() => AdviFit<double>.Load(path, model)).Message, StringComparison.Ordinal);

        byte[] count = Resealed(good, tail.LowerCount, 9);
        File.WriteAllBytes(path, count);
        Assert.Contains("holds 9 strictly-lower Cholesky entries where a FullRank fit of 5 coordinates has 10", Assert.Throws<InvalidDataException>(() => AdviFit<double>.Load(path, model)).Message, StringComparison.Ordinal);

        // Full-rank bytes relabelled mean-field leave λ's entries where the ELBO trace should start.
        byte[] relabelled = Resealed(good, tail.Family, (int)VariationalFamily.MeanField);
        File.WriteAllBytes(path, relabelled);
        Assert.Contains("holds 10 strictly-lower Cholesky entries where a MeanField fit of 5 coordinates has 0", Assert.Throws<InvalidDataException>(() => AdviFit<double>.Load(path, model)).Message, StringComparison.Ordinal);

        byte[] future = Resealed(good, 8, 3);
        File.WriteAllBytes(path, future);
        Assert.Contains("has format version 3; this build of ModelGen reads versions 1 to 2", Assert.Throws<InvalidDataException>(() => AdviFit<double>.Load(path, model)).Message, StringComparison.Ordinal);

        // A version 2 body labelled version 1: the version 1 reader takes the family for d and refuses the file.
        byte[] older = Resealed(good, 8, 1);
        File.WriteAllBytes(path, older);
        Assert.Contains("is corrupted: it holds 1 coordinates where model 'normal_model' has 5", Assert.Throws<InvalidDataException>(() => AdviFit<double>.Load(path, model)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StructureChecksApplyToFullRankFiles()
    {
        string path = Path.Combine(_dir, "fullrank.mgfit");
        FitSmallFullRank().Save(path);
        ModelInfo wider = Fixtures.Small with { Parameters = [.. Fixtures.Small.Parameters.Select(p => p.Name == "b" ? p with { Shape = new EquatableShape(2) } : p)] };
        var e = Assert.Throws<FitMismatchException>(() => AdviFit<double>.Load(path, new LayoutModel<double>(wider)));
        Assert.Contains("block 'b' has shape () in the file but (2) in the model", e.Message, StringComparison.Ordinal);
    }

    private static AdviFit<double> FitSmallFullRank()
    {
        var density = new StandardNormal(Fixtures.Small.Dimension);
        return Advi.Fit(ref density, new LayoutModel<double>(Fixtures.Small), new AdviOptions { Iterations = 300, Seed = 13, Family = VariationalFamily.FullRank });
    }

    private static int FileVersion(string path) => BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(path).AsSpan(8, 4));

    /// <summary>Where the version 2 fields sit, counted back from the checksum (docs/outputs.md's table, double elements).</summary>
    private readonly record struct Tail(int Family, int LowerCount);

    private static Tail Locate(byte[] bytes, int d, int lower, int elbo)
    {
        int elboCount = bytes.Length - 32 - (12 * elbo) - 4;
        int lowerCount = elboCount - (8 * lower) - 4;
        int family = lowerCount - (16 * d) - 4 - 4;
        return new Tail(family, lowerCount);
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="at"/> and recomputes the checksum.</summary>
    private static byte[] Resealed(byte[] good, int at, int value)
    {
        byte[] bytes = (byte[])good.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value);
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).CopyTo(bytes.AsSpan(bytes.Length - 32));
        return bytes;
    }
}
