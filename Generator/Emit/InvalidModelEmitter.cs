using System.Linq;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Emit;

/// <summary>
/// For a model with errors: the same public surface as a valid model (<see cref="SurfaceWriter"/>), every body
/// throwing "model has errors, see MGnnnn", so the user sees the one diagnostic that matters instead of a cascade
/// of "no implementation" and "no such member" errors, and code written against the model keeps compiling. For a
/// type that cannot be a model at all (MG0014) only its partial properties are implemented.
/// </summary>
internal sealed class InvalidModelEmitter : ISurfaceBodies
{
    private readonly string _fail;

    private InvalidModelEmitter(string fail) => _fail = fail;

    int ISurfaceBodies.ParameterCount => 0;

    public static GeneratedFile Emit(ModelToEmit model)
    {
        ModelSpec spec = model.Spec;
        var w = new SourceWriter();
        string t = spec.ElementType == ElementType.Double ? "double" : "float";
        string message = model.ErrorIds.Count == 0
            ? "Model '" + spec.Type.Name + "' cannot be generated: [Model<T>] applies to classes; see the compiler's error on it."
            : "Model '" + spec.Type.Name + "' has errors (" + string.Join(", ", model.ErrorIds) + "); fix them and rebuild.";
        var bodies = new InvalidModelEmitter("throw new global::System.InvalidOperationException(" + Literal.Of(message) + ")");

        ModelEmitter.WriteHeader(w);
        if (!spec.IsModelClass)
        {
            using (ModelEmitter.OpenType(w, spec.Type, string.Empty))
            {
                w.Line("// " + message);
                w.Line();
                SurfaceWriter.WriteMembers(w, spec.Members, m => bodies._fail);
            }
        }
        else
        {
            using (ModelEmitter.OpenType(w, spec.Type, " : global::ModelGen.Inference.IModel<" + t + ">, global::ModelGen.Diagnostics.IPointwiseLogLikelihood<" + t + ">"))
            {
                w.Line("// " + message);
                w.Line();
                new SurfaceWriter(w, spec.Type, spec.Members, spec.DeclaresParameterlessConstructor, t, Data(spec), bodies)
                    .Write("Length of the flat parameter vector θ; 0 while the model has errors.");
            }
        }

        return new GeneratedFile(ModelEmitter.HintName(spec.Type), w.ToString());
    }

    string ISurfaceBodies.Element(MemberSpec member) => _fail;

    Body ISurfaceBodies.Of(SurfaceMember member) => Body.Of(_fail);

    /// <summary>
    /// The data constructor's elements: the one input and the one observed element, accepted or (when none is)
    /// rejected by the parser, so <c>new Model(x, y)</c> keeps compiling while one of them has an error.
    /// </summary>
    private static DataBinding? Data(ModelSpec spec)
    {
        var inputs = spec.Inputs.Count > 0
            ? spec.Inputs.Select(i => i.Name).ToList()
            : spec.Rejected.Where(r => r.Kind == MemberKind.Input).Select(r => r.Name).ToList();
        var observed = spec.Observed.Count > 0
            ? spec.Observed.Select(o => o.Name).ToList()
            : spec.Rejected.Where(r => r.Kind == MemberKind.Observed).Select(r => r.Name).ToList();
        if (inputs.Count != 1 || observed.Count != 1 || inputs[0] == observed[0])
        {
            return null;
        }

        (string x, string y) = Names.DataParameters(inputs[0], observed[0]);
        int? features = spec.Inputs.FirstOrDefault(i => i.Name == inputs[0])?.Features;
        DistributionKind? likelihood = spec.Observed.FirstOrDefault(o => o.Name == observed[0])?.Kind;
        return new DataBinding(inputs[0], features, observed[0], likelihood, x, y);
    }
}
