using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;

namespace ModelGen.Generator.Emit;

// The pointwise log-likelihood (issue 20): log p(yᵢ | draw) for each bound row, for PSIS-LOO and WAIC. The same row
// block as the density kernel's likelihood (Lower/LikelihoodLowering.cs), printed with each row's term stored rather
// than added into log p, plus the parts of log p the density adds once after its loop: the row constant, and the
// data-only constant of a count likelihood, per row here.
internal sealed partial class ModelEmitter
{
    /// <summary>Whether the likelihood's form is on the kernel IR, so the pointwise log-likelihood can be printed from it.</summary>
    private bool HasPointwise => LikelihoodLowering.Entry(_graph.Likelihood) is not null;

    /// <summary>
    /// PointwiseLogLikelihood&lt;TSimd, TVec&gt;(data, draw, output): the forward pass over the bound rows at a draw (values
    /// in the model's own terms, as Forward takes them), each row's log-likelihood stored at its row of output.
    /// </summary>
    private void EmitPointwiseKernel()
    {
        if (!HasPointwise)
        {
            return;
        }

        string t = _t;
        LikelihoodNode l = _graph.Likelihood;
        int method = _w.Mark;
        _w.Line("/// <summary>");
        _w.Line("/// log p(y_i | draw) for each of the bound rows into <paramref name=\"output\"/> (one value per row, at least");
        _w.Line("/// the rows long): the forward pass, then the likelihood's row term from the same IR block as LogDensity's, stored");
        _w.Line("/// per row rather than summed, with the constants LogDensity adds once after its loop added to each row.");
        _w.Line("/// </summary>");
        _w.Line(AggressiveOptimization);
        _w.Line("public static void PointwiseLogLikelihood<TSimd, TVec>(__Data data, global::System.ReadOnlySpan<" + t + "> theta, global::System.Span<" + t + "> output)");
        _w.Lines(string.Format(System.Globalization.CultureInfo.InvariantCulture, Constraints, t));
        using (_w.Block())
        {
            IrBlock block = LikelihoodLowering.LowerPointwise(l, _names.ObservedValue(l.Name), LikelihoodPredictors, "theta")!;
            var printer = IrPrinter.ForRows(block, _graph.ElementType);
            string input = "data." + Id(_graph.Input.Name);
            string observed = "data." + Id(l.Name);
            double constant = LikelihoodLowering.RowConstant(l);
            string prelude = Capture(() =>
            {
                EmitBroadcastParameters("theta");
                EmitTermSetup("theta", gradient: false);
                EmitTiledBuffers(adjoints: false);
                _w.Line("TVec one = TSimd.Broadcast(" + Lit(1) + ");");
                EmitDataReferences(input, includeObserved: false);
                _w.Line("ref readonly " + t + " observed = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(" + observed + ".Values);");
                _w.Line("ref readonly " + t + " mask = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(" + observed + ".Mask);");
                _w.Line("nuint end = (nuint)global::ModelGen.Simd.SimdSupport.PaddedLength(" + input + ".Rows);");
                EmitGroupReferences();
                string setup = Capture(() => printer.PrintRowSetup(_w));
                if (setup.Length > 0)
                {
                    _w.Line("// Likelihood '" + l.Name + "': what no row changes, once.");
                    _w.Lines(setup.TrimEnd('\n'));
                }
            });
            string body = Capture(() =>
            {
                EmitRowForward();
                _w.Line("// Likelihood '" + l.Name + "': " + DescribeLikelihood() + ", one value per row.");
                _w.Line("TVec " + _names.ObservedValue(l.Name) + " = TSimd.Load(in observed, row);");
                _w.Line("TVec rowMask = TSimd.Load(in mask, row);");
                EmitRowArguments();
                if (constant != 0)
                {
                    _w.Line("// " + LikelihoodLowering.RowConstantMath(l) + " (added to each row's term below)");
                }

                printer.PrintRowForward(_w, null, string.Empty, term =>
                    "StoreRows<TSimd, TVec>(" + (constant == 0 ? term : "TSimd.Add(" + term + ", TSimd.Broadcast(" + Lit(constant) + "))") + ", output, row);");
            });
            string? interleaved = RowRegisters.Interleave(body, RowRegistersPerTrip, _w.Since(method) + prelude + body);
            using (_w.Block("if (output.Length < " + input + ".Rows)"))
            {
                _w.Line("throw new global::System.ArgumentException(\"The output must hold one value per bound row.\", nameof(output));");
            }

            _w.Line();
            _w.Line("output = output.Slice(0, " + input + ".Rows);");
            _w.Lines(prelude.TrimEnd('\n'));
            EmitRowLoop("0", "end", body, interleaved);
            if (HasObservedConstant)
            {
                _w.Line();
                _w.Line("// The data-only part of each row's log p, which LogDensity sums once per bound batch (data." + Id(_names.ObservedConstant) + ").");
                using (_w.Block("for (int i = 0; i < output.Length; i++)"))
                {
                    _w.Line("output[i] += " + RowObservedConstant(observed + ".Values[i]", "i") + ";");
                }
            }
        }

        _w.Line();
        _w.Line("/// <summary>Stores the lanes of <paramref name=\"value\"/> at rows [row, row + lanes) of <paramref name=\"output\"/>, those inside it.</summary>");
        _w.Line("private static void StoreRows<TSimd, TVec>(TVec value, global::System.Span<" + t + "> output, nuint row)");
        _w.Lines(string.Format(System.Globalization.CultureInfo.InvariantCulture, Constraints, t));
        using (_w.Block())
        {
            using (_w.Block("if (row + (nuint)TSimd.Count <= (nuint)output.Length)"))
            {
                _w.Line("TSimd.Store(value, ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(output), row);");
                _w.Line("return;");
            }

            _w.Line();
            _w.Line("global::System.Span<" + t + "> lanes = stackalloc " + t + "[TSimd.Count];");
            _w.Line("TSimd.Store(value, ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(lanes), 0);");
            using (_w.Block("for (nuint k = row; k < (nuint)output.Length; k++)"))
            {
                _w.Line("output[(int)k] = lanes[(int)(k - row)];");
            }
        }

        _w.Line();
    }

