using ModelGen.Inference;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>log p(θ) and its gradient in one call.</summary>
public delegate double LogDensityGradientFunction(ReadOnlySpan<double> theta, Span<double> gradient);

/// <summary>A hand-written <see cref="ILogDensity{T}"/> over a delegate: the runtime's drivers without a generated model.</summary>
public readonly struct FunctionDensity(int dimension, LogDensityGradientFunction function, string? dataIdentity = null) : ILogDensity<double>
{
    public int Dimension => dimension;

    /// <summary>What names the density's data, for checkpoints; null (the runtime's default) when not given.</summary>
    public string? DataIdentity => dataIdentity;

    public double LogDensity(ReadOnlySpan<double> theta)
    {
        Span<double> scratch = stackalloc double[dimension];
        return function(theta, scratch);
    }

    public void Gradient(ReadOnlySpan<double> theta, Span<double> gradient) => function(theta, gradient);

    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient) => function(theta, gradient);

    public bool NextBatch() => true;
}

/// <summary>
/// A normalised 2-D Gaussian with means (1, −2), sds (1, 3) and correlation 0.95: a narrow diagonal ridge a diagonal
/// metric cannot remove, with every marginal, the correlation and log Z = 0 known exactly.
/// </summary>
public static class CorrelatedGaussian
{
    public const double Mean0 = 1, Mean1 = -2, Sd0 = 1, Sd1 = 3, Rho = 0.95;

    public static FunctionDensity Density() => new(2, static (theta, gradient) =>
    {
        const double det = 1 - (Rho * Rho);
        double a = (theta[0] - Mean0) / Sd0;
        double b = (theta[1] - Mean1) / Sd1;
        double quad = ((a * a) - (2 * Rho * a * b) + (b * b)) / det;
        gradient[0] = -((a - (Rho * b)) / det) / Sd0;
        gradient[1] = -((b - (Rho * a)) / det) / Sd1;
        return (-0.5 * quad) - Math.Log(2 * Math.PI * Sd0 * Sd1 * Math.Sqrt(det));
    });
}

/// <summary>An identity-constrained model of one flat block, for <see cref="Advi.Fit{TDensity, T}"/>'s layout and draws.</summary>
public sealed class FlatModel(string name, int dimension) : IModel<double>
{
    public ModelInfo Info { get; } = new(name, "double", [new ParameterBlock("Theta", 0, new EquatableShape(dimension), "hand-written")]);

    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> constrained) => unconstrained.CopyTo(constrained);
}

/// <summary>
/// Bayesian linear regression with known noise: y = Xβ + N(0, σ²), β ~ N(0, τ² I), written by hand through its
/// sufficient statistics: log p(β, y) = −(βᵀXᵀXβ − 2βᵀXᵀy + yᵀy)/(2σ²) − |β|²/(2τ²) + constants. Its posterior is
/// exactly Gaussian with precision Λ = XᵀX/σ² + I/τ² and mean Λ⁻¹Xᵀy/σ².
/// </summary>
public sealed class Regression
{
    private readonly double[,] _xx;
    private readonly double[] _xy;
    private readonly double _yy;
    private readonly double _constant;

    /// <summary>
    /// Simulates <paramref name="rows"/> rows with an intercept and two predictors of correlation
    /// <paramref name="designCorrelation"/>, then keeps only the sufficient statistics.
    /// </summary>
    public Regression(int rows, double designCorrelation, double[] beta, double sigma, double tau, ulong seed)
    {
        Dimension = beta.Length;
        Sigma = sigma;
        Tau = tau;
        int d = Dimension;
        _xx = new double[d, d];
        _xy = new double[d];
        Predictors = new double[rows, 2];
        Outcomes = new double[rows];
        var rng = new Random.Rng(seed);
        var row = new double[d];
        for (int r = 0; r < rows; r++)
        {
            double z0 = rng.NextNormal();
            double z1 = (designCorrelation * z0) + (Math.Sqrt(1 - (designCorrelation * designCorrelation)) * rng.NextNormal());
            row[0] = z0;
            row[1] = z1;
            for (int j = 2; j < d; j++)
            {
                row[j] = 1;
            }

            double y = sigma * rng.NextNormal();
            for (int j = 0; j < d; j++)
            {
                y += row[j] * beta[j];
            }

            (Predictors[r, 0], Predictors[r, 1], Outcomes[r]) = (z0, z1, y);

            _yy += y * y;
            for (int i = 0; i < d; i++)
            {
                _xy[i] += row[i] * y;
                for (int j = 0; j < d; j++)
                {
                    _xx[i, j] += row[i] * row[j];
                }
            }
        }

        _constant = (-rows * (Math.Log(sigma) + (0.5 * Math.Log(2 * Math.PI)))) - (d * (Math.Log(tau) + (0.5 * Math.Log(2 * Math.PI))));
    }

