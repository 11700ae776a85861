namespace ModelGen.EndToEnd.Tests.Support;

/// <summary>
/// The log joint density computed the plain way, row by row with library math, from the model's
/// layer descriptors: the independent check of the generated kernels (no SIMD, no fusion, no
/// stable rewrites beyond what the formulas need).
/// </summary>
public static class ReferenceDensity
{
    public static double Evaluate(ModelCase model, double[] theta)
    {
        double total = 0;
        foreach (ParameterBlock block in model.Layout.Parameters)
        {
            (double mu, double sigma) = ModelCase.NormalPrior(block);
            for (int i = 0; i < block.Length; i++)
            {
                double z = (theta[block.Offset + i] - mu) / sigma;
                total += (-0.5 * z * z) - Math.Log(sigma) - (0.5 * Math.Log(2 * Math.PI));
            }
        }

        int rows = model.X.GetLength(0);
        for (int r = 0; r < rows; r++)
        {
            double[] a = Enumerable.Range(0, model.X.GetLength(1)).Select(f => model.X[r, f]).ToArray();
            foreach (Layer layer in model.Layers)
            {
                var next = new double[layer.Units];
                for (int j = 0; j < layer.Units; j++)
                {
                    double u = layer.Bias is null ? 0 : theta[layer.Bias.Offset + j];
                    for (int i = 0; i < layer.Inputs; i++)
                    {
                        u += a[i] * theta[layer.Weights.Offset + (i * layer.Units) + j];
                    }

                    next[j] = layer.Activation switch
                    {
                        Activation.Tanh => Math.Tanh(u),
                        Activation.Sigmoid => 1 / (1 + Math.Exp(-u)),
                        Activation.Relu => Math.Max(u, 0),
                        Activation.Softplus => Math.Log(1 + Math.Exp(u)),
                        _ => u,
                    };
                }

                a = next;
            }

            double y = model.Y[r];
            double o = a[0];
            total += model.Likelihood switch
            {
                "bernoulli-logits" => (y * o) - Math.Log(1 + Math.Exp(o)),
                "bernoulli-p" => (y * Math.Log(o)) + ((1 - y) * Math.Log(1 - o)),
                _ => (-0.5 * Math.Pow((y - o) / model.Sigma, 2)) - Math.Log(model.Sigma) - (0.5 * Math.Log(2 * Math.PI)),
            };
        }

        return total;
    }
}
