using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Check;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

/// <summary>
/// Reads a [Model] class into a <see cref="ModelSpec"/>, then runs <see cref="ModelChecker"/> on it. The only
/// code that touches symbols and syntax: attributes are matched by metadata name, arguments become constants
/// or element names, and the place each was written is recorded under a key, which turns the checker's
/// findings into located diagnostics. Every partial property the model owns is recorded as written, so the
/// generated part can implement it even when the parser rejects it.
/// </summary>
internal sealed partial class ModelParser
{
    public const string ModelAttributeName = "ModelGen.ModelAttribute`1";
    private const string InputAttributeName = "ModelGen.InputAttribute";
    private const string DenseAttributeName = "ModelGen.DenseAttribute";
    private const string BernoulliAttributeName = "ModelGen.BernoulliAttribute";
    private const string PoissonAttributeName = "ModelGen.PoissonAttribute";
    private const string BinomialAttributeName = "ModelGen.BinomialAttribute";
    private const string NegativeBinomialAttributeName = "ModelGen.NegativeBinomialAttribute";
    private const string CategoricalAttributeName = "ModelGen.CategoricalAttribute";
    private const string SizeAttributeName = "ModelGen.SizeAttribute";
    private const string GroupAttributeName = "ModelGen.GroupAttribute";
    private const string ColumnAttributeName = "ModelGen.ColumnAttribute";

    /// <summary>How a member's type is written in its implementation: global::-qualified, with a nullable annotation if declared.</summary>
    private static readonly SymbolDisplayFormat s_typeFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<LocatedKey> _locations = new();
    private readonly List<RejectedSpec> _rejected = new();
    private readonly string _modelName;

    private ModelParser(string modelName) => _modelName = modelName;

