using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator.Tests.Models;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>
/// Today's generated kernels, kept as checked-in reference code: <c>Frozen/{Name}/Model.cs.txt</c> is the model's
/// declaration and every other <c>Frozen/{Name}/*.txt</c> a file the generator wrote for it when the kernels were frozen.
/// The frozen files are compiled beside the declaration without the generator, in their own assembly, so the live
/// generator's code of the same declaration can be compared with them number for number (<see cref="FrozenKernelTests"/>).
/// </summary>
/// <remarks>
/// Nothing rewrites them as the generator changes (<see cref="SnapshotAssert.UpdateVariable"/> does not touch them): they
/// are the numbers a rewrite of the generator must keep. <see cref="FreezeVariable"/>=1 writes them afresh from the
/// current generator, which is right only at a step whose numbers the test has shown equal to the last frozen ones.
/// </remarks>
internal static class FrozenKernels
{
    public const string FreezeVariable = "MODELGEN_FREEZE_KERNELS";

    public const string ModelFile = "Model.cs.txt";

    public static string Folder => Path.Combine(RepoPaths.TestProject, "Frozen");

    /// <summary>The frozen models' names (their folders), in order.</summary>
    public static IEnumerable<string> Names() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateDirectories(Folder).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)
            : [];

    /// <summary>The model declaration of <paramref name="name"/>.</summary>
    public static string ModelSource(string name) => File.ReadAllText(Path.Combine(Folder, name, ModelFile));

    /// <summary>The frozen generated files of <paramref name="name"/>.</summary>
    public static IEnumerable<string> GeneratedSources(string name) =>
        Directory.EnumerateFiles(Path.Combine(Folder, name), "*.txt")
            .Where(p => Path.GetFileName(p) != ModelFile)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText);

    /// <summary>The declaration compiled with the frozen generated files and no generator, loaded in its own context.</summary>
    public static LoadedAssembly LoadFrozen(string name)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation([ModelSource(name), .. GeneratedSources(name)], assemblyName: "ModelGen.Frozen." + name);
        using var pe = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(pe);
        if (!result.Success)
        {
            Assert.Fail("The frozen kernels of '" + name + "' did not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)));
        }

        pe.Position = 0;
        return new LoadedAssembly(pe);
    }

    /// <summary>The same declaration through the live generator, which must report nothing.</summary>
    public static LoadedAssembly LoadLive(string name)
    {
        GeneratorRun run = GeneratorHarness.Run(ModelSource(name));
        Assert.True(run.GeneratorDiagnostics.IsEmpty, string.Join("\n", run.GeneratorDiagnostics));
        return run.Load();
    }

    /// <summary>The models frozen: every generator test model that generates code, every sample's, and the prior zoo.</summary>
    public static IEnumerable<(string Name, string Source)> Declarations()
    {
        yield return ("SeedModel", TestModels.Seed);
        yield return ("Wide", TestModels.Wide);
        yield return ("Regression", TestModels.Regression);
        yield return ("Hierarchical", TestModels.Hierarchical);
        yield return ("LearnedNoise", TestModels.LearnedNoise);
        yield return ("Counts", TestModels.Counts);
        yield return ("Classifier", TestModels.Classifier);
        yield return ("Radon", TestModels.Radon);
        yield return ("EightSchools", TestModels.EightSchools);
        yield return ("NetDefault", TestModels.Net());
        yield return ("SampleRegression", File.ReadAllText(RepoPaths.Combine("Samples", "Regression", "RegressionModel.cs")));
        yield return ("SampleCountRegression", File.ReadAllText(RepoPaths.Combine("Samples", "CountRegression", "CountModels.cs")));
        yield return ("SampleEightSchools", File.ReadAllText(RepoPaths.Combine("Samples", "EightSchools", "Models.cs")));
        yield return ("SampleHierarchicalMoons", File.ReadAllText(RepoPaths.Combine("Samples", "HierarchicalMoons", "HierarchicalMoonsNetwork.cs")));
        yield return ("SampleMultiClass", File.ReadAllText(RepoPaths.Combine("Samples", "MultiClass", "SpiralNetwork.cs")));
        foreach (string scalar in new[] { "float", "double" })
        {
            string suffix = scalar == "float" ? "Float" : "Double";
            yield return ("PriorZooValues" + suffix, PriorZoo.OnValues(scalar));
            yield return ("PriorZooTheta" + suffix, PriorZoo.OnTheta(scalar));
        }

        // The likelihood forms no model above has, frozen from the hand-written emitter (ce45702) when they moved onto
        // the kernel IR: a Student t with constant arguments, a Binomial with constant trials, a NegativeBinomial with
        // a constant dispersion.
        yield return ("LikelihoodStudentT", LikelihoodZoo.Source("StudentT", "double", "[StudentT(4, nameof(Out), 0.5)]"));
        yield return ("LikelihoodBinomial", LikelihoodZoo.Source("Binomial", "float", "[Binomial(Logits = nameof(Out), Trials = 5)]"));
        yield return ("LikelihoodNegativeBinomial", LikelihoodZoo.Source("NegativeBinomial", "double", "[NegativeBinomial(nameof(Out), 2.5)]"));
    }

    /// <summary>Writes every declaration and its generated files under <see cref="Folder"/>, replacing what was there.</summary>
    public static void Freeze()
    {
        foreach ((string name, string source) in Declarations())
        {
            string folder = Path.Combine(Folder, name);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            GeneratorRun run = GeneratorHarness.Run(source).AssertClean();
            var utf8 = new UTF8Encoding(false);
            File.WriteAllText(Path.Combine(folder, ModelFile), source.Replace("\r\n", "\n", StringComparison.Ordinal), utf8);
            foreach (GeneratedSource file in run.Sources)
            {
                File.WriteAllText(Path.Combine(folder, file.HintName + ".txt"), SnapshotAssert.Normalize(file.Text), utf8);
            }
        }
    }
}

