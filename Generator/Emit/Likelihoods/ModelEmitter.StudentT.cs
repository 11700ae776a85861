namespace ModelGen.Generator.Emit;

// StudentT(nu, mu = z, sigma): with s = (y − z)/σ, log p = log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 · log1p(s²/ν).
// Only a learned ν or σ is written here (constant ones are on the kernel IR: Distributions/LikelihoodCatalog.cs):
// Σ log1p(s²/ν) and Σ s²/(ν + s²) are per row; the rest is n times a constant.
internal sealed partial class ModelEmitter
{
    private void EmitStudentTSetup()
    {
        _w.Line("TVec inverseScale = TSimd.Broadcast(" + Lit(1) + " / sigma);");
        _w.Line("TVec nuVector = TSimd.Broadcast(nu);");
        _w.Line("TVec nuPlusOne = TSimd.Broadcast(nu + " + Lit(1) + ");");
        _w.Line("TVec scaleVector = TSimd.Broadcast(sigma);");
        if (_graph.Likelihood.LearnsArgs)
        {
            _w.Line("// ∂/∂ν and ∂/∂σ need Σ s²/(ν + s²), kept lane-wise.");
            _w.Line("TVec sumRatio = TSimd.Zero;");
        }
    }

    private void EmitStudentTForward(string y, string z)
    {
        bool learns = _graph.Likelihood.LearnsArgs;
        _w.Line("TVec standardized = TSimd.Multiply(TSimd.Subtract(" + y + ", " + z + "), inverseScale);");
        _w.Line("TVec squared = TSimd.Multiply(standardized, standardized);");
        if (learns)
        {
            _w.Line("sumRatio = TSimd.MultiplyAdd(rowMask, TSimd.Divide(squared, TSimd.Add(nuVector, squared)), sumRatio);");
        }

        using (_w.Block(learns ? null : "if (TMode.Value)"))
        {
            _w.Line("// Σ log1p(s²/ν); times −(ν + 1)/2 and the constants after the loop" + (learns ? " (∂/∂ν needs it too)." : "."));
            _w.Line("logLikelihood = TSimd.MultiplyAdd(rowMask, TSimd.Log1P(TSimd.Divide(squared, nuVector)), logLikelihood);");
        }
    }

    private void EmitStudentTReverse(string z)
    {
        _w.Line("// Reverse of likelihood '" + _graph.Likelihood.Name + "': ∂/∂z = (ν + 1)·s / (σ·(ν + s²)).");
        _w.Line("TVec " + z + "_adj = TSimd.Multiply(rowMask, TSimd.Divide(TSimd.Multiply(nuPlusOne, standardized), TSimd.Multiply(scaleVector, TSimd.Add(nuVector, squared))));");
    }

    private void EmitStudentTTotal(string rows)
    {
        string t = _t;
        string special = "global::ModelGen.Distributions.SpecialFunctions.";
        _w.Line("// n·[log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ] − (ν + 1)/2 · Σ log1p(s²/ν).");
        _w.Line(t + " perRow = (" + t + ")(" + special + "LogGamma((nu + 1d) / 2d) - " + special + "LogGamma(nu / 2d)) - (" + Lit(0.5) + " * " + MathName + ".Log(nu * " + Lit(System.Math.PI) + ")) - " + MathName + ".Log(sigma);");
        _w.Line("value = ((" + rows + " * perRow) - ((nu + " + Lit(1) + ") * " + Lit(0.5) + " * TSimd.Sum(logLikelihood))) * scale;");
    }

    private void EmitStudentTParameterGradient(string rows)
    {
        Lower.LikelihoodNode l = _graph.Likelihood;
        Lower.ArgNode nu = l.Arg("nu");
        Lower.ArgNode sigma = l.Arg("sigma");
        string special = "global::ModelGen.Distributions.SpecialFunctions.";
        if (sigma.Shape != Lower.ArgShape.Constant)
        {
            _w.Line("// ∂/∂σ = −n/σ + (ν + 1)/σ · Σ s²/(ν + s²).");
            _w.Line("valuesGradient[" + Literal.Of(sigma.Offset) + "] += (((nu + " + Lit(1) + ") * TSimd.Sum(sumRatio)) - " + rows + ") / sigma * scale;");
        }

        if (nu.Shape != Lower.ArgShape.Constant)
        {
            _w.Line("// ∂/∂ν = n·[½ψ((ν+1)/2) − ½ψ(ν/2) − 1/(2ν)] − ½ Σ log1p(s²/ν) + (ν + 1)/(2ν) · Σ s²/(ν + s²).");
            _w.Line("valuesGradient[" + Literal.Of(nu.Offset) + "] += ((" + rows + " * (" + _t + ")(0.5d * (" + special + "Digamma((nu + 1d) / 2d) - " + special + "Digamma(nu / 2d)) - (0.5d / nu)))"
                + " - (" + Lit(0.5) + " * TSimd.Sum(logLikelihood)) + ((nu + " + Lit(1) + ") / (" + Lit(2) + " * nu) * TSimd.Sum(sumRatio))) * scale;");
        }
    }
}
