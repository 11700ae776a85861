using ScottPlot;
using SkiaSharp;

namespace ModelGen.Plots;

/// <summary>The words a panel of a <see cref="Figure"/> shows: its title and axis labels, and any notes drawn inside it.</summary>
/// <param name="Title">The panel's title, e.g. "Theta[3]".</param>
/// <param name="XLabel">The horizontal axis label.</param>
/// <param name="YLabel">The vertical axis label.</param>
/// <param name="Notes">Text drawn inside the panel (e.g. why the prior is not overlaid); empty when none.</param>
public sealed record PanelText(string Title, string XLabel, string YLabel, IReadOnlyList<string> Notes);

/// <summary>
/// One diagnostic figure: a title, a line of notes under it and one or more panels, drawn to PNG at any size
/// (<see cref="ToPng"/>, <see cref="Save"/>). Its words are kept (<see cref="Title"/>, <see cref="Notes"/>,
/// <see cref="Panels"/>), so a report can caption it and a test can read what it says without reading pixels.
/// </summary>
public sealed class Figure
{
    private const float TitleSize = 17, NoteSize = 12.5f;
    private readonly List<Slot> _slots = [];
    private readonly List<PanelText> _panels = [];
    private readonly List<string> _notes = [];

    internal Figure(string title, int width, int bodyHeight)
    {
        Title = title;
        Width = width;
        BodyHeight = bodyHeight;
    }

    /// <summary>The figure's title, e.g. "NonCentred: trace".</summary>
    public string Title { get; }

    /// <summary>Lines drawn under the title: what was left out, warnings (e.g. "2 divergent transitions"), why the prior is missing.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Every panel's words, in drawing order (row by row).</summary>
    public IReadOnlyList<PanelText> Panels => _panels;

    /// <summary>The default width in pixels (<see cref="ToPng"/> without a size).</summary>
    public int Width { get; }

    /// <summary>The default height in pixels; figures with one row per parameter grow with the parameters shown.</summary>
    public int Height => (int)MathF.Ceiling(HeaderHeight) + BodyHeight;

    /// <summary>The default height of the panels' area, below the title and notes.</summary>
    internal int BodyHeight { get; set; }

    private float HeaderHeight => 8 + TitleSize + (_notes.Count * (NoteSize + 5)) + 8;

    /// <summary>The figure as PNG bytes, <paramref name="width"/> × <paramref name="height"/> pixels (default <see cref="Width"/> × <see cref="Height"/>).</summary>
    public byte[] ToPng(int? width = null, int? height = null)
    {
        int w = width ?? Width, h = height ?? Height;
        ArgumentOutOfRangeException.ThrowIfLessThan(w, 100, nameof(width));
        ArgumentOutOfRangeException.ThrowIfLessThan(h, 100, nameof(height));
        using SKSurface surface = SKSurface.Create(new SKImageInfo(w, h));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        DrawHeader(canvas, w);
        float top = HeaderHeight;
        float bodyHeight = h - top;
        foreach (Slot slot in _slots)
        {
            var rect = new PixelRect(
                (float)(slot.X0 * w),
                (float)(slot.X1 * w),
                top + (float)(slot.Y1 * bodyHeight),
                top + (float)(slot.Y0 * bodyHeight));
            // A plot clears the whole canvas before drawing: clip it to its own rectangle.
            canvas.Save();
            canvas.ClipRect(new SKRect(rect.Left, rect.Top, rect.Right, rect.Bottom));
            slot.Plot.Render(canvas, rect);
            canvas.Restore();
        }

        // zlib's fastest level: a quarter of the default's encoding time for files about a tenth larger (a tall trace
        // figure of 10 parameters × 4 chains × 1,000 draws: 70 ms and 560 kB against 250 ms and 510 kB).
        using SKPixmap pixels = surface.PeekPixels();
        using SKData png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 1))
            ?? throw new InvalidOperationException($"Skia could not encode figure '{Title}' ({w} × {h}) as PNG.");
        return png.ToArray();
    }

    /// <summary>Where each panel is drawn in a <paramref name="width"/> × <paramref name="height"/> rendering (left, top, right, bottom), in <see cref="Panels"/> order.</summary>
    internal IReadOnlyList<(int Left, int Top, int Right, int Bottom)> PanelRectangles(int width, int height)
    {
        float top = HeaderHeight;
        float body = height - top;
        return [.. _slots.Select(s => ((int)(s.X0 * width), (int)(top + (s.Y0 * body)), (int)(s.X1 * width), (int)(top + (s.Y1 * body))))];
    }

    /// <summary>Writes the PNG to <paramref name="path"/> (its folder is created) and returns the path.</summary>
    public string Save(string path, int? width = null, int? height = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] png = ToPng(width, height);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllBytes(path, png);
        return path;
    }

    /// <inheritdoc/>
    public override string ToString() => Title;

    internal void Note(string note) => _notes.Add(note);

    /// <summary>Places <paramref name="plot"/> in the body's fraction [x0, x1] × [y0, y1] (y from the top).</summary>
    internal void Place(Plot plot, double x0, double y0, double x1, double y1, IReadOnlyList<string>? notes = null)
    {
        _slots.Add(new Slot(plot, x0, y0, x1, y1));
        _panels.Add(new PanelText(plot.Axes.Title.Label.Text, plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text, notes ?? []));
    }

    /// <summary>Places <paramref name="plot"/> in cell (<paramref name="row"/>, <paramref name="column"/>) of an even grid.</summary>
    internal void PlaceInGrid(Plot plot, int row, int column, int rows, int columns, IReadOnlyList<string>? notes = null) =>
        Place(plot, (double)column / columns, (double)row / rows, (double)(column + 1) / columns, (double)(row + 1) / rows, notes);

    private void DrawHeader(SKCanvas canvas, int width)
    {
        using SKTypeface bold = SKTypeface.FromFamilyName(Style.Font, SKFontStyle.Bold);
        using SKTypeface normal = SKTypeface.FromFamilyName(Style.Font);
        using var titleFont = new SKFont(bold, TitleSize);
        using var noteFont = new SKFont(normal, NoteSize);
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x50, 0x50, 0x50), IsAntialias = true };
        float y = 8 + TitleSize;
        canvas.DrawText(Title, width / 2f, y, SKTextAlign.Center, titleFont, black);
        foreach (string note in _notes)
        {
            y += NoteSize + 5;
            canvas.DrawText(note, width / 2f, y, SKTextAlign.Center, noteFont, grey);
        }
    }

    private sealed record Slot(Plot Plot, double X0, double Y0, double X1, double Y1);
}
