using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

/// <summary>The public members every model has, for <see cref="ISurfaceBodies"/> to give bodies to.</summary>
internal enum SurfaceMember
{
    Layout,
    Info,
    Rows,
    DataConstructor,
    EmptyConstructor,
    LogDensity,
    Gradient,
    LogDensityGradient,
    Constrain,
    Unconstrain,
    SamplePrior,
    Fit,
    FitBatches,
    Map,
    Nuts,
    Pathfinder,
    Predict,
    SamplePredictive,
    PointwiseLogLikelihood,
    Observations,
}

/// <summary>A member's body: an expression (<c>=> …;</c>) or a block of statements.</summary>
internal readonly struct Body
{
    private Body(string? expression, Action<SourceWriter>? block)
    {
        Expression = expression;
        Block = block;
    }

    public string? Expression { get; }

    public Action<SourceWriter>? Block { get; }

    public static Body Of(string expression) => new(expression, null);

    public static Body Of(Action<SourceWriter> block) => new(null, block);
}

/// <summary>The bodies of the surface: the model's real code, or the throwing surface's "model has errors".</summary>
internal interface ISurfaceBodies
{
    /// <summary>The value of the ParameterCount constant.</summary>
    int ParameterCount { get; }

    /// <summary>The body of each accessor of <paramref name="member"/>'s implementation.</summary>
    string Element(MemberSpec member);

    Body Of(SurfaceMember member);
}

/// <summary>What the surface says about the model's data, when it has one input and one observed element.</summary>
internal sealed record DataBinding(string Input, int? Features, string Observed, DistributionKind? Likelihood, string InputParameter, string ObservedParameter)
{
    /// <summary>K, for a valid categorical model; null when unknown (a model with errors).</summary>
    public int? Classes { get; init; }

    /// <summary>"one 0/1 value per row" or "one finite value per row".</summary>
    public string ObservedDescription => Likelihood is DistributionKind kind && Distributions.LikelihoodCatalog.Of(kind) is { } entry
        ? entry.ObservedDescription(Classes)
        : "one value per row";

    /// <summary>Whether the likelihood gives K class probabilities a row (a categorical model).</summary>
    public bool PerClass => Likelihood is DistributionKind kind && Distributions.LikelihoodCatalog.Of(kind) is { PerClass: true };

    /// <summary>What Predict's documentation calls a row's predicted value: "P(y = 1)", or "the mean of y".</summary>
    public string PredictedValue => Likelihood is DistributionKind kind && Distributions.LikelihoodCatalog.Of(kind)?.PredictedValue is { } text
        ? text(Observed)
        : "the mean of " + Observed;
}

/// <summary>
/// The one place that lists a model's public surface, in order, with its documentation and [GeneratedCode]:
/// ParameterCount, the element properties, Layout, Rows, SimdWidth, the constructors, LogDensity, Gradient,
/// LogDensityGradient, IModel&lt;T&gt;, Fit, Predict, SamplePredictive. A valid model and a model with errors
/// write it alike, with real or throwing bodies, so user code written against one compiles against the other,
/// and both are documented (CS1591 under GenerateDocumentationFile). A member whose name an element uses is
/// left out (the element's MG0016 is the error, not CS0102); a valid model has no such element.
/// </summary>
internal sealed class SurfaceWriter
{
    private readonly SourceWriter _w;
    private readonly string _type;
    private readonly string _t;
    private readonly DataBinding? _data;
    private readonly ISurfaceBodies _bodies;
    private readonly HashSet<string> _taken;
    private readonly EquatableArray<MemberSpec> _members;
    private readonly bool _declaresParameterlessConstructor;

    public SurfaceWriter(SourceWriter writer, TypeRef type, EquatableArray<MemberSpec> members, bool declaresParameterlessConstructor, string scalar, DataBinding? data, ISurfaceBodies bodies)
    {
        _w = writer;
        _type = type.Name;
        _members = members;
        _declaresParameterlessConstructor = declaresParameterlessConstructor;
        _t = scalar;
        _data = data;
        _bodies = bodies;
        _taken = new HashSet<string>(members.Select(m => m.Name), StringComparer.Ordinal);
    }

