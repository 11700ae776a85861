using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelGen.Generator.Emit;

/// <summary>
/// Turns the body of a row loop written for one register of rows into a body for several independent
/// registers per trip, statement by statement: each statement that touches a register's rows is written once
/// per register, its per-row locals renamed (<c>Hidden1_0</c>, <c>Hidden1_0b</c>, …), one after the other.
/// Comments, braces and mode tests are written once. The copies share the weights and every accumulator (a
/// weight adjoint, the log-likelihood), so a trip reads and writes each accumulator once for all its registers,
/// and the copies' chains (a tanh's dozen dependent multiply-adds and its division, the sigmoid's exp) are
/// independent work the processor overlaps. The JIT sees plain statements: its inlining budget grows with
/// the method, as the inlined helpers do (a struct of two registers doubles the inlined code but not the
/// budget, and leaves calls behind).
/// </summary>
internal static class RowRegisters
{
    /// <summary>The suffix of the second, third and fourth register's locals.</summary>
    private static readonly string[] s_suffixes = { string.Empty, "b", "c", "d" };

    // A C# identifier: element names may be any letters ("名前"), so the composed locals too.
    private const string Identifier = @"[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*";

    private static readonly Regex s_declaration = new(@"^\s*TVec (" + Identifier + ") =", RegexOptions.CultureInvariant);
    private static readonly Regex s_identifier = new(Identifier, RegexOptions.CultureInvariant);
    private static readonly Regex s_otherDeclaration = new(@"^(ref |readonly )*[^\s=(]+ " + Identifier + " =", RegexOptions.CultureInvariant);

    /// <summary>
    /// The body for <paramref name="registers"/> registers per trip, the <c>k</c>-th register's first row in a local
    /// named "row" plus its suffix (declared by the caller); or null when the body has a statement this cannot
    /// repeat safely (a nested loop, a declaration of something other than a register, a statement over several
    /// lines) or a renamed local would collide with a name in <paramref name="scope"/>: the caller then keeps one
    /// register per trip.
    /// </summary>
    /// <param name="body">The loop body for one register of rows, "row" its first row.</param>
    /// <param name="registers">Registers per trip, 2 to 4.</param>
    /// <param name="scope">The whole method's text, for the collision check.</param>
    public static string? Interleave(string body, int registers, string scope)
    {
        if (registers < 2 || registers > s_suffixes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(registers));
        }

        string[] lines = body.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var perRow = new HashSet<string>(StringComparer.Ordinal) { "row" };
        foreach (string line in lines)
        {
            Match m = s_declaration.Match(line);
            if (m.Success)
            {
                perRow.Add(m.Groups[1].Value);
            }
        }

        var words = new HashSet<string>(s_identifier.Matches(scope).Cast<Match>().Select(m => m.Value), StringComparer.Ordinal);
        for (int k = 1; k < registers; k++)
        {
            if (perRow.Any(name => words.Contains(name + s_suffixes[k])))
            {
                return null;
            }
        }

        var text = new StringBuilder();
        foreach (string line in lines)
        {
            string code = line.Trim();
            bool touchesRows = s_identifier.Matches(code).Cast<Match>().Any(m => perRow.Contains(m.Value));
            if (code.Length == 0 || code.StartsWith("//", StringComparison.Ordinal) || code is "{" or "}" || !touchesRows)
            {
                if (!IsStructure(code))
                {
                    return null;
                }

                text.Append(line).Append('\n');
                continue;
            }

            if (!code.EndsWith(";", StringComparison.Ordinal) || code.StartsWith("for ", StringComparison.Ordinal) || code.Contains("stackalloc") || IsOtherDeclaration(code))
            {
                return null;
            }

            for (int k = 0; k < registers; k++)
            {
                string suffix = s_suffixes[k];
                text.Append(k == 0 ? line : s_identifier.Replace(line, m => perRow.Contains(m.Value) ? m.Value + suffix : m.Value)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The names of the registers' first rows: "row", "rowb", ….</summary>
    public static IEnumerable<string> RowNames(int registers) => s_suffixes.Take(registers).Select(s => "row" + s);

    /// <summary>A line written once: blank, a comment, a brace, a mode test, or a statement that no register's rows enter.</summary>
    private static bool IsStructure(string code) =>
        code.Length == 0
        || code.StartsWith("//", StringComparison.Ordinal)
        || code is "{" or "}"
        || code.StartsWith("if (TMode.", StringComparison.Ordinal)
        || (code.EndsWith(";", StringComparison.Ordinal) && !code.StartsWith("for ", StringComparison.Ordinal) && !IsOtherDeclaration(code));

    /// <summary>A declaration of a local that is not a register ("nuint slot = …"): its meaning per register is unknown here.</summary>
    private static bool IsOtherDeclaration(string code) =>
        s_otherDeclaration.IsMatch(code) && !code.StartsWith("TVec ", StringComparison.Ordinal);
}
