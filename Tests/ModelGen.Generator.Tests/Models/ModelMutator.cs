using System.Globalization;
using System.Text;

namespace ModelGen.Generator.Tests.Models;

/// <summary>
/// Builds randomly damaged model declarations from a fixed seed, for the robustness test: members dropped,
/// attribute arguments deleted, shuffled or replaced by garbage, property types swapped, awkward names
/// (keywords, non-ASCII, generated-member names), and strings with quotes, braces and newlines where
/// nameof(...) belongs. The seeds include the hierarchical language (standalone parameters, Size, priors naming
/// parameters, NonCentered, Softplus) and every likelihood, and some mutations aim at those arguments: a reference
/// swapped for a constant and back, a name of a layer, an input or nothing, a cycle of references, sizes of 0 and -1,
/// reversed Uniform bounds, Trials = 0 and non-finite constants. Each case is a whole compilation unit; most are
/// invalid, some by chance are not.
/// </summary>
internal sealed class ModelMutator(int seed)
{
    private readonly System.Random _random = new(seed);

    private static readonly string[] s_garbage =
    [
        "\"\\\"quoted\\\"\"", "\"{ braces }\"", "\"line\\nbreak\"", "\"}\"", "\"\"", "null", "-1", "0", "1e308", "-0.0",
        "double.NaN", "double.PositiveInfinity", "int.MaxValue", "(Activation)7", "(Activation)(-1)", "nameof(X)", "nameof(Y)",
        "\"X\"", "Activation.Sigmoid", "Inputs = -4", "Inputs = 2", "Bias = true", "Part = LayerPart.Bias", "Part = (LayerPart)9",
        "Logits = \"Hidden\"", "P = nameof(Output)", "typeof(int)", "1.5f", "true", "@\"verbatim \"\" quote\"", "\"\\u00e9l\\u00e8ve\"",
        "\"名前\"", "$\"{1}\"", "features: 3", "units: 2", "mu: 1", "sigma: 0", "levels: 0", "Intercept = nameof(Output)",
        "Intercept = nameof(X)", "TrialsFrom = nameof(X)",
    ];

    private static readonly string[] s_names =
    [
        "@class", "@event", "Ünïcødé", "名前", "x", "y", "_", "Fit", "Rows", "Net", "value", "var", "field", "TVec", "TSimd",
        "theta", "gradient", "data", "row", "Hidden_W_0", "Output_0", "Y_value", "__Data", "Info", "@this",
    ];

    private static readonly string[] s_types =
    [
        "Input", "Layer", "Observed", "int", "string", "object", "Input?", "global::ModelGen.Layer", "ModelGen.Observed", "double",
        "Parameter", "ModelGen.Parameter?", "Group", "Column", "ModelGen.Group?",
    ];

    /// <summary>Attributes whose arguments are distribution arguments (constants or parameter names).</summary>
    private static readonly HashSet<string> s_distributions = new(StringComparer.Ordinal)
    {
        "Normal", "HalfNormal", "StudentT", "HalfStudentT", "Cauchy", "HalfCauchy", "Laplace", "Exponential", "Gamma", "InverseGamma",
        "LogNormal", "Beta", "Uniform", "Bernoulli", "Poisson", "Binomial", "NegativeBinomial", "Categorical",
    };

    /// <summary>Named arguments that are options, not distribution arguments.</summary>
    private static readonly string[] s_options = ["Part", "NonCentered", "Transform", "Bias", "Inputs", "Intercept", "TrialsFrom"];

    /// <summary>The seed declarations by <see cref="Decl.Base"/> kind, for the report and for the test that each is valid.</summary>
    public static readonly string[] SeedNames =
        ["seed", "biases", "sigmoid", "hierarchical", "learned noise", "poisson", "binomial", "negative binomial", "student-t", "categorical", "radon", "eight schools"];

    /// <summary>Every seed declaration, unmutated: each is a valid model.</summary>
    public static IEnumerable<(string Name, string Source)> Seeds() =>
        Enumerable.Range(0, SeedNames.Length).Select(k => (SeedNames[k], Decl.Base(k).Render()));

    private static readonly string[] s_elementTypes = ["float", "double", "Half", "int", "decimal", "float?"];

