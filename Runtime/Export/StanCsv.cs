using System.Globalization;
using System.Numerics;
using System.Text;
using ModelGen.Diagnostics;
using ModelGen.Draws;
using ModelGen.Inference;

namespace ModelGen.Export;

/// <summary>A model's log density over the unconstrained vector: every generated model's <c>LogDensity</c> method fits.</summary>
/// <typeparam name="T">The model's element type.</typeparam>
/// <param name="theta">The unconstrained parameters.</param>
public delegate T LogDensityFunction<T>(ReadOnlySpan<T> theta);

/// <summary>
/// Writes the draws of an ADVI fit in the Stan CSV layout of rstan's and CmdStan's variational output (checked
/// against a file rstan 2.21 wrote, Tests/ModelGen.Outputs.Tests/Data/rstan): '#' comment lines, the header row
/// <c>lp__,log_p__,log_g__,&lt;parameters&gt;</c> with Stan's names (<c>Hidden1_Weights.1.2</c> for element [1,2] of
/// block Hidden1.Weights), a first row holding the approximation's mean (lp__, log_p__ and log_g__ 0, as Stan writes
/// it), then one row per draw; and reads such files back (<see cref="Read(TextReader, string)"/>).
/// </summary>
public static partial class StanCsv
{
    /// <summary>
    /// The Stan CSV column name of a scalar, e.g. "Hidden1_Weights.1.2" for "Hidden1.Weights[1,2]": the block's name as
    /// a Stan identifier (<see cref="StanIdentifier"/>), then each 1-based index after a dot.
    /// </summary>
    public static string ColumnName(ParameterBlock block, int index)
    {
        ArgumentNullException.ThrowIfNull(block);
        string name = block.ElementName(index);
        int open = name.IndexOf('[', StringComparison.Ordinal);
        return open < 0
            ? StanIdentifier(name)
            : string.Concat(StanIdentifier(name[..open]), ".", name.AsSpan(open + 1, name.Length - open - 2).ToString().Replace(',', '.'));
    }

    /// <summary>
    /// A block name as Stan writes a variable name: every '.' becomes '_' ("Hidden1.Weights" → "Hidden1_Weights").
    /// Readers of Stan CSV (rstan's read_stan_csv, cmdstanr, CmdStanPy) take everything before the first '.' of a
    /// column as the variable's name and the rest as its indices, so a dotted name would split into a variable
    /// "Hidden1" with indices "Weights.1.2" (rstan then fails: "subscript out of bounds").
    /// </summary>
    public static string StanIdentifier(string blockName)
    {
        ArgumentNullException.ThrowIfNull(blockName);
        return blockName.Replace('.', '_');
    }

    /// <summary>
    /// The flat (row-major) index of each CSV column, in Stan's order: blocks in layout order, each block's
    /// elements column-major (first index fastest), as CmdStan writes a matrix[2, 5]: W.1.1, W.2.1, W.1.2, ….
    /// </summary>
    public static int[] ColumnOrder(ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var order = new List<int>(info.Dimension);
        foreach (ParameterBlock block in info.Parameters)
        {
            int rank = block.Shape.Rank;
            var at = new int[rank];
            for (int n = 0; n < block.Length; n++)
            {
                int flat = 0;
                for (int d = 0; d < rank; d++)
                {
                    flat = (flat * block.Shape[d]) + at[d];
                }

                order.Add(block.Offset + flat);
                for (int d = 0; d < rank; d++)
                {
                    if (++at[d] < block.Shape[d])
                    {
                        break;
                    }

                    at[d] = 0;
                }
            }
        }

        return [.. order];
    }

    /// <summary>Every parameter column of <paramref name="info"/>, in Stan's order (<see cref="ColumnOrder"/>).</summary>
    /// <exception cref="InvalidOperationException">Two blocks have the same Stan name (e.g. "A.B" and "A_B").</exception>
    public static IReadOnlyList<string> ColumnNames(ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ParameterBlock block in info.Parameters)
        {
            string stan = StanIdentifier(block.Name);
            if (!owners.TryAdd(stan, block.Name))
            {
                throw new InvalidOperationException($"Model '{info.Name}': blocks '{owners[stan]}' and '{block.Name}' both have the Stan CSV name '{stan}' ('.' becomes '_'); rename one of them.");
            }
        }

        var names = new List<string>(info.Dimension);
        foreach (int flat in ColumnOrder(info))
        {
            ParameterBlock block = info.Parameters.Last(b => b.Offset <= flat);
            names.Add(ColumnName(block, flat - block.Offset));
        }

