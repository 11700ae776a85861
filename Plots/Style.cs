using ScottPlot;

namespace ModelGen.Plots;

/// <summary>The look every panel shares: font sizes, chain colours, the divergence colour.</summary>
internal static class Style
{
    /// <summary>The default figure width in pixels.</summary>
    public const int Width = 800;

    /// <summary>Divergent transitions, wherever they are marked.</summary>
    public static readonly Color Divergent = Color.FromHex("#d62728");

    private static readonly Color[] ChainColours =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#9467bd"),
        Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"), Color.FromHex("#bcbd22"),
    ];

    /// <summary>
    /// A sans-serif family installed here: the first of DejaVu Sans (Debian's default), Liberation Sans, Arial and
    /// Helvetica, else ScottPlot's own choice.
    /// </summary>
    public static readonly string Font = FindFont();

    /// <summary>The colour of chain (or series) <paramref name="index"/>.</summary>
    public static Color Chain(int index) => ChainColours[index % ChainColours.Length];

    /// <summary>A panel with its title and axis labels set in the shared sizes.</summary>
    public static Plot Panel(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Title.Label.FontSize = 13;
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Bottom.Label.FontSize = 11;
        plot.Axes.Left.Label.FontSize = 11;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        return plot;
    }

    /// <summary>A compact legend in the upper right corner (e.g. the chains' colours in the first panel).</summary>
    public static void SmallLegend(Plot plot)
    {
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 9;
        plot.Legend.SymbolWidth = 12;
        plot.Legend.Padding = new PixelPadding(2);
        plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.75);
    }

    /// <summary>A text note in the panel's upper left corner (e.g. why an overlay is missing).</summary>
    public static void Note(Plot plot, string text)
    {
        var annotation = plot.Add.Annotation(text, Alignment.UpperLeft);
        annotation.LabelFontSize = 10;
        annotation.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
        annotation.LabelBorderColor = Colors.Gray;
        annotation.LabelFontColor = Colors.Black;
    }

    private static string FindFont()
    {
        string[] installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToArray();
        foreach (string family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" })
        {
            if (installed.Contains(family, StringComparer.OrdinalIgnoreCase))
            {
                return family;
            }
        }

        return Fonts.Sans;
    }

    /// <summary>Rows of a grid of <paramref name="count"/> panels in <paramref name="columns"/> columns.</summary>
    public static int Rows(int count, int columns) => (count + columns - 1) / columns;
}
