using System.Numerics.Tensors;

namespace ModelGen.Benchmarks;

/// <summary>
/// The gradient of a 2-w-w-1 tanh network (no biases, Normal(0, 1) priors, Bernoulli logits) written by hand two
/// ways, for <see cref="WideKernelBenchmarks"/> to set beside the generated tiled kernel: a naive triple loop in scalar
/// code, and one row at a time with <see cref="TensorPrimitives"/> over the units (axpy for each input, Tanh, Dot).
/// θ has the generated layout: W1 (2×w), W2 (w×w), W3 (w×1), each row-major.
/// </summary>
public sealed class HandWrittenNetwork
{
    private readonly int _width;
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[] _h1;
    private readonly float[] _h2;
    private readonly float[] _d1;
    private readonly float[] _d2;

    /// <summary>Binds <paramref name="x"/> (rows × 2) and the labels.</summary>
    public HandWrittenNetwork(int width, float[,] x, float[] y)
    {
        _width = width;
        Rows = y.Length;
        _x = new float[Rows * 2];
        for (int r = 0; r < Rows; r++)
        {
            _x[2 * r] = x[r, 0];
            _x[(2 * r) + 1] = x[r, 1];
        }

        _y = (float[])y.Clone();
        _h1 = new float[width];
        _h2 = new float[width];
        _d1 = new float[width];
        _d2 = new float[width];
    }

    /// <summary>The rows bound.</summary>
    public int Rows { get; }

    /// <summary>Scalar loops: for each row, forward unit by unit, then the reverse pass, accumulating ∇W in place.</summary>
    public void GradientNaive(float[] theta, float[] gradient)
    {
        int w = _width;
        int w2At = 2 * w;
        int w3At = w2At + (w * w);
        Array.Clear(gradient);
        for (int r = 0; r < Rows; r++)
        {
            float x0 = _x[2 * r];
            float x1 = _x[(2 * r) + 1];
            for (int j = 0; j < w; j++)
            {
                _h1[j] = MathF.Tanh((x0 * theta[j]) + (x1 * theta[w + j]));
            }

            float z = 0;
            for (int j = 0; j < w; j++)
            {
                float u = 0;
                for (int i = 0; i < w; i++)
                {
                    u += _h1[i] * theta[w2At + (i * w) + j];
                }

                _h2[j] = MathF.Tanh(u);
                z += _h2[j] * theta[w3At + j];
            }

            // d/dz [y z − softplus(z)] = y − σ(z).
            float dz = _y[r] - (1 / (1 + MathF.Exp(-z)));
            for (int j = 0; j < w; j++)
            {
                gradient[w3At + j] += _h2[j] * dz;
                _d2[j] = theta[w3At + j] * dz * (1 - (_h2[j] * _h2[j]));
            }

            for (int i = 0; i < w; i++)
            {
                float sum = 0;
                for (int j = 0; j < w; j++)
                {
                    gradient[w2At + (i * w) + j] += _h1[i] * _d2[j];
                    sum += theta[w2At + (i * w) + j] * _d2[j];
                }

                _d1[i] = sum * (1 - (_h1[i] * _h1[i]));
            }

            for (int j = 0; j < w; j++)
            {
                gradient[j] += x0 * _d1[j];
                gradient[w + j] += x1 * _d1[j];
            }
        }

        for (int k = 0; k < gradient.Length; k++)
        {
            gradient[k] -= theta[k];
        }
    }

    /// <summary>One row at a time, vectorised over the units by <see cref="TensorPrimitives"/> calls.</summary>
    public void GradientTensorPrimitives(float[] theta, float[] gradient)
    {
        int w = _width;
        ReadOnlySpan<float> t = theta;
        ReadOnlySpan<float> w1a = t[..w];
        ReadOnlySpan<float> w1b = t.Slice(w, w);
        ReadOnlySpan<float> w3 = t.Slice((2 * w) + (w * w), w);
        Span<float> g = gradient;
        Span<float> g1a = g[..w];
        Span<float> g1b = g.Slice(w, w);
        Span<float> g3 = g.Slice((2 * w) + (w * w), w);
        g.Clear();
        for (int r = 0; r < Rows; r++)
        {
            float x0 = _x[2 * r];
            float x1 = _x[(2 * r) + 1];

            // h1 = tanh(x0 W1[0, :] + x1 W1[1, :]).
            TensorPrimitives.Multiply(w1a, x0, _h1);
            TensorPrimitives.MultiplyAdd(w1b, x1, _h1, _h1);
            TensorPrimitives.Tanh(_h1, _h1);

            // h2 = tanh(Σ_i h1[i] W2[i, :]): one axpy per input.
            Array.Clear(_h2);
            for (int i = 0; i < w; i++)
            {
                TensorPrimitives.MultiplyAdd(t.Slice((2 * w) + (i * w), w), _h1[i], _h2, _h2);
            }

            TensorPrimitives.Tanh(_h2, _h2);
            float z = TensorPrimitives.Dot(_h2, w3);
            float dz = _y[r] - (1 / (1 + MathF.Exp(-z)));

            // ∇W3 += h2 dz; d2 = W3 dz (1 − h2²).
            TensorPrimitives.MultiplyAdd(_h2, dz, g3, g3);
            TensorPrimitives.Multiply(_h2, _h2, _d2);
            TensorPrimitives.Subtract(1f, _d2, _d2);
            TensorPrimitives.Multiply(_d2, w3, _d2);
            TensorPrimitives.Multiply(_d2, dz, _d2);

            // ∇W2[i, :] += h1[i] d2; d1[i] = (W2[i, :] · d2)(1 − h1[i]²).
            for (int i = 0; i < w; i++)
            {
                Span<float> gRow = g.Slice((2 * w) + (i * w), w);
                TensorPrimitives.MultiplyAdd(_d2, _h1[i], gRow, gRow);
                _d1[i] = TensorPrimitives.Dot(t.Slice((2 * w) + (i * w), w), _d2) * (1 - (_h1[i] * _h1[i]));
            }

            TensorPrimitives.MultiplyAdd(_d1, x0, g1a, g1a);
            TensorPrimitives.MultiplyAdd(_d1, x1, g1b, g1b);
        }

        TensorPrimitives.Subtract(gradient, theta, gradient);
    }
}
