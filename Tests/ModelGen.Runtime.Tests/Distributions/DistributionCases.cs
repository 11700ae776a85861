using ModelGen.Distributions;

namespace ModelGen.Runtime.Tests.Distributions;

internal delegate double GradientD(double[] a, double[] g);

internal delegate float GradientF(float[] a, float[] g);

/// <summary>
/// One distribution under test. Arguments are arrays [x, arg₁, arg₂, …] in the order of the runtime's signatures.
/// <see cref="Terms"/> is the independent reference: the closed-form log density as a list of addends written out
/// here (log Γ from <see cref="SpecialFunctions"/>, itself checked against closed forms), so a test can scale its
/// tolerance to Σ|terms|, the size of the numbers whose roundings the result carries.
/// </summary>
internal sealed class DistributionCase
{
    public required string Name { get; init; }

    public required Func<double[], double> Value { get; init; }

    public required GradientD Gradient { get; init; }

    public required Func<float[], float> ValueF { get; init; }

    public required GradientF GradientF { get; init; }

    public required Func<double[], double[]> Terms { get; init; }

    /// <summary>The scale of argument i for a finite-difference step that stays inside the support; 0 skips it.</summary>
    public required Func<double[], int, double> StepScale { get; init; }

    /// <summary>∫ exp(log density(x, args)) dx over the support, args taken from a[1..].</summary>
    public required Func<double[], Func<double, double>, double> Integrate { get; init; }

    public required double[][] Points { get; init; }

    public required double[][] Outside { get; init; }

    public required double[][] Normalisation { get; init; }

    public override string ToString() => Name;

    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private static double Lg(double x) => SpecialFunctions.LogGamma(x);

    /// <summary>Scale for an argument on the real line: steps of cbrt(ε)·max(1, |a|).</summary>
    private static double RealScale(double a) => Math.Max(1, Math.Abs(a));

    /// <summary>Scales where argument 0 is x and the indices in <paramref name="positive"/> must stay &gt; 0 (relative steps).</summary>
    private static Func<double[], int, double> Scales(params int[] positive)
        => (a, i) => positive.Contains(i) ? Math.Abs(a[i]) : RealScale(a[i]);

    /// <summary>
    /// Scales for a location-scale family: x and the location vary the density on the scale max(scale, |x − location|)
    /// (that is, σ·max(1, |z|)); the scale and the indices in <paramref name="positive"/> take relative steps.
    /// </summary>
    private static Func<double[], int, double> LocationScale(int location, int scale, params int[] positive)
        => (a, i) => i == 0 || i == location ? Math.Max(a[scale], Math.Abs(a[0] - a[location]))
            : i == scale || positive.Contains(i) ? Math.Abs(a[i]) : RealScale(a[i]);

    private static double[] StudentTerms(double x, double nu, double mu, double sigma)
    {
        double z = (x - mu) / sigma;
        double r = z * z / nu;
        double log1p = double.IsFinite(r) ? Exact.Log1P(r) : (2 * Math.Log(Math.Abs(z))) - Math.Log(nu);
        return [Lg((nu + 1) / 2), -Lg(nu / 2), -0.5 * Math.Log(nu * Math.PI), -Math.Log(sigma), -(nu + 1) / 2 * log1p];
    }

    private static double[] CauchyTerms(double x, double alpha, double beta)
    {
        // log(β π (1 + z²))⁻¹, with 1 + z² ≈ z² once z² overflows
        double z = (x - alpha) / beta;
        double z2 = z * z;
        return [-Math.Log(Math.PI), -Math.Log(beta), double.IsFinite(z2) ? -Exact.Log1P(z2) : -2 * Math.Log(Math.Abs(z))];
    }