    /// <summary>The next damaged declaration, with a one-line description of what was done to it.</summary>
    public (string Source, string Description) Next()
    {
        int kind = _random.Next(SeedNames.Length);
        Decl model = Decl.Base(kind);
        var applied = new List<string> { SeedNames[kind] + ":" };
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count; i++)
        {
            applied.Add(Mutate(model));
        }

        return (model.Render(), applied[0] + " " + string.Join("; ", applied.Skip(1)));
    }

    private string Mutate(Decl model)
    {
        Member? member = model.Members.Count == 0 ? null : model.Members[_random.Next(model.Members.Count)];
        Attr? attribute = member is null || member.Attributes.Count == 0 ? null : member.Attributes[_random.Next(member.Attributes.Count)];
        switch (_random.Next(21))
        {
            case 0 when member is not null:
                model.Members.Remove(member);
                return "drop " + member.Name;
            case 1 when attribute is { Arguments.Count: > 0 }:
                attribute.Arguments.RemoveAt(_random.Next(attribute.Arguments.Count));
                return "delete an argument of " + attribute.Name + " on " + member!.Name;
            case 2 when attribute is { Arguments.Count: > 1 }:
                Shuffle(attribute.Arguments);
                return "shuffle " + attribute.Name + " on " + member!.Name;
            case 3 when attribute is not null:
                {
                    string garbage = Pick(s_garbage);
                    if (attribute.Arguments.Count == 0 || _random.Next(3) == 0)
                    {
                        attribute.Arguments.Add(garbage);
                    }
                    else
                    {
                        attribute.Arguments[_random.Next(attribute.Arguments.Count)] = garbage;
                    }

                    return "garbage " + garbage + " in " + attribute.Name + " on " + member!.Name;
                }

            case 4 when member is not null:
                member.Type = Pick(s_types);
                return member.Name + " typed " + member.Type;
            case 5 when member is not null:
                {
                    string name = Pick(s_names);
                    string old = member.Name;
                    member.Name = name;
                    if (_random.Next(2) == 0)
                    {
                        model.RenameReferences(old, name);
                    }

                    return "rename " + old + " to " + name;
                }

            case 6:
                {
                    var references = model.Members.SelectMany(m => m.Attributes).Where(a => a.Arguments.Any(IsNameof)).ToList();
                    if (references.Count == 0)
                    {
                        return "no nameof to replace";
                    }

                    Attr target = references[_random.Next(references.Count)];
                    int index = target.Arguments.FindIndex(IsNameof);
                    string text = Pick(["\"Hidden\\\"; }\"", "\"{Hidden}\"", "\"Hid\\nden\"", "\"Output\\r\\n\"", "\" Output \"", "\"@Output\"", "\"Output.Weights\""]);
                    target.Arguments[index] = target.Arguments[index].Contains('=', StringComparison.Ordinal)
                        ? target.Arguments[index][..(target.Arguments[index].IndexOf('=', StringComparison.Ordinal) + 1)] + " " + text
                        : text;
                    return "string " + text + " for a nameof in " + target.Name;
                }

            case 7:
                model.Header = Pick([
                    "public class Net", "public static partial class Net", "public abstract partial class Net", "public partial class Net<T>",
                    "internal sealed partial class Net", "partial class @class", "public partial class Ünïcødé", "public partial record Net",
                    "public partial struct Net"]);
                return "header " + model.Header;
            case 8 when member is not null:
                member.Modifiers = Pick(["public", "public static partial", "private partial", "internal partial", "public partial required", "public virtual partial", "public new partial"]);
                return member.Name + " modifiers " + member.Modifiers;
            case 9 when member is not null:
                member.Accessors = Pick(["{ get; set; }", "{ get; init; }", "{ set; }", "=> null!;", "{ get; private set; }"]);
                return member.Name + " accessors " + member.Accessors;
            case 10:
                model.ElementType = Pick(s_elementTypes);
                return "Model<" + model.ElementType + ">";
            case 11 when member is not null:
                member.Attributes.Add(Pick([
                    new Attr("Normal", "0", "1"), new Attr("Normal", "0", "2", "Part = LayerPart.Bias"), new Attr("Bernoulli", "Logits = nameof(Output)"),
                    new Attr("Input", "2"), new Attr("Dense", "nameof(X)", "1"), new Attr("Normal", "nameof(Output)", "1"), new Attr("Model<float>"),
                    new Attr("Size", "3"), new Attr("HalfNormal", "nameof(Output)"), new Attr("Poisson", "LogRate = nameof(Output)")]).Clone());
                return "another attribute on " + member.Name;
            case 12:
                model.Members.Insert(_random.Next(model.Members.Count + 1), Pick([
                    new Member("Input", "Z", new Attr("Input", "1")),
                    new Member("Layer", "Extra", new Attr("Dense", "nameof(X)", "2"), new Attr("Normal", "0", "1")),
                    new Member("Observed", "Z2", new Attr("Bernoulli", "P = nameof(Output)")),
                    new Member("Layer", "Bare"),
                    new Member("int", "Count"),
                    new Member("Layer", "Self", new Attr("Dense", "nameof(Self)", "1"), new Attr("Normal", "0", "1")),
                    new Member("Parameter", "Loose", new Attr("HalfNormal", "1")),
                    new Member("Parameter", "NoPrior"),
                    new Member("Parameter", "Vec", new Attr("Gamma", "2", "nameof(Vec)"), new Attr("Size", "2"))]).Clone());
                return "extra member";
            case 13:
                model.Namespace = Pick(["", "Demo.Deep.Space", "Ünï", "@namespace", "ModelGen"]);
                model.Outer = Pick([null, "public partial class Outer", "public class Outer", "public partial class Outer<T>", "public partial struct Outer"]);
                return "namespace '" + model.Namespace + "' outer '" + model.Outer + "'";
            case 14:
                {
                    // A reference becomes a constant, or a constant a reference to one of the model's parameters.
                    if (PickArgument(model) is not var (target, index))
                    {
                        return "no distribution argument";
                    }

                    (string prefix, string value) = Split(target.Arguments[index]);
                    var parameters = model.Members.Where(m => m.Type == "Parameter").Select(m => m.Name).ToArray();
                    string replacement = IsNameof(value) || parameters.Length == 0 ? Pick(["1", "0.5", "2.5", "3"]) : "nameof(" + Pick(parameters) + ")";
                    target.Arguments[index] = prefix + replacement;
                    return "argument " + value + " of " + target.Name + " to " + replacement;
                }

            case 15:
                {
                    // A distribution argument names an input, a layer, the observed element, or nothing.
                    if (PickArgument(model) is not var (target, index))
                    {
                        return "no distribution argument";
                    }

                    (string prefix, string value) = Split(target.Arguments[index]);
                    string replacement = Pick(["nameof(X)", "nameof(Hidden)", "nameof(Output)", "nameof(Y)", "\"Nowhere\"", "\"\"", "nameof(Net)"]);
                    target.Arguments[index] = prefix + replacement;
                    return "argument " + value + " of " + target.Name + " names " + replacement;
                }

            case 16:
                {
                    // A cycle: a parameter's prior names the parameter itself, or two parameters name each other.
                    var parameters = model.Members.Where(m => m.Type == "Parameter" && m.Attributes.Any(a => s_distributions.Contains(a.Name) && Positional(a).Any())).ToList();
                    if (parameters.Count == 0)
                    {
                        return "no parameter with a prior";
                    }

                    Member first = parameters[_random.Next(parameters.Count)];
                    Member second = parameters[_random.Next(parameters.Count)];
                    SetLastPositional(first, "nameof(" + second.Name + ")");
                    SetLastPositional(second, "nameof(" + first.Name + ")");
                    return "cycle " + first.Name + " → " + second.Name + " → " + first.Name;
                }

            case 17:
                {
                    // Size(0), Size(-1) and other lengths, on a parameter that has a Size or not.
                    var parameters = model.Members.Where(m => m.Type == "Parameter").ToList();
                    Member target = parameters.Count == 0 || _random.Next(5) == 0 ? (member ?? new Member("Layer", "None")) : parameters[_random.Next(parameters.Count)];
                    string length = Pick(["0", "-1", "1", "2", "3", "4", "7", "length: 0", "int.MinValue"]);
                    target.Attributes.RemoveAll(a => a.Name == "Size");
                    target.Attributes.Add(new Attr("Size", length));
                    return "Size(" + length + ") on " + target.Name;
                }

            case 18:
                {
                    // Uniform bounds reversed, equal or non-finite, on an existing Uniform or in place of a prior.
                    Attr? uniform = model.Members.SelectMany(m => m.Attributes).FirstOrDefault(a => a.Name == "Uniform");
                    string[][] choices = [["2", "0.1"], ["1", "1"], ["double.NaN", "1"], ["0", "double.PositiveInfinity"], ["-1", "1"], ["0.1", "2"]];
                    string[] bounds = Pick(choices);
                    if (uniform is not null && _random.Next(2) == 0)
                    {
                        uniform.Arguments.Reverse();
                        return "Uniform bounds reversed";
                    }

                    var priors = model.Members.Where(m => m.Type == "Parameter").SelectMany(m => m.Attributes.Where(a => s_distributions.Contains(a.Name)).Select(a => (Member: m, Attr: a))).ToList();
                    if (priors.Count == 0)
                    {
                        return "no prior to make Uniform";
                    }

                    (Member owner, Attr prior) = priors[_random.Next(priors.Count)];
                    owner.Attributes[owner.Attributes.IndexOf(prior)] = new Attr("Uniform", bounds);
                    return "Uniform(" + string.Join(", ", bounds) + ") on " + owner.Name;
                }

            case 19:
                {
                    // The likelihood: Trials of 0 or less, or another likelihood in its place.
                    Member? observed = model.Members.FirstOrDefault(m => m.Type == "Observed" && m.Attributes.Count > 0);
                    if (observed is null)
                    {
                        return "no likelihood";
                    }

                    Attr? binomial = observed.Attributes.FirstOrDefault(a => a.Name == "Binomial");
                    if (binomial is not null && _random.Next(2) == 0)
                    {
                        string trials = Pick(["0", "-3", "1", "int.MinValue"]);
                        binomial.Arguments.RemoveAll(a => a.StartsWith("Trials", StringComparison.Ordinal));
                        binomial.Arguments.Add("Trials = " + trials);
                        return "Trials = " + trials;
                    }

                    Attr likelihood = Pick([
                        new Attr("Poisson", "LogRate = nameof(Output)"), new Attr("Poisson", "LogRate = nameof(Hidden)"), new Attr("Binomial", "Logits = nameof(Output)", "Trials = 0"),
                        new Attr("Binomial", "Logits = nameof(Output)"), new Attr("NegativeBinomial", "nameof(Output)", "nameof(Phi)"), new Attr("NegativeBinomial", "nameof(Output)", "0"),
                        new Attr("StudentT", "nameof(Nu)", "nameof(Output)", "nameof(S)"), new Attr("StudentT", "double.NaN", "nameof(Output)", "1"),
                        new Attr("Normal", "nameof(Output)", "nameof(Output)"), new Attr("Normal", "nameof(Output)", "nameof(Noise)")]).Clone();
                    observed.Attributes[0] = likelihood;
                    return "likelihood " + likelihood;
                }

            case 20:
                {
                    // A non-finite or out-of-domain constant, or an option where it may not belong.
                    var distributions = model.Members.SelectMany(m => m.Attributes).Where(a => s_distributions.Contains(a.Name)).ToList();
                    if (distributions.Count == 0)
                    {
                        return "no distribution";
                    }

                    Attr target = distributions[_random.Next(distributions.Count)];
                    if (_random.Next(2) == 0)
                    {
                        string option = Pick(["NonCentered = true", "NonCentered = false", "Transform = ParameterTransform.Softplus", "Transform = ParameterTransform.Log", "Transform = (ParameterTransform)9"]);
                        target.Arguments.Add(option);
                        return option + " on " + target.Name;
                    }

                    var constants = Positional(target).Where(i => !IsNameof(target.Arguments[i])).ToList();
                    if (constants.Count == 0)
                    {
                        return "no constant in " + target.Name;
                    }

                    int index = constants[_random.Next(constants.Count)];
                    string value = Pick(["double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "-1", "0", "1e-300", "1e300", "float.MaxValue"]);
                    target.Arguments[index] = value;
                    return value + " in " + target.Name;
                }

            default:
                return "nothing";
        }
    }

    /// <summary>A distribution argument anywhere in the model (positional, or Logits/P/LogRate/Trials), or null.</summary>
    private (Attr Target, int Index)? PickArgument(Decl model)
    {
        var all = model.Members.SelectMany(m => m.Attributes)
            .Where(a => s_distributions.Contains(a.Name))
            .SelectMany(a => Enumerable.Range(0, a.Arguments.Count).Where(i => !s_options.Any(o => a.Arguments[i].StartsWith(o + " =", StringComparison.Ordinal))).Select(i => (a, i)))
            .ToList();
        return all.Count == 0 ? null : all[_random.Next(all.Count)];
    }

    /// <summary>The indexes of an attribute's positional arguments.</summary>
    private static IEnumerable<int> Positional(Attr attribute) =>
        Enumerable.Range(0, attribute.Arguments.Count).Where(i => !attribute.Arguments[i].Contains('=', StringComparison.Ordinal) && !attribute.Arguments[i].Contains(':', StringComparison.Ordinal));

    /// <summary>Sets the last positional argument of the member's first distribution attribute.</summary>
    private static void SetLastPositional(Member member, string value)
    {
        Attr prior = member.Attributes.First(a => s_distributions.Contains(a.Name) && Positional(a).Any());
        prior.Arguments[Positional(prior).Last()] = value;
    }

    /// <summary>"Logits = nameof(L)" → ("Logits = ", "nameof(L)"); a positional argument has no prefix.</summary>
    private static (string Prefix, string Value) Split(string argument)
    {
        int equals = argument.IndexOf(" = ", StringComparison.Ordinal);
        return equals > 0 && !argument[..equals].Contains('(', StringComparison.Ordinal) ? (argument[..(equals + 3)], argument[(equals + 3)..]) : (string.Empty, argument);
    }

    private static bool IsNameof(string argument) => argument.Contains("nameof(", StringComparison.Ordinal);

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private void Shuffle(List<string> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private sealed class Attr(string name, params string[] arguments)
    {
        public string Name { get; } = name;

        public List<string> Arguments { get; } = [.. arguments];

        public Attr Clone() => new(Name, [.. Arguments]);

        public override string ToString() => Arguments.Count == 0 ? Name : Name + "(" + string.Join(", ", Arguments) + ")";
    }

    private sealed class Member(string type, string name, params Attr[] attributes)
    {
        public string Type { get; set; } = type;

        public string Name { get; set; } = name;

        public string Modifiers { get; set; } = "public partial";

        public string Accessors { get; set; } = "{ get; }";

        public List<Attr> Attributes { get; } = [.. attributes];

        public Member Clone() => new(Type, Name, [.. Attributes.Select(a => a.Clone())]) { Modifiers = Modifiers, Accessors = Accessors };
    }

    private sealed class Decl
    {
        public string Namespace { get; set; } = "Demo";

        public string? Outer { get; set; }

        public string Header { get; set; } = "public partial class Net";

        public string ElementType { get; set; } = "float";

        public List<Member> Members { get; } = [];

        /// <summary>
        /// 0: the seed's shape; 1: biases and a Normal likelihood; 2: a sigmoid output read through P; 3: a hierarchical
        /// network (per-unit scales with a hyperprior, a non-centred bias mean, Gamma/Beta/Uniform/HalfCauchy priors, a
        /// softplus transform); 4: a regression with learned noise; 5–8: Poisson, Binomial, negative binomial with a
        /// learned dispersion and Student-t with learned ν and σ; 9: a three-class categorical classifier.
        /// </summary>
        public static Decl Base(int kind)
        {
            var model = new Decl();
            model.Members.Add(new Member("Input", "X", new Attr("Input", "features: 2")));
            switch (kind)
            {
                case 0:
                    model.Members.Add(new Member("Layer", "Hidden", new Attr("Dense", "nameof(X)", "5", "Activation.Tanh"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Layer", "Output", new Attr("Dense", "nameof(Hidden)", "1"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Observed", "Y", new Attr("Bernoulli", "Logits = nameof(Output)")));
                    break;
                case 1:
                    model.ElementType = "double";
                    model.Members.Add(new Member("Layer", "Hidden", new Attr("Dense", "nameof(X)", "4", "Activation.Relu", "Inputs = 2", "Bias = true"), new Attr("Normal", "0", "1", "Part = LayerPart.Weights"), new Attr("Normal", "-0.5", "2.5", "Part = LayerPart.Bias")));
                    model.Members.Add(new Member("Layer", "Output", new Attr("Dense", "nameof(Hidden)", "1", "Bias = true"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Observed", "Y", new Attr("Normal", "nameof(Output)", "0.5")));
                    break;
                case 2:
                    model.Members.Add(new Member("Layer", "Hidden", new Attr("Dense", "nameof(X)", "3", "Activation.Softplus"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Layer", "Output", new Attr("Dense", "nameof(Hidden)", "1", "Activation.Sigmoid"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Observed", "Y", new Attr("Bernoulli", "P = nameof(Output)")));
                    break;
                case 3:
                    model.Members.Add(new Member("Parameter", "Rate", new Attr("Gamma", "2", "2")));
                    model.Members.Add(new Member("Parameter", "ScaleBase", new Attr("HalfNormal", "nameof(Rate)"), new Attr("Size", "4")));
                    model.Members.Add(new Member("Parameter", "UnitScales", new Attr("HalfNormal", "nameof(ScaleBase)"), new Attr("Size", "4")));
                    model.Members.Add(new Member("Parameter", "Soft", new Attr("HalfNormal", "1", "Transform = ParameterTransform.Softplus")));
                    model.Members.Add(new Member("Parameter", "OutputScale", new Attr("HalfCauchy", "nameof(Soft)")));
                    model.Members.Add(new Member("Parameter", "Mu", new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Parameter", "Tau", new Attr("Uniform", "0.1", "2")));
                    model.Members.Add(new Member("Parameter", "BiasMeans", new Attr("Normal", "nameof(Mu)", "nameof(Tau)", "NonCentered = true"), new Attr("Size", "4")));
                    model.Members.Add(new Member("Parameter", "Shrink", new Attr("Beta", "2", "2")));
                    model.Members.Add(new Member(
                        "Layer",
                        "Hidden",
                        new Attr("Dense", "nameof(X)", "4", "Activation.Tanh", "Bias = true"),
                        new Attr("Normal", "0", "nameof(UnitScales)", "Part = LayerPart.Weights"),
                        new Attr("Normal", "nameof(BiasMeans)", "nameof(Shrink)", "Part = LayerPart.Bias")));
                    model.Members.Add(new Member("Layer", "Output", new Attr("Dense", "nameof(Hidden)", "1"), new Attr("Normal", "0", "nameof(OutputScale)", "NonCentered = true")));
                    model.Members.Add(new Member("Observed", "Y", new Attr("Bernoulli", "Logits = nameof(Output)")));
                    break;
                case 4:
                    model.ElementType = "double";
                    model.Members.Add(new Member("Parameter", "Noise", new Attr("HalfNormal", "2")));
                    model.Members.Add(new Member("Layer", "Hidden", new Attr("Dense", "nameof(X)", "4", "Activation.Softplus", "Bias = true"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Layer", "Output", new Attr("Dense", "nameof(Hidden)", "1", "Bias = true"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Observed", "Y", new Attr("Normal", "nameof(Output)", "nameof(Noise)")));
                    break;
                case 10:
                    model.ElementType = "double";
                    model.Members.Add(new Member("Group", "County", new Attr("Group", "nameof(X)", "1", "levels: 6")));
                    model.Members.Add(new Member("Parameter", "MuA", new Attr("Normal", "0", "10")));
                    model.Members.Add(new Member("Parameter", "SigmaA", new Attr("HalfNormal", "5")));
                    model.Members.Add(new Member("Parameter", "A", new Attr("Normal", "nameof(MuA)", "nameof(SigmaA)"), new Attr("Size", "nameof(County)")));
                    model.Members.Add(new Member("Layer", "Floor", new Attr("Dense", "nameof(X)", "1"), new Attr("Normal", "0", "10")));
                    model.Members.Add(new Member("Parameter", "SigmaY", new Attr("HalfNormal", "5")));
                    model.Members.Add(new Member("Observed", "Y", new Attr("Normal", "nameof(Floor)", "nameof(SigmaY)", "Intercept = nameof(A)")));
                    break;
                case 11:
                    model.Members.Add(new Member("Group", "School", new Attr("Group", "nameof(X)", "0", "levels: 8")));
                    model.Members.Add(new Member("Column", "StdErr", new Attr("Column", "nameof(X)", "1")));
                    model.Members.Add(new Member("Parameter", "Mu", new Attr("Normal", "0", "5")));
                    model.Members.Add(new Member("Parameter", "Tau", new Attr("HalfCauchy", "5")));
                    model.Members.Add(new Member("Parameter", "Theta", new Attr("Normal", "nameof(Mu)", "nameof(Tau)", "NonCentered = true"), new Attr("Size", "nameof(School)")));
                    model.Members.Add(new Member("Observed", "Y", new Attr("Normal", "nameof(Theta)", "nameof(StdErr)")));
                    break;
                case 9:
                    model.Members.Add(new Member("Layer", "Hidden", new Attr("Dense", "nameof(X)", "4", "Activation.Tanh", "Bias = true"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Layer", "Output", new Attr("Dense", "nameof(Hidden)", "3", "Bias = true"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Observed", "Y", new Attr("Categorical", "Logits = nameof(Output)")));
                    break;
                default:
                    model.ElementType = kind % 2 == 0 ? "double" : "float";
                    model.Members.Add(new Member("Layer", "Hidden", new Attr("Dense", "nameof(X)", "3", "Activation.Tanh", "Bias = true"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Layer", "Output", new Attr("Dense", "nameof(Hidden)", "1", "Bias = true"), new Attr("Normal", "0", "1")));
                    switch (kind)
                    {
                        case 5:
                            model.Members.Add(new Member("Observed", "Y", new Attr("Poisson", "LogRate = nameof(Output)")));
                            break;
                        case 6:
                            model.Members.Add(new Member("Observed", "Y", new Attr("Binomial", "Logits = nameof(Output)", "Trials = 5")));
                            break;
                        case 7:
                            model.Members.Insert(1, new Member("Parameter", "Phi", new Attr("Gamma", "2", "0.5")));
                            model.Members.Add(new Member("Observed", "Y", new Attr("NegativeBinomial", "nameof(Output)", "nameof(Phi)")));
                            break;
                        default:
                            model.Members.Insert(1, new Member("Parameter", "Nu", new Attr("Gamma", "2", "0.1")));
                            model.Members.Insert(2, new Member("Parameter", "S", new Attr("HalfNormal", "1")));
                            model.Members.Add(new Member("Observed", "Y", new Attr("StudentT", "nameof(Nu)", "nameof(Output)", "nameof(S)")));
                            break;
                    }

                    break;
            }

            return model;
        }

        public void RenameReferences(string from, string to)
        {
            foreach (Attr attribute in Members.SelectMany(m => m.Attributes))
            {
                for (int i = 0; i < attribute.Arguments.Count; i++)
                {
                    attribute.Arguments[i] = attribute.Arguments[i].Replace("nameof(" + from + ")", "nameof(" + to + ")", StringComparison.Ordinal);
                }
            }
        }

        public string Render()
        {
            var text = new StringBuilder("using ModelGen;\n\n");
            if (Namespace.Length > 0)
            {
                text.Append("namespace ").Append(Namespace).Append(";\n\n");
            }

            if (Outer is not null)
            {
                text.Append(Outer).Append("\n{\n");
            }

            text.Append("[Model<").Append(ElementType).Append(">]\n").Append(Header).Append("\n{\n");
            foreach (Member member in Members)
            {
                if (member.Attributes.Count > 0)
                {
                    text.Append("    [").Append(string.Join(", ", member.Attributes)).Append("]\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"    {member.Modifiers} {member.Type} {member.Name} {member.Accessors}\n\n");
            }

            text.Append("}\n");
            if (Outer is not null)
            {
                text.Append("}\n");
            }

            return text.ToString();
        }
    }
}
