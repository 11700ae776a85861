using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

internal static partial class TermEmitter
{
    /// <summary>
    /// The bind-time checks of integer data that index: wherever a term reads a parameter or data element at an index that is
    /// itself an integer data value (<c>Z[m, G[n]]</c>, <c>Phi[k, W[t]]</c>), every value of that data must be a position of
    /// that dimension. Written in the constructor once the sizes are known, so a group or word out of range is a
    /// <c>ModelDataException</c> naming the data, its position and the dimension it indexes, never a read of a neighbouring
    /// element (a matrix is one flat span: an index past its columns would land on the next row).
    /// </summary>
    public static void WriteIndexChecks(SourceWriter w, ModelSpec spec)
    {
        DeclarationsSpec d = spec.Declarations;
        var seen = new HashSet<(string Data, string Target, int Dimension)>();
        foreach (TermSpec term in spec.Terms)
        {
            foreach (TermRead read in TermWalk.Expressions(term.Body).OfType<TermRead>())
            {
                for (int i = 0; i < read.Indices.Count; i++)
                {
                    if (read.Indices[i] is TermRead index && d.Data.FirstOrDefault(x => x.Name == index.Name) is { IsInteger: true } data
                        && index.Indices.Count == (data.Shape == DeclaredShape.Vector ? 1 : 0) && data.Shape != DeclaredShape.Matrix
                        && Size(d, read.Name, read.Indices.Count, i) is { } size && seen.Add((data.Name, read.Name, i)))
                    {
                        string what = read.Indices.Count == 1 ? "the values of '" + read.Name + "'" : (i == 0 ? "the rows of '" : "the columns of '") + read.Name + "'";
                        string values = data.Shape == DeclaredShape.Vector ? DeclarationEmitter.DataField(data.Name) : "new int[] { " + DeclarationEmitter.DataField(data.Name) + " }";
                        w.Line("global::ModelGen.Data.DeclaredData.Indices(" + values + ", " + size + ", " + Literal.Of(data.Name) + ", " + Literal.Of(what) + ", " + Literal.Of(term.Name) + ", nameof(" + Literal.Parameter(data.Name) + "));");
                    }
                }
            }
        }
    }

    /// <summary>The run-time size of dimension <paramref name="dimension"/> of a declared element read with <paramref name="count"/> indices, or null.</summary>
    private static string? Size(DeclarationsSpec d, string name, int count, int dimension)
    {
        DeclaredShape? shape = d.Parameters.FirstOrDefault(p => p.Name == name)?.Shape ?? d.Data.FirstOrDefault(x => x.Name == name)?.Shape;
        return (shape, count) switch
        {
            (DeclaredShape.Vector, 1) => d.Parameters.Any(p => p.Name == name) ? "__length_" + name : DeclarationEmitter.DataField(name) + ".Length",
            (DeclaredShape.Matrix, 2) => dimension == 0 ? DeclarationEmitter.Rows(name) : DeclarationEmitter.Columns(name),
            _ => null,
        };
    }
}
