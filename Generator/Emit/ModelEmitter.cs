using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

/// <summary>
/// Writes the C# of one model: its public surface (element descriptors, constructor, density,
/// fit, prediction) and its kernels, specialised to the model's exact shapes. One method per
/// construct, across partial files: Surface, Kernel, Dense, Likelihood.
/// </summary>
internal sealed partial class ModelEmitter : ISurfaceBodies
{
    /// <summary>The version stamped into [GeneratedCode]; snapshot tests replace it with %VERSION%.</summary>
    public static readonly string Version = typeof(ModelEmitter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private readonly ModelGraph _graph;
    private SourceWriter _w = new();
    private readonly string _t;
    private readonly string _simdSuffix;
    private readonly Names _names;

    /// <summary>The IR blocks printed so far, for <see cref="Stages"/>; a block printed twice (in two kernels) is listed once.</summary>
    private readonly List<IrBlock> _printed = new();

    private ModelEmitter(ModelGraph graph)
    {
        _graph = graph;
        _t = graph.Scalar;
        _simdSuffix = graph.ElementType == ElementType.Double ? "D" : "F";
        _names = new Names(graph);
    }

    /// <summary>Emits the file for a checked, lowered model.</summary>
    public static GeneratedFile Emit(ModelGraph graph)
    {
        var emitter = new ModelEmitter(graph);
        emitter.EmitFile();
        return new GeneratedFile(HintName(graph.Type), emitter._w.ToString());
    }

    /// <summary>
    /// The model's stages as text for review: the graph (<see cref="GraphDump"/>), then every block the emitter printed
    /// from the kernel IR, in the order it printed them (<see cref="IrText"/>). The snapshot tests keep it beside the
    /// generated file's baseline.
    /// </summary>
    public static string Stages(ModelGraph graph)
    {
        var emitter = new ModelEmitter(graph);
        emitter.EmitFile();
        var text = new System.Text.StringBuilder(GraphDump.Dump(graph));
        foreach (IrBlock block in emitter._printed)
        {
            text.Append('\n').Append(IrText.Of(block));
        }

        return text.ToString();
    }

    /// <summary>
    /// "{Namespace}.{Outer}.{Type}.g.cs", from the names as declared (no '@', which AddSource refuses). Any other
    /// character Roslyn might refuse in a hint name becomes '_'; identifiers rarely have one (a connector such as '‿').
    /// </summary>
    public static string HintName(TypeRef type)
    {
        var name = new System.Text.StringBuilder();
        foreach (char c in type.FullName)
        {
            name.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '`' or '-' ? c : '_');
        }

        return name.Append(".g.cs").ToString();
    }

    /// <summary>The generated-code attribute line every member of the model's class carries (a test checks it).</summary>
    public static string GeneratedCodeAttribute => "[global::System.CodeDom.Compiler.GeneratedCode(\"ModelGen\", \"" + Version + "\")]";

    private string Lit(double value) => Literal.Of(value, _graph.ElementType);

    private string Simd(string width) => "global::ModelGen.Simd.Simd" + width + _simdSuffix;

    private string ScalarSimd => "global::ModelGen.Simd.Scalar" + _simdSuffix;

    /// <summary>
    /// switch (<paramref name="on"/>) { case SimdWidth.Vector512: call; break; … default: the scalar call; break; }: one
    /// statement per register width, <paramref name="call"/> given the ISimd type and the register type.
    /// </summary>
    private void EmitWidthSwitch(string on, System.Func<string, string, string> call)
    {
        using (_w.Block("switch (" + on + ")"))
        {
            foreach (string width in new[] { "512", "256", "128" })
            {
                _w.Line("case global::ModelGen.Simd.SimdWidth.Vector" + width + ":");
                _w.Line("    " + call(Simd(width), "global::System.Runtime.Intrinsics.Vector" + width + "<" + _t + ">") + ";");
                _w.Line("    break;");
            }

            _w.Line("default:");
            _w.Line("    " + call(ScalarSimd, _t) + ";");
            _w.Line("    break;");
        }
    }

