using System.Linq;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

internal sealed partial class ModelEmitter
{
    private string InputParameter => _names.InputParameter;

    private string ObservedParameter => _names.ObservedParameter;

    private string Pack => "__Data." + _names.Pack;

    int ISurfaceBodies.ParameterCount => _graph.Dimension;

    /// <summary>Each element property returns its descriptor: <c>=> __Elements.Hidden1</c>.</summary>
    string ISurfaceBodies.Element(MemberSpec member) => "__Elements." + Id(member.Name);

    /// <summary>The real bodies of the public surface <see cref="SurfaceWriter"/> lists.</summary>
    Body ISurfaceBodies.Of(SurfaceMember member)
    {
        string t = _t;
        string x = InputParameter;
        return member switch
        {
            SurfaceMember.Layout or SurfaceMember.Info => Body.Of("__Elements.Info"),
            SurfaceMember.Rows or SurfaceMember.Observations => Body.Of("__data?." + Id(_graph.Input.Name) + ".Rows ?? 0"),
            SurfaceMember.PointwiseLogLikelihood => Body.Of("__PointwiseLogLikelihood(draw, destination)"),
            SurfaceMember.DataConstructor => Body.Of(w => w.Line("__data = new __Data(" + x + ", " + ObservedParameter + ");")),
            SurfaceMember.EmptyConstructor => Body.Of(_ => { }),
            SurfaceMember.LogDensity => Body.Of("__Evaluate<global::ModelGen.Simd.ValueOnly>(__Bound, theta, default)"),
            SurfaceMember.Gradient => Body.Of("__Evaluate<global::ModelGen.Simd.GradientOnly>(__Bound, theta, gradient)"),
            SurfaceMember.LogDensityGradient => Body.Of("__Evaluate<global::ModelGen.Simd.ValueAndGradient>(__Bound, theta, gradient)"),
            SurfaceMember.Constrain => UsesValues ? Body.Of(EmitConstrainBody) : Body.Of("unconstrained.CopyTo(constrained)"),
            SurfaceMember.Unconstrain => Body.Of(EmitUnconstrainBody),
            SurfaceMember.SamplePrior => Body.Of(EmitSamplePriorBody),
            SurfaceMember.Fit => Body.Of(w =>
            {
                w.Line("var density = new __DensityModel(this, __Bound, null, null);");
                w.Line("return global::ModelGen.Inference.Advi.Fit<__DensityModel, " + t + ">(ref density, this, options, cancellationToken);");
            }),
            SurfaceMember.FitBatches => Body.Of(EmitFitFromBatches),
            SurfaceMember.Map => Body.Of(w =>
            {
                w.Line("var density = new __DensityModel(this, __Bound, null, null);");
                w.Line("return global::ModelGen.Inference.Map.Optimize<__DensityModel, " + t + ">(ref density, options, cancellationToken);");
            }),
            SurfaceMember.Nuts => Body.Of(w =>
            {
                w.Line("var density = new __DensityModel(this, __Bound, null, null);");
                w.Line("return global::ModelGen.Sampling.Nuts.Sample<__DensityModel, " + t + ">(ref density, this, options, cancellationToken);");
            }),
            SurfaceMember.Pathfinder => Body.Of(w =>
            {
                w.Line("var density = new __DensityModel(this, __Bound, null, null);");
                w.Line("return global::ModelGen.Inference.Pathfinder.Fit<__DensityModel, " + t + ">(ref density, this, options, cancellationToken);");
            }),
            SurfaceMember.Predict => Body.Of(w =>
            {
                w.Line("var predictor = new __Predictor(this, " + Pack + "(" + x + ", nameof(" + x + ")));");
                w.Line("return global::ModelGen.Prediction.Predictive." + (IsCategorical ? "SummarizeClasses" : "Summarize") + "<__Predictor, " + t + ">(predictor, __CheckDraws(draws));");
            }),
            SurfaceMember.SamplePredictive => Body.Of(w =>
            {
                w.Line("var predictor = new __Predictor(this, " + Pack + "(" + x + ", nameof(" + x + ")));");
                w.Line("return global::ModelGen.Prediction.Predictive." + (IsCategorical ? "SampleClasses" : "SampleObserved") + "<__Predictor, " + t + ">(predictor, __CheckDraws(draws), samples, seed);");
            }),
            _ => throw Unexpected(member),
        };
    }

