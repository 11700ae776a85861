using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

/// <summary>
/// Writes a model of declarations (docs/terms.md, "Data" and "Parameters"): a constructor binding and checking the data
/// in declaration order; the layout, computed there because sizes come from data; the transforms from θ to each
/// parameter's values and back, each a call to the runtime's ModelGen.Constraints (one path per fact); each prior, an
/// element-wise catalog prior printed from the kernel IR or a whole-shape prior (Dirichlet, LKJ) called in the runtime;
/// and the drivers (ADVI, MAP, NUTS, Pathfinder), which need only the density and its gradient.
/// </summary>
internal sealed class DeclarationEmitter
{
    private readonly ModelSpec _spec;
    private readonly DeclarationsSpec _d;
    private readonly SourceWriter _w = new();
    private readonly string _t;
    private readonly string _name;

    private DeclarationEmitter(ModelSpec spec)
    {
        _spec = spec;
        _d = spec.Declarations;
        _t = spec.ElementType == ElementType.Double ? "double" : "float";
        _name = spec.Type.Name;
    }

    /// <summary>Whether <paramref name="spec"/> is a model of declarations, which this emitter writes.</summary>
    public static bool Handles(ModelSpec spec) => spec.IsModelClass && (spec.Declarations.Any || spec.Rejected.Any(r => r.Kind == MemberKind.Declared));

    /// <summary>The generated file of a valid model of declarations.</summary>
    public static GeneratedFile Emit(ModelSpec spec)
    {
        var e = new DeclarationEmitter(spec);
        e.Write();
        return new GeneratedFile(ModelEmitter.HintName(spec.Type), e._w.ToString());
    }

    /// <summary>A model of declarations with errors: its members and data constructor, each throwing, so the one error stands alone.</summary>
    public static GeneratedFile EmitInvalid(ModelToEmit model)
    {
        var e = new DeclarationEmitter(model.Spec);
        string fail = "throw new global::System.InvalidOperationException(" + Literal.Of("Model '" + e._name + "' has errors (" + string.Join(", ", model.ErrorIds) + "); fix them and rebuild.") + ")";
        ModelEmitter.WriteHeader(e._w);
        using (ModelEmitter.OpenType(e._w, model.Spec.Type, string.Empty))
        {
            SurfaceWriter.WriteMembers(e._w, model.Spec.Members, m => fail);
            e._w.Line(ModelEmitter.GeneratedCodeAttribute);
            using (e._w.Block("public " + Literal.Identifier(e._name) + "(" + e.ConstructorParameters() + ")"))
            {
                e._w.Line(fail + ";");
            }
        }

        return new GeneratedFile(ModelEmitter.HintName(model.Spec.Type), e._w.ToString());
    }

    private void Write()
    {
        SourceWriter w = _w;
        ModelEmitter.WriteHeader(w);
        using (ModelEmitter.OpenType(w, _spec.Type, QuantityEmitter.Interface(_spec, _t), WriteRemarks))
        {
            WriteElements();
            WriteSurface();
            WriteConstructor();
            WriteConstrain();
            WriteReverse();
            WriteKernel();
            WriteUnconstrain();
            WriteFields();
            WriteDensityStruct();
            TermEmitter.WriteEvaluateAsWritten(_w, _spec, _t);
            QuantityEmitter.Write(_w, _spec, _t);
        }
    }

    // ---- description ---------------------------------------------------------------------------------------------

    private void WriteRemarks()
    {
        _w.Line("/// <remarks>");
        _w.Line("/// ModelGen model '" + _name + "' (" + _t + "), declared data and parameters (docs/terms.md); sizes from data, so the");
        _w.Line("/// layout is computed when the data are bound:");
        _w.Line("/// <list type=\"bullet\">");
        foreach (DataSpec data in _d.Data)
        {
            _w.Line("/// <item>Data '" + data.Name + "': " + DescribeData(data) + ".</item>");
        }

        foreach (DeclaredParameterSpec p in _d.Parameters)
        {
            _w.Line("/// <item>Parameter '" + p.Name + "': " + DescribeShape(p) + ", " + TransformText(p) + ", prior " + DescribePrior(p) + ".</item>");
        }

        _w.Line("/// </list>");
        _w.Line("/// </remarks>");
    }

    private static string DescribeData(DataSpec data)
    {
        string type = data.Shape switch
        {
            DeclaredShape.Vector => "vector of " + data.ElementType,
            DeclaredShape.Matrix => "matrix of " + data.ElementType,
            _ => data.ElementType,
        };
        string min = double.IsNegativeInfinity(data.Min) ? string.Empty : ", ≥ " + Literal.Plain(data.Min);
        string max = double.IsPositiveInfinity(data.Max) ? string.Empty : ", ≤ " + Literal.Plain(data.Max);
        return type + min + max;
    }

    private static string Size(SizeSpec s) => s.Data ?? Literal.Of(s.Constant);

    private static string DescribeShape(DeclaredParameterSpec p) => p.Shape switch
    {
        DeclaredShape.Vector => "vector of " + Size(p.Sizes[0]),
        DeclaredShape.Matrix => Size(p.Sizes[0]) + " × " + Size(p.Sizes[1]) + " matrix",
        _ => "scalar",
    };