    private void EmitFile()
    {
        WriteHeader(_w);
        using (OpenType(_w, _graph.Type, " : global::ModelGen.Inference.IModel<" + _t + ">, global::ModelGen.Diagnostics.IPointwiseLogLikelihood<" + _t + ">" + ChunkedInterface, EmitSummary))
        {
            var data = new DataBinding(_graph.Input.Name, _graph.Input.Features, _graph.Likelihood.Name, _graph.Likelihood.Kind, _names.InputParameter, _names.ObservedParameter)
            {
                Classes = IsCategorical ? Classes : null,
            };
            new SurfaceWriter(_w, _graph.Type, _graph.Members, _graph.DeclaresParameterlessConstructor, _t, data, this)
                .Write("Length of the flat parameter vector θ: " + string.Join(", ", _graph.Parameters.Select(p => p.Name + " " + Literal.Of(p.Rows) + "×" + Literal.Of(p.Cols))) + ".");
            EmitPrivateMembers();
            EmitDataClass();
            EmitDensityStruct();
            EmitPredictorStruct();
            EmitElements();
            EmitKernels();
        }
    }

    /// <summary>
    /// // &lt;auto-generated/&gt;
    /// #nullable enable
    /// </summary>
    public static void WriteHeader(SourceWriter w)
    {
        w.Line("// <auto-generated/>");
        w.Line("// Generated by ModelGen from the attributes of this model. Do not edit: change the model and rebuild.");
        w.Line("#nullable enable");
        w.Line();
    }

    /// <summary>
    /// namespace Ns;                 (each dotted part that is a keyword escaped: namespace @namespace;)
    /// partial struct Outer&lt;T&gt; { partial class Model : bases { ... } }   (each type's own kind and type parameters)
    /// </summary>
    public static Closer OpenType(SourceWriter w, TypeRef type, string bases, System.Action? beforeClass = null)
    {
        if (type.Namespace.Length > 0)
        {
            w.Line("namespace " + string.Join(".", type.Namespace.Split('.').Select(Literal.Identifier)) + ";");
            w.Line();
        }

        var scopes = new List<SourceWriter.Scope>();
        foreach (TypeDeclaration outer in type.ContainingTypes)
        {
            scopes.Add(w.Block(Declare(outer)));
        }

        beforeClass?.Invoke();
        scopes.Add(w.Block(Declare(type.Declaration) + bases));
        return new Closer(scopes);
    }