    private string Span => "global::System.ReadOnlySpan<" + _t + ">";

    private string Dest => "global::System.Span<" + _t + ">";

    /// <summary>
    /// Implements every partial property <paramref name="members"/> lists, each accessor with the body
    /// <paramref name="body"/> gives: the whole output for a type that cannot be a model, where the surface
    /// would only add errors. In a static type too: an instance member there is the compiler's CS0708 on the
    /// user's definition, and without its implementation part it would also be CS9248.
    /// </summary>
    public static void WriteMembers(SourceWriter w, EquatableArray<MemberSpec> members, Func<MemberSpec, string> body)
    {
        foreach (MemberSpec member in members)
        {
            WriteMember(w, member, body(member));
            w.Line();
        }
    }

    /// <summary>The public surface, then a blank line.</summary>
    public void Write(string parameterCountSummary)
    {
        if (!_taken.Contains("ParameterCount"))
        {
            _w.Line("/// <summary>" + parameterCountSummary + "</summary>");
            _w.Line(ModelEmitter.GeneratedCodeAttribute);
            _w.Line("public const int ParameterCount = " + Literal.Of(_bodies.ParameterCount) + ";");
            _w.Line();
        }

        WriteMembers(_w, _members, _bodies.Element);

        Member(
            "Layout",
            "public static global::ModelGen.ModelInfo Layout",
            SurfaceMember.Layout,
            "/// <summary>The parameter layout: every block's name, offset, shape and prior.</summary>");
        Member(null, "global::ModelGen.ModelInfo global::ModelGen.Inference.IModel<" + _t + ">.Info", SurfaceMember.Info);
        Member("Rows", "public int Rows", SurfaceMember.Rows, "/// <summary>Rows of data bound.</summary>");
        if (!_taken.Contains("SimdWidth"))
        {
            _w.Line("/// <summary>");
            _w.Line("/// The register width the kernels run at. Defaults to the widest this machine accelerates; a narrower");
            _w.Line("/// one compares paths. A width the hardware lacks still gives correct results, emulated in software.");
            _w.Line("/// </summary>");
            _w.Line(ModelEmitter.GeneratedCodeAttribute);
            _w.Line("public global::ModelGen.Simd.SimdWidth SimdWidth { get; set; } = global::ModelGen.Simd.SimdSupport.Best;");
            _w.Line();
        }

        if (!_taken.Contains("MaxThreads"))
        {
            _w.Line("/// <summary>");
            _w.Line("/// Threads a full-batch gradient of at least <see cref=\"global::ModelGen.Simd.RowChunks.MinimumRows\"/> rows may use (in");
            _w.Line("/// fixed chunks summed in order, so the result is the same for any value). Defaults to 1, the calling thread alone:");
            _w.Line("/// more helps only when other cores are idle (on a busy machine a helper waiting for a core slows each step).");
            _w.Line("/// </summary>");
            _w.Line(ModelEmitter.GeneratedCodeAttribute);
            using (_w.Block("public int MaxThreads"))
            {
                _w.Line("get => __maxThreads;");
                _w.Line("set => __maxThreads = value >= 1 ? value : throw new global::System.ArgumentOutOfRangeException(nameof(MaxThreads), value, \"MaxThreads must be at least 1.\");");
            }

            _w.Line();
            _w.Line(ModelEmitter.GeneratedCodeAttribute);
            _w.Line("private int __maxThreads = 1;");
            _w.Line();
        }

        WriteConstructors();
        WriteDensity();
        WriteFitAndPredict();
    }

