using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

// Data and parameters declared by their shape (docs/terms.md, "Data" and "Parameters"): a property typed int, double
// or float, ReadOnlySpan<…> or Matrix<…>, carrying [Data], or a prior with an optional constraint and [Size].
internal sealed partial class ModelParser
{
    private const string DataAttributeName = "ModelGen.DataAttribute";
    private const string DirichletAttributeName = "ModelGen.DirichletAttribute";
    private const string LkjCholeskyAttributeName = "ModelGen.LkjCholeskyAttribute";

    /// <summary>The constraint attributes by metadata name.</summary>
    private static readonly Dictionary<string, ConstraintKind> s_constraints = new()
    {
        ["ModelGen.LowerAttribute"] = ConstraintKind.Lower,
        ["ModelGen.UpperAttribute"] = ConstraintKind.Upper,
        ["ModelGen.BoundsAttribute"] = ConstraintKind.Bounds,
        ["ModelGen.OrderedAttribute"] = ConstraintKind.Ordered,
        ["ModelGen.PositiveOrderedAttribute"] = ConstraintKind.PositiveOrdered,
        ["ModelGen.SimplexAttribute"] = ConstraintKind.Simplex,
        ["ModelGen.SimplexRowsAttribute"] = ConstraintKind.SimplexRows,
        ["ModelGen.UnitVectorAttribute"] = ConstraintKind.UnitVector,
        ["ModelGen.CholeskyCorrelationAttribute"] = ConstraintKind.CholeskyCorrelation,
        ["ModelGen.CholeskyCovarianceAttribute"] = ConstraintKind.CholeskyCovariance,
    };

    private readonly List<DataSpec> _data = new();
    private readonly List<DeclaredParameterSpec> _declared = new();

    /// <summary>The attributes only a declaration carries: [Data], a constraint, [Dirichlet], [LkjCholesky].</summary>
    private static bool IsDeclarationAttribute(AttributeData attribute) =>
        MetadataName(attribute.AttributeClass) is string name
        && (name is DataAttributeName or DirichletAttributeName or LkjCholeskyAttributeName or TransformedAttributeName || s_constraints.ContainsKey(name));

    /// <summary>
    /// Reads <paramref name="property"/> as a declaration if it is one: a declaration attribute on any property, or a
    /// prior or [Size] (and no row-block attribute) on a property whose type is a declared shape. False when it is not
    /// (the element parser takes it).
    /// </summary>
    private bool ParseDeclaration(IPropertySymbol property, PropertyDeclarationSyntax? syntax, bool isDefinition, List<MemberSpec> members, CancellationToken cancellationToken)
    {
        var attributes = property.GetAttributes();
        var declaration = attributes.Where(IsDeclarationAttribute).ToList();
        var ours = attributes.Where(IsOurs).ToList();
        (DeclaredShape Shape, string Element)? type = DeclaredType(property.Type);
        // A layer, input, likelihood, group or column written with a declaration's type is the row block's MG0008.
        bool rowBlock = ours.Any(a => IsLikelihoodOnly(a) || MetadataName(a.AttributeClass) is InputAttributeName or DenseAttributeName or GroupAttributeName or ColumnAttributeName);
        if (declaration.Count == 0 && (ours.Count == 0 || type is null || rowBlock))
        {
            return false;
        }

        string name = property.Name;
        LocationInfo? memberLocation = LocationInfo.From(syntax is null ? property.Locations.FirstOrDefault() : syntax.Identifier.GetLocation());
        Remember(name, memberLocation);
        var all = declaration.Concat(ours).ToList();
        foreach (AttributeData attribute in all)
        {
            RememberAttribute(name, attribute, cancellationToken);
        }

        bool accepted = ReadDeclaration(name, type, all, isDefinition && IsElementForm(property, syntax!), memberLocation);
        if (!accepted)
        {
            _rejected.Add(new RejectedSpec(name, MemberKind.Declared));
        }

        if (isDefinition)
        {
            members.Add(Member(property, syntax!, MemberKind.Other, accepted));
        }

        return true;
    }

