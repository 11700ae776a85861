using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

internal sealed partial class ModelEmitter
{
    /// <summary>The register the likelihood reads: the last layer's unit, or eta when the linear predictor has parameter terms.</summary>
    private string LinkUnit => _graph.Likelihood.HasTerms ? "eta" : UnitLocal(_graph.Likelihood.Source, 0);

    /// <summary>The registers the likelihood's row block reads as z: the link unit, or a Categorical's one logit per class.</summary>
    private string[] LikelihoodPredictors => IsCategorical
        ? Enumerable.Range(0, Classes).Select(k => UnitLocal(_graph.Likelihood.Source, k)).ToArray()
        : new[] { LinkUnit };

    /// <summary>The printer of the likelihood's row block in the density kernel being written (its forward and reverse are printed at two places).</summary>
    private IrPrinter? _likelihoodPrinter;

    /// <summary>The likelihood's row block from its catalog entry (Lower/LikelihoodLowering.cs), or null while its form is still written by hand below.</summary>
    private IrBlock? LikelihoodBlock()
    {
        LikelihoodNode l = _graph.Likelihood;
        IrBlock? block = LikelihoodLowering.Lower(l, _names.ObservedValue(l.Name), LikelihoodPredictors, ValuesSpan, ValuesGradientSpan, LikelihoodRows, out string? error);
        if (error is not null)
        {
            // Reported as MG9001 by the stage: a catalog lowering used a primitive whose slope is not in the table.
            throw new System.InvalidOperationException("The likelihood '" + l.Name + "' has no reverse pass: " + error + ".");
        }

        if (block is not null && !_printed.Contains(block))
        {
            _printed.Add(block);
        }

        return block;
    }

    /// <summary>
    /// Before the row loop: the printer of the likelihood's row block, and what it computes once before the loop (a
    /// learned sigma's 1/σ², the lane-wise sums).
    /// </summary>
    private void EmitLikelihoodSetup()
    {
        LikelihoodNode l = _graph.Likelihood;
        _likelihoodPrinter = null;
        if (LikelihoodBlock() is IrBlock block)
        {
            _likelihoodPrinter = IrPrinter.ForRows(block, _graph.ElementType);
            string setup = Capture(() => _likelihoodPrinter.PrintRowSetup(_w));
            if (setup.Length > 0)
            {
                _w.Line();
                _w.Line("// Likelihood '" + l.Name + "': " + DescribeLikelihood() + "; what no row changes, once, and the rows' sum, lane-wise.");
                _w.Lines(setup.TrimEnd('\n'));
            }
        }
    }

    /// <summary>In the gradient reduction: the gradient of each parameter the likelihood reads (a learned sigma), times the minibatch scale.</summary>
    private void EmitLikelihoodParameterGradient()
    {
        LikelihoodNode l = _graph.Likelihood;
        if (_likelihoodPrinter is not null)
        {
            if (_likelihoodPrinter.HasGradientAfter)
            {
                _w.Line("// Likelihood '" + l.Name + "': the gradient of the parameters its rows read, derived from the sum's statements.");
                _likelihoodPrinter.PrintRowAfter(_w, null, (slot, slope) => slot.GradientSpan + "[" + slot.Index + "] += (" + slope + ") * scale;");
            }

            if (AddsGammaTerms)
            {
                EmitNegativeBinomialGammaGradient();
            }
        }
    }

    /// <summary>
    /// // Likelihood 'Y': …
    /// TVec Y_value = TSimd.Load(in observed, row); TVec rowMask = TSimd.Load(in mask, row);
    /// if (TMode.Value) logLikelihood += rowMask · log p(y | z)
    /// </summary>
    private void EmitLikelihoodForward()
    {
        LikelihoodNode l = _graph.Likelihood;
        string y = _names.ObservedValue(l.Name);
        _w.Line("// Likelihood '" + l.Name + "': " + DescribeLikelihood() + ". Padding rows have mask 0 and add nothing.");
        _w.Line("TVec " + y + " = TSimd.Load(in observed, row);");
        _w.Line("TVec rowMask = TSimd.Load(in mask, row);");
        if (_likelihoodPrinter is not null)
        {
            EmitRowArguments();
            _likelihoodPrinter.PrintRowForward(_w, "TMode.Value", "logLikelihood");
            _w.Line();
            return;
        }

        // Every likelihood is on the IR (Distributions/LikelihoodCatalog.cs).
        throw new System.InvalidOperationException("Likelihood '" + l.Name + "' (" + l.Kind + ") has no row code.");
    }