    /// <summary>
    /// public Model(T[,] x, T[] y) …   binds the data
    /// public Model() …                 no rows bound (unless the user declares one)
    /// </summary>
    private void WriteConstructors()
    {
        string name = Literal.Identifier(_type);
        if (_data is { } data)
        {
            string x = data.InputParameter;
            string y = data.ObservedParameter;
            string features = data.Features is int f ? Literal.Of(f) : "features";
            Member(
                null,
                "public " + name + "(" + _t + "[,] " + x + ", " + _t + "[] " + y + ")",
                SurfaceMember.DataConstructor,
                "/// <summary>",
                "/// Binds the model to its data: checks every value, then stores the rows feature-major, padded to whole",
                "/// registers. All the memory the density and gradient need is allocated here, once.",
                "/// </summary>",
                "/// <param name=\"" + x.TrimStart('@') + "\">Input '" + data.Input + "': " + _t + "[rows, " + features + "].</param>",
                "/// <param name=\"" + y.TrimStart('@') + "\">Observed '" + data.Observed + "': " + data.ObservedDescription + ".</param>",
                "/// <exception cref=\"global::ModelGen.Data.ModelDataException\">The data does not fit the model; the message names the element, row and column.</exception>");
        }

        if (!_declaresParameterlessConstructor)
        {
            string source = _taken.Contains("Fit")
                ? "a batch source"
                : "a batch source (<see cref=\"Fit(global::ModelGen.Batches.IBatchSource{" + _t + "}, global::ModelGen.Inference.AdviOptions?, global::System.Threading.CancellationToken)\"/>)";
            Member(
                null,
                "public " + name + "()",
                SurfaceMember.EmptyConstructor,
                "/// <summary>A model with no rows bound, to fit from " + source + " or to predict from saved draws.</summary>");
        }
    }

    /// <summary>LogDensity, Gradient, LogDensityGradient and IModel&lt;T&gt;.Constrain.</summary>
    private void WriteDensity()
    {
        Member(
            "LogDensity",
            "public " + _t + " LogDensity(" + Span + " theta)",
            SurfaceMember.LogDensity,
            "/// <summary>log p(θ, data): the log joint density with every normalising constant, at unconstrained <paramref name=\"theta\"/>.</summary>");
        Member(
            "Gradient",
            "public void Gradient(" + Span + " theta, " + Dest + " gradient)",
            SurfaceMember.Gradient,
            "/// <summary>Writes ∇θ log p(θ, data) into <paramref name=\"gradient\"/>, without computing the density: the fit's hot path.</summary>");
        Member(
            "LogDensityGradient",
            "public " + _t + " LogDensityGradient(" + Span + " theta, " + Dest + " gradient)",
            SurfaceMember.LogDensityGradient,
            "/// <summary>The log density and its gradient in one pass.</summary>");
        Member(null, "void global::ModelGen.Inference.IModel<" + _t + ">.Constrain(" + Span + " unconstrained, " + Dest + " constrained)", SurfaceMember.Constrain);
        Member(
            "Unconstrain",
            "public void Unconstrain(" + Span + " constrained, " + Dest + " unconstrained)",
            SurfaceMember.Unconstrain,
            "/// <summary>",
            "/// The unconstrained θ of parameter values given in the model's own terms (a scale as a positive number): the",
            "/// inverse of each block's transform, e.g. for initial values (<see cref=\"global::ModelGen.Inference.AdviOptions.InitialMean\"/>).",
            "/// </summary>",
            "/// <exception cref=\"global::System.ArgumentOutOfRangeException\">A value outside its parameter's support; the message names the parameter and element.</exception>");
        string pointwise = "global::ModelGen.Diagnostics.IPointwiseLogLikelihood<" + _t + ">";
        Member(
            "PointwiseLogLikelihood",
            "public void PointwiseLogLikelihood(" + Span + " draw, " + Dest + " destination)",
            SurfaceMember.PointwiseLogLikelihood,
            "/// <summary>",
            "/// log p(yᵢ | draw) for each bound row i into <paramref name=\"destination\"/> (at least <c>Rows</c> long): the pointwise",
            "/// log-likelihood PSIS-LOO and WAIC read (<see cref=\"global::ModelGen.Diagnostics.FitLoo\"/>), at one draw in the model's own",
            "/// terms (a row of <see cref=\"global::ModelGen.Draws.Draws{T}\"/>, as Predict takes). Allocates nothing.",
            "/// </summary>");
        Member(null, "void " + pointwise + ".PointwiseLogLikelihood(" + Span + " draw, " + Dest + " destination)", SurfaceMember.PointwiseLogLikelihood);
        Member(null, "int " + pointwise + ".Observations", SurfaceMember.Observations);
        Member(null, _t + " " + pointwise + ".LogDensity(" + Span + " theta)", SurfaceMember.LogDensity);
        Member(
            "SamplePrior",
            "public global::ModelGen.Draws.Draws<" + _t + "> SamplePrior(int draws, ulong seed)",
            SurfaceMember.SamplePrior,
            "/// <summary>",
            "/// Draws from the priors alone, hyperparameters first: what the model believes before the data. Pass them to",
            "/// Predict or SamplePredictive for the prior predictive distribution of the observations.",
            "/// </summary>",
            "/// <param name=\"draws\">How many draws, at least 1.</param>",
            "/// <param name=\"seed\">Seeds the draws: the same seed gives the same draws.</param>");
    }