/// <summary>A small network (3 inputs, 4 tanh units with biases, one output) read by one likelihood, for the frozen likelihood forms.</summary>
internal static class LikelihoodZoo
{
    public static string Source(string name, string scalar, string likelihood) => $$"""
        using ModelGen;

        namespace Demo.Likelihoods;

        [Model<{{scalar}}>]
        public partial class {{name}}Net
        {
            [Input(3)] public partial Input X { get; }

            [Dense(nameof(X), 4, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

            [Dense(nameof(Hidden), 1, Bias = true), Normal(0, 1)] public partial Layer Out { get; }

            {{likelihood}} public partial Observed Y { get; }
        }
        """;
}

/// <summary>
/// Models that put every prior family at every placement the generator handles differently, many at once so that a
/// few frozen files cover them: standalone scalars and vectors with constant arguments, with arguments naming scalar
/// parameters and naming one value per element, layer weights with arguments per unit, biases with constants, a
/// group-sized vector read by the likelihood, and non-centred blocks; and, apart, the layers-only model whose kernel
/// works on θ itself.
/// </summary>
internal static class PriorZoo
{
    /// <summary>(attribute name, argument domains: R a location, P positive, constants, can its arguments name parameters).</summary>
    private static readonly (string Name, string Domains, string Constants, bool CanName)[] s_families =
    [
        ("Normal", "RP", "0.3, 1.7", true),
        ("HalfNormal", "P", "1.3", true),
        ("StudentT", "PRP", "3.5, -0.4, 1.2", true),
        ("HalfStudentT", "PP", "4.0, 0.8", true),
        ("Cauchy", "RP", "0.2, 0.9", true),
        ("HalfCauchy", "P", "1.5", true),
        ("Laplace", "RP", "-0.5, 2.2", true),
        ("Exponential", "P", "1.4", true),
        ("Gamma", "PP", "2.5, 1.5", true),
        ("InverseGamma", "PP", "3.0, 2.0", true),
        ("LogNormal", "RP", "0.1, 0.6", true),
        ("Beta", "PP", "2.0, 3.0", true),
        ("Uniform", "RR", "-1.5, 2.5", false),
        ("Flat", string.Empty, string.Empty, false),
        ("HalfFlat", string.Empty, string.Empty, false),
    ];

