using System.Numerics.Tensors;
using ModelGen.Random;
using ModelGen.Terms;
using Math = System.Math;

namespace ModelGen.Inference;

/// <summary>
/// One of Pathfinder's Gaussian approximations N(μ, Σ) at a point x of the L-BFGS path (Zhang, Carpenter, Gelman and
/// Vehtari 2022, Algorithms 2 and 4): Σ is the L-BFGS inverse-Hessian estimate of f = −log p from the last m
/// correction pairs (s, y) over the initial diagonal diag(α), written in Byrd, Nocedal and Schnabel's (1994) compact
/// form Σ = diag(α) + β γ βᵀ with β = [S, diag(α) Y] (n × 2m) and
/// γ = [[R⁻ᵀ (D + Yᵀ diag(α) Y) R⁻¹, −R⁻ᵀ], [−R⁻¹, 0]], R the upper triangle of SᵀY and D its diagonal;
/// μ = x − Σ ∇f(x), one quasi-Newton step.
/// </summary>
/// <remarks>
/// Draws: with diag(α)^{-1/2} β = Q Rq (thin QR, Q of orthonormal columns) and I + Rq γ Rqᵀ = L Lᵀ,
/// Σ = diag(α)^{1/2} (I + Q (L Lᵀ − I) Qᵀ) diag(α)^{1/2}, whose square root applied to u ~ N(0, I) is
/// diag(α)^{1/2} (u + Q (L − I) Qᵀ u); log det Σ = Σ log α + 2 Σ log Lᵢᵢ. O(n m) a draw, never an n × n matrix, except
/// when n ≤ 2m, where the dense Σ and its Cholesky factor are as cheap.
/// </remarks>
internal sealed class PathApproximation
{
    private const double Log2Pi = 1.8378770664093453;

    private readonly int _n;
    private readonly double[] _sqrtAlpha;
    private readonly double[]? _q;      // n × r, column-major (low-rank form)
    private readonly double[]? _l;      // r × r lower, row-major (low-rank form) or n × n lower (dense form)
    private readonly int _rank;
    private readonly double[] _work;

    private PathApproximation(double[] mean, double[] sqrtAlpha, double[]? q, double[]? l, int rank, double logDeterminant)
    {
        _n = mean.Length;
        Mean = mean;
        _sqrtAlpha = sqrtAlpha;
        _q = q;
        _l = l;
        _rank = rank;
        LogDeterminant = logDeterminant;
        _work = new double[Math.Max(2 * rank, 1)];
    }

    /// <summary>μ.</summary>
    public double[] Mean { get; }

    /// <summary>log det Σ.</summary>
    public double LogDeterminant { get; }

    /// <summary>Whether Σ is held densely (n ≤ 2m).</summary>
    public bool IsDense => _q is null && _l is not null;

    /// <summary>
    /// The approximation at <paramref name="x"/> with ∇f = <paramref name="gradient"/>, diagonal <paramref name="alpha"/> and
    /// the pairs <paramref name="s"/>, <paramref name="y"/> (oldest first, each sᵀy &gt; 0); null when Σ is not positive definite.
    /// </summary>
    public static PathApproximation? Build(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, ReadOnlySpan<double> alpha, IReadOnlyList<double[]> s, IReadOnlyList<double[]> y)
    {
        int n = x.Length;
        int m = s.Count;
        var sqrtAlpha = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(alpha[i] > 0) || !double.IsFinite(alpha[i]))
            {
                return null;
            }

