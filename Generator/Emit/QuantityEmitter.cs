using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

/// <summary>
/// Transformed parameters and generated quantities of a model of declarations (docs/terms.md, "Transformed parameters
/// and generated quantities"): <c>IGeneratedQuantities&lt;T&gt;</c>, whose <c>Generate</c> sets the point to one draw,
/// runs each [Computes] method and each [Generated] method as written, and writes their values as the draw's added
/// columns; and the transformed properties, which read the values being computed.
/// </summary>
internal static class QuantityEmitter
{
    /// <summary>The field holding the transformed parameters' and generated quantities' values while a draw's are computed.</summary>
    private const string QuantitiesField = "__quantities";

    /// <summary>The base list's interface: IGeneratedQuantities (which is an IModel) when the model adds columns, else IModel.</summary>
    public static string Interface(ModelSpec spec, string t) => spec.Declarations.HasQuantities
        ? " : global::ModelGen.Draws.IGeneratedQuantities<" + t + ">"
        : " : global::ModelGen.Inference.IModel<" + t + ">";

    /// <summary>Whether the parameters' properties read a point: terms run as written, or quantities computed per draw.</summary>
    public static bool ReadsAtPoint(ModelSpec spec) => spec.Terms.Count > 0 || spec.Declarations.HasQuantities;

    /// <summary>The body of a [Transformed] property: its values among the quantities of the draw being computed.</summary>
    public static string? Getter(ModelSpec spec, string member, string t)
    {
        DeclarationsSpec d = spec.Declarations;
        int index = IndexOf(d.Transformed, member);
        if (index < 0)
        {
            return null;
        }

        TransformedSpec x = d.Transformed[index];
        string offset = Offset(d, index);
        string value = x.Shape == DeclaredShape.Scalar ? "q[" + offset + "]" : "new global::System.ReadOnlySpan<" + t + ">(q, " + offset + ", " + Length(x) + ")";
        return QuantitiesField + " is { } q ? " + value + " : throw new global::System.InvalidOperationException(" +
            Literal.Of("'" + x.Name + "' is a transformed parameter of model '" + spec.Type.Name + "': it has values at a draw, which its [Computes] method and the [Generated] methods see; read a fit's values from draws.Generate(model, seed) (draws[\"" + x.Name + "\"]).") + ")";
    }