        return names;
    }

    /// <summary>
    /// Draws <paramref name="count"/> samples from <paramref name="fit"/> (the same draws as <c>fit.Sample(count, seed)</c>)
    /// and writes them to <paramref name="writer"/>. log_p__ is <paramref name="logDensity"/> at the unconstrained draw
    /// (the model's log density with the log-Jacobian, as Stan's); log_g__ is the approximation's normalised log density
    /// there (<see cref="AdviFit{T}.LogApproximation"/>).
    /// </summary>
    /// <returns>The draws written, in the constrained space.</returns>
    public static Draws<T> Write<T>(TextWriter writer, AdviFit<T> fit, LogDensityFunction<T> logDensity, int count, ulong? seed = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logDensity);
        return Write(writer, fit, logDensity, null, count, seed);
    }

    /// <summary>
    /// As <see cref="Write{T}(TextWriter, AdviFit{T}, LogDensityFunction{T}, int, ulong?)"/> with log_p__ the model's
    /// log density, and after the parameters the columns <c>log_lik.1 … log_lik.N</c>: the model's generated pointwise
    /// log-likelihood at each row's draw (at the mean on the first row, as CmdStan computes generated quantities there),
    /// which loo's <c>extract_log_lik</c> reads; with log_p__ and log_g__ they are what <c>loo_approximate_posterior</c>
    /// takes.
    /// </summary>
    /// <returns>The draws written, in the constrained space.</returns>
    public static Draws<T> Write<T>(TextWriter writer, AdviFit<T> fit, IPointwiseLogLikelihood<T> model, int count, ulong? seed = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        return Write(writer, fit, model.LogDensity, model, count, seed);
    }

    private static Draws<T> Write<T>(TextWriter writer, AdviFit<T> fit, LogDensityFunction<T> logDensity, IPointwiseLogLikelihood<T>? pointwise, int count, ulong? seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fit);
        ModelInfo info = fit.Info;
        int d = info.Dimension;
        T[] theta = fit.SampleUnconstrained(count, seed);
        var values = new T[count * d];
        var line = new StringBuilder();
        int[] order = ColumnOrder(info);

        // The comment block as rstan's vb writes it: flat "key=value" lines (rstan's read_stan_csv and CmdStanPy strip
        // the spaces and split at the first '='; output_samples tells rstan the first row is the mean), then a lone '#'.
        // No "method=variational" (CmdStan writes one, rstan does not): rstan's summary() takes it to mean a fit made
        // by vb() in the session, looks for the k̂ values only vb() computes, and fails ("dims do not match").
        IReadOnlyList<string> columns = ColumnNames(info);
        string[] comments =
        [
            "Sample generated by ModelGen (Variational Bayes)",
            $"model={info.Name}",
            "algorithm=meanfield",
            $"iter={fit.Iterations.ToString(CultureInfo.InvariantCulture)}",
            $"output_samples={count.ToString(CultureInfo.InvariantCulture)}",
            $"seed={(seed ?? fit.Seed).ToString(CultureInfo.InvariantCulture)}",
            $"writer=ModelGen {typeof(StanCsv).Assembly.GetName().Version}",
            $"element_type={info.ElementType}",
            "scale_transform=softplus: sigma = log(1 + exp(rho))",
            $"stop_reason={fit.StopReason}",
            "log_g__=normalised log density of the approximation at the unconstrained draw",
            string.Empty,
        ];
        foreach (string comment in comments)
        {
            writer.Write(comment.Length == 0 ? "#" : "# ");
            writer.Write(comment);
            writer.Write('\n');
        }

        writer.Write("lp__,log_p__,log_g__");
        foreach (string name in columns)
        {
            writer.Write(',');
            writer.Write(name);
        }

        var logLik = new T[pointwise?.Observations ?? 0];
        for (int i = 1; i <= logLik.Length; i++)
        {
            writer.Write(",log_lik.");
            writer.Write(i.ToString(CultureInfo.InvariantCulture));
        }

        writer.Write('\n');
        writer.Write("# Stepsize adaptation complete.\n");
        writer.Write("# eta = n/a (ModelGen's optimizer: no eta search)\n");

        T[] mean = fit.Constrain(fit.Mean);
        pointwise?.PointwiseLogLikelihood(mean, logLik);
        Row(writer, line, null, 0, mean, order, logLik);
        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<T> draw = theta.AsSpan(k * d, d);
            Span<T> constrained = values.AsSpan(k * d, d);
            T[] c = fit.Constrain(draw);
            c.CopyTo(constrained);
            pointwise?.PointwiseLogLikelihood(c, logLik);
            Row(writer, line, logDensity(draw), fit.LogApproximation(draw), c, order, logLik);
        }

        writer.Flush();
        return new Draws<T>(info, values, count);
    }

    /// <summary>As <see cref="Write{T}(TextWriter, AdviFit{T}, LogDensityFunction{T}, int, ulong?)"/>, to a file written atomically.</summary>
    public static Draws<T> Write<T>(string path, AdviFit<T> fit, LogDensityFunction<T> logDensity, int count, ulong? seed = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Draws<T> draws = Write(text, fit, logDensity, count, seed);
        AtomicFile.WriteAllText(path, text.ToString());
        return draws;
    }

    /// <summary>As <see cref="Write{T}(TextWriter, AdviFit{T}, IPointwiseLogLikelihood{T}, int, ulong?)"/>, to a file written atomically.</summary>
    public static Draws<T> Write<T>(string path, AdviFit<T> fit, IPointwiseLogLikelihood<T> model, int count, ulong? seed = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Draws<T> draws = Write(text, fit, model, count, seed);
        AtomicFile.WriteAllText(path, text.ToString());
        return draws;
    }

    private static void Row<T>(TextWriter writer, StringBuilder line, T? logP, double logG, T[] values, int[] order, ReadOnlySpan<T> logLik)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        line.Clear();
        line.Append("0,").Append(logP is T p ? Format(p) : "0").Append(',').Append(Format(logG));
        foreach (int i in order)
        {
            line.Append(',').Append(Format(values[i]));
        }

        foreach (T value in logLik)
        {
            line.Append(',').Append(Format(value));
        }

        writer.Write(line.Append('\n').ToString());
    }

    /// <summary>
    /// A value in its shortest round-trip form for its type; 0 as "0"; non-finite values as Stan's C++ streams write
    /// them ("nan", "inf", "-inf"), which R, NumPy and <see cref="Read(TextReader, string)"/> all parse.
    /// </summary>
    private static string Format<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(value))
        {
            return "nan";
        }

        if (T.IsInfinity(value))
        {
            return T.IsNegative(value) ? "-inf" : "inf";
        }

        return T.IsZero(value) ? "0" : value.ToString("R", CultureInfo.InvariantCulture);
    }
}