    /// <summary>IModel.Constrain: the kernels' transforms, with scratch for the derivatives they also give.</summary>
    private void EmitConstrainBody(SourceWriter w)
    {
        string t = _t;
        using (w.Block("if (unconstrained.Length != ParameterCount || constrained.Length != ParameterCount)"))
        {
            w.Line("throw new global::System.ArgumentException($\"Model '" + _graph.Type.Name + "' has {ParameterCount} parameters; the spans have {unconstrained.Length} and {constrained.Length}.\");");
        }

        w.Line();
        w.Line(t + "[] scratch = global::System.Buffers.ArrayPool<" + t + ">.Shared.Rent(2 * ParameterCount);");
        w.Line("__Kernels.Constrain(unconstrained, constrained, global::System.MemoryExtensions.AsSpan(scratch, 0, ParameterCount), global::System.MemoryExtensions.AsSpan(scratch, ParameterCount, ParameterCount));");
        w.Line("global::System.Buffers.ArrayPool<" + t + ">.Shared.Return(scratch);");
    }

    /// <summary>Checks the batch source against the input, then runs the driver on a density over one reused batch buffer.</summary>
    private void EmitFitFromBatches(SourceWriter w)
    {
        w.Line("global::System.ArgumentNullException.ThrowIfNull(batches);");
        using (w.Block("if (batches.Features != " + Literal.Of(_graph.Input.Features) + ")"))
        {
            w.Line("throw new global::System.ArgumentException($\"The batch source gives {batches.Features} feature(s) per row; input '" + _graph.Input.Name + "' of model '" + _graph.Type.Name + "' has " + Literal.Of(_graph.Input.Features) + ".\", nameof(batches));");
        }

        w.Line();
        using (w.Block("if (batches.TotalRows < 1 || batches.BatchSize < 1)"))
        {
            w.Line("throw new global::System.ArgumentException($\"The batch source reports {batches.TotalRows} total row(s) and batches of {batches.BatchSize}; both must be at least 1.\", nameof(batches));");
        }

        w.Line();
        w.Line("var buffer = new global::ModelGen.Batches.BatchBuffer<" + _t + ">(batches.BatchSize, " + Literal.Of(_graph.Input.Features) + ");");
        w.Line("var density = new __DensityModel(this, new __Data(buffer), buffer, batches);");
        w.Line("return global::ModelGen.Inference.Advi.Fit<__DensityModel, " + _t + ">(ref density, this, options, cancellationToken);");
    }