    private const int Units = 3;

    /// <summary>
    /// Every family as a standalone scalar and vector with constant arguments; every nameable family again with
    /// arguments naming those (a scalar naming scalars, a vector naming one value per element); a layer per family whose
    /// weights' arguments name vectors per unit and whose biases' name scalars; a group-sized intercept and non-centred
    /// blocks. Every standalone parameter is named by some later prior (a model must use them all); the kernel works on
    /// constrained values.
    /// </summary>
    public static string OnValues(string scalar)
    {
        var s = new StringBuilder();
        s.Append("using ModelGen;\n\nnamespace Frozen.Zoo;\n\n[Model<").Append(scalar).Append(">]\npublic partial class PriorZooValues\n{\n");
        s.Append("    [Input(3)] public partial Input X { get; }\n");
        s.Append("    [Group(nameof(X), 2, levels: ").Append(Units).Append(")] public partial Group G { get; }\n");

        // Parameters not yet named by a prior, by shape (scalar or vector) and domain (R or P), oldest first.
        var scalars = new Pool();
        var vectors = new Pool();
        foreach ((string name, string domains, string constants, bool _) in s_families)
        {
            s.Append("    [").Append(name).Append('(').Append(constants).Append(")] public partial Parameter S").Append(name).Append(" { get; }\n");
            s.Append("    [").Append(name).Append('(').Append(constants).Append("), Size(").Append(Units).Append(")] public partial Parameter V").Append(name).Append(" { get; }\n");
            scalars.Add("S" + name, Domain(name));
            vectors.Add("V" + name, Domain(name));
        }

        foreach ((string name, string domains, string _, bool canName) in s_families.Where(f => f.CanName))
        {
            s.Append("    [").Append(name).Append('(').Append(scalars.Take(domains)).Append(")] public partial Parameter N").Append(name).Append(" { get; }\n");
            s.Append("    [").Append(name).Append('(').Append(vectors.Take(domains)).Append("), Size(").Append(Units).Append(")] public partial Parameter E").Append(name).Append(" { get; }\n");
            scalars.Add("N" + name, Domain(name));
            vectors.Add("E" + name, Domain(name));
        }

        string previous = "X";
        foreach ((string name, string domains, string constants, bool canName) in s_families)
        {
            string weights = canName ? vectors.Take(domains) : constants;
            string bias = canName ? scalars.Take(domains) : constants;
            s.Append("    [Dense(nameof(").Append(previous).Append("), ").Append(Units).Append(", Activation.Tanh, Bias = true), ")
                .Append(name).Append('(').Append(Joined(weights, "Part = LayerPart.Weights")).Append("), ")
                .Append(name).Append('(').Append(Joined(bias, "Part = LayerPart.Bias")).Append(")] public partial Layer L").Append(name).Append(" { get; }\n");
            previous = "L" + name;
        }

        // Whatever is still unnamed: Normal layers naming it (a location and a scale each), per unit or scalar.
        for (int k = 0; vectors.Left || scalars.Left; k++)
        {
            string weights = vectors.Take("RP");
            string bias = scalars.Take("RP");
            s.Append("    [Dense(nameof(").Append(previous).Append("), ").Append(Units).Append(", Activation.Tanh, Bias = true), Normal(")
                .Append(Joined(weights, "Part = LayerPart.Weights")).Append("), Normal(").Append(Joined(bias, "Part = LayerPart.Bias"))
                .Append(")] public partial Layer Tail").Append(k).Append(" { get; }\n");
            previous = "Tail" + k;
        }

        s.Append("    [HalfNormal(2)] public partial Parameter Scale { get; }\n");
        s.Append("    [Normal(0.2, 0.7)] public partial Parameter Loc { get; }\n");
        s.Append("    [Normal(nameof(Loc), nameof(Scale), NonCentered = true), Size(nameof(G))] public partial Parameter Intercept { get; }\n");
        s.Append("    [Dense(nameof(").Append(previous).Append("), 1), Normal(nameof(Loc), nameof(Scale), NonCentered = true)] public partial Layer Out { get; }\n");
        s.Append("    [HalfNormal(1.5)] public partial Parameter Noise { get; }\n");
        s.Append("    [Normal(nameof(Out), nameof(Noise), Intercept = nameof(Intercept))] public partial Observed Y { get; }\n");
        s.Append("}\n");
        return s.ToString();
    }

