using ModelGen.Constraints;
using ModelGen.Random;

namespace ModelGen.Runtime.Tests.Constraints;

/// <summary>
/// Stan's constraint kinds for vectors and matrices (ordered, positive ordered, simplex, unit vector, Cholesky factors
/// of a correlation and of a covariance matrix): every log-Jacobian against log |det| of the Jacobian matrix taken by
/// central differences of the transform and its determinant by LU decomposition, both written here; every reverse
/// pass against central differences of Σ w·x(u) + log |J(u)|; the inverse against the forward; the constraint itself;
/// closed forms at chosen points; and clear errors for values outside the constraint.
/// </summary>
public sealed class ShapeTransformTests
{
    private delegate double Constrain(ReadOnlySpan<double> u, Span<double> x);

    private delegate void Reverse(ReadOnlySpan<double> u, ReadOnlySpan<double> x, ReadOnlySpan<double> xBar, Span<double> uBar);

    private delegate void Unconstrain(ReadOnlySpan<double> x, Span<double> u, string name);

    /// <summary>
    /// A kind: its free size for a size, its constrained length, and which constrained entries the log-Jacobian is of
    /// (the free coordinates of x: all of them for square maps, the first K − 1 of a simplex, the entries below or on
    /// the diagonal of a factor).
    /// </summary>
    private sealed record Kind(string Name, Func<int, int> FreeSize, Func<int, int> Length, Func<int, int[]> Coordinates, Constrain Forward, Reverse Backward, Unconstrain Inverse, bool HasJacobian = true);

    private static readonly Kind[] s_kinds =
    [
        new("Ordered", Ordered.FreeSize, k => k, k => Enumerable.Range(0, k).ToArray(), Ordered.Constrain, Ordered.Reverse, Ordered.Unconstrain),
        new("PositiveOrdered", PositiveOrdered.FreeSize, k => k, k => Enumerable.Range(0, k).ToArray(), PositiveOrdered.Constrain, PositiveOrdered.Reverse, PositiveOrdered.Unconstrain),
        new("Simplex", Simplex.FreeSize, k => k, k => Enumerable.Range(0, k - 1).ToArray(), Simplex.Constrain, Simplex.Reverse, Simplex.Unconstrain),
        new("UnitVector", UnitVector.FreeSize, k => k, k => Enumerable.Range(0, k).ToArray(), UnitVector.Constrain, UnitVector.Reverse, UnitVector.Unconstrain, HasJacobian: false),
        new("CholeskyCorrelation", CholeskyCorrelation.FreeSize, k => k * k, StrictlyLower, CholeskyCorrelation.Constrain, CholeskyCorrelation.Reverse, CholeskyCorrelation.Unconstrain),
        new("CholeskyCovariance", CholeskyCovariance.FreeSize, k => k * k, LowerWithDiagonal, CholeskyCovariance.Constrain, CholeskyCovariance.Reverse, CholeskyCovariance.Unconstrain),

        // SimplexRows of size k: a 3 × k matrix, each row a simplex; its free coordinates the first k − 1 of each row.
        new("SimplexRows", k => SimplexRows.FreeSize(SimplexRowCount, k), k => SimplexRowCount * k, k => Enumerable.Range(0, SimplexRowCount).SelectMany(r => Enumerable.Range(r * k, k - 1)).ToArray(), (u, x) => SimplexRows.Constrain(u, x, x.Length / SimplexRowCount), (u, x, xBar, uBar) => SimplexRows.Reverse(u, x, xBar, uBar, x.Length / SimplexRowCount), (x, u, name) => SimplexRows.Unconstrain(x, u, x.Length / SimplexRowCount, name)),
    ];

    private const int SimplexRowCount = 3;

