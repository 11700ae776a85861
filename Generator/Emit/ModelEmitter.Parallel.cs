using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

// The data-parallel density of large full batches (issue #6) and of sharded fits (issue #19): rows in fixed chunks of
// RowChunks.ChunkRows, each chunk's likelihood part (value and/or gradient) into its own slot by the ordinary kernel over
// a row range, then the priors (the kernel over no rows) and the chunks added in chunk order. The chunks, not the
// threads or the machines, fix the summation order, so any thread count, and any split of the rows into shards that
// start on chunk boundaries, gives the same bits. A shard calls the same code through IRowChunkedDensity.
internal sealed partial class ModelEmitter
{
    /// <summary>
    /// Whether the model gets the chunked kernel (rows [rowBegin, rowEnd), priors or not): a model whose chunks can carry
    /// its likelihood, or one on θ itself (whose chunks carry at least the gradient), with layers or without (a location
    /// that is a parameter gathers its groups' values at the chunk's rows and scatters their slopes into the call's own
    /// gradient, so a chunk's part is its rows' alone). On constrained
    /// values (transforms, standalone parameters, learned likelihood arguments) a chunk's likelihood gradient in the
    /// values is carried to θ by the transforms' chain rule, which is linear, so each chunk applies it to its own part;
    /// the priors, the log-Jacobian and its gradient come once, from the kernel over no rows.
    /// </summary>
    private bool ChunksRows => !UsesValues || LikelihoodChunks;

    /// <summary>
    /// Whether the likelihood's whole-data part is the count of the rows in use times a function of the parameters
    /// (n·c, a learned σ's −n·log σ, the Student-t normaliser: each chunk counts its own rows, <see cref="LikelihoodRows"/>),
    /// a sum of data-only terms over the rows (Poisson's −Σ log y!, the binomial's Σ log C(n, y), a fixed dispersion's
    /// gamma terms: each chunk adds its own rows' sum, made once with the chunks, <see cref="EmitChunkedGradientClass"/>),
    /// a learned dispersion's gamma terms (a sum over the rows in use at each evaluation: each chunk sums its own,
    /// <see cref="EmitNegativeBinomialTerms"/>) or nothing (Bernoulli, categorical): every likelihood in the catalog.
    /// </summary>
    private bool LikelihoodChunks => LikelihoodLowering.Entry(_graph.Likelihood) is not null;

    /// <summary>Whether the chunked kernel counts the rows it sums (<see cref="LikelihoodRows"/>): its likelihood has a part in the count of rows.</summary>
    private bool CountsRows =>
        ChunksRows && (LikelihoodLowering.SumsRows(_graph.Likelihood) || LikelihoodLowering.RowConstant(_graph.Likelihood) != 0
            || AddsGammaTerms);

    /// <summary>
    /// Whether the chunks also give the log density's value, and so the model implements
    /// <c>IRowChunkedDensity</c> for sharded fits: a chunked model whose likelihood chunks (<see cref="LikelihoodChunks"/>).
    /// </summary>
    private bool ChunksValues => ChunksRows && LikelihoodChunks;

    /// <summary>
    /// The count of rows the likelihood's whole-data part multiplies: in a chunked kernel the real rows of
    /// [rowBegin, rowEnd) (all bound rows when rowEnd is −1, none for the priors' call over no rows), else the bound rows.
    /// </summary>
    private string LikelihoodRows => CountsRows ? "likelihoodRows" : "data." + Id(_graph.Likelihood.Name) + ".Rows";

    /// <summary>int likelihoodRows = …: the real rows of [rowBegin, rowEnd) the likelihood counts (<see cref="LikelihoodRows"/>).</summary>
    private void EmitLikelihoodRows()
    {
        string rows = "data." + Id(_graph.Likelihood.Name) + ".Rows";
        _w.Line("// The real rows this call sums (padding rows are masked): a chunk's own, for the likelihood's terms in the count of rows.");
        _w.Line("int likelihoodRows = rowEnd < 0 ? " + rows + " : global::System.Math.Max(0, global::System.Math.Min(rowEnd, " + rows + ") - rowBegin);");
    }

    /// <summary>", global::ModelGen.Inference.IRowChunkedDensity&lt;T&gt;" on the models whose chunks give the value too; empty on the others.</summary>
    private string ChunkedInterface => ChunksValues ? ", global::ModelGen.Inference.IRowChunkedDensity<" + _t + ">" : string.Empty;

    /// <summary>
    /// if (priors)                                     (false for a chunk: the priors are added once, not per chunk)
    /// {
    ///     // each prior, printed from the kernel IR …
    /// }
    /// </summary>
    private void EmitChunkedPriors()
    {
        if (UsesValues)
        {
            // The chain rule runs for every chunk (its likelihood part), the priors and the log-Jacobian only with priors.
            EmitPriorsAndChain("priors");
            return;
        }

        using (_w.Block("if (priors)"))
        {
            EmitPriorsAndChain();
        }

        _w.Line();
    }

