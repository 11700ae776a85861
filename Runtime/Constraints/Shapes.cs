using System.Globalization;

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
}