            sqrtAlpha[i] = Math.Sqrt(alpha[i]);
        }

        // β (n × 2m, column-major): S then diag(α) Y; γ (2m × 2m, row-major).
        int k = 2 * m;
        var beta = new double[n * k];
        for (int j = 0; j < m; j++)
        {
            s[j].AsSpan().CopyTo(beta.AsSpan(j * n, n));
            TensorPrimitives.Multiply(alpha, y[j], beta.AsSpan((m + j) * n, n));
        }

        double[]? gamma = Gamma(alpha, s, y);
        if (gamma is null)
        {
            return null;
        }

        // μ = x − Σ ∇f = x − (α ∘ g + β γ βᵀ g).
        var mean = new double[n];
        var bg = new double[k];
        var gbg = new double[k];
        for (int j = 0; j < k; j++)
        {
            bg[j] = TensorPrimitives.Dot(beta.AsSpan(j * n, n), gradient);
        }

        MultiplyRowMajor(gamma, k, bg, gbg);
        for (int i = 0; i < n; i++)
        {
            mean[i] = x[i] - (alpha[i] * gradient[i]);
        }

        for (int j = 0; j < k; j++)
        {
            TensorPrimitives.MultiplyAdd(beta.AsSpan(j * n, n), -gbg[j], mean, mean);
        }

        if (!AllFinite(mean))
        {
            return null;
        }

        double logAlpha = 0;
        for (int i = 0; i < n; i++)
        {
            logAlpha += Math.Log(alpha[i]);
        }

        if (n <= k)
        {
            // Dense: Σ = diag(α) + β γ βᵀ, then its Cholesky factor; log det from the factor alone.
            var sigma = new double[n * n];
            var row = new double[k];
            for (int a = 0; a < n; a++)
            {
                for (int j = 0; j < k; j++)
                {
                    double sum = 0;
                    for (int l = 0; l < k; l++)
                    {
                        sum += beta[(l * n) + a] * gamma[(l * k) + j];
                    }

                    row[j] = sum;
                }

                for (int b = 0; b <= a; b++)
                {
                    double v = a == b ? alpha[a] : 0;
                    for (int j = 0; j < k; j++)
                    {
                        v += row[j] * beta[(j * n) + b];
                    }

                    sigma[(a * n) + b] = v;
                    sigma[(b * n) + a] = v;
                }
            }

            if (!LinearAlgebra.CholeskyDecompose<double>(sigma, sigma))
            {
                return null;
            }

            double logDet = 0;
            for (int i = 0; i < n; i++)
            {
                logDet += 2 * Math.Log(sigma[(i * n) + i]);
            }

            return new PathApproximation(mean, sqrtAlpha, null, sigma, n, logDet);
        }

        // Low rank: diag(α)^{-1/2} β = Q Rq by modified Gram–Schmidt, twice (orthogonal to working precision); columns
        // that add nothing new (a pair parallel to another) are dropped, so Q has r ≤ 2m orthonormal columns.
        var q = new double[n * k];
        var rq = new double[k * k]; // r × 2m, row-major with stride k
        int r = 0;
        var column = new double[n];
        for (int j = 0; j < k; j++)
        {
            TensorPrimitives.Divide(beta.AsSpan(j * n, n), sqrtAlpha, column);
            double original = TensorPrimitives.Norm(column);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int c = 0; c < r; c++)
                {
                    double d = TensorPrimitives.Dot(q.AsSpan(c * n, n), column);
                    rq[(c * k) + j] += d;
                    TensorPrimitives.MultiplyAdd(q.AsSpan(c * n, n), -d, column, column);
                }
            }

            double norm = TensorPrimitives.Norm(column);
            if (norm > 1e-10 * original && norm > 0)
            {
                TensorPrimitives.Divide(column, norm, q.AsSpan(r * n, n));
                rq[(r * k) + j] = norm;
                r++;
            }
        }

        // I + Rq γ Rqᵀ (r × r) and its Cholesky factor.
        var rg = new double[r * k];
        for (int a = 0; a < r; a++)
        {
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int l = 0; l < k; l++)
                {
                    sum += rq[(a * k) + l] * gamma[(l * k) + j];
                }

                rg[(a * k) + j] = sum;
            }
        }

        var inner = new double[r * r];
        for (int a = 0; a < r; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                double v = a == b ? 1 : 0;
                for (int j = 0; j < k; j++)
                {
                    v += rg[(a * k) + j] * rq[(b * k) + j];
                }

                inner[(a * r) + b] = v;
                inner[(b * r) + a] = v;
            }
        }

        if (!LinearAlgebra.CholeskyDecompose<double>(inner, inner))
        {
            return null;
        }

        double logDetLow = logAlpha;
        for (int i = 0; i < r; i++)
        {
            logDetLow += 2 * Math.Log(inner[(i * r) + i]);
        }

        Array.Resize(ref q, r * n);
        return new PathApproximation(mean, sqrtAlpha, q, inner, r, logDetLow);
    }

    /// <summary>
    /// Draws θ ~ N(μ, Σ) into <paramref name="theta"/> from the standard normals <paramref name="u"/> (filled here from
    /// <paramref name="rng"/>) and returns log q(θ).
    /// </summary>
    public double Draw(ref Rng rng, Span<double> u, Span<double> theta)
    {
        rng.FillNormal(u);
        double uu = TensorPrimitives.Dot(u, u);
        if (_q is null)
        {
            if (_l is null)
            {
                // No pairs: Σ = diag(α).
                for (int i = 0; i < _n; i++)
                {
                    theta[i] = Mean[i] + (_sqrtAlpha[i] * u[i]);
                }
            }
            else
            {
                for (int i = 0; i < _n; i++)
                {
                    double v = Mean[i];
                    for (int j = 0; j <= i; j++)
                    {
                        v += _l[(i * _n) + j] * u[j];
                    }

                    theta[i] = v;
                }
            }
        }
        else
        {
            // v = u + Q (L − I) Qᵀ u, θ = μ + α^{1/2} ∘ v.
            Span<double> w = _work.AsSpan(0, _rank);
            Span<double> lw = _work.AsSpan(_rank, _rank);
            for (int c = 0; c < _rank; c++)
            {
                w[c] = TensorPrimitives.Dot(_q.AsSpan(c * _n, _n), u);
            }

            for (int a = 0; a < _rank; a++)
            {
                double sum = -w[a];
                for (int b = 0; b <= a; b++)
                {
                    sum += _l![(a * _rank) + b] * w[b];
                }

                lw[a] = sum;
            }

            u.CopyTo(theta);
            for (int c = 0; c < _rank; c++)
            {
                TensorPrimitives.MultiplyAdd(_q.AsSpan(c * _n, _n), lw[c], theta, theta);
            }

            TensorPrimitives.Multiply(theta, _sqrtAlpha, theta);
            TensorPrimitives.Add(theta, Mean, theta);
        }

        return -0.5 * (LogDeterminant + uu + (_n * Log2Pi));
    }

    /// <summary>Σ v (for tests: the compact form against explicit BFGS updates).</summary>
    internal static double[] Apply(ReadOnlySpan<double> alpha, IReadOnlyList<double[]> s, IReadOnlyList<double[]> y, ReadOnlySpan<double> v)
    {
        int n = alpha.Length;
        int m = s.Count;
        int k = 2 * m;
        double[] gamma = Gamma(alpha, s, y) ?? throw new ArgumentException("The pairs' R is singular.");
        var bv = new double[k];
        for (int j = 0; j < m; j++)
        {
            bv[j] = TensorPrimitives.Dot(s[j], v);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += alpha[i] * y[j][i] * v[i];
            }

            bv[m + j] = sum;
        }

        var gbv = new double[k];
        MultiplyRowMajor(gamma, k, bv, gbv);
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            double value = alpha[i] * v[i];
            for (int j = 0; j < m; j++)
            {
                value += (gbv[j] * s[j][i]) + (gbv[m + j] * alpha[i] * y[j][i]);
            }

            result[i] = value;
        }

        return result;
    }

    /// <summary>γ (2m × 2m, row-major) of the compact form with β = [S, diag(α) Y]; null when R is singular.</summary>
    private static double[]? Gamma(ReadOnlySpan<double> alpha, IReadOnlyList<double[]> s, IReadOnlyList<double[]> y)
    {
        int m = s.Count;
        int k = 2 * m;
        var gamma = new double[k * k];
        if (m == 0)
        {
            return gamma;
        }

        // R (upper, Rᵢⱼ = sᵢᵀyⱼ for i ≤ j) and its inverse by back substitution; D + Yᵀ diag(α) Y.
        var rInv = new double[m * m];
        var rMat = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            for (int j = i; j < m; j++)
            {
                rMat[(i * m) + j] = TensorPrimitives.Dot(s[i], y[j]);
            }

            if (!(rMat[(i * m) + i] > 0))
            {
                return null;
            }
        }

        for (int j = 0; j < m; j++)
        {
            for (int i = j; i >= 0; i--)
            {
                double v = i == j ? 1 : 0;
                for (int l = i + 1; l <= j; l++)
                {
                    v -= rMat[(i * m) + l] * rInv[(l * m) + j];
                }

                rInv[(i * m) + j] = v / rMat[(i * m) + i];
            }
        }

        var middle = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double v = 0;
                for (int a = 0; a < alpha.Length; a++)
                {
                    v += y[i][a] * alpha[a] * y[j][a];
                }

                if (i == j)
                {
                    v += rMat[(i * m) + i];
                }

                middle[(i * m) + j] = v;
                middle[(j * m) + i] = v;
            }
        }

        // γ₁₁ = R⁻ᵀ M R⁻¹, γ₁₂ = −R⁻ᵀ, γ₂₁ = −R⁻¹, γ₂₂ = 0.
        var mr = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double v = 0;
                for (int l = 0; l < m; l++)
                {
                    v += middle[(i * m) + l] * rInv[(l * m) + j];
                }

                mr[(i * m) + j] = v;
            }
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double v = 0;
                for (int l = 0; l < m; l++)
                {
                    v += rInv[(l * m) + i] * mr[(l * m) + j];
                }

                gamma[(i * k) + j] = v;
                gamma[(i * k) + m + j] = -rInv[(j * m) + i];
                gamma[((m + i) * k) + j] = -rInv[(i * m) + j];
            }
        }

        return gamma;
    }

    private static void MultiplyRowMajor(double[] matrix, int k, ReadOnlySpan<double> v, Span<double> result)
    {
        for (int i = 0; i < k; i++)
        {
            result[i] = TensorPrimitives.Dot(matrix.AsSpan(i * k, k), v);
        }
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