    public static readonly DistributionCase[] All =
    [
        new()
        {
            Name = nameof(Normal),
            Value = a => Normal.LogDensity(a[0], a[1], a[2]),
            Gradient = (a, g) => Normal.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            ValueF = a => Normal.LogDensity(a[0], a[1], a[2]),
            GradientF = (a, g) => Normal.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            // −½ log(2πσ²) − (x − μ)²/(2σ²)
            Terms = a => [-HalfLog2Pi, -Math.Log(a[2]), -(a[0] - a[1]) * (a[0] - a[1]) / (2 * a[2] * a[2])],
            StepScale = LocationScale(1, 2),
            Integrate = (a, f) => Quadrature.Real(a[1], f),
            Points = [[0, 0, 1], [1.5, -0.3, 2], [-40, 3, 0.5], [1e10, 0, 1], [2e-3, 1e-3, 1e-8], [0.5, 0, 1e-100], [1, 0, 1e150]],
            Outside = [],
            Normalisation = [[0, 0, 1], [0, 3, 0.2]],
        },
        new()
        {
            Name = nameof(HalfNormal),
            Value = a => HalfNormal.LogDensity(a[0], a[1]),
            Gradient = (a, g) => HalfNormal.LogDensity(a[0], a[1], ref g[0], ref g[1]),
            ValueF = a => HalfNormal.LogDensity(a[0], a[1]),
            GradientF = (a, g) => HalfNormal.LogDensity(a[0], a[1], ref g[0], ref g[1]),
            // log(√(2/π)/σ) − x²/(2σ²)
            Terms = a => [0.5 * Math.Log(2 / Math.PI), -Math.Log(a[1]), -a[0] * a[0] / (2 * a[1] * a[1])],
            StepScale = Scales(0, 1),
            Integrate = (a, f) => Quadrature.Above(0, f),
            Points = [[0, 1], [1e-300, 2], [0.7, 0.3], [25, 1.5], [1e5, 1e-3], [1, 1e100]],
            Outside = [[-1, 1], [-1e-300, 1], [double.NegativeInfinity, 1]],
            Normalisation = [[0, 1], [0, 0.01]],
        },
        new()
        {
            Name = nameof(StudentT),
            Value = a => StudentT.LogDensity(a[0], a[1], a[2], a[3]),
            Gradient = (a, g) => StudentT.LogDensity(a[0], a[1], a[2], a[3], ref g[0], ref g[1], ref g[2], ref g[3]),
            ValueF = a => StudentT.LogDensity(a[0], a[1], a[2], a[3]),
            GradientF = (a, g) => StudentT.LogDensity(a[0], a[1], a[2], a[3], ref g[0], ref g[1], ref g[2], ref g[3]),
            Terms = a => StudentTerms(a[0], a[1], a[2], a[3]),
            StepScale = LocationScale(2, 3, 1),
            Integrate = (a, f) => Quadrature.Real(a[2], f),
            Points = [[0.3, 1, 0, 1], [-2.5, 2, 0.5, 1.5], [10, 3.5, -1, 2], [1e6, 0.7, 0, 1], [0.1, 30, 0.2, 0.05], [-3, 1e4, 1, 2], [1e200, 4, 0, 1], [2, 1e-3, 0, 1]],
            Outside = [],
            Normalisation = [[0, 1, 0, 1], [0, 3.5, 2, 0.5], [0, 0.6, 0, 1]],
        },
        new()
        {
            Name = nameof(HalfStudentT),
            Value = a => HalfStudentT.LogDensity(a[0], a[1], a[2]),
            Gradient = (a, g) => HalfStudentT.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            ValueF = a => HalfStudentT.LogDensity(a[0], a[1], a[2]),
            GradientF = (a, g) => HalfStudentT.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            Terms = a => [Math.Log(2), .. StudentTerms(a[0], a[1], 0, a[2])],
            StepScale = Scales(0, 1, 2),
            Integrate = (a, f) => Quadrature.Above(0, f),
            Points = [[0, 3, 1], [1e-300, 1, 2], [0.5, 2.5, 0.7], [40, 1.2, 3], [2, 1e3, 0.5]],
            Outside = [[-1, 3, 1], [-1e-300, 1, 1]],
            Normalisation = [[0, 2, 1], [0, 0.8, 3]],
        },
        new()
        {
            Name = nameof(Cauchy),
            Value = a => Cauchy.LogDensity(a[0], a[1], a[2]),
            Gradient = (a, g) => Cauchy.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            ValueF = a => Cauchy.LogDensity(a[0], a[1], a[2]),
            GradientF = (a, g) => Cauchy.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            Terms = a => CauchyTerms(a[0], a[1], a[2]),
            StepScale = LocationScale(1, 2),
            Integrate = (a, f) => Quadrature.Real(a[1], f),
            Points = [[0, 0, 1], [3, -1, 0.5], [-1e8, 2, 3], [1e-3, 0, 1e-5], [1e200, 0, 1]],
            Outside = [],
            Normalisation = [[0, 0, 1], [0, -2, 5]],
        },
        new()
        {
            Name = nameof(HalfCauchy),
            Value = a => HalfCauchy.LogDensity(a[0], a[1]),
            Gradient = (a, g) => HalfCauchy.LogDensity(a[0], a[1], ref g[0], ref g[1]),
            ValueF = a => HalfCauchy.LogDensity(a[0], a[1]),
            GradientF = (a, g) => HalfCauchy.LogDensity(a[0], a[1], ref g[0], ref g[1]),
            Terms = a => [Math.Log(2), .. CauchyTerms(a[0], 0, a[1])],
            StepScale = Scales(0, 1),
            Integrate = (a, f) => Quadrature.Above(0, f),
            Points = [[0, 1], [1e-300, 2], [0.5, 0.1], [1e7, 3]],
            Outside = [[-1, 1], [-1e-300, 1]],
            Normalisation = [[0, 1], [0, 0.1]],
        },
        new()
        {
            Name = nameof(Laplace),
            Value = a => Laplace.LogDensity(a[0], a[1], a[2]),
            Gradient = (a, g) => Laplace.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            ValueF = a => Laplace.LogDensity(a[0], a[1], a[2]),
            GradientF = (a, g) => Laplace.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            // −log(2b) − |x − μ|/b
            Terms = a => [-Math.Log(2 * a[2]), -Math.Abs(a[0] - a[1]) / a[2]],
            // Steps in x and μ stop short of the kink at x = μ.
            StepScale = (a, i) => i == 2 ? a[2] : Math.Min(RealScale(a[i]), Math.Abs(a[0] - a[1])),
            Integrate = (a, f) => Quadrature.Real(a[1], f),
            Points = [[0.5, 0, 1], [-3, 2, 0.5], [1e8, -1, 10], [1e-12, 0, 1e-10]],
            Outside = [],
            Normalisation = [[0, 0, 1], [0, 4, 0.3]],
        },
        new()
        {
            Name = nameof(Exponential),
            Value = a => Exponential.LogDensity(a[0], a[1]),
            Gradient = (a, g) => Exponential.LogDensity(a[0], a[1], ref g[0], ref g[1]),
            ValueF = a => Exponential.LogDensity(a[0], a[1]),
            GradientF = (a, g) => Exponential.LogDensity(a[0], a[1], ref g[0], ref g[1]),
            Terms = a => [Math.Log(a[1]), -a[1] * a[0]],
            StepScale = Scales(0, 1),
            Integrate = (a, f) => Quadrature.Above(0, f),
            Points = [[0, 1], [1e-300, 3], [2.5, 0.4], [1e5, 1e-3], [7, 1e3]],
            Outside = [[-1, 1], [-1e-300, 2]],
            Normalisation = [[0, 1], [0, 25]],
        },
        new()
        {
            Name = nameof(Gamma),
            Value = a => Gamma.LogDensity(a[0], a[1], a[2]),
            Gradient = (a, g) => Gamma.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            ValueF = a => Gamma.LogDensity(a[0], a[1], a[2]),
            GradientF = (a, g) => Gamma.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            // log(βᵅ xᵅ⁻¹ e^(−βx) / Γ(α))
            Terms = a => [a[1] * Math.Log(a[2]), -Lg(a[1]), (a[1] - 1) * Math.Log(a[0]), -a[2] * a[0]],
            StepScale = Scales(0, 1, 2),
            Integrate = (a, f) => Quadrature.Above(0, f),
            Points = [[1, 1, 1], [1e-300, 2.5, 1], [1e-30, 0.5, 3], [3.3, 4.2, 0.7], [1e4, 1e3, 0.1], [0.2, 1e-3, 5], [500, 1e6, 2e3]],
            Outside = [[0, 2, 1], [-1, 2, 1], [0, 0.5, 1], [0, 1, 1]],
            Normalisation = [[0, 0.5, 2], [0, 7.5, 0.3]],
        },
        new()
        {
            Name = nameof(InverseGamma),
            Value = a => InverseGamma.LogDensity(a[0], a[1], a[2]),
            Gradient = (a, g) => InverseGamma.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            ValueF = a => InverseGamma.LogDensity(a[0], a[1], a[2]),
            GradientF = (a, g) => InverseGamma.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            // log(βᵅ x^(−α−1) e^(−β/x) / Γ(α))
            Terms = a => [a[1] * Math.Log(a[2]), -Lg(a[1]), -(a[1] + 1) * Math.Log(a[0]), -a[2] / a[0]],
            StepScale = Scales(0, 1, 2),
            Integrate = (a, f) => Quadrature.Above(0, f),
            Points = [[1, 1, 1], [1e-30, 2.5, 1e-28], [1e-300, 3, 1e-299], [2, 0.5, 3], [1e5, 4, 2]],
            Outside = [[0, 2, 1], [-1, 2, 1]],
            Normalisation = [[0, 0.7, 1], [0, 5, 12]],
        },
        new()
        {
            Name = nameof(LogNormal),
            Value = a => LogNormal.LogDensity(a[0], a[1], a[2]),
            Gradient = (a, g) => LogNormal.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            ValueF = a => LogNormal.LogDensity(a[0], a[1], a[2]),
            GradientF = (a, g) => LogNormal.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            // −log(xσ√(2π)) − (log x − μ)²/(2σ²)
            Terms = a =>
            [
                -Math.Log(a[0]), -Math.Log(a[2]), -HalfLog2Pi,
                -(Math.Log(a[0]) - a[1]) * (Math.Log(a[0]) - a[1]) / (2 * a[2] * a[2]),
            ],
            StepScale = Scales(0, 2),
            Integrate = (a, f) => Quadrature.Above(0, f),
            Points = [[1, 0, 1], [1e-300, -690, 2], [1e-30, 0, 1], [50, 3, 0.4], [1e200, 400, 30]],
            Outside = [[0, 0, 1], [-1, 0, 1]],
            Normalisation = [[0, 0, 1], [0, 2, 1.5]],
        },
        new()
        {
            Name = nameof(Beta),
            Value = a => Beta.LogDensity(a[0], a[1], a[2]),
            Gradient = (a, g) => Beta.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            ValueF = a => Beta.LogDensity(a[0], a[1], a[2]),
            GradientF = (a, g) => Beta.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            // log(xᵅ⁻¹ (1 − x)ᵝ⁻¹ Γ(α + β)/(Γ(α)Γ(β)))
            Terms = a => [(a[1] - 1) * Math.Log(a[0]), (a[2] - 1) * Exact.Log1P(-a[0]), -Lg(a[1]), -Lg(a[2]), Lg(a[1] + a[2])],
            StepScale = (a, i) => i == 0 ? Math.Min(a[0], 1 - a[0]) : a[i],
            Integrate = (a, f) => Quadrature.Between(0, 1, f),
            Points =
            [
                [0.5, 1, 1], [1e-300, 2, 3], [1e-30, 0.5, 0.5], [0.3, 2.5, 7], [1 - 1e-12, 3, 0.5],
                [1 - Math.Pow(2, -53), 0.8, 2], [0.25, 1e4, 3e4], [0.6, 1e-3, 1e-3],
            ],
            Outside = [[0, 2, 2], [1, 2, 2], [-0.5, 2, 2], [1.5, 2, 2], [0, 0.5, 0.5], [1, 0.5, 0.5]],
            Normalisation = [[0, 0.5, 0.5], [0, 2.5, 7], [0, 0.2, 3]],
        },
        new()
        {
            Name = nameof(Uniform),
            Value = a => Uniform.LogDensity(a[0], a[1], a[2]),
            Gradient = (a, g) => Uniform.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            ValueF = a => Uniform.LogDensity(a[0], a[1], a[2]),
            GradientF = (a, g) => Uniform.LogDensity(a[0], a[1], a[2], ref g[0], ref g[1], ref g[2]),
            Terms = a => [-Math.Log(a[2] - a[1])],
            // Steps stay inside lower ≤ x ≤ upper; at an edge the derivative across it is skipped.
            StepScale = (a, i) => i switch
            {
                0 => Math.Min(a[0] - a[1], a[2] - a[0]),
                1 => a[0] - a[1],
                _ => a[2] - a[0],
            },
            Integrate = (a, f) => Quadrature.Between(a[1], a[2], f),
            Points = [[0.5, 0, 1], [-3, -5, 2], [1e-10, 0, 1e-9], [-1, -1, 1], [1, -1, 1]],
            Outside = [[1.5, 0, 1], [-1e-300, 0, 1], [double.PositiveInfinity, 0, 1]],
            Normalisation = [[0, -1, 2], [0, 0, 1e-3]],
        },
    ];

    public static TheoryData<string> Names => [.. All.Select(c => c.Name)];

    public static DistributionCase Get(string name) => All.Single(c => c.Name == name);
}
