using System.Linq;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

internal sealed partial class ModelEmitter
{
    private string InputParameter => ParameterNames().Input;

    private string ObservedParameter => ParameterNames().Observed;

    /// <summary>Constructor parameter names: lowerCamel element names, or the names as written if those collide.</summary>
    private (string Input, string Observed) ParameterNames()
    {
        string input = Literal.Parameter(_graph.Input.Name);
        string observed = Literal.Parameter(_graph.Likelihood.Name);
        return input == observed ? (Id(_graph.Input.Name), Id(_graph.Likelihood.Name)) : (input, observed);
    }

    private string ObservedDescription => _graph.Likelihood.Kind == DistributionKind.Bernoulli ? "one 0/1 value per row" : "one finite value per row";

    /// <summary>
    /// public const int ParameterCount = …;
    /// public partial Layer Hidden1 => __Elements.Hidden1;   (one per element)
    /// </summary>
    private void EmitLayoutAndElements()
    {
        _w.Line("/// <summary>Length of the flat parameter vector θ: " + string.Join(", ", _graph.Parameters.Select(p => p.Name + " " + Literal.Of(p.Rows) + "×" + Literal.Of(p.Cols))) + ".</summary>");
        _w.Line("public const int ParameterCount = " + Literal.Of(_graph.Dimension) + ";");
        _w.Line();
        _w.Line("/// <summary>The rows bound by the constructor; null for a model made to fit from a batch source.</summary>");
        _w.Line("private readonly __Data? __data;");
        _w.Line();
        foreach (MemberSpec member in _graph.Members)
        {
            string type = member.Kind switch
            {
                MemberKind.Input => "Input",
                MemberKind.Layer => "Layer",
                _ => "Observed",
            };
            _w.Line(member.Accessibility + " partial global::ModelGen." + type + " " + Id(member.Name) + " => __Elements." + Id(member.Name) + ";");
            _w.Line();
        }

        _w.Line("/// <summary>The parameter layout: every block's name, offset, shape and prior.</summary>");
        _w.Line("public static global::ModelGen.ModelInfo Layout => __Elements.Info;");
        _w.Line();
        _w.Line("global::ModelGen.ModelInfo global::ModelGen.Inference.IModel<" + _t + ">.Info => __Elements.Info;");
        _w.Line();
        _w.Line("/// <summary>Rows of data bound.</summary>");
        _w.Line("public int Rows => __data?." + Id(_graph.Input.Name) + ".Rows ?? 0;");
        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// The register width the kernels run at. Defaults to the widest this machine accelerates; a narrower");
        _w.Line("/// one compares paths. A width the hardware lacks still gives correct results, emulated in software.");
        _w.Line("/// </summary>");
        _w.Line("public global::ModelGen.Simd.SimdWidth SimdWidth { get; set; } = global::ModelGen.Simd.SimdSupport.Best;");
        _w.Line();
    }