    /// <summary>Fit (bound rows, batch source), Predict and SamplePredictive.</summary>
    private void WriteFitAndPredict()
    {
        const string Options = "/// <param name=\"options\">Iterations, seed, optimizer, …; null for the defaults.</param>";
        const string Token = "/// <param name=\"cancellationToken\">Stops the fit within one iteration; the result keeps the state reached.</param>";
        string fit = "public global::ModelGen.Inference.AdviFit<" + _t + "> Fit(";
        string tail = "global::ModelGen.Inference.AdviOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)";
        Member(
            "Fit",
            fit + tail,
            SurfaceMember.Fit,
            "/// <summary>",
            "/// Fits a mean-field Gaussian to the posterior by ADVI. The runtime's driver runs the iterations through",
            "/// this model's density struct, so the loop is compiled for this model with the gradient call inlined.",
            "/// </summary>",
            Options,
            Token);
        Member(
            "Fit",
            fit + "global::ModelGen.Batches.IBatchSource<" + _t + "> batches, " + tail,
            SurfaceMember.FitBatches,
            "/// <summary>",
            "/// Fits by minibatch ADVI: each step takes the next batch from <paramref name=\"batches\"/>, checks its rows, and",
            "/// scales the likelihood by the source's total rows / the batch's rows. The bound rows, if any, are not used.",
            "/// </summary>",
            "/// <param name=\"batches\">The batch source; it knows the size of the whole data set.</param>",
            Options,
            Token);

        Member(
            "Map",
            "public global::ModelGen.Inference.MapResult<" + _t + "> Map(global::ModelGen.Inference.MapOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)",
            SurfaceMember.Map,
            "/// <summary>",
            "/// The mode of log p(θ, data) over the bound rows by L-BFGS (a MAP estimate), in the unconstrained space with the",
            "/// transforms' Jacobians included (Stan's jacobian=true); <see cref=\"global::ModelGen.Inference.MapResult{T}.Point\"/> is θ.",
            "/// </summary>",
            "/// <param name=\"options\">Tolerances, iteration cap, start; null for Stan's defaults.</param>",
            "/// <param name=\"cancellationToken\">Stops the search within one iteration.</param>");

        Member(
            "Nuts",
            "public global::ModelGen.Sampling.NutsFit<" + _t + "> Nuts(global::ModelGen.Sampling.NutsOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)",
            SurfaceMember.Nuts,
            "/// <summary>",
            "/// Samples the posterior over the bound rows with the No-U-Turn sampler, as Stan does (warm-up adapting the step",
            "/// size and a diagonal metric), in the same unconstrained space as <c>Fit</c>; chains run in parallel.",
            "/// </summary>",
            "/// <param name=\"options\">Chains, warm-up, draws, seed, target acceptance, …; null for Stan's defaults.</param>",
            "/// <param name=\"cancellationToken\">Stops every chain within one transition (throws <see cref=\"global::System.OperationCanceledException\"/>).</param>");

        Member(
            "Pathfinder",
            "public global::ModelGen.Inference.PathfinderFit<" + _t + "> Pathfinder(global::ModelGen.Inference.PathfinderOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)",
            SurfaceMember.Pathfinder,
            "/// <summary>",
            "/// Approximate posterior draws by Pathfinder over the bound rows (Zhang et al. 2022, as Stan's pathfinder): L-BFGS paths,",
            "/// the best Gaussian along each, several paths resampled by Pareto-smoothed importance weights. A fraction of the",
            "/// gradients of ADVI or NUTS warm-up; its draws start NUTS well (<see cref=\"global::ModelGen.Inference.PathfinderFit{T}.InitialPoints\"/>).",
            "/// </summary>",
            "/// <param name=\"options\">Paths, draws, history, seed, …; null for Stan's defaults.</param>",
            "/// <param name=\"cancellationToken\">Stops within one L-BFGS iteration; the paths found so far are used.</param>");

        string x = _data?.InputParameter ?? "x";
        string input = _data is null ? "Input" : "Input '" + _data.Input + "'";
        string features = _data?.Features is int f ? Literal.Of(f) : "features";
        string mean = _data is null ? "the likelihood's mean parameter"
            : _data.PredictedValue;
        string rows = "/// <param name=\"" + x.TrimStart('@') + "\">" + input + " rows to predict, " + _t + "[rows, " + features + "]; any row count.</param>";
        string draws = "/// <param name=\"draws\">Posterior draws of this model, e.g. from <see cref=\"global::ModelGen.Inference.AdviFit{T}.Sample\"/>.</param>";
        bool categorical = _data?.PerClass == true;
        Member(
            "Predict",
            "public global::ModelGen.Prediction." + (categorical ? "CategoricalPredictive" : "PosteriorPredictive") + " Predict(" + _t + "[,] " + x + ", global::ModelGen.Draws.Draws<" + _t + "> draws)",
            SurfaceMember.Predict,
            "/// <summary>",
            "/// Posterior predictive on new inputs: per row, the mean and standard deviation over <paramref name=\"draws\"/> of",
            "/// " + (categorical ? "P(" + _data!.Observed + " = k) for every class k, [row, class]" : mean) + ". The bound data is untouched.",
            "/// </summary>",
            rows,
            draws);
        Member(
            "SamplePredictive",
            "public " + _t + "[,] SamplePredictive(" + _t + "[,] " + x + ", global::ModelGen.Draws.Draws<" + _t + "> draws, int samples, ulong seed)",
            SurfaceMember.SamplePredictive,
            "/// <summary>Sampled observations: for each of the first <paramref name=\"samples\"/> draws, one simulated " + (_data is null ? "observation" : "'" + _data.Observed + "'") + (categorical ? " (a class label)" : string.Empty) + " per row (draws × rows).</summary>",
            rows,
            draws,
            "/// <param name=\"samples\">How many of the draws, from the first, to simulate from.</param>",
            "/// <param name=\"seed\">Seeds the simulation: the same seed gives the same samples.</param>");
    }