    /// <summary>The likelihood's adjoint with respect to the last layer's unit: the start of the reverse pass.</summary>
    private void EmitLikelihoodReverse()
    {
        LikelihoodNode l = _graph.Likelihood;
        if (_likelihoodPrinter is not null)
        {
            _likelihoodPrinter.PrintRowReverse(_w);
            _w.Line();
            return;
        }

        throw new System.InvalidOperationException("Likelihood '" + l.Name + "' (" + l.Kind + ") has no reverse code.");
    }

    /// <summary>After the row loop: the likelihood's lanes summed, its constants added, the minibatch scale applied.</summary>
    private void EmitLikelihoodTotal()
    {
        LikelihoodNode l = _graph.Likelihood;
        if (_likelihoodPrinter is not null && LikelihoodLowering.SumsRows(l))
        {
            _w.Line("// " + _likelihoodPrinter.Math);
            _likelihoodPrinter.PrintRowAfter(_w, total => "value = (" + total + ") * scale;", null);
            return;
        }

        if (HasObservedConstant)
        {
            // A learned argument of a count likelihood (a dispersion) has its gamma terms summed after the loop (gammaTerms).
            _w.Line("value = (TSimd.Sum(logLikelihood) + " + KernelObservedConstant + (AddsGammaTerms ? " + gammaTerms" : string.Empty) + ") * scale;");
            return;
        }

        if (LikelihoodLowering.RowConstant(l) is double constant and not 0)
        {
            _w.Line("// " + LikelihoodLowering.RowConstantMath(l));
            _w.Line("value = (TSimd.Sum(logLikelihood) + (" + LikelihoodRows + " * " + Lit(constant) + ")) * scale;");
        }
        else
        {
            _w.Line("value = TSimd.Sum(logLikelihood) * scale;");
        }
    }

    /// <summary>Stores the likelihood's mean parameter for prediction (its catalog entry's <see cref="LikelihoodInfo.Mean"/>).</summary>
    private void EmitLikelihoodMean()
    {
        LikelihoodNode l = _graph.Likelihood;
        if (IsCategorical)
        {
            EmitCategoricalMean();
            return;
        }

        (string comment, string register) = Entry.Mean;
        _w.Line("// Likelihood '" + l.Name + "': " + comment);
        _w.Line("TSimd.Store(" + string.Format(System.Globalization.CultureInfo.InvariantCulture, register, LinkUnit) + ", ref result, row);");
    }

    /// <summary>Whether the likelihood learns a dispersion, whose gamma terms the runtime sums after the row loop (Emit/Likelihoods/ModelEmitter.NegativeBinomial.cs).</summary>
    private bool AddsGammaTerms => _graph.Likelihood.Args.Any(a => a.Name == "dispersion") && LearnsDispersion;

    /// <summary>The likelihood's catalog entry (the checker admits no other kind: MG0017 otherwise, and the throwing surface).</summary>
    private LikelihoodInfo Entry => LikelihoodCatalog.Of(_graph.Likelihood.Kind) ?? throw Unexpected(_graph.Likelihood.Kind);

    /// <summary>Whether the likelihood has a data-only constant the data class sums once per bound batch.</summary>
    private bool HasObservedConstant => Entry.ObservedConstant is not null;

    /// <summary>
    /// The data-only constant the kernel adds after its row loop: the bound batch's (data.ObservedConstant) on a call over
    /// all rows; none on a chunked call over a row range (a chunk's own is added by its slot, <see cref="EmitChunkedGradientClass"/>;
    /// the priors' call has no rows).
    /// </summary>
    private string KernelObservedConstant => ChunksValues
        ? "(rowEnd < 0 ? data." + Id(_names.ObservedConstant) + " : " + Lit(0) + ")"
        : "data." + Id(_names.ObservedConstant);