    /// <summary>
    /// if ([!TMode.Value &amp;&amp;] ReferenceEquals(data, __data) &amp;&amp; data.X.Rows &gt;= RowChunks.MinimumRows)
    ///     return (__chunked ??= new __RowChunks(this, data)).Evaluate&lt;TMode&gt;(theta, gradient);
    /// </summary>
    private void EmitChunkedDispatch()
    {
        _w.Line("// A large full batch's " + (ChunksValues ? "density" : "gradient") + " goes in fixed row chunks, on up to MaxThreads threads (RowChunks).");
        using (_w.Block("if (" + (ChunksValues ? string.Empty : "!TMode.Value && ") + "ReferenceEquals(data, __data) && data." + Id(_graph.Input.Name) + ".Rows >= global::ModelGen.Simd.RowChunks.MinimumRows)"))
        {
            _w.Line("return (__chunked ??= new __RowChunks(this, data)).Evaluate<TMode>(theta, gradient);");
        }

        _w.Line();
    }

    /// <summary>
    /// private __RowChunks? __chunked;
    /// [IRowChunkedDensity: RowChunkCount, LikelihoodChunks(θ, values, gradients), PriorTerms(θ, ∇)]
    /// private sealed class __RowChunks : IRowChunkWork
    /// {
    ///     Evaluate&lt;TMode&gt;(θ, ∇): the chunks, then Priors(θ, ∇) + Σ_k chunk k in order
    ///     Priors(θ, ∇): the kernel over no rows, with the priors (the value always, the gradient unless ∇ is empty)
    ///     Run(θ, value, gradient): every chunk's likelihood part into its slot, on up to MaxThreads threads
    ///     CopyChunks(θ, values, gradients): Run, then the slots copied out (IRowChunkedDensity.LikelihoodChunks), under the same lock as Evaluate
    ///     Run(k): the kernel over chunk k's rows into its slot, without priors, at the model's width
    /// }
    /// </summary>
    private void EmitChunkedGradientClass()
    {
        string t = _t;
        string model = _graph.Type.Name;
        string span = "global::System.ReadOnlySpan<" + t + ">";
        string dest = "global::System.Span<" + t + ">";
        _w.Line("/// <summary>The chunks of the bound rows, made on the first large evaluation (or the first chunked call) and kept, their buffers with them.</summary>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("private __RowChunks? __chunked;");
        _w.Line();
        if (ChunksValues)
        {
            EmitRowChunkedDensity(model, span, dest);
        }

        _w.Line("/// <summary>");
        _w.Line("/// The likelihood part of the bound rows in fixed chunks of <see cref=\"global::ModelGen.Simd.RowChunks.ChunkRows\"/>, each into its");
        _w.Line("/// own slot (any thread may run any chunk), then added in chunk order after the priors: the same bits for any thread count.");
        _w.Line("/// </summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private sealed class __RowChunks : global::ModelGen.Simd.IRowChunkWork"))
        {
            _w.Line("private readonly " + model + " model;");
            _w.Line("private readonly __Data data;");
            _w.Line("private readonly " + t + "[] theta = new " + t + "[ParameterCount];");
            _w.Line("private readonly " + t + "[] gradients;");
            _w.Line("private readonly " + t + "[] values;");
            if (HasObservedConstant)
            {
                _w.Line();
                _w.Line("/// <summary>Each chunk's data-only constant (the kernel adds the whole batch's only on a call over all rows).</summary>");
                _w.Line("private readonly " + t + "[] constants;");
                _w.Line();
            }

            _w.Line("private bool value;");
            _w.Line("private bool gradient;");
            _w.Line();
            _w.Line("/// <summary>One evaluation at a time: the slots and θ are this object's, and NUTS runs its chains on one model at once.</summary>");
            _w.Line("private readonly object gate = new();");
            _w.Line();
            using (_w.Block("public __RowChunks(" + model + " model, __Data data)"))
            {
                _w.Line("this.model = model;");
                _w.Line("this.data = data;");
                _w.Line("this.Count = global::ModelGen.Simd.RowChunks.Count(data." + Id(_graph.Input.Name) + ".Rows);");
                _w.Line("this.gradients = new " + t + "[this.Count * ParameterCount];");
                _w.Line("this.values = new " + t + "[this.Count];");
                if (HasObservedConstant)
                {
                    EmitChunkConstants();
                }
            }

            _w.Line();
            _w.Line("/// <summary>The chunks of the bound rows.</summary>");
            _w.Line("public int Count { get; }");
            _w.Line();
            _w.Line("/// <summary>log p(θ, data) and/or its gradient, as <typeparamref name=\"TMode\"/> asks: the chunks, then the priors (the kernel over no rows) and the chunks in order.</summary>");
            _w.Line("public " + t + " Evaluate<TMode>(" + span + " theta, " + dest + " gradient)");
            _w.Line("    where TMode : struct, global::ModelGen.Simd.IKernelMode");
            using (_w.Block())
            using (_w.Block("lock (this.gate)"))
            {
                _w.Line("this.Run(theta, TMode.Value, TMode.Gradient);");
                _w.Line(t + " value = this.Priors(theta, TMode.Gradient ? gradient : default);");
                using (_w.Block("if (TMode.Value)"))
                {
                    _w.Line("value = global::ModelGen.Simd.RowChunks.SumInOrder<" + t + ">(value, this.values);");
                }

                _w.Line();
                using (_w.Block("if (TMode.Gradient)"))
                {
                    _w.Line("global::ModelGen.Simd.RowChunks.AddInOrder<" + t + ">(this.gradients, gradient);");
                }

                _w.Line();
                _w.Line("return value;");
            }

            _w.Line();
            _w.Line("/// <summary>Every chunk's likelihood part at θ into the caller's buffers (either may be empty, to skip it), one call at a time.</summary>");
            using (_w.Block("public void CopyChunks(" + span + " theta, " + dest + " values, " + dest + " gradients)"))
            using (_w.Block("lock (this.gate)"))
            {
                _w.Line("this.Run(theta, !values.IsEmpty, !gradients.IsEmpty);");
                using (_w.Block("if (!values.IsEmpty)"))
                {
                    _w.Line("this.values.CopyTo(values);");
                }

                _w.Line();
                using (_w.Block("if (!gradients.IsEmpty)"))
                {
                    _w.Line("this.gradients.CopyTo(gradients);");
                }
            }

            _w.Line();
            _w.Line("/// <summary>The priors' part (the kernel over no rows): its value, and its gradient into <paramref name=\"gradient\"/> unless that is empty.</summary>");
            using (_w.Block("public " + t + " Priors(" + span + " theta, " + dest + " gradient)"))
            {
                _w.Line("return gradient.IsEmpty");
                _w.Line("    ? this.Kernel<global::ModelGen.Simd.ValueOnly>(theta, gradient, 0, 0, priors: true)");
                _w.Line("    : this.Kernel<global::ModelGen.Simd.ValueAndGradient>(theta, gradient, 0, 0, priors: true);");
            }

            _w.Line();
            _w.Line("/// <summary>Every chunk's likelihood part at θ (its value and/or gradient) into its slot, on up to MaxThreads threads.</summary>");
            using (_w.Block("private void Run(" + span + " theta, bool value, bool gradient)"))
            {
                _w.Line("theta.CopyTo(this.theta);");
                _w.Line("(this.value, this.gradient) = (value, gradient);");
                _w.Line("global::ModelGen.Simd.RowChunks.Shared.Run(this.Count, this, this.model.MaxThreads);");
            }

            _w.Line();
            _w.Line("/// <summary>Chunk <paramref name=\"chunk\"/>'s rows into its slot, without the priors.</summary>");
            using (_w.Block("public void Run(int chunk)"))
            {
                _w.Line("int begin = chunk * global::ModelGen.Simd.RowChunks.ChunkRows;");
                _w.Line("int end = global::System.Math.Min(begin + global::ModelGen.Simd.RowChunks.ChunkRows, global::ModelGen.Simd.SimdSupport.PaddedLength(this.data." + Id(_graph.Input.Name) + ".Rows));");
                _w.Line(dest + " slot = this.gradient ? this.gradients.AsSpan(chunk * ParameterCount, ParameterCount) : default;");
                string own = HasObservedConstant ? " + this.constants[chunk]" : string.Empty;
                _w.Line("this.values[chunk] = !this.value ? this.Kernel<global::ModelGen.Simd.GradientOnly>(this.theta, slot, begin, end, priors: false)");
                _w.Line("    : this.gradient ? this.Kernel<global::ModelGen.Simd.ValueAndGradient>(this.theta, slot, begin, end, priors: false)" + own);
                _w.Line("    : this.Kernel<global::ModelGen.Simd.ValueOnly>(this.theta, slot, begin, end, priors: false)" + own + ";");
            }

            _w.Line();
            _w.Line("/// <summary>The density kernel over rows [begin, end), with the priors or without, at the model's width.</summary>");
            _w.Line("public " + t + " Kernel<TMode>(" + span + " theta, " + dest + " gradient, int begin, int end, bool priors)");
            _w.Line("    where TMode : struct, global::ModelGen.Simd.IKernelMode");
            using (_w.Block())
            {
                using (_w.Block("return this.model.SimdWidth switch", ";"))
                {
                    foreach (string width in new[] { "512", "256", "128" })
                    {
                        _w.Line("global::ModelGen.Simd.SimdWidth.Vector" + width + " => __Kernels.LogDensity<" + Simd(width) + ", global::System.Runtime.Intrinsics.Vector" + width + "<" + t + ">, TMode>(this.data, theta, gradient, begin, end, priors),");
                    }

                    _w.Line("_ => __Kernels.LogDensity<" + ScalarSimd + ", " + t + ", TMode>(this.data, theta, gradient, begin, end, priors),");
                }
            }
        }
    }