    public static TheoryData<string, int> KindsAndSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (Kind kind in s_kinds)
        {
            foreach (int size in new[] { 1, 2, 3, 5 })
            {
                data.Add(kind.Name, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndSizes))]
    public void Log_jacobian_is_log_det_of_the_finite_difference_jacobian(string name, int size)
    {
        Kind kind = s_kinds.Single(k => k.Name == name);
        if (!kind.HasJacobian)
        {
            return; // the unit vector adds −½‖u‖² instead: Unit_vector_adds_minus_half_the_squared_norm
        }

        int free = kind.FreeSize(size);
        int[] coordinates = kind.Coordinates(size);
        Assert.Equal(free, coordinates.Length);
        foreach (double[] u in Points(free, seed: (ulong)(size * 31 + name.Length)))
        {
            double logJacobian = kind.Forward(u, new double[kind.Length(size)]);
            var jacobian = new double[free, free];
            for (int c = 0; c < free; c++)
            {
                double h = 1e-6 * Math.Max(1, Math.Abs(u[c]));
                double[] plus = Evaluate(kind, size, u, c, +h), minus = Evaluate(kind, size, u, c, -h);
                for (int r = 0; r < free; r++)
                {
                    jacobian[r, c] = (plus[coordinates[r]] - minus[coordinates[r]]) / (2 * h);
                }
            }

            double expected = LogAbsDeterminant(jacobian);
            Assert.True(Math.Abs(logJacobian - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{name}[{size}] at u = ({string.Join(", ", u.Select(v => v.ToString("G4")))}): log |J| {logJacobian} against log |det| of the differenced Jacobian {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndSizes))]
    public void Reverse_pass_is_the_gradient_of_weighted_values_plus_log_jacobian(string name, int size)
    {
        Kind kind = s_kinds.Single(k => k.Name == name);
        int free = kind.FreeSize(size), length = kind.Length(size);
        var rng = new Rng((ulong)(size * 7 + name.Length));
        foreach (double[] u in Points(free, seed: (ulong)(size * 13 + name.Length)))
        {
            double[] weights = Enumerable.Range(0, length).Select(_ => rng.NextNormal()).ToArray();
            double Objective(double[] at)
            {
                var x = new double[length];
                double logJacobian = kind.Forward(at, x);
                return x.Zip(weights, (a, b) => a * b).Sum() + logJacobian;
            }

            var xAt = new double[length];
            kind.Forward(u, xAt);
            var uBar = new double[free];
            kind.Backward(u, xAt, weights, uBar);
            for (int c = 0; c < free; c++)
            {
                double h = 1e-6 * Math.Max(1, Math.Abs(u[c]));
                double[] plus = (double[])u.Clone(), minus = (double[])u.Clone();
                plus[c] += h;
                minus[c] -= h;
                double expected = (Objective(plus) - Objective(minus)) / (2 * h);
                Assert.True(Math.Abs(uBar[c] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{name}[{size}] ∂/∂u[{c}]: reverse {uBar[c]}, central difference {expected}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndSizes))]
    public void Values_meet_the_constraint_and_the_inverse_gives_u_back(string name, int size)
    {
        Kind kind = s_kinds.Single(k => k.Name == name);
        int free = kind.FreeSize(size), length = kind.Length(size);
        foreach (double[] u in Points(free, seed: (ulong)(size * 17 + name.Length)))
        {
            var x = new double[length];
            kind.Forward(u, x);
            AssertMeetsConstraint(name, size, x);
            var back = new double[free];
            kind.Inverse(x, back, "x");
            double[] expected = name == "UnitVector" ? x : u; // a unit vector's u is the point itself: u and cu map alike
            var again = new double[length];
            kind.Forward(back, again);
            for (int i = 0; i < length; i++)
            {
                Assert.True(Math.Abs(again[i] - x[i]) <= 1e-10 * Math.Max(1, Math.Abs(x[i])), $"{name}[{size}] x[{i}] = {x[i]} came back as {again[i]}");
            }

            // u itself to 1e-6: where a partial correlation is within 1e-5 of ±1, tanh has already lost u's last digits.
            for (int i = 0; i < free; i++)
            {
                Assert.True(Math.Abs(back[i] - expected[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])), $"{name}[{size}] u[{i}] = {expected[i]} came back as {back[i]}");
            }
        }
    }

    [Fact]
    public void Closed_forms_at_chosen_points()
    {
        // Ordered: x₁ = u₁, x₂ = u₁ + e^{u₂}, x₃ = x₂ + e^{u₃}; log J = u₂ + u₃.
        var x = new double[3];
        Assert.Equal(-0.2 + 1.2, Ordered.Constrain([0.7, -0.2, 1.2], x), 12);
        Assert.Equal([0.7, 0.7 + Math.Exp(-0.2), 0.7 + Math.Exp(-0.2) + Math.Exp(1.2)], x);

        // Simplex at u = 0 is the uniform simplex (the offset's purpose), for every K.
        foreach (int k in new[] { 1, 2, 4, 9 })
        {
            var s = new double[k];
            Simplex.Constrain(new double[k - 1], s);
            Assert.All(s, v => Assert.Equal(1.0 / k, v, 14));
        }

        // Simplex, K = 2: x₀ = σ(u), log J = log σ(u) + log(1 − σ(u)).
        var two = new double[2];
        double sigma = 1 / (1 + Math.Exp(-0.9));
        Assert.Equal(Math.Log(sigma) + Math.Log(1 - sigma), Simplex.Constrain([0.9], two), 12);
        Assert.Equal(sigma, two[0], 14);

        // Simplex rows, 2 × 2: row r is (σ(u_r), 1 − σ(u_r)), log J the rows' sum.
        var rows = new double[4];
        double sigma2 = 1 / (1 + Math.Exp(0.4));
        Assert.Equal(Math.Log(sigma) + Math.Log(1 - sigma) + Math.Log(sigma2) + Math.Log(1 - sigma2), SimplexRows.Constrain([0.9, -0.4], rows, 2), 12);
        Assert.Equal(sigma, rows[0], 14);
        Assert.Equal(1 - sigma, rows[1], 14);
        Assert.Equal(sigma2, rows[2], 14);
        Assert.Equal(1 - sigma2, rows[3], 14);

        // Cholesky factor of a 2 × 2 correlation: L = [[1, 0], [tanh u, sech u]], log J = log(1 − tanh² u).
        var l = new double[4];
        double t = Math.Tanh(-1.3);
        Assert.Equal(Math.Log(1 - t * t), CholeskyCorrelation.Constrain([-1.3], l), 12);
        Assert.Equal(1.0, l[0]);
        Assert.Equal(0.0, l[1]);
        Assert.Equal(t, l[2], 14);
        Assert.Equal(1 / Math.Cosh(-1.3), l[3], 14);

        // Cholesky factor of a covariance: off-diagonal as is, diagonal exp; log J = sum of the diagonal's u.
        var c = new double[4];
        Assert.Equal(0.3 - 0.8, CholeskyCovariance.Constrain([0.3, 2.5, -0.8], c), 14);
        Assert.Equal([Math.Exp(0.3), 0, 2.5, Math.Exp(-0.8)], c);
    }

    [Fact]
    public void Unit_vector_adds_minus_half_the_squared_norm_and_rejects_the_origin()
    {
        var x = new double[3];
        Assert.Equal(-0.5 * (9 + 16 + 144), UnitVector.Constrain([3, 4, 12], x), 12);
        Assert.Equal([3 / 13.0, 4 / 13.0, 12 / 13.0], x);
        Assert.Equal(double.NegativeInfinity, UnitVector.Constrain([0, 0, 0], x));
        Assert.All(x, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Large_unconstrained_values_stay_finite_and_inside_the_constraint()
    {
        var x = new double[4];
        double logJacobian = Simplex.Constrain([40, -40, 30], x);
        Assert.True(double.IsFinite(logJacobian), $"log J {logJacobian}");
        Assert.All(x, v => Assert.True(v >= 0 && double.IsFinite(v)));
        Assert.Equal(1.0, x.Sum(), 12);

        var l = new double[9];
        logJacobian = CholeskyCorrelation.Constrain([25, -25, 30], l);
        Assert.True(double.IsFinite(logJacobian), $"log J {logJacobian}");
        Assert.All(l, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Values_outside_the_constraint_are_refused_naming_the_element()
    {
        var u3 = new double[3];
        Assert.Contains("Means[2] = 1", Assert.Throws<ArgumentException>(() => Ordered.Unconstrain([0.0, 1.5, 1.0], u3, "Means")).Message, StringComparison.Ordinal);
        Assert.Contains("Scales[0] = -1", Assert.Throws<ArgumentException>(() => PositiveOrdered.Unconstrain([-1.0, 1.0, 2.0], u3, "Scales")).Message, StringComparison.Ordinal);
        var u2 = new double[2];
        Assert.Contains("sum to 1.1", Assert.Throws<ArgumentException>(() => Simplex.Unconstrain([0.5, 0.3, 0.3], u2, "Weights")).Message, StringComparison.Ordinal);
        Assert.Contains("Weights[1] = 0", Assert.Throws<ArgumentException>(() => Simplex.Unconstrain([1.0, 0.0, 0.0], u2, "Weights")).Message, StringComparison.Ordinal);
        Assert.Contains("Direction has squared norm 4", Assert.Throws<ArgumentException>(() => UnitVector.Unconstrain([2.0, 0.0, 0.0], u3, "Direction")).Message, StringComparison.Ordinal);
        var u1 = new double[1];
        Assert.Contains("LOmega[0, 1] = 0.5", Assert.Throws<ArgumentException>(() => CholeskyCorrelation.Unconstrain([1.0, 0.5, 0.0, 1.0], u1, "LOmega")).Message, StringComparison.Ordinal);
        Assert.Contains("Row 1 of LOmega", Assert.Throws<ArgumentException>(() => CholeskyCorrelation.Unconstrain([1.0, 0.0, 0.5, 0.5], u1, "LOmega")).Message, StringComparison.Ordinal);
        Assert.Contains("L[1, 1] = -2", Assert.Throws<ArgumentException>(() => CholeskyCovariance.Unconstrain([1.0, 0.0, 0.5, -2.0], u3, "L")).Message, StringComparison.Ordinal);
        Assert.Contains("take 2 unconstrained ones, not 3", Assert.Throws<ArgumentException>(() => Simplex.Constrain(new double[3], new double[3])).Message, StringComparison.Ordinal);
        var u4 = new double[4];
        Assert.Contains("Phi[1][2] = 0", Assert.Throws<ArgumentException>(() => SimplexRows.Unconstrain([0.2, 0.3, 0.5, 0.5, 0.5, 0.0], u4, 3, "Phi")).Message, StringComparison.Ordinal);
        Assert.Contains("are not whole rows of 4", Assert.Throws<ArgumentException>(() => SimplexRows.Constrain(new double[4], new double[6], 4)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float_agrees_with_double()
    {
        float[] uf = [0.4f, -1.1f, 0.25f];
        double[] ud = Array.ConvertAll(uf, v => (double)v);
        var xf = new float[4];
        var xd = new double[4];
        Assert.Equal(Simplex.Constrain(ud, xd), Simplex.Constrain<float>(uf, xf), 5);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(xd[i], xf[i], 5);
        }

        var lf = new float[9];
        var ld = new double[9];
        Assert.Equal(CholeskyCorrelation.Constrain(ud, ld), CholeskyCorrelation.Constrain<float>(uf, lf), 4);
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(ld[i], lf[i], 5);
        }
    }

    private static double[] Evaluate(Kind kind, int size, double[] u, int coordinate, double step)
    {
        double[] at = (double[])u.Clone();
        at[coordinate] += step;
        var x = new double[kind.Length(size)];
        kind.Forward(at, x);
        return x;
    }

    /// <summary>Random points, from near 0 to a few units out, and one with a large coordinate.</summary>
    private static IEnumerable<double[]> Points(int free, ulong seed)
    {
        var rng = new Rng(seed);
        foreach (double scale in new[] { 0.1, 1.0, 2.5 })
        {
            yield return Enumerable.Range(0, free).Select(_ => scale * rng.NextNormal()).ToArray();
        }

        if (free > 0)
        {
            double[] far = Enumerable.Range(0, free).Select(_ => 0.5 * rng.NextNormal()).ToArray();
            far[free - 1] = 6;
            yield return far;
        }
    }

    private static void AssertMeetsConstraint(string name, int size, double[] x)
    {
        const double Tolerance = 1e-12;
        switch (name)
        {
            case "Ordered":
                for (int k = 1; k < size; k++)
                {
                    Assert.True(x[k] > x[k - 1], $"x[{k}] = {x[k]} ≤ x[{k - 1}] = {x[k - 1]}");
                }

                break;
            case "PositiveOrdered":
                Assert.True(x[0] > 0);
                goto case "Ordered";
            case "Simplex":
                Assert.All(x, v => Assert.True(v > 0));
                Assert.Equal(1.0, x.Sum(), 12);
                break;
            case "SimplexRows":
                for (int r = 0; r < SimplexRowCount; r++)
                {
                    AssertMeetsConstraint("Simplex", size, x.AsSpan(r * size, size).ToArray());
                }

                break;
            case "UnitVector":
                Assert.Equal(1.0, x.Sum(v => v * v), 12);
                break;
            case "CholeskyCorrelation":
            case "CholeskyCovariance":
                for (int i = 0; i < size; i++)
                {
                    Assert.True(x[(i * size) + i] > 0, $"diagonal {i}");
                    for (int j = i + 1; j < size; j++)
                    {
                        Assert.Equal(0.0, x[(i * size) + j]);
                    }

                    if (name == "CholeskyCorrelation")
                    {
                        // L Lᵀ has a unit diagonal: each row has length 1.
                        double squares = 0;
                        for (int j = 0; j <= i; j++)
                        {
                            squares += x[(i * size) + j] * x[(i * size) + j];
                        }

                        Assert.True(Math.Abs(squares - 1) <= Tolerance * 10, $"row {i} has squared length {squares}");
                    }
                }

                break;
        }
    }

    private static int[] StrictlyLower(int side) =>
        [.. from i in Enumerable.Range(0, side) from j in Enumerable.Range(0, i) select (i * side) + j];

    private static int[] LowerWithDiagonal(int side) =>
        [.. from i in Enumerable.Range(0, side) from j in Enumerable.Range(0, i + 1) select (i * side) + j];

    /// <summary>log |det A| by LU decomposition with partial pivoting (0 × 0: log 1 = 0).</summary>
    private static double LogAbsDeterminant(double[,] a)
    {
        int n = a.GetLength(0);
        var m = (double[,])a.Clone();
        double logDet = 0;
        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c]))
                {
                    pivot = r;
                }
            }

            for (int k = 0; k < n; k++)
            {
                (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
            }

            logDet += Math.Log(Math.Abs(m[c, c]));
            for (int r = c + 1; r < n; r++)
            {
                double f = m[r, c] / m[c, c];
                for (int k = c; k < n; k++)
                {
                    m[r, k] -= f * m[c, k];
                }
            }
        }

        return logDet;
    }
}