    /// <summary>
    /// The runtime call that sums the data-only constant over a column's real rows (<paramref name="input"/> holds per-row
    /// trials): all of them, or <paramref name="rows"/> rows from row <paramref name="begin"/> (a chunk's).
    /// </summary>
    private string ObservedConstantCall(string column, string input, string? begin = null, string? rows = null)
    {
        LikelihoodNode l = _graph.Likelihood;
        string counts = "global::ModelGen.Distributions.CountConstants.";
        string values = begin is null ? column + ".Values" : column + ".Values.AsSpan(" + begin + ")";
        string count = rows ?? column + ".Rows";
        string span = values + ", " + count;
        string trials = input + ".Column(" + Literal.Of(l.TrialsColumn) + ")" + (begin is null ? string.Empty : ".Slice(" + begin + ")");
        string sum = counts + Entry.ObservedConstant!(l, new CountSums(values, span, trials, count, _t));
        return "(" + _t + ")" + sum;
    }

    /// <summary>The data class's factory for the observations, and its batch check, by likelihood.</summary>
    private (string Factory, string Check) ObservedValidation()
    {
        LikelihoodNode l = _graph.Likelihood;
        return Entry.Observed(l, IsCategorical ? Classes : 0);
    }

    /// <summary>The likelihood's sampler, for simulated observations (θ is the draw: a learned sigma is read from it), from its catalog entry.</summary>
    private void EmitSampleObserved()
    {
        LikelihoodNode l = _graph.Likelihood;
        string t = _t;
        string signature = "public " + t + " SampleObserved(global::System.ReadOnlySpan<" + t + "> theta, " + t + " meanParameter, ref global::ModelGen.Random.Rng rng) => ";
        string rowSignature = "public " + t + " SampleObserved(global::System.ReadOnlySpan<" + t + "> theta, int row, " + t + " meanParameter, ref global::ModelGen.Random.Rng rng) =>";
        ObservedSampler sampler = Entry.Sampler(l, LikelihoodText(l.Source));
        if (sampler.Draw is null)
        {
            // Each row has its own argument: only the row overload below can draw; this one is for the interface.
            _w.Line(signature + "throw new global::System.InvalidOperationException(\"Likelihood '" + l.Name + "' has " + sampler.PerRowReason + "; draw with the row.\");");
            _w.Line();
            _w.Line(rowSignature);
            _w.Line("    " + sampler.RowDraw + ";");
            return;
        }

        _w.Line(signature + sampler.Draw + ";");
        _w.Line();
        _w.Line(rowSignature + " SampleObserved(theta, meanParameter, ref rng);");
    }

    /// <summary>The check of per-row trials against the observed successes, once both are bound or refilled.</summary>
    private void EmitTrialsCheck(string data, string rows, string firstRow)
    {
        LikelihoodNode l = _graph.Likelihood;
        if (l.TrialsColumn >= 0)
        {
            _w.Line(data + Id(_graph.Input.Name) + ".CheckTrials(" + Literal.Of(l.TrialsColumn) + ", " + data + Id(l.Name) + ", " + rows + ", " + Literal.Of(_graph.Input.Name) + ", " + Literal.Of(l.TrialsName!) + ", " + Literal.Of(l.Name) + ", " + firstRow + ");");
        }
    }

    /// <summary>The registers of the likelihood's per-row arguments its row block reads: a Normal's sigma or a Binomial's trials from a named column.</summary>
    private void EmitRowArguments()
    {
        LikelihoodNode l = _graph.Likelihood;
        if (l.SigmaColumn >= 0)
        {
            _w.Line("// Each row's sigma is column " + Literal.Of(l.SigmaColumn) + " of '" + _graph.Input.Name + "' ('" + l.SigmaName + "'); padding rows take 1, so their zero mask meets finite numbers.");
            _w.Line("TVec rowSigma = TSimd.Add(TSimd.Load(in x, " + ColumnOffset(l.SigmaColumn) + "), TSimd.Subtract(one, rowMask));");
        }

        if (l.TrialsColumn >= 0)
        {
            _w.Line("// Each row's trials are column " + Literal.Of(l.TrialsColumn) + " of '" + _graph.Input.Name + "' ('" + l.TrialsName + "').");
            _w.Line("TVec trials = TSimd.Load(in x, " + ColumnOffset(l.TrialsColumn) + ");");
        }
    }
}
