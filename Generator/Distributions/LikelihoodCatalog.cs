using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Distributions;

/// <summary>
/// What a likelihood's lowering needs of its declaration: a constant sigma (<see cref="Sigma"/>, when
/// <see cref="ConstantSigma"/>), or a sigma per row read from a named column (<see cref="SigmaPerRow"/>; the lowering
/// then gets that column's register among its row arguments); else sigma is a parameter.
/// </summary>
internal sealed record LikelihoodForm(bool ConstantSigma, double Sigma, bool SigmaPerRow, bool LearnsArgs);

/// <summary>
/// How a likelihood's row term lowers into the kernel IR: given the builder, the observation y and the linear predictor
/// z of a register of rows (loads; z holds one value, or one logit per class for a Categorical), the likelihood's arguments by name (<c>arg("sigma")</c>: a constant, the
/// register of a per-row column, or the load of the parameter it names) and its form, writes the part of log p(y | z)
/// that varies by row and returns its value id. The reverse pass is derived from it (<see cref="Adjoints"/>).
/// </summary>
internal delegate int RowTermLowering(IrBuilder b, int y, IReadOnlyList<int> z, System.Func<string, int> arg, LikelihoodForm likelihood);

/// <summary>
/// A likelihood whose rows enter log p through a per-row statistic q summed over the rows (the form of
/// <see cref="LikelihoodInfo.SumsRows"/>): given the builder, the value S = Σ q over the rows, their count n and the
/// likelihood's arguments (constants, or loads of the parameters they name), writes Σᵢ log p(yᵢ | zᵢ) and returns its
/// value id. The kernel calls it once after the row loop; the pointwise log-likelihood calls it per row with S = qᵢ and
/// n = 1, so it must be affine in S and n.
/// </summary>
internal delegate int SummedLowering(IrBuilder b, int sum, int rows, System.Func<string, int> arg, LikelihoodForm likelihood);

/// <summary>
/// What the generator knows about one likelihood family on the kernel IR (every declared form of it lowers here): the row term (<see cref="Lower"/>, the formulas <see cref="Math"/> and
/// <see cref="ReverseMath"/> its generated block shows), and the part of each row's log p that is the same for every
/// row (<see cref="RowConstant"/>), added once per row after the loop, or, in the pointwise log-likelihood, to each row.
/// </summary>
internal sealed record LikelihoodInfo(DistributionKind Kind, string Name)
{
    public RowTermLowering Lower { get; init; } = (b, y, z, arg, l) => b.Constant(0);

    /// <summary>
    /// Whether the declared form enters log p through a sum over the rows (a parameter the rows read, such as a learned
    /// sigma, whose gradient then needs the sum): <see cref="Lower"/> writes the per-row statistic q and
    /// <see cref="LowerSummed"/> the log-likelihood from Σ q, the way the hand-written kernels kept Σ (y − μ)².
    /// </summary>
    public System.Func<LikelihoodForm, bool> SumsRows { get; init; } = _ => false;

    /// <summary>The log-likelihood of the rows from their sum, for a form that <see cref="SumsRows"/>.</summary>
    public SummedLowering? LowerSummed { get; init; }

    /// <summary>The name of the lane-wise accumulator of a form that <see cref="SumsRows"/>, in the kernel.</summary>
    public string SumName { get; init; } = "rowSum";

    /// <summary>The part of every row's log p that depends on no row (0 if none), and its formula.</summary>
    public System.Func<LikelihoodForm, double> RowConstant { get; init; } = _ => 0;

    /// <summary>The row constant's formula, for the comment where it is added (empty when there is none).</summary>
    public System.Func<LikelihoodForm, string> RowConstantMath { get; init; } = _ => string.Empty;

    /// <summary>The row term as the generated comment shows it.</summary>
    public string Math { get; init; } = string.Empty;

    /// <summary>Its slope in z as the generated comment shows it.</summary>
    public string ReverseMath { get; init; } = string.Empty;

    /// <summary>The row term's formula for a declared form, where forms differ (else <see cref="Math"/>).</summary>
    public System.Func<LikelihoodForm, string>? MathOf { get; init; }

    /// <summary>The slopes' formula for a declared form, where forms differ (else <see cref="ReverseMath"/>).</summary>
    public System.Func<LikelihoodForm, string>? ReverseMathOf { get; init; }

    // What the rest of the generated model says and does about the likelihood (its documentation, the data class's
    // checks, prediction, simulation and data-only constants): here, beside its row term, so a likelihood is one entry.