    /// <summary>'R' for a family whose values are anywhere on the line (a location's), 'P' for positive or (0, 1) ones.</summary>
    private static char Domain(string family) => family is "Normal" or "StudentT" or "Cauchy" or "Laplace" or "Uniform" or "Flat" ? 'R' : 'P';

    /// <summary>Parameters to name in later priors, by domain: unnamed ones first, then round again.</summary>
    private sealed class Pool
    {
        private readonly List<(string Name, char Domain)> _all = [];
        private readonly HashSet<string> _named = [];
        private int _next;

        public bool Left => _all.Any(p => !_named.Contains(p.Name));

        public void Add(string name, char domain) => _all.Add((name, domain));

        /// <summary>"nameof(A), nameof(B)": one parameter per domain letter.</summary>
        public string Take(string domains) => string.Join(", ", domains.Select(d => "nameof(" + TakeOne(d) + ")"));

        private string TakeOne(char domain)
        {
            var candidates = _all.Where(p => p.Domain == domain).ToList();
            var unnamed = candidates.Where(p => !_named.Contains(p.Name)).ToList();
            string name = unnamed.Count > 0 ? unnamed[0].Name : candidates[_next++ % candidates.Count].Name;
            _named.Add(name);
            return name;
        }
    }

    /// <summary>Layers only, real-line families with constant arguments, a constant likelihood scale: the kernel works on θ itself.</summary>
    public static string OnTheta(string scalar)
    {
        var s = new StringBuilder();
        s.Append("using ModelGen;\n\nnamespace Frozen.Zoo;\n\n[Model<").Append(scalar).Append(">]\npublic partial class PriorZooTheta\n{\n");
        s.Append("    [Input(2)] public partial Input X { get; }\n");
        string previous = "X";
        string[] real = ["Normal", "StudentT", "Cauchy", "Laplace", "Flat"];
        for (int k = 0; k < real.Length; k++)
        {
            var (name, _, constants, _) = s_families.Single(f => f.Name == real[k]);
            var (biasName, _, biasConstants, _) = s_families.Single(f => f.Name == real[(k + 1) % real.Length]);
            s.Append("    [Dense(nameof(").Append(previous).Append("), ").Append(Units).Append(", Activation.Tanh, Bias = true), ")
                .Append(name).Append('(').Append(Joined(constants, "Part = LayerPart.Weights")).Append("), ")
                .Append(biasName).Append('(').Append(Joined(biasConstants, "Part = LayerPart.Bias")).Append(")] public partial Layer L").Append(name).Append(" { get; }\n");
            previous = "L" + name;
        }

        s.Append("    [Dense(nameof(").Append(previous).Append("), 1), Normal(0, 1)] public partial Layer Out { get; }\n");
        s.Append("    [Normal(nameof(Out), 1.3)] public partial Observed Y { get; }\n");
        s.Append("}\n");
        return s.ToString();
    }

    private static string Joined(string arguments, string named) => arguments.Length == 0 ? named : arguments + ", " + named;
}
