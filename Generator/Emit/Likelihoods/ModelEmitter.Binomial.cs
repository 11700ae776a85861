using ModelGen.Generator.Lower;

namespace ModelGen.Generator.Emit;

// Binomial(n, logits = z): log p(y | z) = y·z − n·softplus(z) + log C(n, y), never through log σ(z); log C(n, y) is data only.
internal sealed partial class ModelEmitter
{
    private void EmitBinomialSetup()
    {
        if (_graph.Likelihood.TrialsColumn < 0)
        {
            _w.Line("TVec trials = TSimd.Broadcast(" + Lit(_graph.Likelihood.Arg("Trials").Constant) + ");");
        }
    }

    private void EmitBinomialForward(string y, string z)
    {
        LikelihoodNode l = _graph.Likelihood;
        if (l.TrialsColumn >= 0)
        {
            _w.Line("// Each row's trials are column " + Literal.Of(l.TrialsColumn) + " of '" + _graph.Input.Name + "' ('" + l.TrialsName + "').");
            _w.Line("TVec trials = TSimd.Load(in x, " + ColumnOffset(l.TrialsColumn) + ");");
        }

        using (_w.Block("if (TMode.Value)"))
        {
            _w.Line("// log p(y | z) = y·z − n·softplus(z); log C(n, y) is in data.ObservedConstant.");
            _w.Line("logLikelihood = TSimd.MultiplyAdd(rowMask, TSimd.NegateMultiplyAdd(trials, TSimd.Softplus(" + z + "), TSimd.Multiply(" + y + ", " + z + ")), logLikelihood);");
        }
    }

    private void EmitBinomialReverse(string y, string z)
    {
        _w.Line("// Reverse of likelihood '" + _graph.Likelihood.Name + "': ∂/∂z = y − n·σ(z).");
        _w.Line("TVec " + z + "_adj = TSimd.Multiply(rowMask, TSimd.NegateMultiplyAdd(trials, TSimd.Sigmoid(" + z + "), " + y + "));");
    }
}