    /// <summary>
    /// private readonly __Data? __data;                 the bound rows
    /// private __Data __Bound …                          them, or "no rows bound"
    /// private void __PointwiseLogLikelihood(draw, out) … checks, then one dispatch on SimdWidth
    /// private T __Evaluate&lt;TMode&gt;(data, θ, ∇) …        checks, then one dispatch on SimdWidth per call
    /// private static Draws&lt;T&gt; __CheckDraws(draws) …
    /// </summary>
    private void EmitPrivateMembers()
    {
        string t = _t;
        string span = "global::System.ReadOnlySpan<" + t + ">";
        string dest = "global::System.Span<" + t + ">";
        _w.Line("/// <summary>The rows bound by the constructor; null for a model made to fit from a batch source.</summary>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("private readonly __Data? __data;");
        _w.Line();
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private __Data __Bound"))
        {
            _w.Line("get => __data ?? throw new global::System.InvalidOperationException(\"Model '" + _graph.Type.Name + "' has no rows bound: construct it with its data to evaluate or fit on rows in memory, or fit from a batch source with Fit(batches).\");");
        }

        _w.Line();
        _w.Line("/// <summary>The pointwise log-likelihood at a draw: the body of both the public method and the interface's.</summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private void __PointwiseLogLikelihood(" + span + " draw, " + dest + " destination)"))
        {
            EmitPointwiseBody(_w);
        }

        _w.Line();

        // The dispatch: one switch per call, outside the row loop.
        _w.Line(GeneratedCodeAttribute);
        _w.Line("private " + t + " __Evaluate<TMode>(__Data data, " + span + " theta, " + dest + " gradient)");
        _w.Line("    where TMode : struct, global::ModelGen.Simd.IKernelMode");
        using (_w.Block())
        {
            using (_w.Block("if (theta.Length != ParameterCount)"))
            {
                _w.Line("throw new global::System.ArgumentException($\"Model '" + _graph.Type.Name + "' has {ParameterCount} parameters; theta has {theta.Length}.\", nameof(theta));");
            }

            _w.Line();
            using (_w.Block("if (TMode.Gradient && gradient.Length != ParameterCount)"))
            {
                _w.Line("throw new global::System.ArgumentException($\"Model '" + _graph.Type.Name + "' has {ParameterCount} parameters; gradient has {gradient.Length}.\", nameof(gradient));");
            }

            _w.Line();
            if (ChunksRows)
            {
                EmitChunkedDispatch();
            }

            using (_w.Block("return SimdWidth switch", ";"))
            {
                foreach (string width in new[] { "512", "256", "128" })
                {
                    _w.Line("global::ModelGen.Simd.SimdWidth.Vector" + width + " => __Kernels.LogDensity<" + Simd(width) + ", global::System.Runtime.Intrinsics.Vector" + width + "<" + t + ">, TMode>(data, theta, gradient),");
                }

                _w.Line("_ => __Kernels.LogDensity<" + ScalarSimd + ", " + t + ", TMode>(data, theta, gradient),");
            }
        }

        _w.Line();
        if (ChunksRows)
        {
            EmitChunkedGradientClass();
            _w.Line();
        }

        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private static global::ModelGen.Draws.Draws<" + t + "> __CheckDraws(global::ModelGen.Draws.Draws<" + t + "> draws)"))
        {
            _w.Line("global::System.ArgumentNullException.ThrowIfNull(draws);");
            using (_w.Block("if (draws.Dimension != ParameterCount)"))
            {
                _w.Line("throw new global::System.ArgumentException($\"The draws have {draws.Dimension} parameters per draw; model '" + _graph.Type.Name + "' has {ParameterCount}.\", nameof(draws));");
            }

            _w.Line();
            _w.Line("return draws;");
        }

        _w.Line();
    }

    /// <summary>
    /// The bound data: one field per element, checked and packed by the runtime. Assignments go through
    /// <c>this.</c>: a parameter may have a field's name (an element called y or value, whose lowerCamel form is itself).
    /// </summary>
    private void EmitDataClass()
    {
        string t = _t;
        string input = Id(_graph.Input.Name);
        string observed = Id(_graph.Likelihood.Name);
        string x = InputParameter;
        string y = ObservedParameter;
        string scale = Id(_names.LikelihoodScale);
        string factory = ObservedValidation().Factory;
        _w.Line("/// <summary>The bound rows: input feature-major, observations with their padding mask.</summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private sealed class __Data"))
        {
            _w.Line("/// <summary>Input '" + _graph.Input.Name + "', " + Literal.Of(_graph.Input.Features) + " columns of Stride values.</summary>");
            _w.Line("public readonly global::ModelGen.Data.FeatureMajor<" + t + "> " + input + ";");
            _w.Line();
            _w.Line("/// <summary>Observed '" + _graph.Likelihood.Name + "' and the mask that zeroes padding rows.</summary>");
            _w.Line("public readonly global::ModelGen.Data.ObservedColumn<" + t + "> " + observed + ";");
            _w.Line();
            _w.Line("/// <summary>Multiplies the likelihood: total rows / rows in this batch for minibatches, else 1.</summary>");
            _w.Line("public " + t + " " + scale + " = " + Lit(1) + ";");
            _w.Line();
            if (HasObservedConstant)
            {
                _w.Line("/// <summary>The data-only part of the likelihood (log y!, log C(n, y) …) over the rows in use, summed when they are bound.</summary>");
                _w.Line("public " + t + " " + Id(_names.ObservedConstant) + ";");
                _w.Line();
            }

            using (_w.Block("public __Data(" + t + "[,] " + x + ", " + t + "[] " + y + ")"))
            {
                _w.Line("this." + input + " = " + Id(_names.Pack) + "(" + x + ", nameof(" + x + "), allowEmpty: false);");
                _w.Line("this." + observed + " = global::ModelGen.Data.ObservedColumn<" + t + ">." + string.Format(System.Globalization.CultureInfo.InvariantCulture, factory, y + ", this." + input + ".Rows, " + Literal.Of(_graph.Likelihood.Name) + ", nameof(" + y + ")") + ";");
                EmitTrialsCheck("this.", "this." + input + ".Rows", "0");
                if (HasObservedConstant)
                {
                    _w.Line("this." + Id(_names.ObservedConstant) + " = " + ObservedConstantCall("this." + observed, "this." + input) + ";");
                }
            }

            _w.Line();
            _w.Line("/// <summary>Views a minibatch buffer; the density model refills it and sets the scale before each step.</summary>");
            using (_w.Block("public __Data(global::ModelGen.Batches.BatchBuffer<" + t + "> batch)"))
            {
                _w.Line("this." + input + " = batch.Inputs;");
                _w.Line("this." + observed + " = batch.Observed;");
            }

            _w.Line();
            string pack = "global::ModelGen.Data.FeatureMajor<" + t + ">.FromRows(rows, " + Literal.Of(_graph.Input.Features) + ", " + Literal.Of(_graph.Input.Name) + ", paramName, allowEmpty)";
            if (HasDataColumns)
            {
                _w.Line("/// <summary>Packs the rows feature-major and checks the group indices and named columns in them.</summary>");
                using (_w.Block("public static global::ModelGen.Data.FeatureMajor<" + t + "> " + Id(_names.Pack) + "(" + t + "[,] rows, string paramName, bool allowEmpty = true)"))
                {
                    _w.Line("var packed = " + pack + ";");
                    EmitColumnChecks("packed", "packed.Rows", "0");
                    _w.Line("return packed;");
                }
            }
            else
            {
                _w.Line("public static global::ModelGen.Data.FeatureMajor<" + t + "> " + Id(_names.Pack) + "(" + t + "[,] rows, string paramName, bool allowEmpty = true) =>");
                _w.Line("    " + pack + ";");
            }
        }