    private static string DescribePrior(DeclaredParameterSpec p) =>
        p.ShapePrior is { } s
            ? s.Kind + "(" + (s.Data ?? Literal.Plain(s.Constant)) + ")"
            : PriorLowering.Describe(p.Prior!);

    /// <summary>The transform as <c>ParameterBlock.Transform</c> names it: "identity", "exp", "lower(0)", "logit(0, 1)", "ordered", ….</summary>
    private static string TransformText(DeclaredParameterSpec p)
    {
        (ConstraintKind kind, double lower, double upper) = DeclarationLowering.TransformOf(p, out string? positive);
        return positive?.ToLowerInvariant() ?? kind switch
        {
            ConstraintKind.None => "identity",
            ConstraintKind.Lower => "lower(" + Literal.Plain(lower) + ")",
            ConstraintKind.Upper => "upper(" + Literal.Plain(upper) + ")",
            ConstraintKind.Bounds => "logit(" + Literal.Plain(lower) + ", " + Literal.Plain(upper) + ")",
            ConstraintKind.PositiveOrdered => "positive-ordered",
            ConstraintKind.SimplexRows => "simplex-rows",
            ConstraintKind.UnitVector => "unit-vector",
            ConstraintKind.CholeskyCorrelation => "cholesky-correlation",
            ConstraintKind.CholeskyCovariance => "cholesky-covariance",
            _ => kind.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>The runtime class of a vector or matrix constraint ("global::ModelGen.Constraints.Ordered"), or null for an element-wise one.</summary>
    private static string? ShapeTransform(DeclaredParameterSpec p) =>
        p.Constraint is ConstraintKind.Ordered or ConstraintKind.PositiveOrdered or ConstraintKind.Simplex or ConstraintKind.SimplexRows or ConstraintKind.UnitVector or ConstraintKind.CholeskyCorrelation or ConstraintKind.CholeskyCovariance
            ? "global::ModelGen.Constraints." + p.Constraint
            : null;

    /// <summary>The arguments a shape transform takes after its spans: a row's length for simplex rows, else none.</summary>
    private static string ShapeArguments(DeclaredParameterSpec p) =>
        p.Constraint == ConstraintKind.SimplexRows ? ", " + Columns(p.Name) : string.Empty;

    // ---- names ---------------------------------------------------------------------------------------------------

    internal static string DataField(string name) => "__data_" + name;

    private static string ThetaAt(string name) => "__theta_" + name;

    private static string Free(string name) => "__free_" + name;

    private static string ValueAt(string name) => "__value_" + name;

    private static string Length(string name) => "__length_" + name;

    internal static string Rows(string name) => "__rows_" + name;

    internal static string Columns(string name) => "__columns_" + name;

    private static string Alpha(string name) => "__alpha_" + name;

    private static string Attribute => ModelEmitter.GeneratedCodeAttribute;

    // ---- the class's members -------------------------------------------------------------------------------------

    /// <summary>The partial properties: data read from their fields, parameters throwing until terms read them at a point.</summary>
    private void WriteElements()
    {
        SurfaceWriter.WriteMembers(_w, _spec.Members, m =>
        {
            DataSpec? data = _d.Data.FirstOrDefault(x => x.Name == m.Name);
            if (QuantityEmitter.Getter(_spec, m.Name, _t) is string transformed)
            {
                return transformed;
            }

            if (data is null && QuantityEmitter.ReadsAtPoint(_spec) && _d.Parameters.FirstOrDefault(p => p.Name == m.Name) is { } parameter)
            {
                return TermEmitter.ParameterGetter(parameter, _t, _name);
            }

            if (data is null)
            {
                return "throw new global::System.InvalidOperationException(" + Literal.Of("'" + m.Name + "' is a parameter of model '" + _name + "': it has values at a point of a fit; read them from the draws (draws[model.Layout[\"" + m.Name + "\"]]).") + ")";
            }

            return data.Shape == DeclaredShape.Matrix
                ? "new global::ModelGen.Matrix<" + _t + ">(" + DataField(data.Name) + ", " + Rows(data.Name) + ", " + Columns(data.Name) + ")"
                : DataField(data.Name);
        });
    }

    private void WriteSurface()
    {
        SourceWriter w = _w;
        w.Line("/// <summary>Length of the flat unconstrained parameter vector θ, from the sizes the data gave.</summary>");
        w.Line(Attribute);
        w.Line("public int ParameterCount => __parameterCount;");
        w.Line();
        w.Line("/// <summary>The parameter layout of the draws: every parameter's name, offset among the constrained values, shape, prior and transform.</summary>");
        w.Line(Attribute);
        w.Line("public global::ModelGen.ModelInfo Layout => __layout;");
        w.Line();
        w.Line(Attribute);
        w.Line("global::ModelGen.ModelInfo global::ModelGen.Inference.IModel<" + _t + ">.Info => __layout;");
        w.Line();
        w.Line(Attribute);
        w.Line("int global::ModelGen.Inference.IModel<" + _t + ">.UnconstrainedDimension => __parameterCount;");
        w.Line();
        w.Line("/// <summary>The register width the kernels run at; defaults to the widest this machine accelerates.</summary>");
        w.Line(Attribute);
        w.Line("public global::ModelGen.Simd.SimdWidth SimdWidth { get; set; } = global::ModelGen.Simd.SimdSupport.Best;");
        w.Line();
        string span = "global::System.ReadOnlySpan<" + _t + ">";
        string dest = "global::System.Span<" + _t + ">";
        w.Line("/// <summary>log p(θ, data): the log joint density with every normalising constant and the transforms' log-Jacobians, at unconstrained <paramref name=\"theta\"/>.</summary>");
        w.Line(Attribute);
        w.Line("public " + _t + " LogDensity(" + span + " theta) => __Evaluate<global::ModelGen.Simd.ValueOnly>(theta, default);");
        w.Line();
        w.Line("/// <summary>Writes ∇θ log p(θ, data) into <paramref name=\"gradient\"/>.</summary>");
        w.Line(Attribute);
        w.Line("public void Gradient(" + span + " theta, " + dest + " gradient) => __Evaluate<global::ModelGen.Simd.GradientOnly>(theta, gradient);");
        w.Line();
        w.Line("/// <summary>The log density and its gradient in one pass.</summary>");
        w.Line(Attribute);
        w.Line("public " + _t + " LogDensityGradient(" + span + " theta, " + dest + " gradient) => __Evaluate<global::ModelGen.Simd.ValueAndGradient>(theta, gradient);");
        w.Line();
        Driver("ADVI (mean-field by default; options choose full rank)", "global::ModelGen.Inference.AdviFit", "Fit", "global::ModelGen.Inference.AdviOptions", "global::ModelGen.Inference.Advi.Fit<__DensityModel, " + _t + ">(ref density, this, options, cancellationToken)");
        Driver("the posterior mode by L-BFGS in the unconstrained space, Jacobians included (Stan's jacobian=true)", "global::ModelGen.Inference.MapResult", "Map", "global::ModelGen.Inference.MapOptions", "global::ModelGen.Inference.Map.Optimize<__DensityModel, " + _t + ">(ref density, options, cancellationToken)");
        Driver("the No-U-Turn sampler as Stan runs it; the draws hold each parameter's constrained values", "global::ModelGen.Sampling.NutsFit", "Nuts", "global::ModelGen.Sampling.NutsOptions", "global::ModelGen.Sampling.Nuts.Sample<__DensityModel, " + _t + ">(ref density, this, options, cancellationToken)");
        Driver("approximate draws by Pathfinder (Stan's defaults)", "global::ModelGen.Inference.PathfinderFit", "Pathfinder", "global::ModelGen.Inference.PathfinderOptions", "global::ModelGen.Inference.Pathfinder.Fit<__DensityModel, " + _t + ">(ref density, this, options, cancellationToken)");
    }

    private void Driver(string what, string result, string name, string options, string call)
    {
        _w.Line("/// <summary>Fits by " + what + ".</summary>");
        _w.Line(Attribute);
        using (_w.Block("public " + result + "<" + _t + "> " + name + "(" + options + "? options = null, global::System.Threading.CancellationToken cancellationToken = default)"))
        {
            _w.Line("var density = new __DensityModel(this);");
            _w.Line("return " + call + ";");
        }

        _w.Line();
    }

    /// <summary>"int k, double[] y": the data in declaration order, each as its property is named.</summary>
    private string ConstructorParameters() => string.Join(", ", _d.Data.Select(x => ClrType(x) + " " + Literal.Parameter(x.Name)));

    private static string ClrType(DataSpec x) => x.Shape switch
    {
        DeclaredShape.Vector => x.ElementType + "[]",
        DeclaredShape.Matrix => x.ElementType + "[,]",
        _ => x.ElementType,
    };

    /// <summary>What sizes a parameter: each data scalar's first use, so the bind check can name it.</summary>
    private Dictionary<string, string> SizeUses()
    {
        var uses = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (DeclaredParameterSpec p in _d.Parameters)
        {
            foreach (SizeSpec s in p.Sizes)
            {
                if (s.Data is string data && !uses.ContainsKey(data))
                {
                    uses[data] = p.Name;
                }
            }
        }

        return uses;
    }

    private void WriteConstructor()
    {
        SourceWriter w = _w;
        w.Line("/// <summary>");
        w.Line("/// Binds the model to its data: checks every value (finite, within [Data]'s Min and Max, sizes at least 1), keeps a");
        w.Line("/// copy, and lays out the parameters, whose sizes the data give. All the memory the density needs is allocated here.");
        w.Line("/// </summary>");
        foreach (DataSpec data in _d.Data)
        {
            w.Line("/// <param name=\"" + Literal.Parameter(data.Name).TrimStart('@') + "\">Data '" + data.Name + "': " + DescribeData(data) + ".</param>");
        }

        w.Line("/// <exception cref=\"global::ModelGen.Data.ModelDataException\">The data does not fit the model; the message names the element and the position.</exception>");
        w.Line(Attribute);
        Dictionary<string, string> sizes = SizeUses();
        using (w.Block("public " + Literal.Identifier(_name) + "(" + ConstructorParameters() + ")"))
        {
            string check = "global::ModelGen.Data.DeclaredData.";
            foreach (DataSpec data in _d.Data)
            {
                string arg = Literal.Parameter(data.Name);
                string bounds = Literal.Of(data.Min, ElementType.Double) + ", " + Literal.Of(data.Max, ElementType.Double) + ", " + Literal.Of(data.Name) + ", nameof(" + arg + ")";
                switch (data.Shape)
                {
                    case DeclaredShape.Scalar:
                        string value = check + "Scalar(" + arg + ", " + bounds + ")";
                        w.Line(DataField(data.Name) + " = " + (sizes.TryGetValue(data.Name, out string? sized) ? check + "Size(" + value + ", " + Literal.Of(data.Name) + ", " + Literal.Of(sized) + ", nameof(" + arg + "))" : value) + ";");
                        break;
                    case DeclaredShape.Vector:
                        w.Line(DataField(data.Name) + " = " + check + "Vector(" + arg + ", " + bounds + ");");
                        break;
                    default:
                        w.Line(DataField(data.Name) + " = " + check + "Matrix(" + arg + ", " + bounds + ");");
                        w.Line(Rows(data.Name) + " = " + arg + ".GetLength(0);");
                        w.Line(Columns(data.Name) + " = " + arg + ".GetLength(1);");
                        break;
                }
            }

            w.Line();
            w.Line("// The layout: each parameter's unconstrained values in θ, and its constrained values in a draw, in declaration order.");
            w.Line("int theta = 0, value = 0;");
            foreach (DeclaredParameterSpec p in _d.Parameters)
            {
                string n = p.Name;
                w.Line("// '" + n + "': " + DescribeShape(p) + ", " + TransformText(p) + ".");
                switch (p.Shape)
                {
                    case DeclaredShape.Scalar:
                        w.Line(Length(n) + " = 1;");
                        break;
                    case DeclaredShape.Vector:
                        w.Line(Length(n) + " = " + SizeValue(p.Sizes[0]) + ";");
                        break;
                    default:
                        w.Line(Rows(n) + " = " + SizeValue(p.Sizes[0]) + ";");
                        w.Line(Columns(n) + " = " + SizeValue(p.Sizes[1]) + ";");
                        w.Line(Length(n) + " = " + Rows(n) + " * " + Columns(n) + ";");
                        break;
                }

                string? shape = ShapeTransform(p);
                string free = shape is null ? Length(n)
                    : shape + ".FreeSize(" + (p.Constraint == ConstraintKind.SimplexRows ? Rows(n) + ", " + Columns(n) : p.Shape == DeclaredShape.Matrix ? Rows(n) : Length(n)) + ")";
                w.Line(Free(n) + " = " + free + ";");
                w.Line(ThetaAt(n) + " = theta;");
                w.Line(ValueAt(n) + " = value;");
                w.Line("theta += " + Free(n) + ";");
                w.Line("value += " + Length(n) + ";");
                if (p.ShapePrior is { Kind: "Dirichlet" } dirichlet)
                {
                    if (dirichlet.Data is string alpha)
                    {
                        // Simplex rows: α a data vector of a row's length (every row's) or a matrix of the parameter's sizes (row k's).
                        bool rows = p.Constraint == ConstraintKind.SimplexRows;
                        string expected = rows && !AlphaIsMatrix(p) ? Columns(n) : Length(n);
                        if (rows && AlphaIsMatrix(p))
                        {
                            w.Line(check + "Length(" + Rows(alpha) + ", " + Rows(n) + ", " + Literal.Of(alpha) + ", " + Literal.Of("the rows of the Dirichlet prior of '" + n + "'") + ", nameof(" + Literal.Parameter(alpha) + "));");
                        }

                        w.Line(check + "Length(" + DataField(alpha) + ".Length, " + expected + ", " + Literal.Of(alpha) + ", " + Literal.Of("the Dirichlet prior of '" + n + "'" + (rows ? (AlphaIsMatrix(p) ? " (a row of α for each of its rows)" : " (each of its rows)") : string.Empty)) + ", nameof(" + Literal.Parameter(alpha) + "));");
                        w.Line(check + "Positive(" + DataField(alpha) + ", " + Literal.Of(alpha) + ", nameof(" + Literal.Parameter(alpha) + "));");
                        w.Line(Alpha(n) + " = " + DataField(alpha) + ";");
                    }
                    else
                    {
                        w.Line(Alpha(n) + " = new " + _t + "[" + (p.Constraint == ConstraintKind.SimplexRows ? Columns(n) : Length(n)) + "];");
                        w.Line("global::System.Array.Fill(" + Alpha(n) + ", " + Literal.Of(dirichlet.Constant, _spec.ElementType) + ");");
                    }
                }
            }

            w.Line("__parameterCount = theta;");
            w.Line("__valueCount = value;");
            w.Line("__scratchLength = (2 * value)" + ShapeScratch() + TermEmitter.MatrixScratch(_spec) + ";");
            TermEmitter.WriteTapeLayout(w, _spec);
            TermEmitter.WriteIndexChecks(w, _spec);
            w.Line("__layout = new global::ModelGen.ModelInfo(" + Literal.Of(_name) + ", " + Literal.Of(_t) + ", new global::ModelGen.ParameterBlock[]");
            w.Line("{");
            foreach (DeclaredParameterSpec p in _d.Parameters)
            {
                string n = p.Name;
                string shape = p.Shape switch
                {
                    DeclaredShape.Scalar => "new global::ModelGen.EquatableShape()",
                    DeclaredShape.Vector => "new global::ModelGen.EquatableShape(" + Length(n) + ")",
                    _ => "new global::ModelGen.EquatableShape(" + Rows(n) + ", " + Columns(n) + ")",
                };
                w.Line("    new(" + Literal.Of(n) + ", " + ValueAt(n) + ", " + shape + ", " + Literal.Of(DescribePrior(p)) + ") { Transform = " + Literal.Of(TransformText(p)) + " },");
            }

            w.Line("});");
        }

        w.Line();
    }

    /// <summary>Scratch for a whole-shape prior's argument gradient: " + " and the longest Dirichlet's length, or nothing when there is none.</summary>
    private string ShapeScratch()
    {
        var dirichlets = _d.Parameters.Where(p => p.ShapePrior is { Kind: "Dirichlet" }).Select(p => Length(p.Name)).ToList();
        return dirichlets.Count == 0 ? string.Empty : " + " + dirichlets.Aggregate((a, b) => "global::System.Math.Max(" + a + ", " + b + ")");
    }

    /// <summary>Whether a Dirichlet prior's α is a data matrix (simplex rows: row k's α from row k), not one vector for every row.</summary>
    private bool AlphaIsMatrix(DeclaredParameterSpec p) =>
        p.ShapePrior?.Data is string alpha && _d.Data.Any(x => x.Name == alpha && x.Shape == DeclaredShape.Matrix);

    private static string SizeValue(SizeSpec s) => s.Data is string data ? DataField(data) : Literal.Of(s.Constant);

    private string ElementTransformCall(DeclaredParameterSpec p, string u, string outs)
    {
        (ConstraintKind kind, double lower, double upper) = DeclarationLowering.TransformOf(p, out string? positive);
        string tr = "global::ModelGen.Constraints.Transform.";
        return positive is not null ? tr + positive + "(" + u + ", " + outs + ")"
            : kind switch
            {
                ConstraintKind.Lower => tr + "Lower(" + u + ", " + Lit(lower) + ", " + outs + ")",
                ConstraintKind.Upper => tr + "Upper(" + u + ", " + Lit(upper) + ", " + outs + ")",
                _ => tr + "Interval(" + u + ", " + Lit(lower) + ", " + Lit(upper) + ", " + outs + ")",
            };
    }

    private string Lit(double v) => Literal.Of(v, _spec.ElementType);

    private static bool IsIdentity(DeclaredParameterSpec p) => DeclarationLowering.TransformOf(p, out _).Kind == ConstraintKind.None;

    /// <summary>θ ↦ values, each parameter through its transform, returning Σ log |J|: shared by the kernel and <c>Constrain</c>.</summary>
    private void WriteConstrain()
    {
        SourceWriter w = _w;
        string span = "global::System.ReadOnlySpan<" + _t + ">";
        w.Line("/// <summary>Writes each parameter's constrained values from θ into <paramref name=\"values\"/> and returns Σ log |J| of the transforms.</summary>");
        w.Line(Attribute);
        using (w.Block("private " + _t + " __Constrain(" + span + " theta, global::System.Span<" + _t + "> values)"))
        {
            w.Line(_t + " logJacobian = " + Lit(0) + ";");
            foreach (DeclaredParameterSpec p in _d.Parameters)
            {
                string n = p.Name;
                string u = "theta.Slice(" + ThetaAt(n) + ", " + Free(n) + ")";
                string x = "values.Slice(" + ValueAt(n) + ", " + Length(n) + ")";
                w.Line("// '" + n + "': " + TransformText(p) + ".");
                if (ShapeTransform(p) is string shape)
                {
                    w.Line("logJacobian += " + shape + ".Constrain(" + u + ", " + x + ShapeArguments(p) + ");");
                }
                else if (IsIdentity(p))
                {
                    w.Line(u + ".CopyTo(" + x + ");");
                }
                else
                {
                    using (w.Block("for (int i = 0; i < " + Length(n) + "; i++)"))
                    {
                        w.Line("values[" + ValueAt(n) + " + i] = " + ElementTransformCall(p, "theta[" + ThetaAt(n) + " + i]", "out _, out " + _t + " j, out _") + ";");
                        w.Line("logJacobian += j;");
                    }
                }
            }

            w.Line("return logJacobian;");
        }

        w.Line();
    }

    /// <summary>Values' adjoints ↦ θ's gradient: each transform's reverse pass with its log-Jacobian's gradient.</summary>
    private void WriteReverse()
    {
        SourceWriter w = _w;
        string span = "global::System.ReadOnlySpan<" + _t + ">";
        w.Line("/// <summary>Adds to <paramref name=\"gradient\"/> ∂/∂θ of Σ x̄·x(θ) + log |J(θ)|: each transform's reverse pass, from the values' adjoints x̄.</summary>");
        w.Line(Attribute);
        using (w.Block("private void __Reverse(" + span + " theta, " + span + " values, " + span + " adjoints, global::System.Span<" + _t + "> gradient)"))
        {
            foreach (DeclaredParameterSpec p in _d.Parameters)
            {
                string n = p.Name;
                w.Line("// '" + n + "': " + TransformText(p) + ".");
                if (ShapeTransform(p) is string shape)
                {
                    w.Line(shape + ".Reverse(theta.Slice(" + ThetaAt(n) + ", " + Free(n) + "), values.Slice(" + ValueAt(n) + ", " + Length(n) + "), adjoints.Slice(" + ValueAt(n) + ", " + Length(n) + "), gradient.Slice(" + ThetaAt(n) + ", " + Free(n) + ")" + ShapeArguments(p) + ");");
                    continue;
                }

                using (w.Block("for (int i = 0; i < " + Length(n) + "; i++)"))
                {
                    if (IsIdentity(p))
                    {
                        w.Line("gradient[" + ThetaAt(n) + " + i] += adjoints[" + ValueAt(n) + " + i];");
                    }
                    else
                    {
                        w.Line(ElementTransformCall(p, "theta[" + ThetaAt(n) + " + i]", "out " + _t + " dxdu, out _, out " + _t + " dLogJacobian") + ";");
                        w.Line("gradient[" + ThetaAt(n) + " + i] += (adjoints[" + ValueAt(n) + " + i] * dxdu) + dLogJacobian;");
                    }
                }
            }
        }

        w.Line();
    }

    private void WriteKernel()
    {
        SourceWriter w = _w;
        string span = "global::System.ReadOnlySpan<" + _t + ">";
        string dest = "global::System.Span<" + _t + ">";
        string suffix = _t == "double" ? "D" : "F";
        w.Line(Attribute);
        w.Line("private " + _t + " __Evaluate<TMode>(" + span + " theta, " + dest + " gradient)");
        w.Line("    where TMode : struct, global::ModelGen.Simd.IKernelMode");
        using (w.Block())
        {
            using (w.Block("if (theta.Length != __parameterCount)"))
            {
                w.Line("throw new global::System.ArgumentException($\"Model '" + _name + "' has {__parameterCount} parameters; theta has {theta.Length}.\", nameof(theta));");
            }

            w.Line();
            using (w.Block("if (TMode.Gradient && gradient.Length != __parameterCount)"))
            {
                w.Line("throw new global::System.ArgumentException($\"Model '" + _name + "' has {__parameterCount} parameters; gradient has {gradient.Length}.\", nameof(gradient));");
            }

            w.Line();
            w.Line("return SimdWidth switch");
            w.Line("{");
            foreach ((string width, string simd, string vec) in new[]
            {
                ("global::ModelGen.Simd.SimdWidth.Vector512", "global::ModelGen.Simd.Simd512" + suffix, "global::System.Runtime.Intrinsics.Vector512<" + _t + ">"),
                ("global::ModelGen.Simd.SimdWidth.Vector256", "global::ModelGen.Simd.Simd256" + suffix, "global::System.Runtime.Intrinsics.Vector256<" + _t + ">"),
                ("global::ModelGen.Simd.SimdWidth.Vector128", "global::ModelGen.Simd.Simd128" + suffix, "global::System.Runtime.Intrinsics.Vector128<" + _t + ">"),
                ("_", "global::ModelGen.Simd.Scalar" + suffix, _t),
            })
            {
                w.Line("    " + width + " => __LogDensity<" + simd + ", " + vec + ", TMode>(theta, gradient),");
            }

            w.Line("};");
        }

        w.Line();
        w.Line("/// <summary>");
        w.Line("/// log p at θ: the transforms to the parameters' values (with Σ log |J|), then each prior on the values; with the");
        w.Line("/// gradient, each prior's reverse pass into the values' adjoints, then each transform's back to θ. Allocation-free:");
        w.Line("/// values and adjoints live in this thread's scratch. The priors run scalar at every width; terms will use the registers.");
        w.Line("/// </summary>");
        w.Line(Attribute);
        w.Line("private " + _t + " __LogDensity<TSimd, TVec, TMode>(" + span + " theta, " + dest + " gradient)");
        w.Line("    where TSimd : struct, global::ModelGen.Simd.ISimd<TVec, " + _t + ">");
        w.Line("    where TVec : struct");
        w.Line("    where TMode : struct, global::ModelGen.Simd.IKernelMode");
        using (w.Block())
        {
            w.Line(dest + " scratch = global::ModelGen.Simd.KernelScratch<" + _t + ">.Rent(__scratchLength);");
            w.Line(dest + " values = scratch.Slice(0, __valueCount);");
            w.Line(dest + " adjoints = scratch.Slice(__valueCount, __valueCount);");
            w.Line(_t + " lp = __Constrain(theta, values);");
            foreach (DeclaredParameterSpec p in _d.Parameters)
            {
                string n = p.Name;
                w.Line(dest + " " + DeclarationLowering.Values(n) + " = values.Slice(" + ValueAt(n) + ", " + Length(n) + ");");
                w.Line(dest + " " + DeclarationLowering.Gradient(n) + " = adjoints.Slice(" + ValueAt(n) + ", " + Length(n) + ");");
            }

            foreach (DeclaredParameterSpec p in _d.Parameters)
            {
                w.Line();
                WritePrior(p);
            }

            TermEmitter.WriteKernelTerms(w, _spec);

            w.Line();
            using (w.Block("if (TMode.Gradient)"))
            {
                w.Line("gradient.Clear();");
                w.Line("__Reverse(theta, values, adjoints, gradient);");
            }

            w.Line();
            w.Line("return lp;");
        }

        w.Line();
    }

    /// <summary>One parameter's prior: an element-wise catalog prior from the IR, or a whole-shape prior the runtime computes.</summary>
    private void WritePrior(DeclaredParameterSpec p)
    {
        SourceWriter w = _w;
        string n = p.Name;
        string x = DeclarationLowering.Values(n);
        string dx = DeclarationLowering.Gradient(n);
        if (p.ShapePrior is { Kind: "Dirichlet" } && p.Constraint == ConstraintKind.SimplexRows)
        {
            string alpha = AlphaIsMatrix(p) ? Alpha(n) + ".AsSpan(r * " + Columns(n) + ", " + Columns(n) + ")" : Alpha(n);
            string row = "r * " + Columns(n) + ", " + Columns(n);
            w.Line("// Prior of '" + n + "': " + DescribePrior(p) + " on each row's simplex" + (AlphaIsMatrix(p) ? ", row r's α from row r" : string.Empty) + " (ModelGen.Distributions.Dirichlet, with ∂/∂x);");
            w.Line("// log p = Σ_r [Σ_k (α_k − 1) log x_rk + log Γ(Σ α) − Σ_k log Γ(α_k)].");
            using (w.Block("for (int r = 0; r < " + Rows(n) + "; r++)"))
            {
                w.Line("lp += TMode.Gradient");
                w.Line("    ? global::ModelGen.Distributions.Dirichlet.LogDensity<" + _t + ">(" + x + ".Slice(" + row + "), " + alpha + ", " + dx + ".Slice(" + row + "), scratch.Slice(2 * __valueCount, " + Columns(n) + "))");
                w.Line("    : global::ModelGen.Distributions.Dirichlet.LogDensity<" + _t + ">(" + x + ".Slice(" + row + "), " + alpha + ");");
            }

            return;
        }

        if (p.ShapePrior is { Kind: "Dirichlet" })
        {
            w.Line("// Prior of '" + n + "': " + DescribePrior(p) + " on its simplex (ModelGen.Distributions.Dirichlet, with ∂/∂x);");
            w.Line("// log p = Σ (α_k − 1) log x_k + log Γ(Σ α) − Σ log Γ(α_k).");
            w.Line("lp += TMode.Gradient");
            w.Line("    ? global::ModelGen.Distributions.Dirichlet.LogDensity<" + _t + ">(" + x + ", " + Alpha(n) + ", " + dx + ", scratch.Slice(2 * __valueCount, " + Length(n) + "))");
            w.Line("    : global::ModelGen.Distributions.Dirichlet.LogDensity<" + _t + ">(" + x + ", " + Alpha(n) + ");");
            return;
        }

        if (p.ShapePrior is { } lkj)
        {
            w.Line("// Prior of '" + n + "': " + DescribePrior(p) + " on its Cholesky factor (ModelGen.Distributions.LkjCholesky, with ∂/∂L);");
            w.Line("// log p = Σ_i (K − i − 1 + 2(η − 1)) log L_ii + log c_K(η), i from 0.");
            using (w.Block())
            {
                w.Line(_t + " eta = " + Lit(lkj.Constant) + ", etaAdjoint = " + Lit(0) + ";");
                w.Line("lp += TMode.Gradient");
                w.Line("    ? global::ModelGen.Distributions.LkjCholesky.LogDensity<" + _t + ">(" + x + ", eta, " + dx + ", ref etaAdjoint)");
                w.Line("    : global::ModelGen.Distributions.LkjCholesky.LogDensity<" + _t + ">(" + x + ", eta);");
            }

            return;
        }

        IrBlock? block = DeclarationLowering.LowerPrior(p, _d, out string? error);
        if (error is not null)
        {
            throw new System.InvalidOperationException("The prior of '" + n + "' could not be differentiated: " + error);
        }

        if (block is null)
        {
            w.Line("// Prior of '" + n + "': " + DescribePrior(p) + ", improper: log p = 0 on the support, nothing to add.");
            return;
        }

        IrPrinter.Print(block, _spec.ElementType, w, "lp", "TMode.Gradient");
    }

    /// <summary>Unconstrain: each parameter's inverse transform, refusing a value outside its constraint by name.</summary>
    private void WriteUnconstrain()
    {
        SourceWriter w = _w;
        string span = "global::System.ReadOnlySpan<" + _t + ">";
        w.Line("/// <summary>");
        w.Line("/// The unconstrained θ of parameter values given in the model's own terms, laid out as a draw (<see cref=\"Layout\"/>):");
        w.Line("/// each parameter's inverse transform, e.g. for initial values.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A value outside its parameter's constraint; the message names the parameter and element.</exception>");
        w.Line(Attribute);
        using (w.Block("public void Unconstrain(" + span + " constrained, global::System.Span<" + _t + "> unconstrained)"))
        {
            using (w.Block("if (constrained.Length != __valueCount || unconstrained.Length != __parameterCount)"))
            {
                w.Line("throw new global::System.ArgumentException($\"Model '" + _name + "' has {__valueCount} values and {__parameterCount} unconstrained parameters; the spans have {constrained.Length} and {unconstrained.Length}.\");");
            }

            foreach (DeclaredParameterSpec p in _d.Parameters)
            {
                string n = p.Name;
                w.Line("// '" + n + "': " + TransformText(p) + ".");
                if (ShapeTransform(p) is string shape)
                {
                    w.Line(shape + ".Unconstrain(constrained.Slice(" + ValueAt(n) + ", " + Length(n) + "), unconstrained.Slice(" + ThetaAt(n) + ", " + Free(n) + ")" + ShapeArguments(p) + ", " + Literal.Of(n) + ");");
                    continue;
                }

                (ConstraintKind kind, double lower, double upper) = DeclarationLowering.TransformOf(p, out string? positive);
                string xi = "constrained[" + ValueAt(n) + " + i]";
                string tr = "global::ModelGen.Constraints.Transform.";
                (string test, string support, string inverse) = positive is not null
                    ? (xi + " > " + Lit(0), "greater than 0", tr + positive + "Inverse(" + xi + ")")
                    : kind switch
                    {
                        ConstraintKind.None => (_t + ".IsFinite(" + xi + ")", "finite", xi),
                        ConstraintKind.Lower => (xi + " > " + Lit(lower), "greater than " + Literal.Plain(lower), tr + "LowerInverse(" + xi + ", " + Lit(lower) + ")"),
                        ConstraintKind.Upper => (xi + " < " + Lit(upper), "less than " + Literal.Plain(upper), tr + "UpperInverse(" + xi + ", " + Lit(upper) + ")"),
                        _ => (xi + " > " + Lit(lower) + " && " + xi + " < " + Lit(upper), "strictly between " + Literal.Plain(lower) + " and " + Literal.Plain(upper), tr + "IntervalInverse(" + xi + ", " + Lit(lower) + ", " + Lit(upper) + ")"),
                    };
                using (w.Block("for (int i = 0; i < " + Length(n) + "; i++)"))
                {
                    using (w.Block("if (!(" + test + "))"))
                    {
                        w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(constrained), " + xi + ", $\"'" + n + "' element {i} is {" + xi + "}; it must be " + support + ".\");");
                    }

                    w.Line("unconstrained[" + ThetaAt(n) + " + i] = " + inverse + ";");
                }
            }
        }

        w.Line();
        w.Line(Attribute);
        using (w.Block("void global::ModelGen.Inference.IModel<" + _t + ">.Constrain(" + span + " unconstrained, global::System.Span<" + _t + "> constrained)"))
        {
            using (w.Block("if (unconstrained.Length != __parameterCount || constrained.Length != __valueCount)"))
            {
                w.Line("throw new global::System.ArgumentException($\"Model '" + _name + "' has {__parameterCount} unconstrained parameters and {__valueCount} values; the spans have {unconstrained.Length} and {constrained.Length}.\");");
            }

            w.Line("__Constrain(unconstrained, constrained);");
        }

        w.Line();
    }

    /// <summary>The bound data and the layout, fixed at construction.</summary>
    private void WriteFields()
    {
        SourceWriter w = _w;
        foreach (DataSpec data in _d.Data)
        {
            w.Line("/// <summary>Data '" + data.Name + "', as bound (a copy).</summary>");
            w.Line(Attribute);
            w.Line("private readonly " + (data.Shape == DeclaredShape.Scalar ? data.ElementType : data.ElementType + "[]") + " " + DataField(data.Name) + ";");
            if (data.Shape == DeclaredShape.Matrix)
            {
                w.Line(Attribute);
                w.Line("private readonly int " + Rows(data.Name) + ", " + Columns(data.Name) + ";");
            }

            w.Line();
        }

        foreach (DeclaredParameterSpec p in _d.Parameters)
        {
            string n = p.Name;
            w.Line("/// <summary>'" + n + "': where its unconstrained values start in θ and how many; where its values start in a draw and how many.</summary>");
            w.Line(Attribute);
            w.Line("private readonly int " + ThetaAt(n) + ", " + Free(n) + ", " + ValueAt(n) + ", " + Length(n) + (p.Shape == DeclaredShape.Matrix ? ", " + Rows(n) + ", " + Columns(n) : string.Empty) + ";");
            if (p.ShapePrior is { Kind: "Dirichlet" })
            {
                w.Line(Attribute);
                w.Line("private readonly " + _t + "[] " + Alpha(n) + ";");
            }

            w.Line();
        }

        w.Line(Attribute);
        w.Line("private readonly int __parameterCount, __valueCount, __scratchLength;");
        w.Line();
        w.Line(Attribute);
        w.Line("private readonly global::ModelGen.ModelInfo __layout;");
        w.Line();
    }

    /// <summary>This model's density for the runtime's drivers: a struct, so each driver is compiled for this model.</summary>
    private void WriteDensityStruct()
    {
        SourceWriter w = _w;
        w.Line("/// <summary>This model's density for the runtime's drivers: a struct, so each driver is compiled for this model.</summary>");
        w.Line(Attribute);
        using (w.Block("private readonly struct __DensityModel(" + Literal.Identifier(_name) + " model) : global::ModelGen.Inference.ILogDensity<" + _t + ">"))
        {
            ModelEmitter.WriteDensityMembers(w, _t, "model.__parameterCount", string.Empty);
            w.Line("public bool NextBatch() => true;");
        }
    }
}