    /// <summary>public Model(T[,] x, T[] y) { __data = new __Data(x, y); }</summary>
    private void EmitConstructor()
    {
        string x = InputParameter;
        string y = ObservedParameter;
        _w.Line("/// <summary>");
        _w.Line("/// Binds the model to its data: checks every value, then stores the rows feature-major, padded to whole");
        _w.Line("/// registers. All the memory the density and gradient need is allocated here, once.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"" + x.TrimStart('@') + "\">Input '" + _graph.Input.Name + "': " + _t + "[rows, " + Literal.Of(_graph.Input.Features) + "].</param>");
        _w.Line("/// <param name=\"" + y.TrimStart('@') + "\">Observed '" + _graph.Likelihood.Name + "': " + ObservedDescription + ".</param>");
        _w.Line("/// <exception cref=\"global::ModelGen.Data.ModelDataException\">The data does not fit the model; the message names the element, row and column.</exception>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("public " + Id(_graph.Type.Name) + "(" + _t + "[,] " + x + ", " + _t + "[] " + y + ")"))
        {
            _w.Line("__data = new __Data(" + x + ", " + y + ");");
        }

        _w.Line();
        _w.Line("/// <summary>A model with no rows bound, to fit from a batch source (<see cref=\"Fit(global::ModelGen.Batches.IBatchSource{" + _t + "}, global::ModelGen.Inference.AdviOptions?, global::System.Threading.CancellationToken)\"/>) or to predict from saved draws.</summary>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("public " + Id(_graph.Type.Name) + "()");
        using (_w.Block())
        {
        }

        _w.Line();
    }

    /// <summary>LogDensity, Gradient, LogDensityGradient and the width dispatch behind them.</summary>
    private void EmitDensitySurface()
    {
        string span = "global::System.ReadOnlySpan<" + _t + ">";
        string dest = "global::System.Span<" + _t + ">";
        _w.Line("/// <summary>log p(θ, data): the log joint density with every normalising constant, at unconstrained <paramref name=\"theta\"/>.</summary>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("public " + _t + " LogDensity(" + span + " theta) => __Evaluate<global::ModelGen.Simd.ValueOnly>(__Bound, theta, default);");
        _w.Line();
        _w.Line("/// <summary>Writes ∇θ log p(θ, data) into <paramref name=\"gradient\"/>, without computing the density: the fit's hot path.</summary>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("public void Gradient(" + span + " theta, " + dest + " gradient) => __Evaluate<global::ModelGen.Simd.GradientOnly>(__Bound, theta, gradient);");
        _w.Line();
        _w.Line("/// <summary>The log density and its gradient in one pass.</summary>");
        _w.Line(GeneratedCodeAttribute);
        _w.Line("public " + _t + " LogDensityGradient(" + span + " theta, " + dest + " gradient) => __Evaluate<global::ModelGen.Simd.ValueAndGradient>(__Bound, theta, gradient);");
        _w.Line();
        _w.Line("void global::ModelGen.Inference.IModel<" + _t + ">.Constrain(" + span + " unconstrained, " + dest + " constrained) => unconstrained.CopyTo(constrained);");
        _w.Line();

        using (_w.Block("private __Data __Bound"))
        {
            _w.Line("get => __data ?? throw new global::System.InvalidOperationException(\"Model '" + _graph.Type.Name + "' has no rows bound: construct it with its data to evaluate or fit on rows in memory, or fit from a batch source with Fit(batches).\");");
        }

        _w.Line();

        // The dispatch: one switch per call, outside the row loop.
        _w.Line("private " + _t + " __Evaluate<TMode>(__Data data, " + span + " theta, " + dest + " gradient)");
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
            using (_w.Block("return SimdWidth switch", ";"))
            {
                foreach (string width in new[] { "512", "256", "128" })
                {
                    _w.Line("global::ModelGen.Simd.SimdWidth.Vector" + width + " => __Kernels.LogDensity<" + Simd(width) + ", global::System.Runtime.Intrinsics.Vector" + width + "<" + _t + ">, TMode>(data, theta, gradient),");
                }

                _w.Line("_ => __Kernels.LogDensity<" + ScalarSimd + ", " + _t + ", TMode>(data, theta, gradient),");
            }
        }

        _w.Line();
    }

    /// <summary>Fit, Predict and SamplePredictive: the typed entries to the runtime's drivers.</summary>
    private void EmitFitAndPredict()
    {
        string t = _t;
        string x = InputParameter;
        _w.Line("/// <summary>");
        _w.Line("/// Fits a mean-field Gaussian to the posterior by ADVI. The runtime's driver runs the iterations through");
        _w.Line("/// this model's density struct, so the loop is compiled for this model with the gradient call inlined.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"options\">Iterations, seed, optimizer, …; null for the defaults.</param>");
        _w.Line("/// <param name=\"cancellationToken\">Stops the fit within one iteration; the result keeps the state reached.</param>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("public global::ModelGen.Inference.AdviFit<" + t + "> Fit(global::ModelGen.Inference.AdviOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            _w.Line("var density = new __DensityModel(this, __Bound, null, null);");
            _w.Line("return global::ModelGen.Inference.Advi.Fit<__DensityModel, " + t + ">(ref density, this, options, cancellationToken);");
        }

        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// Fits by minibatch ADVI: each step takes the next batch from <paramref name=\"batches\"/>, checks its rows, and");
        _w.Line("/// scales the likelihood by the source's total rows / the batch's rows. The bound rows, if any, are not used.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"batches\">The batch source; it knows the size of the whole data set.</param>");
        _w.Line("/// <param name=\"options\">Iterations, seed, optimizer, …; null for the defaults.</param>");
        _w.Line("/// <param name=\"cancellationToken\">Stops the fit within one iteration; the result keeps the state reached.</param>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("public global::ModelGen.Inference.AdviFit<" + t + "> Fit(global::ModelGen.Batches.IBatchSource<" + t + "> batches, global::ModelGen.Inference.AdviOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            _w.Line("global::System.ArgumentNullException.ThrowIfNull(batches);");
            using (_w.Block("if (batches.Features != " + Literal.Of(_graph.Input.Features) + ")"))
            {
                _w.Line("throw new global::System.ArgumentException($\"The batch source gives {batches.Features} feature(s) per row; input '" + _graph.Input.Name + "' of model '" + _graph.Type.Name + "' has " + Literal.Of(_graph.Input.Features) + ".\", nameof(batches));");
            }

            _w.Line();
            using (_w.Block("if (batches.TotalRows < 1 || batches.BatchSize < 1)"))
            {
                _w.Line("throw new global::System.ArgumentException($\"The batch source reports {batches.TotalRows} total row(s) and batches of {batches.BatchSize}; both must be at least 1.\", nameof(batches));");
            }

            _w.Line();
            _w.Line("var buffer = new global::ModelGen.Batches.BatchBuffer<" + t + ">(batches.BatchSize, " + Literal.Of(_graph.Input.Features) + ");");
            _w.Line("var density = new __DensityModel(this, new __Data(buffer), buffer, batches);");
            _w.Line("return global::ModelGen.Inference.Advi.Fit<__DensityModel, " + t + ">(ref density, this, options, cancellationToken);");
        }

        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// Posterior predictive on new inputs: per row, the mean and standard deviation over <paramref name=\"draws\"/> of");
        _w.Line("/// " + (_graph.Likelihood.Kind == DistributionKind.Bernoulli ? "P(" + _graph.Likelihood.Name + " = 1)" : "the mean of " + _graph.Likelihood.Name) + ". The bound data is untouched.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"" + x.TrimStart('@') + "\">Input '" + _graph.Input.Name + "' rows to predict, " + t + "[rows, " + Literal.Of(_graph.Input.Features) + "]; any row count.</param>");
        _w.Line("/// <param name=\"draws\">Posterior draws of this model, e.g. from <see cref=\"global::ModelGen.Inference.AdviFit{T}.Sample\"/>.</param>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("public global::ModelGen.Prediction.PosteriorPredictive Predict(" + t + "[,] " + x + ", global::ModelGen.Draws.Draws<" + t + "> draws)"))
        {
            _w.Line("var predictor = new __Predictor(this, __Data.Pack" + Id(_graph.Input.Name) + "(" + x + ", nameof(" + x + ")));");
            _w.Line("return global::ModelGen.Prediction.Predictive.Summarize<__Predictor, " + t + ">(predictor, __CheckDraws(draws));");
        }

        _w.Line();
        _w.Line("/// <summary>Sampled observations: for each of the first <paramref name=\"samples\"/> draws, one simulated '" + _graph.Likelihood.Name + "' per row (draws × rows).</summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("public " + t + "[,] SamplePredictive(" + t + "[,] " + x + ", global::ModelGen.Draws.Draws<" + t + "> draws, int samples, ulong seed)"))
        {
            _w.Line("var predictor = new __Predictor(this, __Data.Pack" + Id(_graph.Input.Name) + "(" + x + ", nameof(" + x + ")));");
            _w.Line("return global::ModelGen.Prediction.Predictive.SampleObserved<__Predictor, " + t + ">(predictor, __CheckDraws(draws), samples, seed);");
        }

        _w.Line();
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

    /// <summary>The bound data: one field per element, checked and packed by the runtime.</summary>
    private void EmitDataClass()
    {
        string t = _t;
        string input = Id(_graph.Input.Name);
        string observed = Id(_graph.Likelihood.Name);
        string x = InputParameter;
        string y = ObservedParameter;
        string factory = _graph.Likelihood.Kind == DistributionKind.Bernoulli ? "Bernoulli" : "Real";
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
            _w.Line("public " + t + " LikelihoodScale = " + Lit(1) + ";");
            _w.Line();
            using (_w.Block("public __Data(" + t + "[,] " + x + ", " + t + "[] " + y + ")"))
            {
                _w.Line(input + " = Pack" + input + "(" + x + ", nameof(" + x + "), allowEmpty: false);");
                _w.Line(observed + " = global::ModelGen.Data.ObservedColumn<" + t + ">." + factory + "(" + y + ", " + input + ".Rows, " + Literal.Of(_graph.Likelihood.Name) + ", nameof(" + y + "));");
            }

            _w.Line();
            _w.Line("/// <summary>Views a minibatch buffer; the density model refills it and sets the scale before each step.</summary>");
            using (_w.Block("public __Data(global::ModelGen.Batches.BatchBuffer<" + t + "> batch)"))
            {
                _w.Line(input + " = batch.Inputs;");
                _w.Line(observed + " = batch.Observed;");
            }

            _w.Line();
            _w.Line("public static global::ModelGen.Data.FeatureMajor<" + t + "> Pack" + input + "(" + t + "[,] rows, string paramName, bool allowEmpty = true) =>");
            _w.Line("    global::ModelGen.Data.FeatureMajor<" + t + ">.FromRows(rows, " + Literal.Of(_graph.Input.Features) + ", " + Literal.Of(_graph.Input.Name) + ", paramName, allowEmpty);");
        }

        _w.Line();
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
            _w.Line("public int Dimension => ParameterCount;");
            _w.Line();
            _w.Line("public " + t + " LogDensity(global::System.ReadOnlySpan<" + t + "> theta) => model.__Evaluate<global::ModelGen.Simd.ValueOnly>(data, theta, default);");
            _w.Line();
            _w.Line("public void Gradient(global::System.ReadOnlySpan<" + t + "> theta, global::System.Span<" + t + "> gradient) => model.__Evaluate<global::ModelGen.Simd.GradientOnly>(data, theta, gradient);");
            _w.Line();
            _w.Line("public " + t + " LogDensityGradient(global::System.ReadOnlySpan<" + t + "> theta, global::System.Span<" + t + "> gradient) => model.__Evaluate<global::ModelGen.Simd.ValueAndGradient>(data, theta, gradient);");
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
                _w.Line("data." + observed + "." + (_graph.Likelihood.Kind == DistributionKind.Bernoulli ? "CheckBernoulli" : "CheckFinite") + "(rows, " + Literal.Of(_graph.Likelihood.Name) + ", buffer.FirstRow);");
                _w.Line("data.LikelihoodScale = (" + t + ")source.TotalRows / rows;");
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
        _w.Line("/// <summary>The forward pass over new rows for the runtime's predictive driver.</summary>");
        _w.Line(GeneratedCodeAttribute);
        using (_w.Block("private readonly struct __Predictor(" + name + " model, global::ModelGen.Data.FeatureMajor<" + t + "> rows) : global::ModelGen.Prediction.IPredictor<" + t + ">"))
        {
            _w.Line("public int Rows => rows.Rows;");
            _w.Line();
            _w.Line("public int Stride => rows.Stride;");
            _w.Line();
            _w.Line("public void Forward(global::System.ReadOnlySpan<" + t + "> theta, int rowBegin, int rowEnd, global::System.Span<" + t + "> output)");
            using (_w.Block())
            {
                using (_w.Block("switch (model.SimdWidth)"))
                {
                    foreach (string width in new[] { "512", "256", "128" })
                    {
                        _w.Line("case global::ModelGen.Simd.SimdWidth.Vector" + width + ":");
                        _w.Line("    __Kernels.Forward<" + Simd(width) + ", global::System.Runtime.Intrinsics.Vector" + width + "<" + t + ">>(rows, theta, rowBegin, rowEnd, output);");
                        _w.Line("    break;");
                    }

                    _w.Line("default:");
                    _w.Line("    __Kernels.Forward<" + ScalarSimd + ", " + t + ">(rows, theta, rowBegin, rowEnd, output);");
                    _w.Line("    break;");
                }
            }

            _w.Line();
            EmitSampleObserved();
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
                _w.Line("public static readonly global::ModelGen.ParameterBlock " + BlockField(p) + " = new(" + Literal.Of(p.Name) + ", " + Literal.Of(p.Offset) + ", new global::ModelGen.EquatableShape(" + Literal.Of(p.Rows) + ", " + Literal.Of(p.Cols) + "), " + Literal.Of(DescribePrior(p.Prior)) + ");");
                _w.Line();
            }

            _w.Line("public static readonly global::ModelGen.Input " + Id(_graph.Input.Name) + " = new(" + Literal.Of(_graph.Input.Name) + ", " + Literal.Of(_graph.Input.Features) + ");");
            _w.Line();
            foreach (DenseNode layer in _graph.Layers)
            {
                string bias = layer.Bias is null ? "null" : BlockField(layer.Bias);
                int activation = layer.SigmoidFoldedIntoLink ? (int)ActivationKind.Sigmoid : (int)layer.Activation;
                _w.Line("public static readonly global::ModelGen.Layer " + Id(layer.Name) + " = new(" + Literal.Of(layer.Name) + ", " + Literal.Of(layer.Source) + ", " + Literal.Of(layer.Inputs) + ", " + Literal.Of(layer.Units) + ", global::ModelGen.Activation." + (ActivationKind)activation + ", " + BlockField(layer.Weights) + ", " + bias + ");");
                _w.Line();
            }

            _w.Line("public static readonly global::ModelGen.Observed " + Id(_graph.Likelihood.Name) + " = new(" + Literal.Of(_graph.Likelihood.Name) + ", " + Literal.Of(DescribeLikelihood()) + ");");
            _w.Line();
            _w.Line("public static readonly global::ModelGen.ModelInfo Info = new(" + Literal.Of(_graph.Type.Name) + ", " + Literal.Of(_t) + ", new global::ModelGen.ParameterBlock[] { " + string.Join(", ", _graph.Parameters.Select(BlockField)) + " });");
        }

        _w.Line();
    }

    private static string BlockField(ParameterNode p) => Id(p.Element) + (p.Name.EndsWith(".Bias", System.StringComparison.Ordinal) ? "_Bias" : "_Weights");
}
