using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

/// <summary>The one place numbers and strings become C# text: invariant culture, round-trip precision.</summary>
internal static class Literal
{
    /// <summary>
    /// A constant of the model's element type, e.g. "0.5f" or "0.5d". The value is rounded to the element type
    /// first, so a double that overflows float (1e308) is written float.PositiveInfinity, never "Infinityf".
    /// </summary>
    public static string Of(double value, ElementType type)
    {
        bool isFloat = type != ElementType.Double;
        string name = isFloat ? "float" : "double";
        double rounded = isFloat ? (float)value : value;
        if (double.IsNaN(rounded))
        {
            return name + ".NaN";
        }

        if (double.IsPositiveInfinity(rounded))
        {
            return name + ".PositiveInfinity";
        }

        if (double.IsNegativeInfinity(rounded))
        {
            return name + ".NegativeInfinity";
        }

        string text = isFloat
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        return text + (isFloat ? "f" : "d");
    }

    /// <summary>An int, e.g. "40".</summary>
    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A quoted, escaped C# string literal.</summary>
    public static string Of(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>An identifier usable in code: keywords get an '@'.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary>lowerCamel form of an element name, for constructor parameters.</summary>
    public static string Parameter(string name) =>
        Identifier(name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1));

    /// <summary>A number for comments: invariant culture, shortest form.</summary>
    public static string Plain(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
