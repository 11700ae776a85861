using System.Globalization;

namespace ModelGen.Export;

public static partial class StanCsv
{
    /// <summary>Reads a Stan CSV file (ours, rstan's or CmdStan's); see <see cref="Read(TextReader, string)"/>.</summary>
    /// <exception cref="InvalidDataException">The file does not follow the layout; the message names the line.</exception>
    public static StanCsvTable Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>
    /// Reads Stan CSV text: the '#' comment lines before the header (their <c>key=value</c> settings, spaces
    /// ignored, as rstan reads them), the header row, and every row of numbers (comment lines between rows are
    /// skipped). Numbers are invariant-culture decimals; "nan", "inf" and "-inf" (Stan's spelling) and .NET's
    /// "NaN" and "Infinity" are accepted.
    /// </summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">A name for error messages (e.g. the path).</param>
    /// <exception cref="InvalidDataException">No header, a row whose width is not the header's, or a value that is not a number; the message names the line.</exception>
    public static StanCsvTable Read(TextReader reader, string source = "Stan CSV")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var comments = new List<string>();
        string[]? columns = null;
        var values = new List<double>();
        int lineNumber = 0;
        while (reader.ReadLine() is string line)
        {
            lineNumber++;
            if (line.StartsWith('#'))
            {
                if (columns is null)
                {
                    comments.Add(line[1..].Trim());
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            string[] cells = line.Split(',');
            if (columns is null)
            {
                columns = cells;
                continue;
            }

            if (cells.Length != columns.Length)
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: {cells.Length} values, but the header has {columns.Length} columns.");
            }

            foreach (string cell in cells)
            {
                values.Add(ParseNumber(cell) ?? throw new InvalidDataException($"{source}, line {lineNumber}: '{cell}' is not a number."));
            }
        }

        if (columns is null)
        {
            throw new InvalidDataException($"{source} has no header row (every line is a comment or empty).");
        }

        return new StanCsvTable(comments, columns, [.. values]);
    }

    private static double? ParseNumber(string cell)
    {
        string text = cell.Trim();
        return text switch
        {
            "nan" or "-nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null,
        };
    }
}

/// <summary>The contents of a Stan CSV file (<see cref="StanCsv.Read(TextReader, string)"/>): settings, columns and rows.</summary>
public sealed class StanCsvTable
{
    private readonly double[] _values;
    private readonly Dictionary<string, int> _index;

    internal StanCsvTable(IReadOnlyList<string> comments, string[] columns, double[] values)
    {
        Comments = comments;
        Columns = columns;
        _values = values;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < columns.Length; c++)
        {
            _index.TryAdd(columns[c], c);
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string comment in comments)
        {
            // As rstan's parse_stancsv_comments: spaces removed, split at the first '='; the first occurrence wins here.
            string flat = string.Concat(comment.Where(c => !char.IsWhiteSpace(c)));
            int eq = flat.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                settings.TryAdd(flat[..eq], flat[(eq + 1)..]);
            }
        }

        Settings = settings;
    }

    /// <summary>The comment lines before the header, without their '#' and surrounding spaces.</summary>
    public IReadOnlyList<string> Comments { get; }

    /// <summary>
    /// The <c>key=value</c> settings of <see cref="Comments"/> with every space removed (rstan's reading:
    /// "output_samples = 1000" and "output_samples=1000" both give output_samples → "1000").
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The header row's column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows of numbers, the mean row of variational output included.</summary>
    public int RowCount => Columns.Count == 0 ? 0 : _values.Length / Columns.Count;

    /// <summary>
    /// Whether the first row is the approximation's mean rather than a draw: true for variational output, which
    /// rstan recognises by an <c>output_samples</c> setting (and so do we).
    /// </summary>
    public bool HasMeanRow => Settings.ContainsKey("output_samples");

    /// <summary>Number of draws: <see cref="RowCount"/> less the mean row, if any.</summary>
    public int DrawCount => Math.Max(0, RowCount - (HasMeanRow ? 1 : 0));

    /// <summary>Row <paramref name="row"/> (0 is the mean row of variational output).</summary>
    public ReadOnlySpan<double> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        return _values.AsSpan(row * Columns.Count, Columns.Count);
    }

    /// <summary>Whether the header has a column <paramref name="name"/>.</summary>
    public bool HasColumn(string name) => _index.ContainsKey(name);

    /// <summary>The draws of column <paramref name="name"/> (the mean row skipped), e.g. <c>"log_p__"</c> or <c>"W.2.1"</c>.</summary>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the first columns there are.</exception>
    public double[] Column(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_index.TryGetValue(name, out int c))
        {
            throw new KeyNotFoundException($"The Stan CSV has no column '{name}'; its columns are {string.Join(", ", Columns.Take(8))}{(Columns.Count > 8 ? ", …" : string.Empty)}.");
        }

        int first = HasMeanRow ? 1 : 0;
        var result = new double[DrawCount];
        for (int r = 0; r < result.Length; r++)
        {
            result[r] = _values[((r + first) * Columns.Count) + c];
        }

        return result;
    }

    /// <summary>
    /// log_p__ − log_g__ per draw: the log importance ratios of variational output, for
    /// <see cref="Diagnostics.Psis.Estimate"/>. Stan's log_g__ omits q's normalising constant and ours includes it;
    /// the difference is one constant per file, which k̂ does not see.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The file has no log_p__ or log_g__ column (it is not variational output).</exception>
    public double[] LogRatios()
    {
        double[] logP = Column("log_p__");
        double[] logG = Column("log_g__");
        for (int i = 0; i < logP.Length; i++)
        {
            logP[i] -= logG[i];
        }

        return logP;
    }
}