    /// <summary>Docs, [GeneratedCode], the signature and its body; nothing when an element already has <paramref name="name"/>.</summary>
    private void Member(string? name, string signature, SurfaceMember member, params string[] docs)
    {
        if (name is not null && _taken.Contains(name))
        {
            return;
        }

        foreach (string doc in docs)
        {
            _w.Line(doc);
        }

        _w.Line(ModelEmitter.GeneratedCodeAttribute);

        Body body = _bodies.Of(member);
        if (body.Expression is not null)
        {
            _w.Line(signature + " => " + body.Expression + ";");
        }
        else
        {
            using (_w.Block(signature))
            {
                body.Block!(_w);
            }
        }

        _w.Line();
    }

    /// <summary>
    /// [GeneratedCode] public partial global::ModelGen.Layer Hidden => body;
    /// (or { get => body; private set => body; } when the definition has more than a get accessor)
    /// </summary>
    private static void WriteMember(SourceWriter w, MemberSpec member, string body)
    {
        w.Line(ModelEmitter.GeneratedCodeAttribute);
        string head = (member.Modifiers.Length == 0 ? string.Empty : member.Modifiers + " ") + "partial " + member.Type + " " + Literal.Identifier(member.Name);
        if (member.Accessors.Count == 1 && member.Accessors[0] == "get")
        {
            w.Line(head + " => " + body + ";");
            return;
        }

        w.Line(head + " { " + string.Join(" ", member.Accessors.Select(a => a + " => " + body + ";")) + " }");
    }
}