    /// <summary>The declaration as the generated comments show it, e.g. "Normal(mu = Output, sigma = 1)", from the node and what it reads.</summary>
    public System.Func<LikelihoodNode, LikelihoodText, string> Describe { get; init; } = (l, text) => l.Kind + "(" + text.Source + ")";

    /// <summary>What the observed element holds, for the surface's documentation; gets K (null when unknown, in a model with errors).</summary>
    public System.Func<int?, string> ObservedDescription { get; init; } = _ => "one finite value per row";

    /// <summary>The data class's factory for the observations and its batch check (<c>{0}</c> the column), from the node and K.</summary>
    public System.Func<LikelihoodNode, int, (string Factory, string Check)> Observed { get; init; } = (l, k) => ("Real({0})", "CheckFinite({0})");

    /// <summary>
    /// The runtime call summing the observations' data-only constant (log C(n, y), −log y!, …) over a column's rows, or
    /// null for a likelihood without one: gets the node and the call's pieces (<see cref="CountSums"/>).
    /// </summary>
    public System.Func<LikelihoodNode, CountSums, string>? ObservedConstant { get; init; }

    /// <summary>
    /// The same constant for one row, in double (the pointwise log-likelihood adds it to each row's term), from the node
    /// and the row's pieces (<see cref="RowPieces"/>); null when there is none.
    /// </summary>
    public System.Func<LikelihoodNode, RowPieces, string>? RowObservedConstant { get; init; }

    /// <summary>Whether the rows have one logit per class: predictions are K probabilities a row, stored class-major.</summary>
    public bool PerClass { get; init; }

    /// <summary>
    /// What a prediction stores per row from the link register (<c>{0}</c>), with its comment: the mean parameter the
    /// observations' sampler takes. Unused for a <see cref="PerClass"/> likelihood (softmax, written by the emitter).
    /// </summary>
    public (string Comment, string Register) Mean { get; init; } = ("the mean μ.", "{0}");

    /// <summary>What Predict's documentation calls a row's predicted value for observed element y (else "the mean of y").</summary>
    public System.Func<string, string>? PredictedValue { get; init; }

    /// <summary>The observations' sampler given the draw's mean parameter (<see cref="ObservedSampler"/>).</summary>
    public System.Func<LikelihoodNode, LikelihoodText, ObservedSampler> Sampler { get; init; } = (l, text) => new(text.Lit(0), null, null);
}

/// <summary>
/// What an entry's text needs of the emitter: the likelihood's location as the comments name it, the element type
/// ("float"), a literal of it, a likelihood argument read from a draw θ (the constant, or <c>theta[offset]</c>) and K.
/// </summary>
internal sealed record LikelihoodText(string Source, string T, System.Func<double, string> Lit, System.Func<ArgNode, string> FromDraw, int Classes);

/// <summary>
/// The pieces of a data-only constant's runtime call (<c>CountConstants.X&lt;T&gt;(…)</c>): the observations' span,
/// the span and row count together (<see cref="Span"/>), the per-row trials' span, the row count and the element type.
/// </summary>
internal sealed record CountSums(string Values, string Span, string Trials, string Count, string T);

/// <summary>One row's pieces, as double expressions: the observation, the trials (per row or constant) and the dispersion (constant or the draw's).</summary>
internal sealed record RowPieces(string Y, string Trials, string Dispersion)
{
    /// <summary>The runtime's log Γ, opened: <c>LogGamma + x + ")"</c>.</summary>
    public const string LogGamma = "global::ModelGen.Distributions.SpecialFunctions.LogGamma(";
}

/// <summary>
/// How simulated observations are drawn: <see cref="Draw"/>, y from the mean parameter alone (an expression over
/// <c>meanParameter</c> and <c>rng</c>); or, for a form that needs its row (<see cref="RowDraw"/>, which may read
/// <c>rows</c> and <c>row</c>), null with <see cref="PerRowReason"/> saying why the row-less overload refuses.
/// </summary>
internal sealed record ObservedSampler(string? Draw, string? RowDraw, string? PerRowReason);

