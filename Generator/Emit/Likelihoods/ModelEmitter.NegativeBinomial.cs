namespace ModelGen.Generator.Emit;

// NegativeBinomial(log mean = z, dispersion φ), Stan's neg_binomial_2: with t = z − log φ,
// log p(y | z, φ) = y·t − (y + φ)·softplus(t) + log Γ(y + φ) − log Γ(φ) − log y!.
// Its row term and slopes are on the kernel IR (Distributions/LikelihoodCatalog.cs), a learned φ's per-row slopes summed
// lane-wise there. Here only what the rows do not carry for a learned φ: the gamma terms, summed per evaluation by the
// runtime with their slope Σ ψ(y + φ) − ψ(φ) (a constant φ's are data only, in data.ObservedConstant).
internal sealed partial class ModelEmitter
{
    private bool LearnsDispersion => _graph.Likelihood.Arg("dispersion").Shape != Lower.ArgShape.Constant;

    /// <summary>After the loop, for a learned φ: the gamma terms and their derivative over the rows summed, once per evaluation.</summary>
    private void EmitNegativeBinomialTerms()
    {
        if (LearnsDispersion)
        {
            string observed = "data." + Id(_graph.Likelihood.Name);
            Lower.ArgNode phi = _graph.Likelihood.Arg("dispersion");
            // A chunked kernel sums the gamma terms over its own rows (likelihoodRows from rowBegin: all of them on a call
            // over all rows, none on the priors' call), so each chunk of a sharded fit carries its rows' share.
            string counts = CountsRows ? observed + ".Values.AsSpan(rowBegin), likelihoodRows" : observed + ".Values, " + observed + ".Rows";
            _w.Line("// Σ log Γ(y + φ) − log Γ(φ) and Σ ψ(y + φ) − ψ(φ) over the " + (CountsRows ? "rows this call sums" : "rows") + ": the part of the density only φ and the data share.");
            _w.Line(_t + " gammaTerms = global::ModelGen.Distributions.CountConstants.NegativeBinomialDispersion<" + _t + ">(" + counts + ", " + ValuesSpan + "[" + Literal.Of(phi.Offset) + "], out " + _t + " digammaTerms);");
        }
    }

    /// <summary>In the gradient reduction, for a learned φ: the gamma terms' slope Σ ψ(y + φ) − ψ(φ), beside the rows' (summed on the IR).</summary>
    private void EmitNegativeBinomialGammaGradient()
    {
        if (LearnsDispersion)
        {
            _w.Line("// ∂/∂φ of the gamma terms: Σ ψ(y + φ) − ψ(φ).");
            _w.Line(ValuesGradientSpan + "[" + Literal.Of(_graph.Likelihood.Arg("dispersion").Offset) + "] += digammaTerms * scale;");
        }
    }
}