/// <summary>Posterior summaries (<see cref="Draws{T}.Summarize"/>) as an aligned text table or CSV.</summary>
public static class SummaryTable
{
    /// <summary>The CSV header row.</summary>
    public const string CsvHeader = "name,mean,sd,5%,50%,95%";

    /// <summary>
    /// CSV: the header <see cref="CsvHeader"/>, then one row per parameter; names are quoted (they hold commas,
    /// "Hidden1.Weights[1,2]", as CmdStan's stansummary writes them), numbers round-trip.
    /// </summary>
    public static string ToCsv(IEnumerable<ParameterSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (ParameterSummary s in summaries)
        {
            text.Append('"').Append(s.Name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            foreach (double v in (ReadOnlySpan<double>)[s.Mean, s.StandardDeviation, s.Q5, s.Q50, s.Q95])
            {
                text.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>An aligned text table: name, mean, sd, 5 %, 50 %, 95 % with <paramref name="digits"/> decimals.</summary>
    public static string ToText(IEnumerable<ParameterSummary> summaries, int digits = 4)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        List<ParameterSummary> rows = [.. summaries];
        string format = "F" + digits.ToString(CultureInfo.InvariantCulture);
        string[][] cells = [.. rows.Select(s => (string[])[s.Name, .. new[] { s.Mean, s.StandardDeviation, s.Q5, s.Q50, s.Q95 }.Select(v => v.ToString(format, CultureInfo.InvariantCulture))])];
        string[] header = ["parameter", "mean", "sd", "5%", "50%", "95%"];
        var widths = new int[header.Length];
        for (int c = 0; c < header.Length; c++)
        {
            widths[c] = Math.Max(header[c].Length, cells.Length == 0 ? 0 : cells.Max(r => r[c].Length));
        }

        var text = new StringBuilder();
        void Line(string[] row)
        {
            for (int c = 0; c < row.Length; c++)
            {
                text.Append(c == 0 ? row[c].PadRight(widths[c]) : "  " + row[c].PadLeft(widths[c]));
            }

            text.Append('\n');
        }

        Line(header);
        foreach (string[] row in cells)
        {
            Line(row);
        }

        return text.ToString();
    }
}
