namespace ModelGen.Generator.Emit;

// Poisson(log rate = z): log p(y | z) = y·z − eᶻ − log y!; the last term is data only, summed once per bound batch.
internal sealed partial class ModelEmitter
{
    private void EmitPoissonForward(string y, string z)
    {
        _w.Line("TVec rate = TSimd.Exp(" + z + ");");
        using (_w.Block("if (TMode.Value)"))
        {
            _w.Line("// log p(y | z) = y·z − eᶻ; −log y! is in data.ObservedConstant.");
            _w.Line("logLikelihood = TSimd.MultiplyAdd(rowMask, TSimd.Subtract(TSimd.Multiply(" + y + ", " + z + "), rate), logLikelihood);");
        }
    }

    private void EmitPoissonReverse(string y, string z)
    {
        _w.Line("// Reverse of likelihood '" + _graph.Likelihood.Name + "': ∂/∂z [y·z − eᶻ] = y − eᶻ.");
        _w.Line("TVec " + z + "_adj = TSimd.Multiply(rowMask, TSimd.Subtract(" + y + ", rate));");
    }
}
