namespace ModelGen.Generator.Emit;

// NegativeBinomial(log mean = z, dispersion φ), Stan's neg_binomial_2: with t = z − log φ,
// log p(y | z, φ) = y·t − (y + φ)·softplus(t) + log Γ(y + φ) − log Γ(φ) − log y!.
// Only a learned φ is written here (a fixed φ is on the kernel IR: Distributions/LikelihoodCatalog.cs): the gamma terms
// are summed per step by the runtime, with their derivative Σ ψ(y + φ) − ψ(φ), and the row loop keeps the sums ∂/∂φ
// needs lane-wise.
internal sealed partial class ModelEmitter
{
    private bool LearnsDispersion => _graph.Likelihood.Arg("dispersion").Shape != Lower.ArgShape.Constant;

    private void EmitNegativeBinomialSetup()
    {
        _w.Line("TVec phi = TSimd.Broadcast(dispersion);");
        _w.Line("TVec logPhi = TSimd.Broadcast(" + MathName + ".Log(dispersion));");
        if (LearnsDispersion)
        {
            _w.Line("// ∂/∂φ needs Σ y, Σ softplus(t) and Σ (y + φ)·σ(t), kept lane-wise.");
            _w.Line("TVec sumCounts = TSimd.Zero;");
            _w.Line("TVec sumSoftplus = TSimd.Zero;");
            _w.Line("TVec sumWeightedShare = TSimd.Zero;");
        }
    }

    private void EmitNegativeBinomialForward(string y, string z)
    {
        _w.Line("TVec shifted = TSimd.Subtract(" + z + ", logPhi);");
        _w.Line("TVec spread = TSimd.Softplus(shifted);");
        _w.Line("TVec yPlusPhi = TSimd.Add(" + y + ", phi);");
        _w.Line("TVec share = TSimd.Sigmoid(shifted);");
        if (LearnsDispersion)
        {
            _w.Line("sumCounts = TSimd.MultiplyAdd(rowMask, " + y + ", sumCounts);");
            _w.Line("sumSoftplus = TSimd.MultiplyAdd(rowMask, spread, sumSoftplus);");
            _w.Line("sumWeightedShare = TSimd.MultiplyAdd(rowMask, TSimd.Multiply(yPlusPhi, share), sumWeightedShare);");
        }

        using (_w.Block("if (TMode.Value)"))
        {
            _w.Line("// log p(y | z, φ) = y·t − (y + φ)·softplus(t) with t = z − log φ; the gamma terms are added after the loop.");
            _w.Line("logLikelihood = TSimd.MultiplyAdd(rowMask, TSimd.NegateMultiplyAdd(yPlusPhi, spread, TSimd.Multiply(" + y + ", shifted)), logLikelihood);");
        }
    }

    private void EmitNegativeBinomialReverse(string y, string z)
    {
        _w.Line("// Reverse of likelihood '" + _graph.Likelihood.Name + "': ∂/∂z = y − (y + φ)·σ(t).");
        _w.Line("TVec " + z + "_adj = TSimd.Multiply(rowMask, TSimd.NegateMultiplyAdd(yPlusPhi, share, " + y + "));");
    }

    /// <summary>After the loop, for a learned φ: the gamma terms and their derivative, once per evaluation.</summary>
    private void EmitNegativeBinomialTerms()
    {
        if (LearnsDispersion)
        {
            string observed = "data." + Id(_graph.Likelihood.Name);
            _w.Line("// Σ log Γ(y + φ) − log Γ(φ) and Σ ψ(y + φ) − ψ(φ) over the rows: the part of the density only φ and the data share.");
            _w.Line(_t + " gammaTerms = global::ModelGen.Distributions.CountConstants.NegativeBinomialDispersion<" + _t + ">(" + observed + ".Values, " + observed + ".Rows, dispersion, out " + _t + " digammaTerms);");
        }
    }

    private void EmitNegativeBinomialParameterGradient()
    {
        if (LearnsDispersion)
        {
            _w.Line("// ∂/∂φ = Σ ψ(y + φ) − ψ(φ) − Σ y/φ − Σ softplus(t) + Σ (y + φ)·σ(t)/φ.");
            _w.Line("valuesGradient[" + Literal.Of(_graph.Likelihood.Arg("dispersion").Offset) + "] = (digammaTerms + ((TSimd.Sum(sumWeightedShare) - TSimd.Sum(sumCounts)) / dispersion) - TSimd.Sum(sumSoftplus)) * scale;");
        }
    }
}
