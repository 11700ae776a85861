using ModelGen.Generator.Lower;

namespace ModelGen.Generator.Emit;

// Categorical(logits = z₀ … z_{K−1}): its log density and reverse pass are on the kernel IR (Distributions/LikelihoodCatalog.cs);
// here what else the emitter needs of it: the class count, and the prediction P(y = k) = softmax(z)_k.
internal sealed partial class ModelEmitter
{
    /// <summary>Whether the likelihood is categorical: K values per row, predicted by <c>ICategoricalPredictor</c>.</summary>
    private bool IsCategorical => Distributions.LikelihoodCatalog.Of(_graph.Likelihood.Kind) is { PerClass: true };

    /// <summary>K: the units of the layer the likelihood reads (the chain's last layer), one logit per class.</summary>
    private int Classes => _graph.Layers[_graph.Layers.Count - 1].Units;

    /// <summary>Values the forward kernel writes per row: K class probabilities for a categorical model, else the one mean parameter.</summary>
    private int PredictedValuesPerRow => IsCategorical ? Classes : 1;

    /// <summary>What the forward kernel writes per row, for its documentation.</summary>
    private string ForwardOutputDescription => IsCategorical
        ? "P(" + _graph.Likelihood.Name + " = k) for each of the " + Literal.Of(Classes) + " classes to <paramref name=\"output\"/>, class-major: class k at k·rows.Stride + row (at least " + Literal.Of(Classes) + "·rows.Stride long)"
        : (Entry.PredictedValue is { } value ? value(_graph.Likelihood.Name) : "mean of " + _graph.Likelihood.Name) + " to <paramref name=\"output\"/> (at least rows.Stride long)";

    /// <summary>"row", "stride + row", "2 * stride + row": class k's slot of a row in a class-major buffer.</summary>
    private static string ClassOffset(int k) => k == 0 ? "row" : k == 1 ? "stride + row" : Literal.Of(k) + " * stride + row";

    /// <summary>Prediction: P(y = k) = softmax(z)_k for every class, stored class-major (class k at k·stride + row).</summary>
    private void EmitCategoricalMean()
    {
        string source = _graph.Likelihood.Source;
        int classes = Classes;
        _w.Line("// Likelihood '" + _graph.Likelihood.Name + "': P(y = k) = softmax(z)_k, the largest logit subtracted first; class k's probabilities at k·stride.");
        EmitClassExponentials();
        _w.Line("TVec inverseClassSum = TSimd.Divide(TSimd.Broadcast(" + Lit(1) + "), classSum);");
        for (int k = 0; k < classes; k++)
        {
            _w.Line("TSimd.Store(TSimd.Multiply(classExp_" + Literal.Of(k) + ", inverseClassSum), ref result, " + ClassOffset(k) + ");");
        }
    }

    /// <summary>
    /// TVec classMax = z_0; classMax += relu(z_k − classMax) …      the largest logit, lane-wise
    /// TVec classExp_k = TSimd.Exp(z_k − classMax); classSum = Σ_k classExp_k
    /// </summary>
    private void EmitClassExponentials()
    {
        string source = _graph.Likelihood.Source;
        int classes = Classes;
        _w.Line("// The largest logit, lane-wise (max(a, b) = a + relu(b − a)): subtracted before exponentiating, so eᶻ cannot overflow.");
        _w.Line("TVec classMax = " + UnitLocal(source, 0) + ";");
        for (int k = 1; k < classes; k++)
        {
            _w.Line("classMax = TSimd.Add(classMax, TSimd.Relu(TSimd.Subtract(" + UnitLocal(source, k) + ", classMax)));");
        }

        _w.Line("// e^(z_k − max) and their sum: the softmax's numerators and denominator (the sum is at least 1).");
        for (int k = 0; k < classes; k++)
        {
            _w.Line("TVec classExp_" + Literal.Of(k) + " = TSimd.Exp(TSimd.Subtract(" + UnitLocal(source, k) + ", classMax));");
        }

        _w.Line("TVec classSum = TSimd.Add(classExp_0, classExp_1);");
        for (int k = 2; k < classes; k++)
        {
            _w.Line("classSum = TSimd.Add(classSum, classExp_" + Literal.Of(k) + ");");
        }
    }
}
