using System.Globalization;
using System.Numerics;

namespace ModelGen.Constraints;

/// <summary>Argument checks shared by the vector and matrix constraint transforms.</summary>
internal static class Shapes
{
    /// <summary>The unconstrained span has the length the constrained shape needs.</summary>
    public static void Check(int unconstrained, int constrained, int freeSize, string transform)
    {
        if (unconstrained != freeSize)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{transform}: {constrained} constrained values take {freeSize} unconstrained ones, not {unconstrained}."));
        }
    }

    /// <summary>Two spans that must be as long as each other are.</summary>
    public static void Check(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{name}' has {length} elements; {expected} are needed."), name);
        }
    }

    /// <summary>The side K of a K × K matrix stored row-major in a span of <paramref name="length"/> elements.</summary>
    public static int Side(int length, string transform)
    {
        int side = (int)Math.Round(Math.Sqrt(length));
        if (side * side != length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{transform}: a K × K matrix is stored row-major in K² values; {length} is not a square."));
        }

        return side;
    }

    /// <summary>
    /// A Cholesky factor stored row-major in side² values is finite, lower-triangular and has a positive diagonal.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is not; the message names it by row and column.</exception>
    public static void CheckCholeskyFactor<T>(ReadOnlySpan<T> l, int side, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                T v = l[(i * side) + j];
                bool valid = j < i ? T.IsFinite(v) : j == i ? T.IsFinite(v) && v > T.Zero : v == T.Zero;
                if (!valid)
                {
                    string rule = j < i ? "finite" : j == i ? "finite and positive (the diagonal)" : "0 (above the diagonal)";
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{i}, {j}] = {v} must be {rule}: a Cholesky factor is lower-triangular with a positive diagonal."), name);
                }
            }
        }
    }
}
