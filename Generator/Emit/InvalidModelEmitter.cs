using System.Linq;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

/// <summary>
/// For a model with errors: the same public surface as a valid model, every body throwing "model has
/// errors, see MGnnnn", so the user sees the one diagnostic that matters instead of a cascade of
/// "no implementation" and "no such member" errors.
/// </summary>
internal static class InvalidModelEmitter
{
    public static GeneratedFile Emit(ModelToEmit model)
    {
        ModelSpec spec = model.Spec;
        var w = new SourceWriter();
        string t = spec.ElementType == ElementType.Double ? "double" : "float";
        string ids = string.Join(", ", model.ErrorIds.Distinct().OrderBy(id => id, System.StringComparer.Ordinal));
        string message = "Model '" + spec.Type.Name + "' has errors (" + ids + "); fix them and rebuild.";
        string fail = "throw new global::System.InvalidOperationException(" + Literal.Of(message) + ")";

        ModelEmitter.WriteHeader(w);
        using (ModelEmitter.OpenType(w, spec.Type, string.Empty))
        {
            w.Line("// " + message);
            w.Line();
            foreach (MemberSpec member in spec.Members)
            {
                string type = member.Kind switch
                {
                    MemberKind.Input => "Input",
                    MemberKind.Layer => "Layer",
                    _ => "Observed",
                };
                w.Line(member.Accessibility + " partial global::ModelGen." + type + " " + Literal.Identifier(member.Name) + " => " + fail + ";");
                w.Line();
            }

            if (spec.Inputs.Count == 1 && spec.Observed.Count == 1 && spec.Inputs[0].Name != spec.Observed[0].Name)
            {
                string x = Literal.Parameter(spec.Inputs[0].Name);
                string y = Literal.Parameter(spec.Observed[0].Name);
                if (x == y)
                {
                    x = Literal.Identifier(spec.Inputs[0].Name);
                    y = Literal.Identifier(spec.Observed[0].Name);
                }

                w.Line(ModelEmitter.GeneratedCodeAttribute);
                w.Line("public " + Literal.Identifier(spec.Type.Name) + "(" + t + "[,] " + x + ", " + t + "[] " + y + ") => " + fail + ";");
                w.Line();
            }

            w.Line(ModelEmitter.GeneratedCodeAttribute);
            w.Line("public " + Literal.Identifier(spec.Type.Name) + "() => " + fail + ";");
            w.Line();

            string span = "global::System.ReadOnlySpan<" + t + ">";
            string dest = "global::System.Span<" + t + ">";
            w.Line("public " + t + " LogDensity(" + span + " theta) => " + fail + ";");
            w.Line();
            w.Line("public void Gradient(" + span + " theta, " + dest + " gradient) => " + fail + ";");
            w.Line();
            w.Line("public " + t + " LogDensityGradient(" + span + " theta, " + dest + " gradient) => " + fail + ";");
            w.Line();
            w.Line("public global::ModelGen.Inference.AdviFit<" + t + "> Fit(global::ModelGen.Inference.AdviOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default) => " + fail + ";");
            w.Line();
            w.Line("public global::ModelGen.Inference.AdviFit<" + t + "> Fit(global::ModelGen.Batches.IBatchSource<" + t + "> batches, global::ModelGen.Inference.AdviOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default) => " + fail + ";");
            w.Line();
            w.Line("public global::ModelGen.Prediction.PosteriorPredictive Predict(" + t + "[,] x, global::ModelGen.Draws.Draws<" + t + "> draws) => " + fail + ";");
        }

        return new GeneratedFile(ModelEmitter.HintName(spec.Type), w.ToString());
    }
}