    private static int IndexOf(EquatableArray<TransformedSpec> transformed, string name)
    {
        for (int i = 0; i < transformed.Count; i++)
        {
            if (transformed[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The number of values of a transformed parameter, from the data bound: 1, a constant, an int datum or a data vector's length.</summary>
    private static string Length(TransformedSpec x) => x.Size switch
    {
        null => "1",
        { Data: null } s => Literal.Of(s.Constant),
        { Data: string data } => DeclarationEmitter.DataField(data) + (x.SizeIsVector ? ".Length" : string.Empty),
    };

    /// <summary>Where transformed parameter <paramref name="index"/> starts among the added columns: the lengths before it.</summary>
    private static string Offset(DeclarationsSpec d, int index) =>
        index == 0 ? "0" : string.Join(" + ", d.Transformed.Take(index).Select(Length));

    /// <summary>Where generated quantity <paramref name="index"/>'s column is among the added columns: after every transformed parameter's.</summary>
    private static string GeneratedOffset(DeclarationsSpec d, int index)
    {
        var parts = d.Transformed.Select(Length).ToList();
        if (index > 0 || parts.Count == 0)
        {
            parts.Add(Literal.Of(index));
        }

        return string.Join(" + ", parts);
    }

    /// <summary>The number of added columns: every transformed parameter's values, then one per generated quantity.</summary>
    private static string Total(DeclarationsSpec d)
    {
        var parts = d.Transformed.Select(Length).ToList();
        if (d.Generated.Count > 0)
        {
            parts.Add(Literal.Of(d.Generated.Count));
        }

        return parts.Count == 0 ? "0" : string.Join(" + ", parts);
    }

    /// <summary><c>Quantities</c>, <c>Generate</c> and their buffers, after the rest of the class.</summary>
    public static void Write(SourceWriter w, ModelSpec spec, string t)
    {
        DeclarationsSpec d = spec.Declarations;
        if (!d.HasQuantities)
        {
            return;
        }

        string attribute = ModelEmitter.GeneratedCodeAttribute;
        string shape = "global::ModelGen.EquatableShape";
        w.Line();
        w.Line("/// <summary>The columns this model adds to a draw, in Stan's order: each transformed parameter, then each generated quantity.</summary>");
        w.Line(attribute);
        using (w.Block("public global::System.Collections.Generic.IReadOnlyList<global::ModelGen.ParameterBlock> Quantities => " + QuantitiesField + "Layout ??= new global::ModelGen.ParameterBlock[]", ";"))
        {
            for (int i = 0; i < d.Transformed.Count; i++)
            {
                TransformedSpec x = d.Transformed[i];
                string dims = x.Shape == DeclaredShape.Scalar ? "new " + shape + "()" : "new " + shape + "(" + Length(x) + ")";
                w.Line("new(" + Literal.Of(x.Name) + ", " + Offset(d, i) + ", " + dims + ", " + Literal.Of("transformed by " + x.Computes) + "),");
            }

            for (int g = 0; g < d.Generated.Count; g++)
            {
                GeneratedSpec q = d.Generated[g];
                w.Line("new(" + Literal.Of(q.Name) + ", " + GeneratedOffset(d, g) + ", new " + shape + "(), " + Literal.Of("generated (" + (q.IsInteger ? "int" : t) + ")") + "),");
            }
        }

        w.Line();
        w.Line("/// <summary>");
        w.Line("/// One draw's added columns: the point set to <paramref name=\"draw\"/>, each [Computes] method run as written into");
        w.Line("/// its transformed parameter's columns, then each [Generated] method with a stream of its own (<c>rng.Split(q)</c>). Allocates");
        w.Line("/// its buffers once, on the first draw; not thread-safe.");
        w.Line("/// </summary>");
        w.Line(attribute);
        using (w.Block("public void Generate(global::System.ReadOnlySpan<" + t + "> draw, global::ModelGen.Random.Rng rng, global::System.Span<" + t + "> quantities)"))
        {
            w.Line("int count = " + Total(d) + ";");
            using (w.Block("if (draw.Length != __valueCount || quantities.Length != count)"))
            {
                w.Line("throw new global::System.ArgumentException($\"Model '" + spec.Type.Name + "' has {__valueCount} values per draw and adds {count} columns; the spans have {draw.Length} and {quantities.Length}.\");");
            }

            w.Line();
            w.Line(t + "[] point = __generatePoint ??= new " + t + "[__valueCount];");
            w.Line(t + "[] q = __generateQuantities ??= new " + t + "[count];");
            w.Line("draw.CopyTo(point);");
            w.Line("global::System.Array.Clear(q);");
            w.Line(TermEmitter.PointField + " = point;");
            w.Line(QuantitiesField + " = q;");
            using (w.Block("try"))
            {
                for (int i = 0; i < d.Transformed.Count; i++)
                {
                    TransformedSpec x = d.Transformed[i];
                    w.Line("// Transformed parameter '" + x.Name + "': [Computes] method '" + x.Computes + "', as written.");
                    w.Line(x.Shape == DeclaredShape.Scalar
                        ? "q[" + Offset(d, i) + "] = " + Literal.Identifier(x.Computes) + "();"
                        : Literal.Identifier(x.Computes) + "(new global::System.Span<" + t + ">(q, " + Offset(d, i) + ", " + Length(x) + "));");
                }

                for (int g = 0; g < d.Generated.Count; g++)
                {
                    GeneratedSpec q = d.Generated[g];
                    w.Line("// Generated quantity '" + q.Name + "', as written, with stream " + Literal.Of(g) + " of this draw's.");
                    w.Line("q[" + GeneratedOffset(d, g) + "] = " + (q.IsInteger ? "(" + t + ")" : string.Empty) + Literal.Identifier(q.Name) + "(rng.Split(" + Literal.Of(g) + "UL));");
                }

                w.Line("q.CopyTo(quantities);");
            }

            using (w.Block("finally"))
            {
                w.Line(TermEmitter.PointField + " = null;");
                w.Line(QuantitiesField + " = null;");
            }
        }

        w.Line();
        w.Line("/// <summary>The added columns of the draw being generated; null outside <see cref=\"Generate\"/>.</summary>");
        w.Line(attribute);
        w.Line("private " + t + "[]? " + QuantitiesField + ";");
        w.Line();
        w.Line("/// <summary>Buffers <see cref=\"Generate\"/> reuses from draw to draw, and the added columns' layout.</summary>");
        w.Line(attribute);
        w.Line("private " + t + "[]? __generatePoint, __generateQuantities;");
        w.Line();
        w.Line(attribute);
        w.Line("private global::ModelGen.ParameterBlock[]? " + QuantitiesField + "Layout;");
        if (spec.Terms.Count == 0)
        {
            w.Line();
            w.Line("/// <summary>The point the [Computes] and [Generated] methods read the parameters at; null outside <see cref=\"Generate\"/>.</summary>");
            w.Line(attribute);
            w.Line("private " + t + "[]? " + TermEmitter.PointField + ";");
        }
    }
}