    /// <summary>
    /// this.constants = new T[Count]; each chunk's data-only constant over its real rows (padding rows have none), by the
    /// runtime call that sums the whole batch's (<see cref="ObservedConstantCall"/>), so a chunk's log-likelihood is its
    /// rows' own and the chunks of a shard are the data set's.
    /// </summary>
    private void EmitChunkConstants()
    {
        string input = Id(_graph.Input.Name);
        string observed = "data." + Id(_graph.Likelihood.Name);
        _w.Line("this.constants = new " + _t + "[this.Count];");
        using (_w.Block("for (int k = 0; k < this.Count; k++)"))
        {
            _w.Line("int begin = k * global::ModelGen.Simd.RowChunks.ChunkRows;");
            _w.Line("int rows = global::System.Math.Min(global::ModelGen.Simd.RowChunks.ChunkRows, " + observed + ".Rows - begin);");
            _w.Line("this.constants[k] = " + ObservedConstantCall(observed, "data." + input, "begin", "rows") + ";");
        }
    }

    /// <summary>if (<paramref name="condition"/>) throw new ArgumentException($"<paramref name="message"/>", nameof(<paramref name="parameter"/>)); then a blank line.</summary>
    private void EmitArgumentCheck(string condition, string message, string parameter)
    {
        using (_w.Block("if (" + condition + ")"))
        {
            _w.Line("throw new global::System.ArgumentException($\"" + message + "\", nameof(" + parameter + "));");
        }

        _w.Line();
    }