    /// <summary>"partial record struct Outer&lt;T, U&gt;".</summary>
    private static string Declare(TypeDeclaration type) =>
        "partial " + type.Keyword + " " + Literal.Identifier(type.Name)
        + (type.TypeParameters.Count == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(Literal.Identifier)) + ">");

    /// <summary>Closes the scopes <see cref="OpenType"/> opened, innermost first.</summary>
    public readonly struct Closer : System.IDisposable
    {
        private readonly List<SourceWriter.Scope> _scopes;

        public Closer(List<SourceWriter.Scope> scopes) => _scopes = scopes;

        public void Dispose()
        {
            for (int i = _scopes.Count - 1; i >= 0; i--)
            {
                _scopes[i].Dispose();
            }
        }
    }

    /// <summary>The model summary: a remarks block listing parameters, layers and likelihood.</summary>
    private void EmitSummary()
    {
        _w.Line("/// <remarks>");
        int constrained = _graph.Parameters.Where(p => p.Transform.Kind != TransformKind.Identity).Sum(p => p.Length);
        string transforms = constrained == 0 ? "all unconstrained" : Literal.Of(constrained) + " through a transform";
        _w.Line("/// ModelGen model '" + _graph.Type.Name + "' (" + _t + "), " + Literal.Of(_graph.Dimension) + " parameters, " + transforms + ":");
        _w.Line("/// <list type=\"bullet\">");
        _w.Line("/// <item>Input '" + _graph.Input.Name + "': " + Literal.Of(_graph.Input.Features) + " features per row.</item>");
        foreach (GroupNode g in _graph.Input.Groups)
        {
            _w.Line("/// <item>Group '" + g.Name + "': column " + Literal.Of(g.Column) + " of '" + _graph.Input.Name + "', " + Literal.Of(g.Levels) + " levels.</item>");
        }

        foreach (ColumnNode c in _graph.Input.Columns)
        {
            _w.Line("/// <item>Column '" + c.Name + "': column " + Literal.Of(c.Column) + " of '" + _graph.Input.Name + "', one value per row.</item>");
        }

        foreach (DenseNode layer in _graph.Layers)
        {
            _w.Line("/// <item>Layer '" + layer.Name + "': " + Describe(layer) + ".</item>");
        }

        foreach (ParameterNode p in _graph.Parameters)
        {
            string transform = p.Transform.Kind == TransformKind.Identity ? string.Empty : ", " + DescribeTransform(p);
            _w.Line("/// <item>Parameter '" + p.Name + "' [" + Literal.Of(p.Rows) + "×" + Literal.Of(p.Cols) + "] at θ[" + Literal.Of(p.Offset) + ".." + Literal.Of(p.Offset + p.Length) + "): prior " + DescribePrior(p.Prior) + transform + ".</item>");
        }

        _w.Line("/// <item>Likelihood '" + _graph.Likelihood.Name + "': " + DescribeLikelihood() + ".</item>");
        _w.Line("/// </list>");
        _w.Line("/// </remarks>");
    }

    private static string Describe(DenseNode layer)
    {
        string activation = layer.SigmoidFoldedIntoLink ? "sigmoid (folded into the logit link)" : layer.Activation.ToString().ToLowerInvariant();
        return "Dense " + Literal.Of(layer.Inputs) + " → " + Literal.Of(layer.Units) + ", " + activation + (layer.Bias is null ? ", no bias" : ", bias");
    }

    private static string DescribePrior(PriorSpec prior) => PriorLowering.Describe(prior);

    private string DescribeLikelihood()
    {
        LikelihoodNode l = _graph.Likelihood;
        string text = DescribeLink();
        return l.Intercept is { } intercept ? text.Substring(0, text.Length - 1) + ", intercept = " + intercept.Name + (intercept.IsPerGroup ? "[" + intercept.Group + "]" : string.Empty) + ")" : text;
    }

    /// <summary>"Normal(mu = Output, sigma = 1)": the likelihood and what it reads, a per-group location with its index.</summary>
    private string DescribeLink()
    {
        LikelihoodNode l = _graph.Likelihood;
        string source = l.Location is { IsPerGroup: true } location ? location.Name + "[" + location.Group + "]" : l.Source;
        return (LikelihoodCatalog.Of(l.Kind) ?? throw Unexpected(l.Kind)).Describe(l, LikelihoodText(source));
    }

    /// <summary>What the likelihood's catalog entry needs of this model to write its text: <see cref="LikelihoodText"/>.</summary>
    private LikelihoodText LikelihoodText(string source) =>
        new(source, _t, Lit, a => a.Shape == ArgShape.Constant ? Lit(a.Constant) : "theta[" + Literal.Of(a.Offset) + "]", IsCategorical ? Classes : 0);

    /// <summary>
    /// For a switch default the checker rules out (an undefined enum value is MG0017): thrown, it becomes MG9001
    /// and the throwing surface, never broken code.
    /// </summary>
    private static System.InvalidOperationException Unexpected<TEnum>(TEnum value)
        where TEnum : struct, System.Enum =>
        new("Unexpected " + typeof(TEnum).Name + " value " + System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture) + " in the emitter.");

    /// <summary>The element's name as a C# identifier (keywords escaped).</summary>
    private static string Id(string name) => Literal.Identifier(name);
}