    public int Dimension { get; }

    /// <summary>The two predictors, rows × 2 (the intercept's column of ones is implicit).</summary>
    public double[,] Predictors { get; }

    public double[] Outcomes { get; }

    public double Sigma { get; }

    public double Tau { get; }

    /// <summary>Λ = XᵀX/σ² + I/τ².</summary>
    public double[,] PosteriorPrecision()
    {
        int d = Dimension;
        var precision = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                precision[i, j] = _xx[i, j] / (Sigma * Sigma);
            }

            precision[i, i] += 1 / (Tau * Tau);
        }

        return precision;
    }

    /// <summary>Λ⁻¹Xᵀy/σ², by a linear solve.</summary>
    public double[] PosteriorMean() => LinearAlgebra.Solve(PosteriorPrecision(), _xy.Select(v => v / (Sigma * Sigma)).ToArray());

    /// <summary>Λ⁻¹, column by column.</summary>
    public double[,] PosteriorCovariance() => LinearAlgebra.Inverse(PosteriorPrecision());

    public FunctionDensity Density() => new(Dimension, LogDensityGradient, $"correlated regression, {Outcomes.Length} rows, σ = {Sigma}, τ = {Tau}");

    private double LogDensityGradient(ReadOnlySpan<double> beta, Span<double> gradient)
    {
        int d = Dimension;
        double quadratic = _yy;
        double prior = 0;
        for (int i = 0; i < d; i++)
        {
            double xxBeta = 0;
            for (int j = 0; j < d; j++)
            {
                xxBeta += _xx[i, j] * beta[j];
            }

            quadratic += (beta[i] * xxBeta) - (2 * beta[i] * _xy[i]);
            prior += beta[i] * beta[i];
            gradient[i] = ((_xy[i] - xxBeta) / (Sigma * Sigma)) - (beta[i] / (Tau * Tau));
        }

        return (-quadratic / (2 * Sigma * Sigma)) - (prior / (2 * Tau * Tau)) + _constant;
    }
}

/// <summary>Small dense linear algebra for the tests' exact answers.</summary>
public static class LinearAlgebra
{
    /// <summary>Solves A x = b by Gaussian elimination with partial pivoting.</summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++)
            {
                pivot = Math.Abs(m[i, k]) > Math.Abs(m[pivot, k]) ? i : pivot;
            }

            for (int j = 0; j < n; j++)
            {
                (m[k, j], m[pivot, j]) = (m[pivot, j], m[k, j]);
            }

            (v[k], v[pivot]) = (v[pivot], v[k]);
            for (int i = k + 1; i < n; i++)
            {
                double f = m[i, k] / m[k, k];
                for (int j = k; j < n; j++)
                {
                    m[i, j] -= f * m[k, j];
                }

                v[i] -= f * v[k];
            }
        }

        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = v[i];
            for (int j = i + 1; j < n; j++)
            {
                s -= m[i, j] * x[j];
            }

            x[i] = s / m[i, i];
        }

        return x;
    }

    public static double[,] Inverse(double[,] a)
    {
        int n = a.GetLength(0);
        var inverse = new double[n, n];
        for (int c = 0; c < n; c++)
        {
            var e = new double[n];
            e[c] = 1;
            double[] column = Solve(a, e);
            for (int r = 0; r < n; r++)
            {
                inverse[r, c] = column[r];
            }
        }

        return inverse;
    }
}