/// <summary>
/// The likelihoods on the kernel IR, one entry each. To move a family here: its entry (the forms it lowers, its row
/// term and row constant), and its hand-written code in Emit/ModelEmitter.Likelihood.cs and Emit/Likelihoods/ goes.
/// </summary>
internal static class LikelihoodCatalog
{
    public static readonly IReadOnlyList<LikelihoodInfo> Likelihoods = new[]
    {
        // The logit link folded in: y·z − softplus(z), whose slope y − σ(z) is the primitive's own rule.
        new LikelihoodInfo(DistributionKind.Bernoulli, "Bernoulli")
        {
            Lower = (b, y, z, arg, l) => b.Apply(Primitive.LogitBernoulli, y, z[0]),
            Math = "log p(y | z) = y·z − softplus(z): never log(σ(z)), which underflows.",
            ReverseMath = "∂/∂z [y·z − softplus(z)] = y − σ(z).",
            Describe = (l, x) => l.DeclaredLink == LinkKind.Probability && l.Location is not null ? "Bernoulli(p = " + x.Source + ")" : "Bernoulli(logits = " + x.Source + ")",
            ObservedDescription = _ => "one 0/1 value per row",
            Observed = (l, k) => ("Bernoulli({0})", "CheckBernoulli({0})"),
            Mean = ("P(y = 1) = σ(z).", "TSimd.Sigmoid({0})"),
            PredictedValue = y => "P(" + y + " = 1)",
            Sampler = (l, x) => new("rng.Next" + (x.T == "float" ? "Single" : "Double") + "() < meanParameter ? " + x.Lit(1) + " : " + x.Lit(0), null, null),
        },

        // The log link: y·z − eᶻ; −log y! is data only, summed once per bound batch (data.ObservedConstant).
        new LikelihoodInfo(DistributionKind.Poisson, "Poisson")
        {
            Lower = (b, y, z, arg, l) => b.Subtract(b.Multiply(y, z[0]), b.Apply(Primitive.Exp, "rate", z[0])),
            Math = "log p(y | z) = y·z − eᶻ; −log y! is in data.ObservedConstant.",
            ReverseMath = "∂/∂z [y·z − eᶻ] = y − eᶻ.",
            Describe = (l, x) => "Poisson(log rate = " + x.Source + ")",
            ObservedDescription = _ => "one count (a whole number ≥ 0) per row",
            Observed = (l, k) => ("Counts({0}, null)", "CheckCounts({0}, null)"),
            Mean = ("the mean count eᶻ.", "TSimd.Exp({0})"),
            ObservedConstant = (l, c) => "Poisson<" + c.T + ">(" + c.Span + ")",

            // −log y!
            RowObservedConstant = (l, r) => "-" + RowPieces.LogGamma + r.Y + " + 1d)",
            Sampler = (l, x) => new(Draw(x, "Poisson(ref rng, meanParameter)"), null, null),
        },

        // A constant sigma: the row term is −½r², r = (μ − y)·(1/σ), whose slope in μ is −r/σ (one negation, of r). A
        // sigma per row from a named column: −½r′² − log σᵢ with r′ = (y − μ)/σᵢ, whose derived slope −(−r′)/σᵢ folds
        // to r′/σᵢ (IrBuilder's (−a)/b = −(a/b) and −(−x) = x, exact), one division and no negation. A learned sigma (a
        // parameter): the rows' Σ (μ − y)², then −½Σ/σ² − n(log σ + ½ log 2π) once, whose slope in σ reads the sum.
        new LikelihoodInfo(DistributionKind.Normal, "Normal")
        {
            SumsRows = l => !l.ConstantSigma && !l.SigmaPerRow,
            SumName = "sumSquares",
            LowerSummed = (b, sum, n, arg, l) => b.Subtract(
                b.Divide(b.Multiply(b.Constant(-0.5), sum), b.Apply(Primitive.Square, "variance", arg("sigma"))),
                b.Multiply(n, b.Add(b.Apply(Primitive.Log, arg("sigma")), b.Constant(0.5 * System.Math.Log(2 * System.Math.PI))))),
            Lower = (b, y, z, arg, l) =>
            {
                if (!l.ConstantSigma && !l.SigmaPerRow)
                {
                    return b.Apply(Primitive.Square, b.Apply(Primitive.Subtract, "residual", z[0], y));
                }

                if (l.SigmaPerRow)
                {
                    int perRow = b.Apply(Primitive.Divide, "residual", b.Subtract(y, z[0]), arg("sigma"));
                    return b.Subtract(b.Multiply(b.Constant(-0.5), b.Apply(Primitive.Square, perRow)), b.Apply(Primitive.Log, arg("sigma")));
                }

                int residual = b.Apply(Primitive.Multiply, "residual", b.Subtract(z[0], y), b.Constant(1 / l.Sigma));
                return b.Multiply(b.Constant(-0.5), b.Apply(Primitive.Square, residual));
            },
            RowConstant = l => !l.ConstantSigma && !l.SigmaPerRow ? 0 : l.SigmaPerRow ? -0.5 * System.Math.Log(2 * System.Math.PI) : -System.Math.Log(l.Sigma) - (0.5 * System.Math.Log(2 * System.Math.PI)),
            RowConstantMath = l => !l.ConstantSigma && !l.SigmaPerRow ? string.Empty : l.SigmaPerRow ? "Each row also has −½ log 2π (its −log σᵢ is in the lanes)." : "Each row also has −log σ − ½ log 2π.",
            MathOf = l => !l.ConstantSigma && !l.SigmaPerRow
                ? "Σ log p(y | μ, σ) = −½Σ(μ − y)²/σ² − n(log σ + ½ log 2π): the rows' Σ(μ − y)² lane-wise, the rest once after the loop."
                : l.SigmaPerRow
                    ? "log p(y | μ) = −½r² − log σ − ½ log 2π, r = (y − μ)/σ; the constants are added once, after the loop."
                    : "log p(y | μ) = −½r² − log σ − ½ log 2π, r = (μ − y)/σ; the constants are added once, after the loop.",
            ReverseMathOf = l => !l.ConstantSigma && !l.SigmaPerRow
                ? "∂/∂μ = (y − μ)/σ² = −(1/σ²)·(μ − y); ∂/∂σ = Σ(μ − y)²/σ³ − n/σ after the loop."
                : l.SigmaPerRow ? "∂/∂μ = r/σ = (y − μ)/σ²." : "∂/∂μ = −r/σ = (y − μ)/σ².",
            Describe = (l, x) => "Normal(mu = " + x.Source + ", sigma = " + (l.SigmaName is null ? Literal.Plain(l.Sigma) : l.SigmaName + (l.SigmaColumn >= 0 ? " per row" : string.Empty)) + ")",
            Sampler = (l, x) => l.SigmaColumn >= 0
                ? new(null, "meanParameter + (rows.Column(" + Literal.Of(l.SigmaColumn) + ")[row] * (" + x.T + ")rng.NextNormal())", "a sigma per row ('" + l.SigmaName + "')")
                : new("meanParameter + (" + (l.LearnsSigma ? "theta[" + Literal.Of(l.SigmaOffset) + "]" : x.Lit(l.Sigma)) + " * (" + x.T + ")rng.NextNormal())", null, null),
        },

        // n trials (a constant, or a column per row) with the logit link folded in: y·z − n·softplus(z), never through
        // log σ(z); log C(n, y) is data only (data.ObservedConstant). Printed as one multiply-add, as is its slope.
        new LikelihoodInfo(DistributionKind.Binomial, "Binomial")
        {
            Lower = (b, y, z, arg, l) => b.Subtract(b.Multiply(y, z[0]), b.Multiply(arg("Trials"), b.Apply(Primitive.Softplus, z[0]))),
            Math = "log p(y | z) = y·z − n·softplus(z); log C(n, y) is in data.ObservedConstant.",
            ReverseMath = "∂/∂z = y − n·σ(z).",
            Describe = (l, x) => "Binomial(trials = " + Text(l.Arg("Trials")) + (l.TrialsColumn >= 0 ? " per row" : string.Empty) + ", logits = " + x.Source + ")",
            ObservedDescription = _ => "one count of successes (0 to the trials) per row",
            Observed = (l, k) => l.TrialsColumn >= 0
                ? ("Counts({0}, null)", "CheckCounts({0}, null)")
                : ("Counts({0}, " + Literal.Of((int)l.Arg("Trials").Constant) + ")", "CheckCounts({0}, " + Literal.Of((int)l.Arg("Trials").Constant) + ")"),
            ObservedConstant = (l, c) => l.TrialsColumn >= 0
                ? "Binomial<" + c.T + ">(" + c.Values + ", " + c.Trials + ", " + c.Count + ")"
                : "Binomial<" + c.T + ">(" + c.Span + ", " + Literal.Of((int)l.Arg("Trials").Constant) + ")",

            // log C(n, y) = log n! − log y! − log (n − y)!
            RowObservedConstant = (l, r) => RowPieces.LogGamma + r.Trials + " + 1d) - " + RowPieces.LogGamma + r.Y + " + 1d) - " + RowPieces.LogGamma + r.Trials + " - " + r.Y + " + 1d)",
            Mean = ("the probability of success σ(z) (the mean count is Trials times it).", "TSimd.Sigmoid({0})"),
            Sampler = (l, x) => l.TrialsColumn >= 0
                ? new(null, Draw(x, "Binomial(ref rng, (int)rows.Column(" + Literal.Of(l.TrialsColumn) + ")[row], meanParameter)"), "trials per row ('" + l.TrialsName + "')")
                : new(Draw(x, "Binomial(ref rng, " + Literal.Of((int)l.Arg("Trials").Constant) + ", meanParameter)"), null, null),
        },

        // Stan's neg_binomial_2 with the log mean z and a dispersion φ: with t = z − log φ, y·t − (y + φ)·softplus(t);
        // log Γ(y + φ) − log Γ(φ) − log y! is data only for a constant φ. A learned φ (a parameter the rows read) gets
        // its rows' slopes −softplus(t) − (y − (y + φ)·σ(t))/φ summed lane-wise, and Emit adds the gamma terms, which
        // the runtime sums with their slope Σ ψ(y + φ) − ψ(φ) (CountConstants.NegativeBinomialDispersion).
        new LikelihoodInfo(DistributionKind.NegativeBinomial, "NegativeBinomial")
        {
            Lower = (b, y, z, arg, l) =>
            {
                int shifted = b.Apply(Primitive.Subtract, "shifted", z[0], b.Apply(Primitive.Log, "logPhi", arg("dispersion")));
                return b.Subtract(b.Multiply(y, shifted), b.Multiply(b.Apply(Primitive.Add, "yPlusPhi", y, arg("dispersion")), b.Apply(Primitive.Softplus, shifted)));
            },
            MathOf = l => l.LearnsArgs
                ? "log p(y | z, φ) = y·t − (y + φ)·softplus(t), t = z − log φ; the gamma terms are added after the loop."
                : "log p(y | z, φ) = y·t − (y + φ)·softplus(t), t = z − log φ; the gamma terms are in data.ObservedConstant.",
            ReverseMathOf = l => l.LearnsArgs
                ? "∂/∂z = y − (y + φ)·σ(t); ∂/∂φ = −softplus(t) − (∂/∂z)/φ per row, summed lane-wise."
                : "∂/∂z = y − (y + φ)·σ(t).",
            Describe = (l, x) => "NegativeBinomial(log mean = " + x.Source + ", dispersion = " + Text(l.Arg("dispersion")) + ")",
            ObservedDescription = _ => "one count (a whole number ≥ 0) per row",
            Observed = (l, k) => ("Counts({0}, null)", "CheckCounts({0}, null)"),
            Mean = ("the mean count eᶻ.", "TSimd.Exp({0})"),
            // A learned φ: only −Σ log y! is data only (Emit adds the gamma terms, which read φ).
            ObservedConstant = (l, c) => l.Arg("dispersion").Shape != ArgShape.Constant
                ? "Poisson<" + c.T + ">(" + c.Span + ")"
                : "NegativeBinomial<" + c.T + ">(" + c.Span + ", " + Literal.Plain(l.Arg("dispersion").Constant) + ")",

            // log Γ(y + φ) − log Γ(φ) − log y!, φ the constant or the draw's
            RowObservedConstant = (l, r) => RowPieces.LogGamma + r.Y + " + " + r.Dispersion + ") - " + RowPieces.LogGamma + r.Dispersion + ") - " + RowPieces.LogGamma + r.Y + " + 1d)",
            Sampler = (l, x) => new(Draw(x, "NegativeBinomial(ref rng, meanParameter, " + x.FromDraw(l.Arg("dispersion")) + ")"), null, null),
        },

        // With s = (μ − y)/σ, the rows' Σ log(1 + s²/ν) lane-wise, then n·[log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) −
        // log σ] − (ν + 1)/2 · Σ once. A learned ν or σ (parameters the rows read) gets its rows' shares summed lane-wise
        // and the normaliser's once after the loop; a learned σ divides (μ − y) by σ, so its row share is −(∂/∂μ)·s.
        new LikelihoodInfo(DistributionKind.StudentT, "StudentT")
        {
            SumsRows = _ => true,
            SumName = "sumLog1P",
            Lower = (b, y, z, arg, l) => b.Apply(
                Primitive.Log1PSquareOver,
                l.LearnsArgs
                    ? b.Apply(Primitive.Divide, "standardized", b.Subtract(z[0], y), arg("sigma"))
                    : b.Apply(Primitive.Multiply, "standardized", b.Subtract(z[0], y), b.Apply(Primitive.Divide, "inverseScale", b.Constant(1), arg("sigma"))),
                arg("nu")),
            LowerSummed = (b, sum, n, arg, l) => b.Add(
                b.Multiply(n, b.Subtract(b.Apply(Primitive.StudentTLogNormaliser, arg("nu")), b.Apply(Primitive.Log, arg("sigma")))),
                b.Multiply(b.Multiply(b.Add(arg("nu"), b.Constant(1)), b.Constant(-0.5)), sum)),
            Math = "Σ log p(y | μ) = n·[log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ] − (ν + 1)/2 · Σ log(1 + s²/ν), s = (μ − y)/σ.",
            ReverseMathOf = l => l.LearnsArgs
                ? "∂/∂μ = −(ν + 1)·s/(ν + s²)/σ; ∂/∂σ = −n/σ − Σ (∂/∂μ)·s and ∂/∂ν = n·½[ψ((ν+1)/2) − ψ(ν/2) − 1/ν] − ½Σ log(1 + s²/ν) + Σ (ν + 1)/2 · s²/(ν(ν + s²)), the rows' sums lane-wise."
                : "∂/∂μ = −(ν + 1)·s/(ν + s²)/σ.",
            Describe = (l, x) => "StudentT(nu = " + Text(l.Arg("nu")) + ", mu = " + x.Source + ", sigma = " + Text(l.Arg("sigma")) + ")",
            Sampler = (l, x) => new(Draw(x, "StudentT(ref rng, " + x.FromDraw(l.Arg("nu")) + ", meanParameter, " + x.FromDraw(l.Arg("sigma")) + ")"), null, null),
        },

        // One logit per class: log p(y | z) = z_y − logsumexp(z), z_y = Σₖ [y = k]·zₖ (the one-hot [y = k] = relu(1 − (y − k)²),
        // exact for the whole-number labels the data class admits). The log-sum-exp shifts by the largest logit, so its
        // derived slope is the softmax from the forward's exponentials: ∂/∂zₖ = [y = k] − e^(zₖ − m)/Σ.
        new LikelihoodInfo(DistributionKind.Categorical, "Categorical")
        {
            Lower = (b, y, z, arg, l) =>
            {
                int logSumExp = b.LogSumExp(z);
                int chosen = -1;
                for (int k = 0; k < z.Count; k++)
                {
                    string index = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    int isClass = b.Apply(Primitive.ClassIndicator, "isClass_" + index, b.Apply(Primitive.Subtract, "classDifference_" + index, y, b.Constant(k)));
                    int term = b.Multiply(isClass, z[k]);
                    chosen = k == 0 ? term : b.Apply(Primitive.Add, k == z.Count - 1 ? "chosenLogit" : string.Empty, chosen, term);
                }

                return b.Subtract(chosen, logSumExp);
            },
            Math = "log p(y | z) = z_y − logsumexp(z), z_y = Σ_k [y = k]·z_k, logsumexp(z) = max + log Σ e^(z_k − max).",
            ReverseMath = "∂/∂z_k [z_y − logsumexp(z)] = [y = k] − softmax(z)_k.",
            Describe = (l, x) => "Categorical(logits = " + x.Source + ", " + Literal.Of(x.Classes) + " classes)",
            ObservedDescription = k => k is int classes ? "one class label per row, a whole number from 0 to " + Literal.Of(classes - 1) : "one class label per row, a whole number from 0 to K − 1 for K classes",
            Observed = (l, k) => ("Categorical({0}, " + Literal.Of(k) + ")", "CheckCategorical({0}, " + Literal.Of(k) + ")"),
            PerClass = true,
        },
    };

    /// <summary>"4" or "Nu": an argument as the user wrote it.</summary>
    public static string Text(ArgNode a) => a.Reference ?? Literal.Plain(a.Constant);

    /// <summary>A draw from the runtime's sampler, in the element type: (float)global::ModelGen.Random.Sample.Poisson(…).</summary>
    private static string Draw(LikelihoodText x, string call) => "(" + x.T + ")global::ModelGen.Random.Sample." + call;

    /// <summary>The entry that lowers a <paramref name="kind"/> likelihood, or null if there is none.</summary>
    public static LikelihoodInfo? Of(DistributionKind kind) => Likelihoods.FirstOrDefault(e => e.Kind == kind);
}
