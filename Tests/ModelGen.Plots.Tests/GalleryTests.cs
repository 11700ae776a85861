namespace ModelGen.Plots.Tests;

/// <summary>
/// Writes the gallery of docs/plots.md: with MODELGEN_PLOTS_GALLERY set to a folder, one image per plot kind there
/// (docs/images/plots-*.png); otherwise does nothing.
/// </summary>
public sealed class GalleryTests
{
    [Fact]
    public void WriteGallery()
    {
        string? folder = Environment.GetEnvironmentVariable("MODELGEN_PLOTS_GALLERY");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        foreach (string model in new[] { "moons", "schools", "counts" })
        {
            foreach ((string kind, Figure figure) in Fits.Named(model).Figures)
            {
                figure.Save(Path.Combine(folder, $"{model}-{kind}.png"));
            }
        }
    }
}
