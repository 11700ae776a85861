using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

/// <summary>
/// Reads a [Model] class into a <see cref="ModelSpec"/>. The only code that touches symbols and
/// syntax: attributes are matched by metadata name, arguments become constants or element names,
/// and the place each was written is recorded under a key for the checker's diagnostics.
/// </summary>
internal sealed class ModelParser
{
    public const string ModelAttributeName = "ModelGen.ModelAttribute`1";
    private const string InputAttributeName = "ModelGen.InputAttribute";
    private const string DenseAttributeName = "ModelGen.DenseAttribute";
    private const string NormalAttributeName = "ModelGen.NormalAttribute";
    private const string BernoulliAttributeName = "ModelGen.BernoulliAttribute";

    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<LocatedKey> _locations = new();
    private readonly string _modelName;

    private ModelParser(string modelName) => _modelName = modelName;

    /// <summary>Parses the class <paramref name="type"/>, which carries [Model&lt;T&gt;].</summary>
    public static ParseResult Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var parser = new ModelParser(type.Name);
        ModelSpec? spec = parser.ParseType(type, cancellationToken);
        return new ParseResult(spec, parser._diagnostics.ToEquatableArray(), parser._locations.ToEquatableArray());
    }

    private ModelSpec? ParseType(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var declaration = type.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as ClassDeclarationSyntax;
        LocationInfo? typeLocation = LocationInfo.From(declaration is null ? type.Locations.FirstOrDefault() : declaration.Identifier.GetLocation());
        Remember("type", typeLocation);

        if (!IsPartialChain(type, cancellationToken))
        {
            Report(DiagnosticDescriptors.ModelNotPartialId, typeLocation, type.Name);
            return null;
        }

        if (type.IsGenericType || type.IsStatic || type.IsAbstract)
        {
            string why = type.IsGenericType ? "is generic; a model must be a non-generic class (the element type goes in [Model<T>])"
                : type.IsStatic ? "is static; a model is bound to its data, so it must be an instance class"
                : "is abstract; the generated constructor must be able to create it";
            Report(DiagnosticDescriptors.InvalidModelTypeId, typeLocation, type.Name, why);
            return null;
        }

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
        foreach (ISymbol member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is IPropertySymbol property)
            {
                ParseProperty(property, members, inputs, layers, observed, cancellationToken);
            }
        }

        var typeRef = new TypeRef(
            type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            Accessibility(type.DeclaredAccessibility),
            ContainingTypes(type).ToEquatableArray());
        if (elementType == ElementType.Unsupported)
        {
            Report(DiagnosticDescriptors.UnsupportedElementTypeId, Lookup("model") ?? typeLocation, type.Name, elementTypeName);
        }

        return new ModelSpec(typeRef, elementType, members.ToEquatableArray(), inputs.ToEquatableArray(), layers.ToEquatableArray(), observed.ToEquatableArray());
    }

    private void ParseProperty(
        IPropertySymbol property,
        List<MemberSpec> members,
        List<InputSpec> inputs,
        List<LayerSpec> layers,
        List<ObservedSpec> observed,
        CancellationToken cancellationToken)
    {
        ImmutableArray<AttributeData> attributes = property.GetAttributes();
        MemberKind kind = MetadataName(property.Type as INamedTypeSymbol) switch
        {
            "ModelGen.Input" => MemberKind.Input,
            "ModelGen.Layer" => MemberKind.Layer,
            "ModelGen.Observed" => MemberKind.Observed,
            _ => MemberKind.Other,
        };

        var ours = attributes.Where(a => MetadataName(a.AttributeClass) is InputAttributeName or DenseAttributeName or NormalAttributeName or BernoulliAttributeName).ToList();
        bool isPartialDefinition = property.IsPartialDefinition && property.SetMethod is null && !property.IsStatic && property.GetMethod is not null;
        if (kind != MemberKind.Other && isPartialDefinition)
        {
            members.Add(new MemberSpec(property.Name, kind, Accessibility(property.DeclaredAccessibility)));
        }

        if (ours.Count == 0)
        {
            return;
        }

        var propertySyntax = property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as PropertyDeclarationSyntax;
        LocationInfo? memberLocation = LocationInfo.From(propertySyntax is null ? property.Locations.FirstOrDefault() : propertySyntax.Identifier.GetLocation());
        Remember(property.Name, memberLocation);
        foreach (AttributeData attribute in ours)
        {
            RememberAttribute(property.Name, attribute, cancellationToken);
        }

        AttributeData? input = ours.FirstOrDefault(a => MetadataName(a.AttributeClass) == InputAttributeName);
        AttributeData? dense = ours.FirstOrDefault(a => MetadataName(a.AttributeClass) == DenseAttributeName);
        AttributeData? bernoulli = ours.FirstOrDefault(a => MetadataName(a.AttributeClass) == BernoulliAttributeName);
        var normals = ours.Where(a => MetadataName(a.AttributeClass) == NormalAttributeName).ToList();

        // The role of a member: what its descriptor type says, confirmed by its attributes.
        string? role = input is not null ? "Input" : dense is not null ? "Dense" : bernoulli is not null ? "Bernoulli" : null;
        if (input is not null && dense is not null)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, property.Name, "[Input]", "[Dense]", "an element is either data or a layer");
            return;
        }

        MemberKind expected = input is not null ? MemberKind.Input
            : dense is not null ? MemberKind.Layer
            : (bernoulli is not null || kind == MemberKind.Observed) ? MemberKind.Observed
            : MemberKind.Layer;
        if (kind != expected || !isPartialDefinition)
        {
            string shown = role ?? "Normal";
            string typeName = expected switch
            {
                MemberKind.Input => "Input",
                MemberKind.Observed => "Observed",
                _ => "Layer",
            };
            Report(DiagnosticDescriptors.WrongMemberDeclarationId, memberLocation, property.Name, shown, "public partial " + typeName + " " + property.Name + " { get; }");
            return;
        }

        switch (expected)
        {
            case MemberKind.Input:
                if (normals.Count > 0 || bernoulli is not null)
                {
                    Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, property.Name, "[Input]", "a distribution", "data has no prior; put priors on layers and the likelihood on an Observed property");
                    return;
                }

                int features = IntArgument(input!, "features") ?? 0;
                inputs.Add(new InputSpec(property.Name, features));
                break;

            case MemberKind.Layer:
                if (dense is null)
                {
                    Report(DiagnosticDescriptors.WrongMemberDeclarationId, memberLocation, property.Name, "Normal", "a [Dense(...)] layer (a Layer property needs a layer attribute)");
                    return;
                }

                ParseLayer(property.Name, dense, normals, memberLocation, layers);
                break;

            case MemberKind.Observed:
                ParseObserved(property.Name, bernoulli, normals, memberLocation, observed);
                break;
        }
    }

    private void ParseLayer(string name, AttributeData dense, List<AttributeData> normals, LocationInfo? memberLocation, List<LayerSpec> layers)
    {
        string inputName = StringArgument(dense, "input") ?? string.Empty;
        int units = IntArgument(dense, "units") ?? 0;
        var activation = (ActivationKind)(IntArgument(dense, "activation") ?? 0);
        int declaredInputs = NamedInt(dense, "Inputs") ?? 0;
        bool bias = NamedBool(dense, "Bias") ?? false;

        PriorSpec? weightPrior = null;
        PriorSpec? biasPrior = null;
        foreach (AttributeData normal in normals)
        {
            PriorSpec prior = NormalSpec(normal);
            int part = NamedInt(normal, "Part") ?? 0;
            bool weights = part is 0 or 1;
            bool biasPart = part is 0 or 2;
            if ((weights && weightPrior is not null) || (biasPart && biasPrior is not null && part == 2))
            {
                Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "a prior", "another prior for the same block", "give each block one prior (use Part = LayerPart.Weights or LayerPart.Bias to target one)");
                continue;
            }

            if (weights)
            {
                weightPrior = prior;
            }

            // A prior for Part = Bias overrides one given for all blocks.
            if (biasPart && (biasPrior is null || part == 2))
            {
                biasPrior = prior;
            }
        }

        layers.Add(new LayerSpec(name, inputName, units, activation, bias, declaredInputs, weightPrior, bias ? biasPrior : null));
    }

    private void ParseObserved(string name, AttributeData? bernoulli, List<AttributeData> normals, LocationInfo? memberLocation, List<ObservedSpec> observed)
    {
        if (bernoulli is not null && normals.Count > 0)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, memberLocation, name, "[Bernoulli]", "[Normal]", "an observed element has one likelihood");
            return;
        }

        if (bernoulli is not null)
        {
            string? logits = NamedString(bernoulli, "Logits");
            string? p = NamedString(bernoulli, "P");
            if ((logits is null) == (p is null))
            {
                Report(
                    DiagnosticDescriptors.InvalidLikelihoodLinkId,
                    Lookup(name + ":Bernoulli") ?? memberLocation,
                    name,
                    "must give exactly one of Logits or P, e.g. [Bernoulli(Logits = nameof(Output))]");
                return;
            }

            observed.Add(new ObservedSpec(name, DistributionKind.Bernoulli, logits ?? p!, logits is not null ? LinkKind.Logits : LinkKind.Probability, EquatableArray<ArgSpec>.Empty));
            return;
        }

        if (normals.Count == 1)
        {
            PriorSpec normal = NormalSpec(normals[0]);
            ArgSpec mu = normal.Args[0];
            if (mu.Reference is null)
            {
                Report(
                    DiagnosticDescriptors.InvalidLikelihoodLinkId,
                    Lookup(name + ":Normal:mu") ?? memberLocation,
                    name,
                    "must name the layer giving each row's mean, e.g. [Normal(nameof(Output), 1.0)]");
                return;
            }

            observed.Add(new ObservedSpec(name, DistributionKind.Normal, mu.Reference, LinkKind.Mean, new[] { normal.Args[1] }.ToEquatableArray()));
            return;
        }

        Report(
            DiagnosticDescriptors.InvalidLikelihoodLinkId,
            memberLocation,
            name,
            normals.Count > 1 ? "has more than one [Normal]; give it one likelihood" : "has no likelihood attribute; add [Bernoulli(Logits = ...)] or [Normal(nameof(layer), sigma)]");
    }

    private static PriorSpec NormalSpec(AttributeData normal)
    {
        var args = new List<ArgSpec>();
        IMethodSymbol? constructor = normal.AttributeConstructor;
        if (constructor is not null && normal.ConstructorArguments.Length == constructor.Parameters.Length)
        {
            for (int i = 0; i < constructor.Parameters.Length; i++)
            {
                TypedConstant value = normal.ConstructorArguments[i];
                string parameter = constructor.Parameters[i].Name;
                args.Add(value.Value is string reference
                    ? new ArgSpec(parameter, 0, reference)
                    : new ArgSpec(parameter, value.Value is double d ? d : double.NaN, null));
            }
        }

        while (args.Count < 2)
        {
            args.Add(new ArgSpec(args.Count == 0 ? "mu" : "sigma", double.NaN, null));
        }

        return new PriorSpec(DistributionKind.Normal, args.ToEquatableArray());
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

    private static List<string> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<string>();
        for (INamedTypeSymbol? t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            chain.Insert(0, t.Name);
        }

        return chain;
    }

    private static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "internal",
    };

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

        string shortName = attribute.AttributeClass!.Name.EndsWith("Attribute", StringComparison.Ordinal)
            ? attribute.AttributeClass.Name.Substring(0, attribute.AttributeClass.Name.Length - "Attribute".Length)
            : attribute.AttributeClass.Name;
        string prefix = member + ":" + shortName;
        if (attribute.AttributeClass.Name == "NormalAttribute" && NamedInt(attribute, "Part") is int part && part != 0)
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