    /// <summary>Reads one declaration into <see cref="_data"/> or <see cref="_declared"/>; false (after reporting why) when it is rejected.</summary>
    private bool ReadDeclaration(string name, (DeclaredShape Shape, string Element)? type, List<AttributeData> attributes, bool elementForm, LocationInfo? memberLocation)
    {
        if (attributes.Any(a => MetadataName(a.AttributeClass) == TransformedAttributeName))
        {
            return ReadTransformed(name, type, attributes, elementForm, memberLocation);
        }

        AttributeData? data = attributes.FirstOrDefault(a => MetadataName(a.AttributeClass) == DataAttributeName);
        string first = ShortName(data ?? attributes[0]);
        if (type is not { } t || !elementForm)
        {
            string form = type is { } known ? TypeText(known.Shape, known.Element) : data is not null ? "int, double, ReadOnlySpan<double> or Matrix<double>" : "double, ReadOnlySpan<double> or Matrix<double>";
            Report(DiagnosticDescriptors.WrongMemberDeclarationId, memberLocation, name, first, "public partial " + form + " " + name + " { get; }");
            return false;
        }

        if (data is not null)
        {
            if (attributes.FirstOrDefault(a => !ReferenceEquals(a, data)) is { } other)
            {
                Report(DiagnosticDescriptors.ConflictingAttributesId, Lookup(name + ":" + ShortName(other)) ?? memberLocation, name, "[Data]", "[" + ShortName(other) + "]", "data has no prior, constraint or [Size]: its size is that of the value bound");
                return false;
            }

            double min = NamedValue(data, "Min") is double lo ? lo : double.NegativeInfinity;
            double max = NamedValue(data, "Max") is double hi ? hi : double.PositiveInfinity;
            _data.Add(new DataSpec(name, t.Shape, t.Element == "int", t.Element, min, max));
            return true;
        }

        if (t.Element == "int")
        {
            Report(DiagnosticDescriptors.WrongMemberDeclarationId, memberLocation, name, first, "public partial " + TypeText(t.Shape, "double") + " " + name + " { get; } (a parameter is real; integers are [Data])");
            return false;
        }

        var priors = attributes.Where(a => IsDistribution(a) || MetadataName(a.AttributeClass) is DirichletAttributeName or LkjCholeskyAttributeName).ToList();
        if (priors.Count > 1)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, Lookup(name + ":" + ShortName(priors[1])) ?? memberLocation, name, "[" + ShortName(priors[0]) + "]", "[" + ShortName(priors[1]) + "]", "a parameter has one prior");
            return false;
        }

        if (priors.Count == 1 && IsDistribution(priors[0]) && (NamedInt(priors[0], "Part") ?? 0) != 0)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, Lookup(name + ":" + ShortName(priors[0]) + ":Part") ?? memberLocation, name, "Part", "a declared parameter", "Part selects a layer's weights or bias; a parameter's prior covers all its values");
            return false;
        }

        var constraints = attributes.Where(a => MetadataName(a.AttributeClass) is string n && s_constraints.ContainsKey(n)).ToList();
        var kinds = constraints.Select(a => s_constraints[MetadataName(a.AttributeClass)!]).ToList();
        bool interval = kinds.Count == 2 && kinds.Contains(ConstraintKind.Lower) && kinds.Contains(ConstraintKind.Upper);
        if (kinds.Count > 1 && !interval)
        {
            Report(DiagnosticDescriptors.ConflictingAttributesId, Lookup(name + ":" + ShortName(constraints[1])) ?? memberLocation, name, "[" + ShortName(constraints[0]) + "]", "[" + ShortName(constraints[1]) + "]", "a parameter has one constraint ([Lower] with [Upper] is the interval [Bounds])");
            return false;
        }

        ConstraintKind constraint = interval ? ConstraintKind.Bounds : kinds.Count == 1 ? kinds[0] : ConstraintKind.None;
        double lower = double.NaN, upper = double.NaN;
        foreach (AttributeData c in constraints)
        {
            switch (s_constraints[MetadataName(c.AttributeClass)!])
            {
                case ConstraintKind.Lower:
                    lower = ConstructorArgument(c, "bound") is double l ? l : double.NaN;
                    break;
                case ConstraintKind.Upper:
                    upper = ConstructorArgument(c, "bound") is double u ? u : double.NaN;
                    break;
                case ConstraintKind.Bounds:
                    lower = ConstructorArgument(c, "lower") is double bl ? bl : double.NaN;
                    upper = ConstructorArgument(c, "upper") is double bu ? bu : double.NaN;
                    break;
            }
        }

        PriorSpec? prior = null;
        ShapePriorSpec? shapePrior = null;
        if (priors.Count == 1 && IsDistribution(priors[0]))
        {
            prior = PriorOf(priors[0]);
        }
        else if (priors.Count == 1)
        {
            AttributeData p = priors[0];
            bool dirichlet = MetadataName(p.AttributeClass) == DirichletAttributeName;
            object? argument = ConstructorArgument(p, dirichlet ? "alpha" : "eta");
            shapePrior = new ShapePriorSpec(dirichlet ? "Dirichlet" : "LkjCholesky", argument is double d ? d : double.NaN, argument as string);
        }

        AttributeData? size = attributes.FirstOrDefault(a => MetadataName(a.AttributeClass) == SizeAttributeName);
        _declared.Add(new DeclaredParameterSpec(name, t.Shape, size is null ? EquatableArray<SizeSpec>.Empty : SizesOf(size), prior, shapePrior, constraint, lower, upper));
        return true;
    }

    /// <summary>[Size(n)], [Size(nameof(K))], [Size(r, c)], [Size(nameof(R), nameof(C))] as dimensions.</summary>
    private static EquatableArray<SizeSpec> SizesOf(AttributeData size)
    {
        var sizes = new List<SizeSpec>();
        IMethodSymbol? constructor = size.AttributeConstructor;
        if (constructor is not null && size.ConstructorArguments.Length == constructor.Parameters.Length)
        {
            foreach (TypedConstant argument in size.ConstructorArguments)
            {
                sizes.Add(argument.Value is string data ? new SizeSpec(0, data) : new SizeSpec(argument.Value is int n ? n : 0, null));
            }
        }

        return sizes.ToEquatableArray();
    }

    /// <summary>The shape and element type ("int", "double", "float") a declaration's C# type says, or null for any other type.</summary>
    private static (DeclaredShape Shape, string Element)? DeclaredType(ITypeSymbol type)
    {
        static string? Element(ITypeSymbol t) => t.SpecialType switch
        {
            SpecialType.System_Int32 => "int",
            SpecialType.System_Double => "double",
            SpecialType.System_Single => "float",
            _ => null,
        };

        if (Element(type) is string scalar)
        {
            return (DeclaredShape.Scalar, scalar);
        }

        if (type is INamedTypeSymbol { TypeArguments.Length: 1 } generic && Element(generic.TypeArguments[0]) is string element)
        {
            switch (MetadataName(generic))
            {
                case "System.ReadOnlySpan`1":
                    return (DeclaredShape.Vector, element);
                case "ModelGen.Matrix`1" when element != "int":
                    return (DeclaredShape.Matrix, element);
            }
        }

        return null;
    }

    /// <summary>"double", "ReadOnlySpan&lt;double&gt;" or "Matrix&lt;double&gt;".</summary>
    private static string TypeText(DeclaredShape shape, string element) => shape switch
    {
        DeclaredShape.Vector => "ReadOnlySpan<" + element + ">",
        DeclaredShape.Matrix => "Matrix<" + element + ">",
        _ => element,
    };
}
