using ModelGen.Generator.Lower;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

internal sealed partial class ModelEmitter
{
    /// <summary>
    /// // Layer 'L': Dense I → U, tanh
    /// TVec L_j = TSimd.Multiply(in_0, L_W_0_j);            (or MultiplyAdd onto the bias)
    /// L_j = TSimd.MultiplyAdd(in_i, L_W_i_j, L_j);          input-major, so the U chains interleave
    /// L_j = TSimd.Tanh(L_j);
    /// </summary>
    private void EmitDenseForward(DenseNode layer)
    {
        if (IsTiled(layer))
        {
            EmitTiledForward(layer);
            return;
        }

        if (IsLooped(layer))
        {
            EmitLoopedForward(layer);
            return;
        }

        _w.Line("// Layer '" + layer.Name + "': " + Describe(layer) + ".");
        for (int j = 0; j < layer.Units; j++)
        {
            string first = layer.Bias is null
                ? "TSimd.Multiply(" + UnitValue(layer.Source, 0) + ", " + ParameterLocal(layer.Weights, 0, j) + ")"
                : "TSimd.MultiplyAdd(" + UnitValue(layer.Source, 0) + ", " + ParameterLocal(layer.Weights, 0, j) + ", " + ParameterLocal(layer.Bias, 0, j) + ")";
            _w.Line("TVec " + UnitLocal(layer.Name, j) + " = " + first + ";");
        }

        for (int i = 1; i < layer.Inputs; i++)
        {
            for (int j = 0; j < layer.Units; j++)
            {
                string unit = UnitLocal(layer.Name, j);
                _w.Line(unit + " = TSimd.MultiplyAdd(" + UnitValue(layer.Source, i) + ", " + ParameterLocal(layer.Weights, i, j) + ", " + unit + ");");
            }
        }

        EmitActivations(layer);
        _w.Line();
    }

    /// <summary>L_j = TSimd.Tanh(L_j); … the activation of every unit, in its register.</summary>
    private void EmitActivations(DenseNode layer)
    {
        for (int j = 0; j < layer.Units; j++)
        {
            string unit = UnitLocal(layer.Name, j);
            switch (layer.Activation)
            {
                case ActivationKind.Tanh:
                    _w.Line(unit + " = TSimd.Tanh(" + unit + ");");
                    break;
                case ActivationKind.Sigmoid:
                    _w.Line(unit + " = TSimd.Sigmoid(" + unit + ");");
                    break;
                case ActivationKind.Relu:
                    _w.Line(unit + " = TSimd.Relu(" + unit + ");");
                    break;
                case ActivationKind.Softplus:
                    // softplus′(u) = σ(u) needs the pre-activation: keep it before overwriting.
                    _w.Line("TVec " + unit + "_slope = TSimd.Sigmoid(" + unit + ");");
                    _w.Line(unit + " = TSimd.Softplus(" + unit + ");");
                    break;
                case ActivationKind.Identity:
                    break;
                default:
                    throw Unexpected(layer.Activation);
            }
        }
    }

    /// <summary>
    /// // Reverse of layer 'L'                                 (no blank line after: the caller separates blocks)
    /// L_j_adj = L_j_adj · activation′                       (adjoint of the pre-activation)
    /// L_W_i_j_adj = TSimd.MultiplyAdd(in_i, L_j_adj, L_W_i_j_adj);
    /// TVec in_i_adj = Σ_j L_W_i_j · L_j_adj                  (only when the input is a layer)
    /// </summary>
    private void EmitDenseReverse(DenseNode layer, bool inputIsLayer)
    {
        if (IsTiled(layer))
        {
            EmitTiledReverse(layer, inputIsLayer);
            return;
        }

        if (IsLooped(layer))
        {
            EmitLoopedReverse(layer);
            return;
        }

        _w.Line("// Reverse of layer '" + layer.Name + "'" + ActivationRule(layer.Activation) + ".");
        EmitActivationAdjoints(layer);
        _w.Line("// ∂/∂W[i,j] += in_i · ∂u_j" + (layer.Bias is null ? string.Empty : ", ∂/∂b[j] += ∂u_j") + ".");
        for (int i = 0; i < layer.Inputs; i++)
        {
            for (int j = 0; j < layer.Units; j++)
            {
                string w = ParameterLocal(layer.Weights, i, j) + "_adj";
                _w.Line(w + " = TSimd.MultiplyAdd(" + UnitValue(layer.Source, i) + ", " + UnitLocal(layer.Name, j) + "_adj, " + w + ");");
            }
        }

        if (layer.Bias is not null)
        {
            for (int j = 0; j < layer.Units; j++)
            {
                string b = ParameterLocal(layer.Bias, 0, j) + "_adj";
                _w.Line(b + " = TSimd.Add(" + b + ", " + UnitLocal(layer.Name, j) + "_adj);");
            }
        }

        if (inputIsLayer)
        {
            _w.Line("// ∂/∂in_i = Σ_j W[i,j] · ∂u_j.");
            for (int i = 0; i < layer.Inputs; i++)
            {
                string adj = UnitLocal(layer.Source, i) + "_adj";
                _w.Line("TVec " + adj + " = TSimd.Multiply(" + ParameterLocal(layer.Weights, i, 0) + ", " + UnitLocal(layer.Name, 0) + "_adj);");
                for (int j = 1; j < layer.Units; j++)
                {
                    _w.Line(adj + " = TSimd.MultiplyAdd(" + ParameterLocal(layer.Weights, i, j) + ", " + UnitLocal(layer.Name, j) + "_adj, " + adj + ");");
                }
            }
        }
    }

    /// <summary>L_j_adj = L_j_adj · activation′ for every unit in registers: the adjoint of the pre-activation.</summary>
    private void EmitActivationAdjoints(DenseNode layer)
    {
        for (int j = 0; j < layer.Units; j++)
        {
            string adj = UnitLocal(layer.Name, j) + "_adj";
            string unit = UnitLocal(layer.Name, j);
            switch (layer.Activation)
            {
                case ActivationKind.Tanh:
                    _w.Line(adj + " = TSimd.Multiply(" + adj + ", TSimd.NegateMultiplyAdd(" + unit + ", " + unit + ", one));");
                    break;
                case ActivationKind.Sigmoid:
                    _w.Line(adj + " = TSimd.Multiply(" + adj + ", TSimd.Multiply(" + unit + ", TSimd.Subtract(one, " + unit + ")));");
                    break;
                case ActivationKind.Relu:
                    _w.Line(adj + " = TSimd.Multiply(" + adj + ", TSimd.Step(" + unit + "));");
                    break;
                case ActivationKind.Softplus:
                    _w.Line(adj + " = TSimd.Multiply(" + adj + ", " + unit + "_slope);");
                    break;
                case ActivationKind.Identity:
                    break;
                default:
                    throw Unexpected(layer.Activation);
            }
        }
    }

    private static string ActivationRule(ActivationKind activation) => activation switch
    {
        ActivationKind.Tanh => ": d tanh(u) = 1 − t²",
        ActivationKind.Sigmoid => ": d σ(u) = s (1 − s)",
        ActivationKind.Relu => ": d max(u, 0) = [u > 0]",
        ActivationKind.Softplus => ": d softplus(u) = σ(u)",
        ActivationKind.Identity => ": identity",
        _ => throw Unexpected(activation),
    };
}
