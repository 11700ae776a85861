using System.Linq;
using ModelGen.Generator.Lower;

namespace ModelGen.Generator.Emit;

internal sealed partial class ModelEmitter
{
    // Kernels are entered a handful of times per fit but loop for long: compile them fully optimised at
    // once rather than through quick JIT and on-stack replacement.
    private const string AggressiveOptimization =
        "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

    /// <summary>
    /// Registers of rows the density kernel's loop takes per trip (see <see cref="RowRegisters"/>). Two, measured on the
    /// seed network (docs/performance.md): against one, a fifth less time at 512 and 256 bits in float and double; four
    /// spill the activations and lose it again. <c>SimdSupport.PadElements</c> holds two 512-bit registers.
    /// </summary>
    private const int RowRegistersPerTrip = 2;

    private const string Constraints =
        "    where TSimd : struct, global::ModelGen.Simd.ISimd<TVec, {0}>\n    where TVec : struct";

    /// <summary>
    /// private static class __Kernels
    /// {
    ///     LogDensity&lt;TSimd, TVec, TMode&gt;(data, θ, ∇)   forward, likelihood, reverse, priors: one pass over the rows
    ///     Forward&lt;TSimd, TVec&gt;(rows, θ, begin, end, out)   forward and the likelihood's mean parameter
    /// }
    /// </summary>
    private void EmitKernels()
    {
        _w.Line("/// <summary>The model's kernels, generic over the register width (TSimd) so one text serves 512, 256, 128 bits and scalar.</summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private static class __Kernels"))
        {
            if (UsesValues)
            {
                EmitConstrainKernel();
            }

            EmitDensityKernel();
            _w.Line();
            EmitForwardKernel();
            if (HasPointwise)
            {
                _w.Line();
                EmitPointwiseKernel();
            }
        }
    }

    /// <summary>The fused density kernel: per block of rows, forward through every layer, the likelihood, and the reverse pass.</summary>
    private void EmitDensityKernel()
    {
        string t = _t;
        int method = _w.Mark;
        _w.Line("/// <summary>");
        _w.Line("/// log p(θ, data) and/or its gradient (as <typeparamref name=\"TMode\"/> asks) in one pass over the rows, a trip of the");
        _w.Line("/// row loop (one or two registers of rows) at a time: forward through each layer, the likelihood, then the reverse");
        _w.Line("/// pass while the activations are still in registers. Weight adjoints are accumulated lane-wise and reduced once");
        _w.Line("/// after the loop.");
        _w.Line("/// </summary>");
        _w.Line(AggressiveOptimization);
        _w.Line("public static " + t + " LogDensity<TSimd, TVec, TMode>(__Data data, global::System.ReadOnlySpan<" + t + "> theta, global::System.Span<" + t + "> gradient" + (ChunksRows ? ", int rowBegin = 0, int rowEnd = -1, bool priors = true" : string.Empty) + ")");
        _w.Lines(string.Format(System.Globalization.CultureInfo.InvariantCulture, Constraints, t));
        _w.Line("    where TMode : struct, global::ModelGen.Simd.IKernelMode");
        using (_w.Block())
        {
            if (UsesValues)
            {
                EmitValuesPrelude();
            }

            EmitBroadcastParameters(ValuesSpan);
            EmitTiledBuffers(adjoints: true);
            _w.Line("TVec one = TSimd.Broadcast(" + Lit(1) + ");");
            if (CountsRows)
            {
                EmitLikelihoodRows();
            }

            EmitLikelihoodSetup();
            EmitTermSetup(ValuesSpan, gradient: true);
            _w.Line();
            _w.Line("// Lane-wise accumulators: the log-likelihood and one adjoint register per parameter.");
            _w.Line("TVec logLikelihood = TSimd.Zero;");
            foreach (ParameterNode p in LayerParameters.Where(p => !IsTiledParameter(p)))
            {
                for (int i = 0; i < p.Rows; i++)
                {
                    for (int j = 0; j < p.Cols; j++)
                    {
                        _w.Line("TVec " + ParameterLocal(p, i, j) + "_adj = TSimd.Zero;");
                    }
                }
            }

            EmitTiledAccumulators();
            _w.Line();
            EmitDataReferences("data." + Id(_graph.Input.Name), includeObserved: true);
            EmitGroupReferences();
            string body = Capture(() =>
            {
                EmitRowForward();
                EmitLikelihoodForward();
                using (_w.Block("if (TMode.Gradient)"))
                {
                    EmitLikelihoodReverse();
                    EmitTermReverse();
                    for (int l = _graph.Layers.Count - 1; l >= 0; l--)
                    {
                        EmitDenseReverse(_graph.Layers[l], l > 0);
                        if (l > 0)
                        {
                            _w.Line();
                        }
                    }
                }
            });
            EmitRowLoop(ChunksRows ? "(nuint)rowBegin" : "0", "end", body, RowRegisters.Interleave(body, RowRegistersPerTrip, _w.Since(method) + body), "the weights and the adjoint accumulators are shared");

            _w.Line();
            _w.Line(t + " value = " + Lit(0) + ";");
            _w.Line(t + " scale = data.LikelihoodScale;");
            if (AddsGammaTerms)
            {
                EmitNegativeBinomialTerms();
            }

            using (_w.Block("if (TMode.Value)"))
            {
                EmitLikelihoodTotal();
            }

            _w.Line();
            using (_w.Block("if (TMode.Gradient)"))
            {
                _w.Line("// Reduce each adjoint's lanes once; the likelihood part carries the minibatch scale.");
                foreach (ParameterNode p in LayerParameters.Where(p => !IsTiledParameter(p)))
                {
                    for (int i = 0; i < p.Rows; i++)
                    {
                        for (int j = 0; j < p.Cols; j++)
                        {
                            _w.Line(ValuesGradientSpan + "[" + Literal.Of(p.Offset + (i * p.Cols) + j) + "] = TSimd.Sum(" + ParameterLocal(p, i, j) + "_adj) * scale;");
                        }
                    }
                }

                EmitTiledGradient();
                EmitLikelihoodParameterGradient();
                EmitTermGradients();
            }

            _w.Line();
            if (ChunksRows)
            {
                EmitChunkedPriors();
            }
            else
            {
                EmitPriorsAndChain();
            }

            _w.Line("return value;");
        }
    }

    /// <summary>
    /// for (nuint row = first; row &lt; end; row += 2 * step) { nuint rowb = row + step; …body, each statement twice… }:
    /// <see cref="RowRegistersPerTrip"/> registers of rows per trip (<paramref name="interleaved"/>, from
    /// <see cref="RowRegisters.Interleave"/>), or the body as written, one register per trip, when it could not be
    /// repeated (null: tiled layers keep their rows in stack buffers).
    /// </summary>
    private void EmitRowLoop(string first, string end, string body, string? interleaved, string? shared = null)
    {
        if (interleaved is null)
        {
            using (_w.Block("for (nuint row = " + first + "; row < " + end + "; row += step)"))
            {
                _w.Lines(body.TrimEnd('\n'));
            }

            return;
        }

        string[] rows = RowRegisters.RowNames(RowRegistersPerTrip).ToArray();
        string[] counts = { "", "", "Two", "Three", "Four" };
        _w.Line("// " + counts[rows.Length] + " registers of rows per trip, each statement written once for each: rows from 'row' in the names");
        _w.Line("// below, rows from '" + string.Join("', '", rows.Skip(1)) + "' in the same names ending in " + string.Join(", ", rows.Skip(1).Select(r => "'" + r.Substring(3) + "'")) + ". Their chains are");
        _w.Line("// independent work the processor overlaps; " + (shared ?? "the weights are shared") + ".");
        using (_w.Block("for (nuint row = " + first + "; row < " + end + "; row += " + Literal.Of(rows.Length) + " * step)"))
        {
            for (int k = 1; k < rows.Length; k++)
            {
                _w.Line("nuint " + rows[k] + " = row + " + (k == 1 ? "step" : Literal.Of(k) + " * step") + ";");
            }

            _w.Lines(interleaved.TrimEnd('\n'));
        }
    }

    /// <summary>What <paramref name="emit"/> writes, as text at no indentation, instead of writing it.</summary>
    private string Capture(System.Action emit)
    {
        SourceWriter saved = _w;
        _w = new SourceWriter();
        try
        {
            emit();
            return _w.ToString();
        }
        finally
        {
            _w = saved;
        }
    }

    /// <summary>The forward-only kernel for prediction: writes the likelihood's mean parameter per row.</summary>
    private void EmitForwardKernel()
    {
        string t = _t;
        int method = _w.Mark;
        _w.Line("/// <summary>");
        _w.Line("/// The forward pass over rows [rowBegin, rowEnd) of <paramref name=\"rows\"/>, writing each row's");
        _w.Line("/// " + ForwardOutputDescription + ".");
        _w.Line("/// </summary>");
        _w.Line(AggressiveOptimization);
        _w.Line("public static void Forward<TSimd, TVec>(global::ModelGen.Data.FeatureMajor<" + t + "> rows, global::System.ReadOnlySpan<" + t + "> theta, int rowBegin, int rowEnd, global::System.Span<" + t + "> output)");
        _w.Lines(string.Format(System.Globalization.CultureInfo.InvariantCulture, Constraints, t));
        using (_w.Block())
        {
            string prelude = Capture(() =>
            {
                EmitBroadcastParameters("theta");
                EmitTermSetup("theta", gradient: false);
                EmitTiledBuffers(adjoints: false);
                EmitDataReferences("rows", includeObserved: false);
                EmitGroupReferences();
                _w.Line("ref " + t + " result = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(output);");
            });
            string body = Capture(() =>
            {
                EmitRowForward();
                EmitLikelihoodMean();
            });
            string? interleaved = RowRegisters.Interleave(body, RowRegistersPerTrip, _w.Since(method) + prelude + body);
            string outputLength = PredictedValuesPerRow == 1 ? "rows.Stride" : Literal.Of(PredictedValuesPerRow) + " * rows.Stride";
            string trip = interleaved is null ? "TSimd.Count" : "(" + Literal.Of(RowRegistersPerTrip) + " * TSimd.Count)";
            using (_w.Block("if (output.Length < " + outputLength + " || (uint)rowBegin > (uint)rowEnd || rowEnd > rows.Stride || rowBegin % " + trip + " != 0)"))
            {
                _w.Line("throw new global::System.ArgumentException(\"The output must hold " + outputLength + " values and [rowBegin, rowEnd) start at a whole trip of the row loop inside it.\", nameof(output));");
            }

            _w.Line();
            _w.Lines(prelude.TrimEnd('\n'));
            EmitRowLoop("(nuint)rowBegin", "(nuint)rowEnd", body, interleaved);
        }
    }

    /// <summary>TVec Hidden1_W_0_0 = TSimd.Broadcast(theta[0]); … one register per layer parameter, outside the row loop.</summary>
    private void EmitBroadcastParameters(string source)
    {
        foreach (ParameterNode p in LayerParameters)
        {
            if (IsTiledParameter(p))
            {
                EmitTiledParameterReference(p, source);
                continue;
            }

            _w.Line("// Parameter '" + p.Name + "' (" + (source == "theta" ? "θ" : source) + "[" + Literal.Of(p.Offset) + ".." + Literal.Of(p.Offset + p.Length) + "), " + Literal.Of(p.Rows) + "×" + Literal.Of(p.Cols) + "), broadcast once: the row loop reads registers.");
            for (int i = 0; i < p.Rows; i++)
            {
                for (int j = 0; j < p.Cols; j++)
                {
                    _w.Line("TVec " + ParameterLocal(p, i, j) + " = TSimd.Broadcast(" + source + "[" + Literal.Of(p.Offset + (i * p.Cols) + j) + "]);");
                }
            }
        }

        if (LayerParameters.Any())
        {
            _w.Line();
        }
    }

    /// <summary>References to the first element of each buffer, for unchecked whole-register loads.</summary>
    private void EmitDataReferences(string input, bool includeObserved)
    {
        string t = _t;
        _w.Line("// Buffers are padded to whole pairs of 512-bit registers, so every load below stays inside them.");
        _w.Line("ref readonly " + t + " x = ref " + input + ".Start;");
        if (includeObserved)
        {
            string observed = "data." + Id(_graph.Likelihood.Name);
            _w.Line("ref readonly " + t + " observed = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(" + observed + ".Values);");
            _w.Line("ref readonly " + t + " mask = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(" + observed + ".Mask);");
        }

        _w.Line("nuint stride = (nuint)" + input + ".Stride;");
        _w.Line("nuint step = (nuint)TSimd.Count;");
        if (includeObserved)
        {
            _w.Line("// Rows in use, rounded up to the padding (whole trips of the loop): a minibatch uses the front of its buffer.");
            _w.Line(ChunksRows
                ? "nuint end = rowEnd < 0 ? (nuint)global::ModelGen.Simd.SimdSupport.PaddedLength(" + input + ".Rows) : (nuint)rowEnd;"
                : "nuint end = (nuint)global::ModelGen.Simd.SimdSupport.PaddedLength(" + input + ".Rows);");
        }
    }

    /// <summary>A register of rows forward: the inputs loaded, each layer, and the linear predictor the likelihood reads.</summary>
    private void EmitRowForward()
    {
        EmitLoadInputs();
        foreach (DenseNode layer in _graph.Layers)
        {
            EmitDenseForward(layer);
        }

        EmitLinearPredictor();
    }

    /// <summary>TVec X_0 = TSimd.Load(in x, row); … one register per feature.</summary>
    private void EmitLoadInputs()
    {
        InputNode input = _graph.Input;
        if (_graph.Layers.Count == 0)
        {
            return;
        }

        bool all = input.LayerColumns.Count == input.Features;
        string columns = all ? string.Empty : (input.LayerColumns.Count == 1 ? " (column " : " (columns ") + string.Join(", ", input.LayerColumns.Select(c => Literal.Of(c))) + ")";
        _w.Line("// Input '" + input.Name + "': " + Literal.Of(input.LayerColumns.Count) + " feature(s)" + columns + ", one register of rows each.");
        for (int k = 0; k < input.LayerColumns.Count; k++)
        {
            _w.Line("TVec " + UnitLocal(input.Name, k) + " = TSimd.Load(in x, " + ColumnOffset(input.LayerColumns[k]) + ");");
        }

        _w.Line();
    }

    /// <summary>"row", "stride + row", "3 * stride + row": the offset of column <paramref name="column"/> of the register's rows.</summary>
    private static string ColumnOffset(int column) => column == 0 ? "row" : column == 1 ? "stride + row" : Literal.Of(column) + " * stride + row";

    /// <summary>"Hidden1_W_0_2" for weight [0, 2]; "Hidden1_b_2" for bias 2 (see <see cref="Names"/>).</summary>
    private string ParameterLocal(ParameterNode p, int i, int j) => _names.Parameter(p, i, j);

    /// <summary>"Hidden1_3": unit 3 of an element (an input feature or a layer unit).</summary>
    private string UnitLocal(string element, int unit) => _names.Unit(element, unit);
}