    /// <summary>
    /// Whether <paramref name="node"/> is the declaration that parses <paramref name="type"/>: the one holding its
    /// first [Model] attribute. [Model] on two parts of one class (CS0579, even for Model&lt;float&gt; and
    /// Model&lt;double&gt;) would otherwise parse and emit the class twice, under one hint name.
    /// </summary>
    public static bool IsPrimaryDeclaration(INamedTypeSymbol type, SyntaxNode node)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (MetadataName(attribute.AttributeClass) == ModelAttributeName)
            {
                return attribute.ApplicationSyntaxReference is not { } reference
                    || (reference.SyntaxTree == node.SyntaxTree && node.Span.Contains(reference.Span));
            }
        }

        return true;
    }

    /// <summary>Parses the class <paramref name="type"/>, which carries [Model&lt;T&gt;], and checks what it declares.</summary>
    public static ParseResult Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var parser = new ModelParser(type.Name);
        ModelSpec? spec = parser.ParseType(type, cancellationToken);
        if (spec is { IsModelClass: true })
        {
            parser.Check(spec);
        }

        return new ParseResult(spec, parser._diagnostics.ToEquatableArray());
    }

    /// <summary>The checker's findings, each at the first of its keys the parser recorded (else at the class name).</summary>
    private void Check(ModelSpec spec)
    {
        try
        {
            foreach (Finding finding in ModelChecker.Check(spec))
            {
                LocationInfo? location = finding.Keys.Select(Lookup).FirstOrDefault(l => l is not null) ?? Lookup("type");
                _diagnostics.Add(new DiagnosticInfo(finding.Id, location, finding.Arguments.ToEquatableArray()));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _diagnostics.Add(DiagnosticInfo.InternalError(_modelName, e, Lookup("type")));
        }
    }

    private ModelSpec? ParseType(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var declaration = PrimaryDeclaration(type, cancellationToken);
        LocationInfo? typeLocation = LocationInfo.From(declaration is null ? type.Locations.FirstOrDefault() : declaration.Identifier.GetLocation());
        Remember("type", typeLocation);

        if (!IsPartialChain(type, cancellationToken))
        {
            Report(DiagnosticDescriptors.ModelNotPartialId, typeLocation, type.Name);
            return null;
        }

        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsFileLocal)
            {
                string where = t.Equals(type, SymbolEqualityComparer.Default) ? "is" : "is nested in '" + t.Name + "', which is";
                Report(DiagnosticDescriptors.InvalidModelTypeId, typeLocation, type.Name, where + " file-local; ModelGen adds the model's members in a file of its own, so declare it without 'file'");
                return null;
            }
        }

        // A type that cannot be a model still gets its partial properties implemented (throwing), so MG0014 stands alone.
        string? problem = TypeProblem(type, cancellationToken, out bool compilerReportsIt);
        if (problem is not null && !compilerReportsIt)
        {
            Report(DiagnosticDescriptors.InvalidModelTypeId, typeLocation, type.Name, problem);
        }

        // A second [Model<T>] on another part (of any T) is the compiler's CS0579; the first one decides.
        AttributeData? modelAttribute = type.GetAttributes().FirstOrDefault(a => MetadataName(a.AttributeClass) == ModelAttributeName);
        Remember("model", LocationInfo.From(modelAttribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken)));
        ElementType elementType = ElementType.Unsupported;
        string elementTypeName = "?";
        if (modelAttribute?.AttributeClass is { TypeArguments.Length: 1 } attributeClass)
        {
            ITypeSymbol argument = attributeClass.TypeArguments[0];
            elementTypeName = argument.ToDisplayString();
            elementType = argument.SpecialType switch
            {
                SpecialType.System_Single => ElementType.Float,
                SpecialType.System_Double => ElementType.Double,
                _ => ElementType.Unsupported,
            };
        }

        var members = new List<MemberSpec>();
        var inputs = new List<InputSpec>();
        var layers = new List<LayerSpec>();
        var observed = new List<ObservedSpec>();
        var parameters = new List<ParameterSpec>();
        var groups = new List<GroupSpec>();
        var columns = new List<ColumnSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var elements = new Elements(inputs, layers, observed, parameters, groups, columns);
        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Two members with one name are the user's CS0102; the first one is the element.
            if (member is IPropertySymbol { IsIndexer: false } property && seen.Add(property.Name))
            {
                ParseProperty(property, members, elements, cancellationToken);
            }
            else if (CollectTerm(member))
            {
                // Read after every declaration (ModelParser.Terms.cs).
            }
            else if (CollectQuantity(member))
            {
                // [Computes] and [Generated] methods, read after every declaration (ModelParser.Quantities.cs).
            }
            else if (member is IFieldSymbol { IsImplicitlyDeclared: false } or IMethodSymbol { MethodKind: MethodKind.Ordinary, IsImplicitlyDeclared: false })
            {
                ParseFieldOrMethod(member, seen, elements, cancellationToken);
            }
        }

        ParseTerms(elementType, cancellationToken);
        ParseQuantities(elementType, cancellationToken);
        var typeRef = new TypeRef(
            NamespaceName(type.ContainingNamespace),
            Declaration(type),
            ContainingTypes(type).ToEquatableArray());
        if (elementType == ElementType.Unsupported && problem is null)
        {
            Report(DiagnosticDescriptors.UnsupportedElementTypeId, Lookup("model") ?? typeLocation, type.Name, elementTypeName);
        }

        bool parameterless = type.InstanceConstructors.Any(c => !c.IsImplicitlyDeclared && c.Parameters.Length == 0 && !IsGeneratorOutput(c));
        return new ModelSpec(
            typeRef,
            elementType,
            members.ToEquatableArray(),
            inputs.ToEquatableArray(),
            layers.ToEquatableArray(),
            observed.ToEquatableArray(),
            _rejected.ToEquatableArray(),
            parameterless)
        {
            IsModelClass = problem is null,
            Parameters = SizeByGroups(parameters, groups).ToEquatableArray(),
            Groups = groups.ToEquatableArray(),
            Columns = columns.ToEquatableArray(),
            Declarations = new DeclarationsSpec(_data.ToEquatableArray(), _declared.ToEquatableArray()) { Transformed = _transformedSpecs, Generated = _generatedSpecs },
            Terms = _terms.ToEquatableArray(),
        };
    }

    /// <summary>The element lists the parser fills, one per kind.</summary>
    private sealed record Elements(List<InputSpec> Inputs, List<LayerSpec> Layers, List<ObservedSpec> Observed, List<ParameterSpec> Parameters, List<GroupSpec> Groups, List<ColumnSpec> Columns);

    /// <summary>A parameter sized by a group takes the group's levels as its length (0 when the group is unknown: MG0003 says so).</summary>
    private static IEnumerable<ParameterSpec> SizeByGroups(List<ParameterSpec> parameters, List<GroupSpec> groups) =>
        parameters.Select(p => p.Group is null ? p : p with { Length = groups.FirstOrDefault(g => g.Name == p.Group)?.Levels ?? 0 });

    /// <summary>Whether <paramref name="attribute"/> is one of ModelGen's element attributes (an element, a distribution or [Size]).</summary>
    private static bool IsOurs(AttributeData attribute) =>
        MetadataName(attribute.AttributeClass) is InputAttributeName or DenseAttributeName or SizeAttributeName or GroupAttributeName or ColumnAttributeName
        || IsLikelihoodOnly(attribute) || IsDistribution(attribute);

    /// <summary>The likelihood attributes that are never priors: Bernoulli, Poisson, Binomial, NegativeBinomial, Categorical.</summary>
    private static bool IsLikelihoodOnly(AttributeData attribute) =>
        MetadataName(attribute.AttributeClass) is BernoulliAttributeName or PoissonAttributeName or BinomialAttributeName or NegativeBinomialAttributeName or CategoricalAttributeName;

    private static bool IsDistribution(AttributeData attribute) => DistributionCatalog.ByAttribute(MetadataName(attribute.AttributeClass)) is not null;

    /// <summary>Why <paramref name="type"/> cannot be a model, or null; <paramref name="compilerReportsIt"/> when [Model] on it is already CS0592.</summary>
    private static string? TypeProblem(INamedTypeSymbol type, CancellationToken cancellationToken, out bool compilerReportsIt)
    {
        compilerReportsIt = false;
        if (type.TypeKind != TypeKind.Class)
        {
            // [Model] is AttributeTargets.Class: on a struct or interface the compiler's CS0592 already says so.
            compilerReportsIt = true;
            return "is not a class";
        }

        if (type.IsGenericType)
        {
            return type.TypeParameters.Length > 0
                ? "is generic; a model must be a non-generic class (the element type goes in [Model<T>])"
                : "is nested in a generic type; a model must be a non-generic class, so move it out";
        }

        if (type.IsStatic)
        {
            return "is static; a model is bound to its data, so it must be an instance class";
        }

        if (type.IsAbstract)
        {
            return "is abstract; the generated constructor must be able to create it";
        }

        if (type.IsRecord)
        {
            return "is a record; a model is bound to its data, and value equality and 'with' copies have no meaning for it: declare it 'partial class'";
        }

        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: not null })
            {
                return "has a primary constructor; the generated constructors bind the data and cannot chain to it, so remove the parameter list";
            }
        }

        return null;
    }

    /// <summary>The declaration holding the first [Model] attribute (the one diagnostics about the class point at), else the first.</summary>
    private static TypeDeclarationSyntax? PrimaryDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
        return declarations.FirstOrDefault(d => IsPrimaryDeclaration(type, d)) ?? declarations.FirstOrDefault();
    }

    private void ParseProperty(IPropertySymbol property, List<MemberSpec> members, Elements elements, CancellationToken cancellationToken)
    {
        MemberKind kind = DescriptorKind(property.Type);
        var ours = property.GetAttributes().Where(IsOurs).ToList();
        var syntax = property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as PropertyDeclarationSyntax;

        // A partial definition with no implementation yet: the generator must implement it if the model owns it. In a
        // build or the IDE the analyzers see the generator's output too: a definition ModelGen implemented is one still.
        bool isDefinition = property.IsPartialDefinition && syntax?.AccessorList is not null
            && (property.PartialImplementationPart is not { } implementation || IsGeneratorOutput(implementation));
        if (kind == MemberKind.Other && ParseDeclaration(property, syntax, isDefinition, members, cancellationToken))
        {
            return;
        }

        if (ours.Count == 0 && (kind == MemberKind.Other || !isDefinition))
        {
            return;
        }

        LocationInfo? memberLocation = LocationInfo.From(syntax is null ? property.Locations.FirstOrDefault() : syntax.Identifier.GetLocation());
        Remember(property.Name, memberLocation);
        bool accepted;
        if (ours.Count == 0)
        {
            // A descriptor-typed partial property with no attribute: there is nothing to implement it from.
            Report(DiagnosticDescriptors.ElementWithoutAttributeId, memberLocation, property.Name, kind.ToString(), AttributeSuggestion(kind));
            _rejected.Add(new RejectedSpec(property.Name, kind));
            accepted = false;
        }
        else
        {
            foreach (AttributeData attribute in ours)
            {
                RememberAttribute(property.Name, attribute, cancellationToken);
            }

            bool elementForm = isDefinition && IsElementForm(property, syntax!);
            accepted = ParseElement(property, kind, ours, elementForm, memberLocation, elements, cancellationToken);
        }

        if (isDefinition)
        {
            members.Add(Member(property, syntax!, kind, accepted));
        }
    }

    /// <summary>
    /// A field or method with ModelGen's attributes (the compiler's CS0592 on each: they apply to properties): an
    /// element written in the wrong form, MG0008 at its name, and rejected, so what names it says nothing more.
    /// </summary>
    private void ParseFieldOrMethod(ISymbol member, HashSet<string> seen, Elements elements, CancellationToken cancellationToken)
    {
        var ours = member.GetAttributes().Where(IsOurs).ToList();
        if (ours.Count == 0 || !seen.Add(member.Name))
        {
            return;
        }

        LocationInfo? memberLocation = LocationInfo.From(member.Locations.FirstOrDefault());
        Remember(member.Name, memberLocation);
        foreach (AttributeData attribute in ours)
        {
            RememberAttribute(member.Name, attribute, cancellationToken);
        }

        ITypeSymbol? type = member is IFieldSymbol field ? field.Type : ((IMethodSymbol)member).ReturnType;
        ParseElement(member, DescriptorKind(type), ours, elementForm: false, memberLocation, elements, cancellationToken);
    }

    /// <summary>Reads one attributed member as an element; false (after reporting why) when it is rejected.</summary>
    private bool ParseElement(
        ISymbol member,
        MemberKind kind,
        List<AttributeData> ours,
        bool elementForm,
        LocationInfo? memberLocation,
        Elements elements,
        CancellationToken cancellationToken)
    {
        string name = member.Name;
        AttributeData? input = ours.FirstOrDefault(a => MetadataName(a.AttributeClass) == InputAttributeName);
        AttributeData? dense = ours.FirstOrDefault(a => MetadataName(a.AttributeClass) == DenseAttributeName);
        AttributeData? bernoulli = ours.FirstOrDefault(IsLikelihoodOnly);
        AttributeData? size = ours.FirstOrDefault(a => MetadataName(a.AttributeClass) == SizeAttributeName);
        AttributeData? group = ours.FirstOrDefault(a => MetadataName(a.AttributeClass) == GroupAttributeName);
        AttributeData? column = ours.FirstOrDefault(a => MetadataName(a.AttributeClass) == ColumnAttributeName);
        var normals = ours.Where(IsDistribution).ToList();
        if (group is not null || column is not null)
        {
            return ParseDataColumn(name, kind, ours, group, column, elementForm, memberLocation, elements);
        }

        // The role of a member: what its descriptor type says, confirmed by its attributes.
        string? role = input is not null ? "Input" : dense is not null ? "Dense" : bernoulli is not null ? ShortName(bernoulli) : null;
        if (input is not null && dense is not null)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "[Input]", "[Dense]", "an element is either data or a layer");
            return Reject(name, MemberKind.Other);
        }

        MemberKind expected = input is not null ? MemberKind.Input
            : dense is not null ? MemberKind.Layer
            : (bernoulli is not null || kind == MemberKind.Observed) ? MemberKind.Observed
            : kind == MemberKind.Layer ? MemberKind.Layer
            : MemberKind.Parameter;
        if (kind != expected || !elementForm)
        {
            string attributeName = role ?? (normals.Count > 0 ? ShortName(normals[0]) : "Size");
            Report(DiagnosticDescriptors.WrongMemberDeclarationId, memberLocation, name, attributeName, "public partial " + expected + " " + name + " { get; }");
            return Reject(name, expected);
        }

        if (expected != MemberKind.Observed && normals.FirstOrDefault(a => NamedString(a, "Intercept") is not null) is { } withIntercept)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, Lookup(name + ":" + ShortName(withIntercept) + ":Intercept") ?? memberLocation, name, "Intercept", "a prior", "Intercept adds to a likelihood's linear predictor; a prior has none");
            return Reject(name, expected);
        }

        if (size is not null && expected != MemberKind.Parameter)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "[Size]", "[" + (role ?? "Observed") + "]", "[Size] makes a Parameter a vector; a layer's size is its units and data's size is its rows");
            return Reject(name, expected);
        }

        switch (expected)
        {
            case MemberKind.Input:
                if (normals.Count > 0 || bernoulli is not null)
                {
                    Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "[Input]", "a distribution", "data has no prior; put priors on layers and the likelihood on an Observed property");
                    return Reject(name, MemberKind.Input);
                }

                elements.Inputs.Add(new InputSpec(name, IntArgument(input!, "features") ?? 0));
                return true;

            case MemberKind.Layer:
                if (dense is null)
                {
                    Report(DiagnosticDescriptors.WrongMemberDeclarationId, memberLocation, name, "Normal", "a [Dense(...)] layer (a Layer property needs a layer attribute)");
                    return Reject(name, MemberKind.Layer);
                }

                ParseLayer(name, dense, normals, memberLocation, elements.Layers, cancellationToken);
                return true;

            case MemberKind.Parameter:
                return ParseParameter(name, normals, size, memberLocation, elements.Parameters) || Reject(name, MemberKind.Parameter);

            default:
                return ParseObserved(name, ours.Where(IsLikelihoodOnly).Concat(normals).ToList(), memberLocation, elements.Observed) || Reject(name, MemberKind.Observed);
        }
    }

    /// <summary>A standalone parameter: one prior, no Part, and an optional [Size(n)].</summary>
    private bool ParseParameter(string name, List<AttributeData> priors, AttributeData? size, LocationInfo? memberLocation, List<ParameterSpec> parameters)
    {
        if (priors.Count > 1)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "[" + ShortName(priors[0]) + "]", "[" + ShortName(priors[1]) + "]", "a parameter has one prior");
            return false;
        }

        if (priors.Count == 1 && (NamedInt(priors[0], "Part") ?? 0) != 0)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "Part", "a Parameter", "Part selects a layer's weights or bias; a parameter's prior covers all its values");
            return false;
        }

        string? group = size is null ? null : StringArgument(size, "group");
        int length = size is null ? 1 : group is not null ? 0 : IntArgument(size, "length") ?? 0;
        parameters.Add(new ParameterSpec(name, length, priors.Count == 1 ? PriorOf(priors[0]) : null) { Group = group });
        return true;
    }

    /// <summary>A [Group(input, column, levels)] or [Column(input, index)] element: a named column of an input, alone on its property.</summary>
    private bool ParseDataColumn(string name, MemberKind kind, List<AttributeData> ours, AttributeData? group, AttributeData? column, bool elementForm, LocationInfo? memberLocation, Elements elements)
    {
        AttributeData attribute = group ?? column!;
        string role = group is not null ? "Group" : "Column";
        MemberKind expected = group is not null ? MemberKind.Group : MemberKind.Column;
        if (ours.Count > 1)
        {
            AttributeData other = ours.First(a => !ReferenceEquals(a, attribute));
            Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "[" + role + "]", "[" + ShortName(other) + "]", "a " + role.ToLowerInvariant() + " is a column of data: it has no prior, size or likelihood");
            return Reject(name, expected);
        }

        if (kind != expected || !elementForm)
        {
            Report(DiagnosticDescriptors.WrongMemberDeclarationId, memberLocation, name, role, "public partial " + expected + " " + name + " { get; }");
            return Reject(name, expected);
        }

        string input = StringArgument(attribute, "input") ?? string.Empty;
        if (group is not null)
        {
            elements.Groups.Add(new GroupSpec(name, input, IntArgument(group, "column") ?? -1, IntArgument(group, "levels") ?? 0));
        }
        else
        {
            elements.Columns.Add(new ColumnSpec(name, input, IntArgument(column!, "index") ?? -1));
        }

        return true;
    }

    private bool Reject(string name, MemberKind kind)
    {
        _rejected.Add(new RejectedSpec(name, kind));
        return false;
    }

    /// <summary>
    /// The folder the compiler puts this generator's files in, "{assembly}/{generator type}/{hint name}" under the
    /// project's generated-files path (or none): the generator's assembly name and <c>ModelGenerator</c>'s full name.
    /// </summary>
    public const string GeneratorAssemblyName = "ModelGen.Generator";

    /// <inheritdoc cref="GeneratorAssemblyName"/>
    public const string GeneratorTypeName = "ModelGen.Generator.ModelGenerator";

    /// <summary>
    /// Whether <paramref name="symbol"/> is declared only in files the ModelGen generator added, told by their path: a
    /// compiler and the IDE name a generated file "…/ModelGen.Generator/ModelGen.Generator.ModelGenerator/{hint}.g.cs".
    /// The generator itself never sees its own files, so only the analyzers meet them.
    /// </summary>
    public static bool IsGeneratorOutput(ISymbol symbol) =>
        symbol.DeclaringSyntaxReferences.Length > 0 && symbol.DeclaringSyntaxReferences.All(r => IsGeneratorOutput(r.SyntaxTree.FilePath));

    /// <inheritdoc cref="IsGeneratorOutput(ISymbol)"/>
    public static bool IsGeneratorOutput(string path)
    {
        string[] parts = path.Replace('\\', '/').Split('/');
        return parts.Length >= 3
            && parts[parts.Length - 1].EndsWith(".g.cs", StringComparison.Ordinal)
            && parts[parts.Length - 2] == GeneratorTypeName
            && parts[parts.Length - 3] == GeneratorAssemblyName;
    }

    /// <summary>
    /// The canonical element form, <c>public partial Layer Name { get; }</c> with any accessibility: a partial
    /// definition not yet implemented (or implemented by the generator's own file), instance, get-only, not by ref,
    /// not annotated nullable, and no modifier (virtual, new, required, static, …) the implementation would have to repeat.
    /// </summary>
    private static bool IsElementForm(IPropertySymbol property, PropertyDeclarationSyntax syntax) =>
        !property.IsStatic
        && property.ExplicitInterfaceImplementations.IsEmpty
        && !property.ReturnsByRef
        && !property.ReturnsByRefReadonly
        && property.NullableAnnotation != NullableAnnotation.Annotated
        && syntax.Modifiers.All(m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.PartialKeyword)
        && syntax.AccessorList is { Accessors.Count: 1 } list
        && list.Accessors[0].IsKind(SyntaxKind.GetAccessorDeclaration)
        && list.Accessors[0].Modifiers.Count == 0;

    /// <summary>The definition as written, for an implementation that repeats it exactly.</summary>
    private static MemberSpec Member(IPropertySymbol property, PropertyDeclarationSyntax syntax, MemberKind kind, bool isElement)
    {
        // Accessibility and the modifiers both parts must agree on (CS8799, CS8800, CS9257); not 'unsafe', which need not be repeated.
        string modifiers = string.Join(" ", syntax.Modifiers
            .Where(m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.PrivateKeyword
                or SyntaxKind.StaticKeyword or SyntaxKind.VirtualKeyword or SyntaxKind.OverrideKeyword or SyntaxKind.SealedKeyword
                or SyntaxKind.NewKeyword or SyntaxKind.RequiredKeyword or SyntaxKind.ReadOnlyKeyword)
            .Select(m => m.Text));
        string byRef = property.ReturnsByRefReadonly ? "ref readonly " : property.ReturnsByRef ? "ref " : string.Empty;
        var accessors = syntax.AccessorList!.Accessors
            .Select(a => string.Join(" ", a.Modifiers.Select(m => m.Text).Concat(new[] { a.Keyword.Text })))
            .ToEquatableArray();
        return new MemberSpec(property.Name, kind, modifiers, byRef + property.Type.ToDisplayString(s_typeFormat), accessors, property.IsStatic, isElement);
    }

    private static string AttributeSuggestion(MemberKind kind) => kind switch
    {
        MemberKind.Input => "[Input(features)]",
        MemberKind.Layer => "[Dense(nameof(input), units)] with a prior such as [Normal(0, 1)]",
        MemberKind.Parameter => "a prior such as [HalfNormal(1)]",
        MemberKind.Group => "[Group(nameof(input), column, levels)]",
        MemberKind.Column => "[Column(nameof(input), index)]",
        _ => "a likelihood such as [Bernoulli(Logits = nameof(Output))]",
    };

    private static MemberKind DescriptorKind(ITypeSymbol type) => MetadataName(type as INamedTypeSymbol) switch
    {
        "ModelGen.Input" => MemberKind.Input,
        "ModelGen.Layer" => MemberKind.Layer,
        "ModelGen.Observed" => MemberKind.Observed,
        "ModelGen.Parameter" => MemberKind.Parameter,
        "ModelGen.Group" => MemberKind.Group,
        "ModelGen.Column" => MemberKind.Column,
        _ => MemberKind.Other,
    };

    /// <summary>
    /// Priors by block: an untargeted prior covers every block; Part = Weights or Bias overrides it for that block,
    /// in either order. Only a second prior for the same Part is a conflict. A Part that is not a LayerPart value
    /// is MG0017, and its prior fills whichever block has none, so no MG0004 follows.
    /// </summary>
    private void ParseLayer(string name, AttributeData dense, List<AttributeData> normals, LocationInfo? memberLocation, List<LayerSpec> layers, CancellationToken cancellationToken)
    {
        string inputName = StringArgument(dense, "input") ?? string.Empty;
        int units = IntArgument(dense, "units") ?? 0;
        var activation = (ActivationKind)(IntArgument(dense, "activation") ?? 0);
        int declaredInputs = NamedInt(dense, "Inputs") ?? 0;
        bool bias = NamedBool(dense, "Bias") ?? false;

        PriorSpec? all = null;
        PriorSpec? weights = null;
        PriorSpec? biasOnly = null;
        PriorSpec? undefinedPart = null;
        foreach (AttributeData normal in normals)
        {
            PriorSpec prior = PriorOf(normal);
            int part = NamedInt(normal, "Part") ?? 0;
            if (part is < 0 or > 2)
            {
                Report(
                    DiagnosticDescriptors.UndefinedEnumValueId,
                    ArgumentLocation(normal, "Part", cancellationToken) ?? memberLocation,
                    "Part",
                    name,
                    "(LayerPart)" + part.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "LayerPart",
                    "LayerPart.All, LayerPart.Weights, LayerPart.Bias");
                undefinedPart ??= prior;
                continue;
            }

            ref PriorSpec? slot = ref part == 0 ? ref all : ref part == 1 ? ref weights : ref biasOnly;
            if (slot is not null)
            {
                Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "a prior", "another prior for the same block", "give each block one prior (use Part = LayerPart.Weights or LayerPart.Bias to target one)");
                continue;
            }

            slot = prior;
        }

        PriorSpec? weightPrior = weights ?? all ?? undefinedPart;
        PriorSpec? biasPrior = biasOnly ?? all ?? undefinedPart;
        layers.Add(new LayerSpec(name, inputName, units, activation, bias, declaredInputs, weightPrior, bias ? biasPrior : null));
    }

    /// <summary>Reads the likelihood and its intercept; false (after reporting why) when it cannot be read.</summary>
    private bool ParseObserved(string name, List<AttributeData> likelihoods, LocationInfo? memberLocation, List<ObservedSpec> observed)
    {
        if (!ParseLikelihood(name, likelihoods, memberLocation, observed))
        {
            return false;
        }

        observed[observed.Count - 1] = observed[observed.Count - 1] with { Intercept = NamedString(likelihoods[0], "Intercept") };
        return true;
    }

    /// <summary>Reads the likelihood; false (after reporting why) when it cannot be read.</summary>
    private bool ParseLikelihood(string name, List<AttributeData> likelihoods, LocationInfo? memberLocation, List<ObservedSpec> observed)
    {
        const string Choices = "the likelihoods are [Bernoulli(Logits = ...)], [Binomial(Logits = ..., Trials = n)], [Poisson(LogRate = ...)], [NegativeBinomial(nameof(layer), dispersion)], [Categorical(Logits = ...)], [Normal(nameof(layer), sigma)] and [StudentT(nu, nameof(layer), sigma)]";
        if (likelihoods.Count != 1)
        {
            if (likelihoods.Count > 1)
            {
                Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "[" + ShortName(likelihoods[0]) + "]", "[" + ShortName(likelihoods[1]) + "]", "an observed element has one likelihood");
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidLikelihoodLinkId, memberLocation, name, "has no likelihood attribute; " + Choices);
            }

            return false;
        }

        AttributeData attribute = likelihoods[0];
        string attributeName = ShortName(attribute);
        switch (MetadataName(attribute.AttributeClass))
        {
            case BernoulliAttributeName:
            {
                string? logits = NamedString(attribute, "Logits");
                string? p = NamedString(attribute, "P");
                if ((logits is null) == (p is null))
                {
                    return LinkMissing(name, attributeName, memberLocation, "must give exactly one of Logits or P, e.g. [Bernoulli(Logits = nameof(Output))]");
                }

                observed.Add(new ObservedSpec(name, DistributionKind.Bernoulli, logits ?? p!, logits is not null ? LinkKind.Logits : LinkKind.Probability, EquatableArray<ArgSpec>.Empty));
                return true;
            }

            case PoissonAttributeName:
            {
                string? logRate = NamedString(attribute, "LogRate");
                if (logRate is null)
                {
                    return LinkMissing(name, attributeName, memberLocation, "must name the layer giving each row's log rate, e.g. [Poisson(LogRate = nameof(Output))]");
                }

                observed.Add(new ObservedSpec(name, DistributionKind.Poisson, logRate, LinkKind.LogRate, EquatableArray<ArgSpec>.Empty));
                return true;
            }

            case BinomialAttributeName:
            {
                string? logits = NamedString(attribute, "Logits");
                if (logits is null)
                {
                    return LinkMissing(name, attributeName, memberLocation, "must name the layer giving each row's log-odds, e.g. [Binomial(Logits = nameof(Output), Trials = 10)]");
                }

                // A constant number of trials, or TrialsFrom = nameof(Column) for one per row.
                var trials = new ArgSpec("Trials", NamedInt(attribute, "Trials") ?? 0, NamedString(attribute, "TrialsFrom"));
                observed.Add(new ObservedSpec(name, DistributionKind.Binomial, logits, LinkKind.Logits, new[] { trials }.ToEquatableArray()));
                return true;
            }

            case CategoricalAttributeName:
            {
                string? logits = NamedString(attribute, "Logits");
                if (logits is null)
                {
                    return LinkMissing(name, attributeName, memberLocation, "must name the layer giving each row's K class logits, e.g. [Categorical(Logits = nameof(Output))]");
                }

                observed.Add(new ObservedSpec(name, DistributionKind.Categorical, logits, LinkKind.Logits, EquatableArray<ArgSpec>.Empty));
                return true;
            }

            case NegativeBinomialAttributeName:
            {
                string? logMean = StringArgument(attribute, "logMean");
                if (logMean is null)
                {
                    return LinkMissing(name, attributeName, memberLocation, "must name the layer giving each row's log mean, e.g. [NegativeBinomial(nameof(Output), 2.0)]");
                }

                object? dispersion = ConstructorArgument(attribute, "dispersion");
                ArgSpec arg = dispersion is string reference ? new ArgSpec("dispersion", 0, reference) : new ArgSpec("dispersion", dispersion is double d ? d : double.NaN, null);
                observed.Add(new ObservedSpec(name, DistributionKind.NegativeBinomial, logMean, LinkKind.LogMean, new[] { arg }.ToEquatableArray()));
                return true;
            }
        }

        DistributionKind kind = DistributionCatalog.ByAttribute(MetadataName(attribute.AttributeClass))!.Kind;
        if (kind is not (DistributionKind.Normal or DistributionKind.StudentT))
        {
            Report(DiagnosticDescriptors.InvalidLikelihoodLinkId, memberLocation, name, "has [" + attributeName + "], which is a prior; " + Choices);
            return false;
        }

        PriorSpec prior = PriorOf(attribute);
        ArgSpec mu = prior.Args.First(a => a.Name == "mu");
        if (mu.Reference is null)
        {
            return LinkMissing(name, attributeName + ":mu", memberLocation, "must name the layer giving each row's location, e.g. [" + attributeName + "(" + (kind == DistributionKind.StudentT ? "4, " : string.Empty) + "nameof(Output), 1.0)]");
        }

        // The other arguments in order (Normal: sigma; StudentT: nu, sigma), each a constant or a scalar parameter.
        observed.Add(new ObservedSpec(name, kind, mu.Reference, LinkKind.Mean, prior.Args.Where(a => a.Name != "mu").ToEquatableArray()));
        return true;
    }

    /// <summary>MG0012 at the attribute (or its argument, for "Normal:mu"): the likelihood does not say which layer it reads.</summary>
    private bool LinkMissing(string name, string key, LocationInfo? memberLocation, string message)
    {
        Report(DiagnosticDescriptors.InvalidLikelihoodLinkId, Lookup(name + ":" + key) ?? memberLocation, name, message);
        return false;
    }

    /// <summary>
    /// A distribution attribute's prior: each constructor argument in order, a string being the name of another element
    /// and a number a constant; arguments the constructor did not bind (an error the compiler reports) are NaN.
    /// </summary>
    private static PriorSpec PriorOf(AttributeData attribute)
    {
        DistributionInfo info = DistributionCatalog.ByAttribute(MetadataName(attribute.AttributeClass))!;
        var args = new List<ArgSpec>();
        IMethodSymbol? constructor = attribute.AttributeConstructor;
        if (constructor is not null && attribute.ConstructorArguments.Length == constructor.Parameters.Length)
        {
            for (int i = 0; i < constructor.Parameters.Length; i++)
            {
                TypedConstant value = attribute.ConstructorArguments[i];
                string parameter = constructor.Parameters[i].Name;
                args.Add(value.Value is string reference
                    ? new ArgSpec(parameter, 0, reference)
                    : new ArgSpec(parameter, value.Value is double d ? d : double.NaN, null));
            }
        }

        while (args.Count < info.Args.Count)
        {
            args.Add(new ArgSpec(info.Args[args.Count].Name, double.NaN, null));
        }

        return new PriorSpec(info.Kind, args.ToEquatableArray())
        {
            Transform = (TransformChoice)(NamedInt(attribute, "Transform") ?? 0),
            NonCentered = NamedBool(attribute, "NonCentered") ?? false,
        };
    }

    /// <summary>"HalfNormal" for [HalfNormal(...)]: the attribute's name as written.</summary>
    private static string ShortName(AttributeData attribute)
    {
        string name = attribute.AttributeClass?.Name ?? "?";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    private static bool IsPartialChain(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            foreach (SyntaxReference reference in t.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax syntax && !syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>"Demo.Deep" from the namespace symbols' names, so a keyword namespace is "namespace", not "@namespace".</summary>
    private static string NamespaceName(INamespaceSymbol? ns)
    {
        var parts = new List<string>();
        for (INamespaceSymbol? n = ns; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
        {
            parts.Insert(0, n.Name);
        }

        return string.Join(".", parts);
    }

    private static List<TypeDeclaration> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<TypeDeclaration>();
        for (INamedTypeSymbol? t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            chain.Insert(0, Declaration(t));
        }

        return chain;
    }

    /// <summary>The declaration a generated part repeats: kind keyword, name, type parameter names.</summary>
    private static TypeDeclaration Declaration(INamedTypeSymbol type)
    {
        string keyword = type.TypeKind switch
        {
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            TypeKind.Interface => "interface",
            _ => type.IsRecord ? "record" : "class",
        };
        return new TypeDeclaration(keyword, type.Name, type.TypeParameters.Select(p => p.Name).ToEquatableArray());
    }

    private static string? MetadataName(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return null;
        }

        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        return ns + type.MetadataName;
    }

    private static int? IntArgument(AttributeData attribute, string parameter)
    {
        object? value = ConstructorArgument(attribute, parameter);
        return value is int i ? i : null;
    }

    private static string? StringArgument(AttributeData attribute, string parameter) => ConstructorArgument(attribute, parameter) as string;

    private static object? ConstructorArgument(AttributeData attribute, string parameter)
    {
        IMethodSymbol? constructor = attribute.AttributeConstructor;
        if (constructor is null)
        {
            return null;
        }

        for (int i = 0; i < constructor.Parameters.Length && i < attribute.ConstructorArguments.Length; i++)
        {
            if (constructor.Parameters[i].Name == parameter)
            {
                return attribute.ConstructorArguments[i].Value;
            }
        }

        return null;
    }

    private static int? NamedInt(AttributeData attribute, string name) => NamedValue(attribute, name) is int i ? i : null;

    private static bool? NamedBool(AttributeData attribute, string name) => NamedValue(attribute, name) is bool b ? b : null;

    private static string? NamedString(AttributeData attribute, string name) => NamedValue(attribute, name) as string;

    private static object? NamedValue(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                return pair.Value.Value;
            }
        }

        return null;
    }

    /// <summary>Records "member:Attr" for the attribute and "member:Attr:arg" for each argument written.</summary>
    private void RememberAttribute(string member, AttributeData attribute, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return;
        }

        string prefix = member + ":" + ShortName(attribute);
        if (IsDistribution(attribute) && NamedInt(attribute, "Part") is int part and (1 or 2))
        {
            prefix += part == 1 ? ":Weights" : ":Bias";
        }

        Remember(prefix, LocationInfo.From(syntax));
        if (syntax.ArgumentList is null)
        {
            return;
        }

        ImmutableArray<IParameterSymbol> parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        int positional = 0;
        foreach (AttributeArgumentSyntax argument in syntax.ArgumentList.Arguments)
        {
            string? name = argument.NameEquals?.Name.Identifier.ValueText ?? argument.NameColon?.Name.Identifier.ValueText;
            if (name is null && positional < parameters.Length)
            {
                name = parameters[positional].Name;
            }

            if (argument.NameEquals is null && argument.NameColon is null)
            {
                positional++;
            }

            if (name is not null)
            {
                Remember(prefix + ":" + name, LocationInfo.From(argument));
            }
        }
    }

    /// <summary>Where the named argument <paramref name="name"/> of <paramref name="attribute"/> is written.</summary>
    private static LocationInfo? ArgumentLocation(AttributeData attribute, string name, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list }
            ? LocationInfo.From(list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name))
            : null;

    private void Remember(string key, LocationInfo? location)
    {
        if (location is not null && Lookup(key) is null)
        {
            _locations.Add(new LocatedKey(key, location));
        }
    }

    private LocationInfo? Lookup(string key) => _locations.FirstOrDefault(l => l.Key == key)?.Location;

    private void Report(string id, LocationInfo? location, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(id, location, arguments.ToEquatableArray()));
}