        _w.Line();
    }

    /// <summary>
    /// A density struct's dimension and its three evaluations, each forwarding to the model's <c>__Evaluate</c> with
    /// <paramref name="arguments"/> before θ ("data, " for the row block's bound rows; "" for a model of declarations).
    /// </summary>
    internal static void WriteDensityMembers(SourceWriter w, string t, string dimension, string arguments)
    {
        w.Line("public int Dimension => " + dimension + ";");
        w.Line();
        w.Line("public " + t + " LogDensity(global::System.ReadOnlySpan<" + t + "> theta) => model.__Evaluate<global::ModelGen.Simd.ValueOnly>(" + arguments + "theta, default);");
        w.Line();
        w.Line("public void Gradient(global::System.ReadOnlySpan<" + t + "> theta, global::System.Span<" + t + "> gradient) => model.__Evaluate<global::ModelGen.Simd.GradientOnly>(" + arguments + "theta, gradient);");
        w.Line();
        w.Line("public " + t + " LogDensityGradient(global::System.ReadOnlySpan<" + t + "> theta, global::System.Span<" + t + "> gradient) => model.__Evaluate<global::ModelGen.Simd.ValueAndGradient>(" + arguments + "theta, gradient);");
        w.Line();
    }

    /// <summary>The struct the ADVI driver is specialised on: the bound rows, or a minibatch buffer and its source.</summary>
    private void EmitDensityStruct()
    {
        string t = _t;
        string name = Id(_graph.Type.Name);
        string input = Id(_graph.Input.Name);
        string observed = Id(_graph.Likelihood.Name);
        _w.Line("/// <summary>This model's density for the runtime's drivers: a struct, so each driver is compiled for this model.</summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private readonly struct __DensityModel(" + name + " model, __Data data, global::ModelGen.Batches.BatchBuffer<" + t + ">? buffer, global::ModelGen.Batches.IBatchSource<" + t + ">? source) : global::ModelGen.Inference.ILogDensity<" + t + ">"))
        {
            WriteDensityMembers(_w, t, "ParameterCount", "data, ");
            _w.Line("public bool IsFullBatch => source is null;");
            _w.Line();
            _w.Line("/// <summary>For checkpoints: the bound rows' count, width and hash, or the batch source's identity and size.</summary>");
            _w.Line("public string? DataIdentity => source is null ? global::ModelGen.Data.DataFingerprint.Of(data." + input + ", data." + observed + ") : global::ModelGen.Data.DataFingerprint.Of(source);");
            _w.Line();
            _w.Line("/// <summary>Full batch: nothing to do. Minibatch: refill the buffer in place, check its rows, set the N / b scale.</summary>");
            using (_w.Block("public bool NextBatch()"))
            {
                using (_w.Block("if (source is null || buffer is null)"))
                {
                    _w.Line("return true;");
                }

                _w.Line();
                _w.Line("int rows = source.Next(buffer);");
                using (_w.Block("if (rows == 0)"))
                {
                    _w.Line("return false;");
                }

                _w.Line();
                using (_w.Block("if (rows < 0 || rows > buffer.Capacity)"))
                {
                    _w.Line("throw new global::System.InvalidOperationException($\"The batch source wrote {rows} rows into a buffer of {buffer.Capacity}.\");");
                }

                _w.Line();
                _w.Line("data." + input + ".SetRows(rows);");
                _w.Line("data." + observed + ".SetRows(rows);");
                _w.Line("data." + input + ".CheckFinite(rows, " + Literal.Of(_graph.Input.Name) + ", buffer.FirstRow);");
                EmitColumnChecks("data." + input, "rows", "buffer.FirstRow");
                _w.Line("data." + observed + "." + string.Format(System.Globalization.CultureInfo.InvariantCulture, ObservedValidation().Check, "rows, " + Literal.Of(_graph.Likelihood.Name) + ", buffer.FirstRow") + ";");
                EmitTrialsCheck("data.", "rows", "buffer.FirstRow");
                if (HasObservedConstant)
                {
                    _w.Line("data." + Id(_names.ObservedConstant) + " = " + ObservedConstantCall("data." + observed, "data." + input) + ";");
                }
                _w.Line("data." + Id(_names.LikelihoodScale) + " = (" + t + ")source.TotalRows / rows;");
                _w.Line("return true;");
            }
        }

        _w.Line();
    }

    /// <summary>The struct the posterior-predictive driver is specialised on.</summary>
    private void EmitPredictorStruct()
    {
        string t = _t;
        string name = Id(_graph.Type.Name);
        string predictor = IsCategorical ? "ICategoricalPredictor" : "IPredictor";
        _w.Line("/// <summary>The forward pass over new rows for the runtime's predictive driver.</summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private readonly struct __Predictor(" + name + " model, global::ModelGen.Data.FeatureMajor<" + t + "> rows) : global::ModelGen.Prediction." + predictor + "<" + t + ">"))
        {
            _w.Line("public int Rows => rows.Rows;");
            _w.Line();
            _w.Line("public int Stride => rows.Stride;");
            _w.Line();
            if (IsCategorical)
            {
                _w.Line("public int Classes => " + Literal.Of(Classes) + ";");
                _w.Line();
            }

            _w.Line("public void Forward(global::System.ReadOnlySpan<" + t + "> theta, int rowBegin, int rowEnd, global::System.Span<" + t + "> output)");
            using (_w.Block())
            {
                EmitWidthSwitch("model.SimdWidth", (simd, vector) => "__Kernels.Forward<" + simd + ", " + vector + ">(rows, theta, rowBegin, rowEnd, output)");
            }

            if (!IsCategorical)
            {
                // A categorical model's labels are drawn by the runtime from the K probabilities (Predictive.SampleClasses).
                _w.Line();
                EmitSampleObserved();
            }
        }

        _w.Line();
    }

    /// <summary>Static descriptors of every element and the layout.</summary>
    private void EmitElements()
    {
        _w.Line("/// <summary>Descriptors of the model's elements and its parameter layout, built once.</summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private static class __Elements"))
        {
            foreach (ParameterNode p in _graph.Parameters)
            {
                string shape = !IsStandalone(p) ? Literal.Of(p.Rows) + ", " + Literal.Of(p.Cols) : p.Length == 1 ? string.Empty : Literal.Of(p.Length);
                string transform = p.Transform.Kind == TransformKind.Identity ? string.Empty : " { Transform = " + Literal.Of(DescribeTransform(p)) + " }";
                _w.Line("public static readonly global::ModelGen.ParameterBlock " + BlockField(p) + " = new(" + Literal.Of(p.Name) + ", " + Literal.Of(p.Offset) + ", new global::ModelGen.EquatableShape(" + shape + "), " + Literal.Of(DescribePrior(p.Prior)) + ")" + transform + ";");
                _w.Line();
            }

            foreach (ParameterNode p in _graph.Parameters.Where(IsStandalone))
            {
                _w.Line("public static readonly global::ModelGen.Parameter " + Id(p.Name) + " = new(" + Literal.Of(p.Name) + ", " + BlockField(p) + ");");
                _w.Line();
            }

            _w.Line("public static readonly global::ModelGen.Input " + Id(_graph.Input.Name) + " = new(" + Literal.Of(_graph.Input.Name) + ", " + Literal.Of(_graph.Input.Features) + ");");
            _w.Line();
            foreach (GroupNode g in _graph.Input.Groups)
            {
                _w.Line("public static readonly global::ModelGen.Group " + Id(g.Name) + " = new(" + Literal.Of(g.Name) + ", " + Literal.Of(_graph.Input.Name) + ", " + Literal.Of(g.Column) + ", " + Literal.Of(g.Levels) + ");");
                _w.Line();
            }

            foreach (ColumnNode c in _graph.Input.Columns)
            {
                _w.Line("public static readonly global::ModelGen.Column " + Id(c.Name) + " = new(" + Literal.Of(c.Name) + ", " + Literal.Of(_graph.Input.Name) + ", " + Literal.Of(c.Column) + ");");
                _w.Line();
            }
            foreach (DenseNode layer in _graph.Layers)
            {
                string bias = layer.Bias is null ? "null" : BlockField(layer.Bias);
                int activation = layer.SigmoidFoldedIntoLink ? (int)ActivationKind.Sigmoid : (int)layer.Activation;
                _w.Line("public static readonly global::ModelGen.Layer " + Id(layer.Name) + " = new(" + Literal.Of(layer.Name) + ", " + Literal.Of(layer.Source) + ", " + Literal.Of(layer.Inputs) + ", " + Literal.Of(layer.Units) + ", global::ModelGen.Activation." + ActivationName((ActivationKind)activation) + ", " + BlockField(layer.Weights) + ", " + bias + ");");
                _w.Line();
            }

            _w.Line("public static readonly global::ModelGen.Observed " + Id(_graph.Likelihood.Name) + " = new(" + Literal.Of(_graph.Likelihood.Name) + ", " + Literal.Of(DescribeLikelihood()) + ");");
            _w.Line();
            _w.Line("public static readonly global::ModelGen.ModelInfo Info = new(" + Literal.Of(_graph.Type.Name) + ", " + Literal.Of(_t) + ", new global::ModelGen.ParameterBlock[] { " + string.Join(", ", _graph.Parameters.Select(BlockField)) + " });");
        }

        _w.Line();
    }

    private string BlockField(ParameterNode p) => Id(_names.BlockField(p));

    /// <summary>"exp", "softplus", "logit(0, 1)", "non-centred(Mu, Tau)": ParameterBlock.Transform.</summary>
    private static string DescribeTransform(ParameterNode p) => p.Transform.Kind switch
    {
        TransformKind.Identity => "identity",
        TransformKind.Exp => "exp",
        TransformKind.Softplus => "softplus",
        TransformKind.Interval => "logit(" + Literal.Plain(p.Transform.Lower) + ", " + Literal.Plain(p.Transform.Upper) + ")",
        TransformKind.NonCentered => "non-centred(" + string.Join(", ", p.Args.Select(a => a.Reference ?? Literal.Plain(a.Constant))) + ")",
        _ => throw Unexpected(p.Transform.Kind),
    };

    /// <summary>The member of ModelGen.Activation; never a number ("Activation.7" is not C#).</summary>
    private static string ActivationName(ActivationKind activation) => activation switch
    {
        ActivationKind.Identity => "Identity",
        ActivationKind.Tanh => "Tanh",
        ActivationKind.Sigmoid => "Sigmoid",
        ActivationKind.Relu => "Relu",
        ActivationKind.Softplus => "Softplus",
        _ => throw Unexpected(activation),
    };
}