    /// <summary>
    /// The sharded fit's entry points (IRowChunkedDensity), on the chunks' own code: BoundRows, RowChunkCount, LikelihoodChunks
    /// (each chunk's value and gradient without priors, into the caller's buffers) and PriorTerms (the priors alone).
    /// </summary>
    private void EmitRowChunkedDensity(string model, string span, string dest)
    {
        string t = _t;
        string face = "global::ModelGen.Inference.IRowChunkedDensity<" + t + ">";
        string input = Id(_graph.Input.Name);
        string thetaLength = "Model '" + model + "' has {ParameterCount} parameters; theta has {theta.Length}.";
        _w.Line("/// <summary>The chunks of the bound rows, made on first use.</summary>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("private __RowChunks __Chunks => __chunked ??= new __RowChunks(this, __Bound);");
        _w.Line();
        _w.Line("/// <inheritdoc/>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("int " + face + ".BoundRows => __Bound." + input + ".Rows;");
        _w.Line();
        _w.Line("/// <inheritdoc/>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("int " + face + ".RowChunkCount => global::ModelGen.Simd.RowChunks.Count(__Bound." + input + ".Rows);");
        _w.Line();
        _w.Line("/// <inheritdoc/>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("void " + face + ".LikelihoodChunks(" + span + " theta, " + dest + " values, " + dest + " gradients)"))
        {
            _w.Line("__Data data = __Bound;");
            _w.Line("int count = global::ModelGen.Simd.RowChunks.Count(data." + input + ".Rows);");
            EmitArgumentCheck("theta.Length != ParameterCount", thetaLength, "theta");
            EmitArgumentCheck("!values.IsEmpty && values.Length != count", "Model '" + model + "' has {count} row chunks bound; values has {values.Length} (one per chunk, or none).", "values");
            EmitArgumentCheck("!gradients.IsEmpty && gradients.Length != count * ParameterCount", "Model '" + model + "' has {count} row chunks of {ParameterCount} parameters bound; gradients has {gradients.Length} (one gradient per chunk, or none).", "gradients");
            _w.Line("__Chunks.CopyChunks(theta, values, gradients);");
        }

        _w.Line();
        _w.Line("/// <inheritdoc/>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block(t + " " + face + ".PriorTerms(" + span + " theta, " + dest + " gradient)"))
        {
            EmitArgumentCheck("theta.Length != ParameterCount", thetaLength, "theta");
            EmitArgumentCheck("!gradient.IsEmpty && gradient.Length != ParameterCount", "Model '" + model + "' has {ParameterCount} parameters; gradient has {gradient.Length}.", "gradient");
            _w.Line("return __Chunks.Priors(theta, gradient);");
        }

        _w.Line();
    }
}
