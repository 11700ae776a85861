namespace ModelGen.Generator.Emit;

// The data-parallel gradient of large full batches (issue #6): rows in fixed chunks of RowChunks.ChunkRows, each chunk's
// likelihood gradient into its own buffer by the ordinary kernel over a row range, the buffers summed in chunk order
// after the priors. The chunks, not the threads, fix the summation order, so any thread count gives the same bits.
internal sealed partial class ModelEmitter
{
    /// <summary>
    /// Whether the model gets the chunked path: only when θ is used as it is (no transforms, standalone parameters or
    /// learned likelihood arguments), so a chunk's gradient is a plain sum over its rows and the priors can be added once.
    /// </summary>
    private bool ChunksRows => !UsesValues && _graph.Layers.Count > 0;

    /// <summary>
    /// if (priors)                                     (false for a chunk: the priors are added once, not per chunk)
    /// {
    ///     // each prior, printed from the kernel IR …
    /// }
    /// </summary>
    private void EmitChunkedPriors()
    {
        using (_w.Block("if (priors)"))
        {
            EmitPriorsAndChain();
        }

        _w.Line();
    }

    /// <summary>
    /// if (!TMode.Value &amp;&amp; ReferenceEquals(data, __data) &amp;&amp; data.X.Rows &gt;= RowChunks.MinimumRows)
    ///     return (__chunked ??= new __ChunkedGradient(this, data)).Evaluate(theta, gradient);
    /// </summary>
    private void EmitChunkedDispatch()
    {
        _w.Line("// A large full batch's gradient goes in fixed row chunks, on up to MaxThreads threads (RowChunks).");
        using (_w.Block("if (!TMode.Value && ReferenceEquals(data, __data) && data." + Id(_graph.Input.Name) + ".Rows >= global::ModelGen.Simd.RowChunks.MinimumRows)"))
        {
            _w.Line("(__chunked ??= new __ChunkedGradient(this, data)).Evaluate(theta, gradient);");
            _w.Line("return " + Lit(0) + ";");
        }

        _w.Line();
    }

    /// <summary>
    /// private __ChunkedGradient? __chunked;
    /// private sealed class __ChunkedGradient : IRowChunkWork
    /// {
    ///     Evaluate(θ, ∇): copy θ, run the chunks, then ∇ = priors (the kernel over no rows) + Σ_k chunk k in order
    ///     Run(k): the kernel over chunk k's rows into its buffer, without priors, at the model's width
    /// }
    /// </summary>
    private void EmitChunkedGradientClass()
    {
        string t = _t;
        string model = _graph.Type.Name;
        _w.Line("/// <summary>The chunked gradient of the bound rows, made on the first large gradient and kept (its buffers with it).</summary>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("private __ChunkedGradient? __chunked;");
        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// The gradient of the bound rows in fixed chunks of <see cref=\"global::ModelGen.Simd.RowChunks.ChunkRows\"/>, each into its own");
        _w.Line("/// buffer (any thread may run any chunk), then summed in chunk order: the same bits for any thread count.");
        _w.Line("/// </summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private sealed class __ChunkedGradient : global::ModelGen.Simd.IRowChunkWork"))
        {
            _w.Line("private readonly " + model + " model;");
            _w.Line("private readonly __Data data;");
            _w.Line("private readonly " + t + "[] theta = new " + t + "[ParameterCount];");
            _w.Line("private readonly " + t + "[] chunks;");
            _w.Line("private readonly int count;");
            _w.Line();
            using (_w.Block("public __ChunkedGradient(" + model + " model, __Data data)"))
            {
                _w.Line("this.model = model;");
                _w.Line("this.data = data;");
                _w.Line("this.count = global::ModelGen.Simd.RowChunks.Count(data." + Id(_graph.Input.Name) + ".Rows);");
                _w.Line("this.chunks = new " + t + "[this.count * ParameterCount];");
            }

            _w.Line();
            _w.Line("/// <summary>∇ log p(θ): the chunks on up to MaxThreads threads, then the priors (the kernel over no rows) and the chunks in order.</summary>");
            using (_w.Block("public void Evaluate(global::System.ReadOnlySpan<" + t + "> theta, global::System.Span<" + t + "> gradient)"))
            {
                _w.Line("theta.CopyTo(this.theta);");
                _w.Line("global::ModelGen.Simd.RowChunks.Shared.Run(this.count, this, this.model.MaxThreads);");
                _w.Line("Kernel(theta, gradient, 0, 0, priors: true);");
                _w.Line("global::ModelGen.Simd.RowChunks.AddInOrder<" + t + ">(this.chunks, gradient);");
            }

            _w.Line();
            _w.Line("/// <summary>Chunk <paramref name=\"chunk\"/>'s rows into its buffer, without the priors.</summary>");
            using (_w.Block("public void Run(int chunk)"))
            {
                _w.Line("int begin = chunk * global::ModelGen.Simd.RowChunks.ChunkRows;");
                _w.Line("int end = global::System.Math.Min(begin + global::ModelGen.Simd.RowChunks.ChunkRows, global::ModelGen.Simd.SimdSupport.PaddedLength(this.data." + Id(_graph.Input.Name) + ".Rows));");
                _w.Line("Kernel(this.theta, this.chunks.AsSpan(chunk * ParameterCount, ParameterCount), begin, end, priors: false);");
            }

            _w.Line();
            using (_w.Block("private void Kernel(global::System.ReadOnlySpan<" + t + "> theta, global::System.Span<" + t + "> gradient, int begin, int end, bool priors)"))
            {
                EmitWidthSwitch("this.model.SimdWidth", (simd, vector) => "__Kernels.LogDensity<" + simd + ", " + vector + ", global::ModelGen.Simd.GradientOnly>(this.data, theta, gradient, begin, end, priors)");
            }
        }
    }
}
