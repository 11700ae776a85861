using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Ir;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

/// <summary>
/// A straight-line [Term] method (docs/terms.md, "Terms") as one IR block: each read of a parameter a load of its
/// constrained value (gradient into its adjoint), each read of data a load without gradient, each operation and math
/// library call an <see cref="IrApply"/>, each distribution call the catalog entry the attribute of the same name lowers
/// through (one path per fact), locals as the values they hold (single assignment: a reassigned local is a new value),
/// and the returned value added to log p. The reverse pass is derived by <see cref="Adjoints.Derive"/>.
/// </summary>
internal static class TermLowering
{
    /// <summary>
    /// The block of <paramref name="term"/>; null with <paramref name="error"/> saying why when it cannot be lowered or
    /// differentiated (the parser has already reported what a user can fix, so this is the generator's own limit).
    /// </summary>
    public static IrBlock? Lower(TermSpec term, DeclarationsSpec declarations, out string? error)
    {
        var lowering = new Lowering(declarations);
        var b = new IrBuilder();
        error = null;
        foreach (TermStatement s in term.Body)
        {
            switch (s)
            {
                case TermLocal local:
                    lowering.Locals[local.Name] = lowering.Real(b, local.Value);
                    break;
                case TermAssign assign:
                    int value = lowering.Real(b, assign.Value);
                    int old = lowering.Locals[assign.Name];
                    lowering.Locals[assign.Name] = assign.Op switch
                    {
                        "+=" => b.Add(old, value),
                        "-=" => b.Subtract(old, value),
                        "*=" => b.Multiply(old, value),
                        "/=" => b.Divide(old, value),
                        _ => value,
                    };
                    break;
                case TermReturn returned:
                    b.AddToDensity(lowering.Real(b, returned.Value));
                    break;
            }

            if (lowering.Error is not null)
            {
                error = lowering.Error;
                return null;
            }
        }

        error = Adjoints.Derive(b);
        string comment = "Term '" + term.Name + "' (the [Term] method at line " + term.Line.ToString(CultureInfo.InvariantCulture) + "), straight-line: " +
            string.Join("; ", term.Body.Select(Describe)) + ".";
        return error is null ? b.Build(comment, string.Empty, null) : null;
    }

    private static string Describe(TermStatement s) => s switch
    {
        TermLocal l => "line " + s.Line.ToString(CultureInfo.InvariantCulture) + " " + l.Name + " = …",
        TermAssign a => "line " + s.Line.ToString(CultureInfo.InvariantCulture) + " " + a.Name + " " + a.Op + " …",
        _ => "line " + s.Line.ToString(CultureInfo.InvariantCulture) + " return …",
    };

    private sealed class Lowering
    {
        private readonly DeclarationsSpec _d;

        public Lowering(DeclarationsSpec declarations) => _d = declarations;

        public Dictionary<string, int> Locals { get; } = new(System.StringComparer.Ordinal);

        public string? Error { get; private set; }

        /// <summary>The IR value of a real expression.</summary>
        public int Real(IrBuilder b, TermExpression e)
        {
            switch (e)
            {
                case TermNumber n:
                    return b.Constant(n.Value);
                case TermRead r when Locals.TryGetValue(r.Name, out int local):
                    return local;
                case TermRead r:
                    return Load(b, r);
                case TermSize:
                    return b.Load(new IrSlot(Index(e), string.Empty, null), "size");
                case TermUnary u:
                    return u.Op == "-" ? b.Negate(Real(b, u.Operand)) : Real(b, u.Operand);
                case TermBinary bin:
                {
                    int left = Real(b, bin.Left), right = Real(b, bin.Right);
                    return bin.Op switch
                    {
                        "+" => b.Add(left, right),
                        "-" => b.Subtract(left, right),
                        "*" => b.Multiply(left, right),
                        _ => b.Divide(left, right),
                    };
                }

                case TermCall call:
                {
                    return TermLibrary.Lower(b, call.Function, call.Args.Select(a => Real(b, a)).ToList());
                }

                default:
                    Error = "the expression " + e + " has no lowering";
                    return b.Constant(0);
            }
        }

        private int Load(IrBuilder b, TermRead r)
        {
            string index = r.Indices.Count switch
            {
                0 => string.Empty,
                1 => Index(r.Indices[0]),
                _ => "(" + Index(r.Indices[0]) + ") * " + DeclarationEmitter.Columns(r.Name) + " + (" + Index(r.Indices[1]) + ")",
            };
            string label = Label(r.Name, r.Indices.Count == 0 ? string.Empty : index);
            if (_d.Data.FirstOrDefault(x => x.Name == r.Name) is { } data)
            {
                return b.Load(new IrSlot(DeclarationEmitter.DataField(data.Name), index, null), label);
            }

            return b.Load(new IrSlot(DeclarationLowering.Values(r.Name), r.Indices.Count == 0 ? "0" : index, DeclarationLowering.Gradient(r.Name)), label);
        }

        /// <summary>A local's name for a load: the element's name, lower-cased first letter, with its constant index ("y3").</summary>
        private static string Label(string name, string index)
        {
            string head = char.ToLowerInvariant(name[0]) + name.Substring(1);
            return index.All(char.IsDigit) ? head + index : head;
        }

        /// <summary>An integer expression (an index or a size) as C# over the kernel's names.</summary>
        public string Index(TermExpression e)
        {
            switch (e)
            {
                case TermNumber n when n.Value == System.Math.Floor(n.Value) && System.Math.Abs(n.Value) < int.MaxValue:
                    return ((int)n.Value).ToString(CultureInfo.InvariantCulture);
                case TermSize s when _d.Data.Any(x => x.Name == s.Name):
                    return s.Member == "Length" ? DeclarationEmitter.DataField(s.Name) + ".Length" : s.Member == "Rows" ? DeclarationEmitter.Rows(s.Name) : DeclarationEmitter.Columns(s.Name);
                case TermSize s:
                    return s.Member == "Length" ? DeclarationLowering.Values(s.Name) + ".Length" : s.Member == "Rows" ? DeclarationEmitter.Rows(s.Name) : DeclarationEmitter.Columns(s.Name);
                case TermRead r when r.Indices.Count == 0 && _d.Data.FirstOrDefault(x => x.Name == r.Name) is { IsInteger: true, Shape: DeclaredShape.Scalar }:
                    return DeclarationEmitter.DataField(r.Name);
                case TermRead r when r.Indices.Count == 1 && _d.Data.FirstOrDefault(x => x.Name == r.Name) is { IsInteger: true, Shape: DeclaredShape.Vector }:
                    return DeclarationEmitter.DataField(r.Name) + "[" + Index(r.Indices[0]) + "]";
                case TermUnary { Op: "-" } u:
                    return "-(" + Index(u.Operand) + ")";
                case TermUnary u:
                    return Index(u.Operand);
                case TermBinary bin when bin.Op is "+" or "-" or "*":
                    return "(" + Index(bin.Left) + " " + bin.Op + " " + Index(bin.Right) + ")";
                default:
                    Error = "an index must be an integer: a constant, an int [Data] element, a .Length/.Rows/.Columns, or +, −, · of them";
                    return "0";
            }
        }
    }
}
