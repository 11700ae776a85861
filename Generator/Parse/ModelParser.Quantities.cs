using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

// Transformed parameters and generated quantities (docs/terms.md, "Transformed parameters and generated quantities"):
// a [Transformed] property, the one [Computes] method that writes it, and [Generated] methods. None of them is
// differentiated: the generated class runs them as written once per draw, so the parser reads their signatures only.
internal sealed partial class ModelParser
{
    private const string TransformedAttributeName = "ModelGen.TransformedAttribute";
    private const string ComputesAttributeName = "ModelGen.ComputesAttribute";
    private const string GeneratedAttributeName = "ModelGen.GeneratedAttribute";
    private const string RngTypeName = "ModelGen.Random.Rng";

    /// <summary>The [Transformed] properties read so far, before their [Computes] methods are matched.</summary>
    private readonly List<(string Name, DeclaredShape Shape, string Element, SizeSpec? Size, LocationInfo? Location)> _transformed = new();

    private readonly List<(IMethodSymbol Method, string Kind)> _quantityMethods = new();

    /// <summary>Whether <paramref name="member"/> is a method marked [Computes] or [Generated] (read after every declaration).</summary>
    private bool CollectQuantity(ISymbol member)
    {
        if (member is not IMethodSymbol method)
        {
            return false;
        }

        foreach (AttributeData a in method.GetAttributes())
        {
            if (MetadataName(a.AttributeClass) is ComputesAttributeName or GeneratedAttributeName)
            {
                _quantityMethods.Add((method, MetadataName(a.AttributeClass)!));
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads a [Transformed] property: a public partial get-only scalar or vector of the element type, with
    /// [Size] for a vector (a constant, an int data scalar or a data vector, whose length it is) and nothing else.
    /// </summary>
    private bool ReadTransformed(string name, (DeclaredShape Shape, string Element)? type, List<AttributeData> attributes, bool elementForm, LocationInfo? memberLocation)
    {
        string element = type is { Element: "float" } ? "float" : "double";
        if (type is not { } t || !elementForm || t.Shape == DeclaredShape.Matrix || t.Element == "int")
        {
            Report(DiagnosticDescriptors.WrongMemberDeclarationId, memberLocation, name, "Transformed", "public partial " + element + " " + name + " { get; } or public partial ReadOnlySpan<" + element + "> " + name + " { get; } with [Size]");
            return false;
        }

        if (attributes.FirstOrDefault(a => MetadataName(a.AttributeClass) is not (TransformedAttributeName or SizeAttributeName)) is { } other)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, Lookup(name + ":" + ShortName(other)) ?? memberLocation, name, "[Transformed]", "[" + ShortName(other) + "]", "a transformed parameter is computed by its [Computes] method: it has no prior or constraint");
            return false;
        }

        AttributeData? size = attributes.FirstOrDefault(a => MetadataName(a.AttributeClass) == SizeAttributeName);
        EquatableArray<SizeSpec> sizes = size is null ? EquatableArray<SizeSpec>.Empty : SizesOf(size);
        LocationInfo? sizeLocation = size is null ? memberLocation : Lookup(name + ":" + ShortName(size)) ?? memberLocation;
        if (t.Shape == DeclaredShape.Scalar && size is not null)
        {
            Report(DiagnosticDescriptors.DeclaredSizeId, sizeLocation, name, "a scalar transformed parameter", "remove [Size], or declare it ReadOnlySpan<" + element + ">");
            return false;
        }

        SizeSpec? length = null;
        if (t.Shape == DeclaredShape.Vector)
        {
            bool known = sizes.Count == 1 && (sizes[0].IsConstant ? sizes[0].Constant >= 1 : _data.Any(d => d.Name == sizes[0].Data && d.Shape != DeclaredShape.Matrix && (d.IsInteger || d.Shape == DeclaredShape.Vector)));
            if (!known)
            {
                Report(DiagnosticDescriptors.DeclaredSizeId, sizeLocation, name, "a transformed vector", "give its length with [Size(n)] (n ≥ 1), [Size(nameof(K))] of an int [Data] scalar, or [Size(nameof(Y))] of a [Data] vector (its length), declared before it");
                return false;
            }

            length = sizes[0];
        }

        _transformed.Add((name, t.Shape, t.Element, length, memberLocation));
        return true;
    }

    /// <summary>Matches each [Computes] method to its transformed parameter (MG3010) and reads each [Generated] method's signature.</summary>
    private void ParseQuantities(ElementType elementType, CancellationToken cancellationToken)
    {
        string element = elementType == ElementType.Float ? "float" : "double";
        SpecialType real = elementType == ElementType.Float ? SpecialType.System_Single : SpecialType.System_Double;
        var computes = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var generated = new List<GeneratedSpec>();
        foreach ((IMethodSymbol method, string kind) in _quantityMethods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LocationInfo? location = LocationInfo.From(method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault());
            Remember(method.Name, location);
            if (kind == GeneratedAttributeName)
            {
                bool rng = method.Parameters.Length == 1 && method.Parameters[0].RefKind == RefKind.None && MetadataName(method.Parameters[0].Type as INamedTypeSymbol) == RngTypeName;
                bool returns = method.ReturnType.SpecialType == SpecialType.System_Int32 || method.ReturnType.SpecialType == real;
                if (method.IsStatic || method.IsGenericMethod || !rng || !returns)
                {
                    Report(DiagnosticDescriptors.WrongMemberDeclarationId, location, method.Name, "Generated", "int " + method.Name + "(Rng rng) or " + element + " " + method.Name + "(Rng rng) (an instance method of one ModelGen.Random.Rng parameter, returning int or the model's element type)");
                    continue;
                }

                generated.Add(new GeneratedSpec(method.Name, method.ReturnType.SpecialType == SpecialType.System_Int32));
                continue;
            }

            AttributeData attribute = method.GetAttributes().First(a => MetadataName(a.AttributeClass) == ComputesAttributeName);
            string? target = ConstructorArgument(attribute, "transformed") as string;
            var transformed = _transformed.FirstOrDefault(x => x.Name == target);
            if (transformed.Name is null && _rejected.Any(r => r.Name == target))
            {
                // The property was reported already (its form or size); one error, not two.
                continue;
            }

            if (transformed.Name is null)
            {
                Report(DiagnosticDescriptors.TransformedComputesId, location, target ?? "(none)", "is not a [Transformed] property of this model, so [Computes] on '" + method.Name + "' computes nothing", "name a [Transformed] property with nameof, or declare one");
                continue;
            }

            if (computes.TryGetValue(transformed.Name, out string? first))
            {
                Report(DiagnosticDescriptors.TransformedComputesId, location, transformed.Name, "is computed by '" + first + "' and by '" + method.Name + "'", "keep one [Computes] method per transformed parameter");
                continue;
            }

            bool vectorForm = transformed.Shape == DeclaredShape.Vector
                && method.ReturnsVoid && method.Parameters.Length == 1 && method.Parameters[0].RefKind == RefKind.None
                && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 1 } span && MetadataName(span) == "System.Span`1" && span.TypeArguments[0].SpecialType == real;
            bool scalarForm = transformed.Shape == DeclaredShape.Scalar && method.ReturnType.SpecialType == real && method.Parameters.Length == 0;
            if (method.IsStatic || method.IsGenericMethod || !(vectorForm || scalarForm))
            {
                Report(DiagnosticDescriptors.WrongMemberDeclarationId, location, method.Name, "Computes", transformed.Shape == DeclaredShape.Vector
                    ? "void " + method.Name + "(Span<" + element + "> values) (an instance method that writes every element of '" + transformed.Name + "')"
                    : element + " " + method.Name + "() (an instance method returning '" + transformed.Name + "')");
                computes[transformed.Name] = method.Name;
                continue;
            }

            computes[transformed.Name] = method.Name;
            _computesAccepted.Add(method.Name);
        }

        var specs = new List<TransformedSpec>();
        foreach (var t in _transformed)
        {
            if (t.Element != element)
            {
                Report(DiagnosticDescriptors.WrongMemberDeclarationId, t.Location, t.Name, "Transformed", "public partial " + (t.Shape == DeclaredShape.Vector ? "ReadOnlySpan<" + element + ">" : element) + " " + t.Name + " { get; } (the model's element type)");
                _rejected.Add(new RejectedSpec(t.Name, MemberKind.Declared));
                continue;
            }

            if (!computes.TryGetValue(t.Name, out string? method))
            {
                Report(DiagnosticDescriptors.TransformedComputesId, t.Location, t.Name, "has no [Computes] method", "add 'void Compute" + t.Name + "(Span<" + element + "> values)' (or '" + element + " Compute" + t.Name + "()' for a scalar) marked [Computes(nameof(" + t.Name + "))]");
                _rejected.Add(new RejectedSpec(t.Name, MemberKind.Declared));
                continue;
            }

            if (_computesAccepted.Contains(method))
            {
                specs.Add(new TransformedSpec(t.Name, t.Shape, t.Size, t.Size is { Data: string sized } && _data.Any(x => x.Name == sized && x.Shape == DeclaredShape.Vector), method));
            }
        }

        _transformedSpecs = specs.ToEquatableArray();
        _generatedSpecs = generated.ToEquatableArray();
    }

    private readonly HashSet<string> _computesAccepted = new(System.StringComparer.Ordinal);
    private EquatableArray<TransformedSpec> _transformedSpecs = EquatableArray<TransformedSpec>.Empty;
    private EquatableArray<GeneratedSpec> _generatedSpecs = EquatableArray<GeneratedSpec>.Empty;

    /// <summary>Whether <paramref name="name"/> is a [Transformed] property (a term reading one is not supported yet).</summary>
    private bool IsTransformed(string name) => _transformed.Any(t => t.Name == name);
}
