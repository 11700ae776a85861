using System.Globalization;
using System.Text;

namespace ModelGen.Generator.Tests.Models;

/// <summary>
/// Builds randomly damaged model declarations from a fixed seed, for the robustness test: members dropped,
/// attribute arguments deleted, shuffled or replaced by garbage, property types swapped, awkward names
/// (keywords, non-ASCII, generated-member names), and strings with quotes, braces and newlines where
/// nameof(...) belongs. Each case is a whole compilation unit; most are invalid, some by chance are not.
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
        "\"名前\"", "$\"{1}\"", "features: 3", "units: 2", "mu: 1", "sigma: 0",
    ];

    private static readonly string[] s_names =
    [
        "@class", "@event", "Ünïcødé", "名前", "x", "y", "_", "Fit", "Rows", "Net", "value", "var", "field", "TVec", "TSimd",
        "theta", "gradient", "data", "row", "Hidden_W_0", "Output_0", "Y_value", "__Data", "Info", "@this",
    ];

    private static readonly string[] s_types =
    [
        "Input", "Layer", "Observed", "int", "string", "object", "Input?", "global::ModelGen.Layer", "ModelGen.Observed", "double",
    ];

    private static readonly string[] s_elementTypes = ["float", "double", "Half", "int", "decimal", "float?"];

    /// <summary>The next damaged declaration, with a one-line description of what was done to it.</summary>
    public (string Source, string Description) Next()
    {
        Decl model = Decl.Base(_random.Next(3));
        var applied = new List<string>();
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count; i++)
        {
            applied.Add(Mutate(model));
        }

        return (model.Render(), string.Join("; ", applied));
    }

    private string Mutate(Decl model)
    {
        Member? member = model.Members.Count == 0 ? null : model.Members[_random.Next(model.Members.Count)];
        Attr? attribute = member is null || member.Attributes.Count == 0 ? null : member.Attributes[_random.Next(member.Attributes.Count)];
        switch (_random.Next(14))
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
                    new Attr("Input", "2"), new Attr("Dense", "nameof(X)", "1"), new Attr("Normal", "nameof(Output)", "1"), new Attr("Model<float>")]).Clone());
                return "another attribute on " + member.Name;
            case 12:
                model.Members.Insert(_random.Next(model.Members.Count + 1), Pick([
                    new Member("Input", "Z", new Attr("Input", "1")),
                    new Member("Layer", "Extra", new Attr("Dense", "nameof(X)", "2"), new Attr("Normal", "0", "1")),
                    new Member("Observed", "Z2", new Attr("Bernoulli", "P = nameof(Output)")),
                    new Member("Layer", "Bare"),
                    new Member("int", "Count"),
                    new Member("Layer", "Self", new Attr("Dense", "nameof(Self)", "1"), new Attr("Normal", "0", "1"))]).Clone());
                return "extra member";
            case 13:
                model.Namespace = Pick(["", "Demo.Deep.Space", "Ünï", "@namespace", "ModelGen"]);
                model.Outer = Pick([null, "public partial class Outer", "public class Outer", "public partial class Outer<T>", "public partial struct Outer"]);
                return "namespace '" + model.Namespace + "' outer '" + model.Outer + "'";
            default:
                return "nothing";
        }
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

        /// <summary>0: the seed's shape; 1: biases and a Normal likelihood; 2: a sigmoid output read through P.</summary>
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
                default:
                    model.Members.Add(new Member("Layer", "Hidden", new Attr("Dense", "nameof(X)", "3", "Activation.Softplus"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Layer", "Output", new Attr("Dense", "nameof(Hidden)", "1", "Activation.Sigmoid"), new Attr("Normal", "0", "1")));
                    model.Members.Add(new Member("Observed", "Y", new Attr("Bernoulli", "P = nameof(Output)")));
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
