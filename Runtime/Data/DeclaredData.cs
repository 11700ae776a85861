using System.Globalization;
using System.Numerics;

namespace ModelGen.Data;

/// <summary>
/// The checks and copies a generated constructor makes of data declared by its shape (docs/terms.md, "Data"): reals
/// finite, every value within the declaration's <c>[Data(Min = …, Max = …)]</c>, sizes at least 1; a failure is a
/// <see cref="ModelDataException"/> naming the element and the position.
/// </summary>
public static class DeclaredData
{
    /// <summary>A scalar: finite, within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static T Scalar<T>(T value, double min, double max, string element, string paramName)
        where T : INumber<T>
    {
        Check(value, min, max, element, -1, -1, paramName);
        return value;
    }

    /// <summary>A copy of a vector, each value checked; <paramref name="values"/> must not be null.</summary>
    public static T[] Vector<T>(T[]? values, double min, double max, string element, string paramName)
        where T : INumber<T>
    {
        if (values is null)
        {
            throw new ModelDataException($"Data '{element}' is null; give it an array.", element, paramName: paramName);
        }

        for (int i = 0; i < values.Length; i++)
        {
            Check(values[i], min, max, element, i, -1, paramName);
        }

        return (T[])values.Clone();
    }

    /// <summary>A row-major copy of a matrix, each value checked; <paramref name="values"/> must not be null.</summary>
    public static T[] Matrix<T>(T[,]? values, double min, double max, string element, string paramName)
        where T : INumber<T>
    {
        if (values is null)
        {
            throw new ModelDataException($"Data '{element}' is null; give it a matrix.", element, paramName: paramName);
        }

        int rows = values.GetLength(0), columns = values.GetLength(1);
        var copy = new T[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                Check(values[r, c], min, max, element, r, c, paramName);
                copy[(r * columns) + c] = values[r, c];
            }
        }

        return copy;
    }

    /// <summary>A size read from data: at least 1, since the parameter it sizes has at least one value.</summary>
    public static int Size(int value, string element, string sized, string paramName) =>
        value >= 1 ? value : throw new ModelDataException(string.Create(CultureInfo.InvariantCulture, $"Data '{element}' is {value}; it sizes '{sized}', which needs at least 1."), element, paramName: paramName);

    /// <summary>A data vector <paramref name="element"/> read beside a parameter of <paramref name="expected"/> values has that many.</summary>
    public static void Length(int length, int expected, string element, string what, string paramName)
    {
        if (length != expected)
        {
            throw new ModelDataException(string.Create(CultureInfo.InvariantCulture, $"Data '{element}' has {length} values; {what} needs {expected}."), element, paramName: paramName);
        }
    }

    /// <summary>
    /// Every value of integer data that a term uses as an index (<paramref name="term"/> reads <paramref name="what"/> at it) is a
    /// position of that dimension, 0 to <paramref name="size"/> − 1.
    /// </summary>
    public static void Indices(int[] values, int size, string element, string what, string term, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 0 || values[i] >= size)
            {
                string at = values.Length == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"[{i}]");
                throw new ModelDataException(string.Create(CultureInfo.InvariantCulture, $"Data '{element}'{at} is {values[i]}; term '{term}' reads {what} at it, which has {size}, so each value must be from 0 to {size - 1} (indices are 0-based)."), element, values.Length == 1 ? -1 : i, -1, paramName);
            }
        }
    }

    /// <summary>Every value of a data vector read as concentrations (a Dirichlet's α) is positive.</summary>
    public static void Positive<T>(T[] values, string element, string paramName)
        where T : INumber<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] > T.Zero))
            {
                throw new ModelDataException(string.Create(CultureInfo.InvariantCulture, $"Data '{element}'[{i}] is {values[i]}; it is a Dirichlet prior's concentration, which must be positive."), element, i, -1, paramName);
            }
        }
    }

    private static void Check<T>(T value, double min, double max, string element, int row, int column, string paramName)
        where T : INumber<T>
    {
        double v = double.CreateTruncating(value);
        string at = row < 0 ? string.Empty : column < 0 ? string.Create(CultureInfo.InvariantCulture, $"[{row}]") : string.Create(CultureInfo.InvariantCulture, $"[{row}, {column}]");
        if (!double.IsFinite(v))
        {
            throw new ModelDataException(string.Create(CultureInfo.InvariantCulture, $"Data '{element}'{at} is {v}; it must be finite."), element, row, column, paramName);
        }

        if (v < min || v > max)
        {
            string range = double.IsNegativeInfinity(min) ? $"at most {max}" : double.IsPositiveInfinity(max) ? $"at least {min}" : $"between {min} and {max}";
            throw new ModelDataException(string.Create(CultureInfo.InvariantCulture, $"Data '{element}'{at} is {v}; [Data] says it must be {range}."), element, row, column, paramName);
        }
    }
}
