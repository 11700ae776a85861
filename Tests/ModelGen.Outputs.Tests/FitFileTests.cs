using ModelGen.Draws;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;

namespace ModelGen.Outputs.Tests;

public sealed class FitFileTests : IDisposable
{
    private readonly string _dir = Fixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SavedMoonsFitLoadsAndPredictsIdentically()
    {
        MoonsData data = Fixtures.Moons();
        var model = new MoonsNetwork(data.TrainX, data.TrainY);
        AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = 3_000, Seed = 11 });
        string path = Path.Combine(_dir, "moons.mgfit");
        fit.Save(path);

        // A fresh model bound to the same data, as a later process would make.
        var again = new MoonsNetwork(data.TrainX, data.TrainY);
        AdviFit<float> loaded = AdviFit<float>.Load(path, again);
        Assert.Equal(fit.Mean.ToArray(), loaded.Mean.ToArray());
        Assert.Equal(fit.Rho.ToArray(), loaded.Rho.ToArray());
        Assert.Equal(fit.Seed, loaded.Seed);
        Assert.Equal(fit.Iterations, loaded.Iterations);
        Assert.Equal(fit.StopReason, loaded.StopReason);
        Assert.Equal(fit.Elapsed, loaded.Elapsed);
        Assert.Equal(fit.Message, loaded.Message);
        Assert.Equal(fit.Elbo, loaded.Elbo);

        Draws<float> a = fit.Sample(300);
        Draws<float> b = loaded.Sample(300);
        Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
        PosteriorPredictive pa = model.Predict(data.TestX, a);
        PosteriorPredictive pb = again.Predict(data.TestX, b);
        Assert.Equal(pa.Mean, pb.Mean);
        Assert.Equal(pa.StandardDeviation, pb.StandardDeviation);
    }

    [Fact]
    public void SaveIsAtomicAndOverwrites()
    {
        AdviFit<double> fit = Fixtures.FitSmall();
        string path = Path.Combine(_dir, "small.mgfit");
        File.WriteAllText(path, "an older file");
        fit.Save(path);
        fit.Save(path);
        Assert.Equal(["small.mgfit"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        AdviFit<double> loaded = AdviFit<double>.Load(path, new LayoutModel<double>(Fixtures.Small));
        Assert.Equal(fit.Mean.ToArray(), loaded.Mean.ToArray());
    }

    [Fact]
    public void ShapeChangeIsNamed()
    {
        string path = SaveMoons();
        ModelInfo changed = Change(MoonsNetwork.Layout, "Hidden1.Weights", new EquatableShape(2, 6));
        var e = Assert.Throws<FitMismatchException>(() => AdviFit<float>.Load(path, new LayoutModel<float>(changed)));
        Assert.Contains("block 'Hidden1.Weights' has shape (2, 5) in the file but (2, 6) in the model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherDifferencesAreNamed()
    {
        string path = SaveMoons();
        ModelInfo info = MoonsNetwork.Layout;

        var renamed = info with { Name = "OtherNetwork" };
        Assert.Contains("written for model 'MoonsNetwork', not 'OtherNetwork'", Assert.Throws<FitMismatchException>(() => AdviFit<float>.Load(path, new LayoutModel<float>(renamed))).Message, StringComparison.Ordinal);

        var prior = info with { Parameters = [.. info.Parameters.Select(p => p.Name == "Output.Weights" ? p with { Prior = "Normal(0, 2)" } : p)] };
        Assert.Contains("block 'Output.Weights' has prior Normal(0, 1) in the file but Normal(0, 2) in the model", Assert.Throws<FitMismatchException>(() => AdviFit<float>.Load(path, new LayoutModel<float>(prior))).Message, StringComparison.Ordinal);

        var fewer = info with { Parameters = [.. info.Parameters.Where(p => p.Name != "Output.Weights")] };
        Assert.Contains("block 'Output.Weights' is in the file but not in the model", Assert.Throws<FitMismatchException>(() => AdviFit<float>.Load(path, new LayoutModel<float>(fewer))).Message, StringComparison.Ordinal);

        var more = info with { Parameters = [.. info.Parameters, new ParameterBlock("Output.Bias", 40, new EquatableShape(1), "Normal(0, 1)")] };
        Assert.Contains("block 'Output.Bias' is in the model but not in the file", Assert.Throws<FitMismatchException>(() => AdviFit<float>.Load(path, new LayoutModel<float>(more))).Message, StringComparison.Ordinal);

        var asDouble = info with { ElementType = "double" };
        Assert.Contains("the file holds float values (4 bytes) but the model uses double (8 bytes)", Assert.Throws<FitMismatchException>(() => AdviFit<double>.Load(path, new LayoutModel<double>(asDouble))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedOrCorruptedFilesAreRefused()
    {
        string path = SaveMoons();
        byte[] good = File.ReadAllBytes(path);
        var model = new LayoutModel<float>(MoonsNetwork.Layout);

        foreach (int length in new[] { 0, 5, 20, good.Length / 2, good.Length - 1 })
        {
            File.WriteAllBytes(path, good[..length]);
            var e = Assert.Throws<InvalidDataException>(() => AdviFit<float>.Load(path, model));
            Assert.Matches("truncated|not a ModelGen fit file", e.Message);
        }

        // Flip one bit anywhere in the body or the checksum: the checksum catches it.
        foreach (int at in new[] { 30, good.Length / 2, good.Length - 40, good.Length - 1 })
        {
            byte[] bad = (byte[])good.Clone();
            bad[at] ^= 0x10;
            File.WriteAllBytes(path, bad);
            var e = Assert.Throws<InvalidDataException>(() => AdviFit<float>.Load(path, model));
            Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
        }

        byte[] future = (byte[])good.Clone();
        future[8] = 3;
        File.WriteAllBytes(path, future);
        Assert.Contains("format version 3; this build of ModelGen reads versions 1 to 2", Assert.Throws<InvalidDataException>(() => AdviFit<float>.Load(path, model)).Message, StringComparison.Ordinal);

        File.WriteAllText(path, "lp__,log_p__,log_g__\n");
        Assert.Contains("not a ModelGen fit file", Assert.Throws<InvalidDataException>(() => AdviFit<float>.Load(path, model)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StructureHashCoversEveryBlockField()
    {
        ModelInfo info = MoonsNetwork.Layout;
        string hash = FitFile.StructureHash(info);
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, FitFile.StructureHash(info with { Parameters = [.. info.Parameters] }));
        Assert.NotEqual(hash, FitFile.StructureHash(Change(info, "Hidden2.Weights", new EquatableShape(25))));
        Assert.NotEqual(hash, FitFile.StructureHash(info with { ElementType = "double" }));
    }

    private string SaveMoons()
    {
        MoonsData data = Fixtures.Moons();
        var model = new MoonsNetwork(data.TrainX, data.TrainY);
        string path = Path.Combine(_dir, "moons.mgfit");
        model.Fit(new AdviOptions { Iterations = 200, Seed = 3 }).Save(path);
        return path;
    }

    private static ModelInfo Change(ModelInfo info, string block, EquatableShape shape)
    {
        var blocks = new List<ParameterBlock>();
        int offset = 0;
        foreach (ParameterBlock p in info.Parameters)
        {
            ParameterBlock q = p with { Offset = offset, Shape = p.Name == block ? shape : p.Shape };
            blocks.Add(q);
            offset += q.Length;
        }

        return info with { Parameters = blocks };
    }
}
