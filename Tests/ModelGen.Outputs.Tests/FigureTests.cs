using System.Buffers.Binary;
using ModelGen.Samples.MoonsPlots;

namespace ModelGen.Outputs.Tests;

public sealed class FigureTests
{
    [Fact]
    public void MoonsFiguresAreRealPngsOfTheExpectedSize()
    {
        string dir = Fixtures.TempDirectory();
        try
        {
            MoonsResults results = MoonsResults.Fit(Fixtures.Moons(), iterations: 2_000, draws: 200, seed: 5);
            IReadOnlyList<string> files = MoonsFigures.RenderAll(results, dir);
            string[] expected = ["data.png", "elbo.png", "predictions.png", "mean.png", "sd.png"];
            Assert.Equal(expected, files.Take(5).Select(Path.GetFileName));
            Assert.Equal(5 + 40, files.Count);
            Assert.Contains(Path.Combine(dir, "traces", "Hidden1_Weights.1.2.png"), files);
            foreach (string file in files)
            {
                bool trace = file.Contains("traces", StringComparison.Ordinal);
                (int width, int height) = PngSize(file);
                Assert.Equal(trace ? MoonsFigures.TraceWidth : MoonsFigures.Width, width);
                Assert.Equal(trace ? MoonsFigures.TraceHeight : MoonsFigures.Height, height);
                Assert.True(new FileInfo(file).Length > 5_000, $"{file} is suspiciously small");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Checks the PNG signature and the IHDR chunk, and returns the image's size.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        Assert.Equal("IEND"u8.ToArray(), bytes[^8..^4]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