    /// <summary>The data-only constant of one row whose observation is <paramref name="y"/> (−log y! for a Poisson count), in the element type.</summary>
    private string RowObservedConstant(string y, string row)
    {
        LikelihoodNode l = _graph.Likelihood;
        string phi = l.Args.FirstOrDefault(a => a.Name == "dispersion") is not { } dispersion ? string.Empty
            : dispersion.Shape == ArgShape.Constant ? Literal.Of(dispersion.Constant, Spec.ElementType.Double) : "(double)theta[" + Literal.Of(dispersion.Offset) + "]";
        string n = l.TrialsColumn >= 0 ? "(double)data." + Id(_graph.Input.Name) + ".Column(" + Literal.Of(l.TrialsColumn) + ")[" + row + "]"
            : l.Args.FirstOrDefault(a => a.Name == "Trials") is { } trials ? Literal.Of(trials.Constant, Spec.ElementType.Double) : string.Empty;
        string constant = Entry.RowObservedConstant?.Invoke(l, new RowPieces("(double)" + y, n, phi))
            ?? throw new System.InvalidOperationException("Likelihood '" + l.Name + "' has no per-row data constant on the IR.");
        return "(" + _t + ")(" + constant + ")";
    }

    /// <summary>The public method's body: checks, then one dispatch on SimdWidth.</summary>
    private void EmitPointwiseBody(SourceWriter w)
    {
        if (!HasPointwise)
        {
            w.Line("throw new global::System.NotSupportedException(" + Literal.Of("Model '" + _graph.Type.Name + "': the pointwise log-likelihood of likelihood '" + _graph.Likelihood.Name + "' (" + DescribeLikelihood() + ") is not generated yet; it is for the likelihoods on the kernel IR (every likelihood family in the catalog).") + ");");
            return;
        }

        w.Line("__Data data = __Bound;");
        using (w.Block("if (draw.Length != ParameterCount)"))
        {
            w.Line("throw new global::System.ArgumentException($\"Model '" + _graph.Type.Name + "' has {ParameterCount} parameters; the draw has {draw.Length}.\", nameof(draw));");
        }

        var saved = _w;
        _w = w;
        try
        {
            EmitWidthSwitch("SimdWidth", (simd, vector) => "__Kernels.PointwiseLogLikelihood<" + simd + ", " + vector + ">(data, draw, destination)");
        }
        finally
        {
            _w = saved;
        }
    }
}
