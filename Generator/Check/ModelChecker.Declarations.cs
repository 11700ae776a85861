using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Distributions;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Check;

// Data and parameters declared by their shape (docs/terms.md): element types, sizes, priors and constraints, each on
// the shape it applies to.
internal static partial class ModelChecker
{
    /// <summary>Checks the declarations; true when the model is one of declarations (some were made, accepted or not).</summary>
    private static bool CheckDeclarations(ModelSpec spec, List<Finding> findings)
    {
        DeclarationsSpec d = spec.Declarations;
        bool declared = d.Any || spec.Rejected.Any(r => r.Kind == MemberKind.Declared);
        if (!declared)
        {
            return false;
        }

        string? rowElement = spec.Inputs.Select(i => i.Name)
            .Concat(spec.Layers.Select(l => l.Name))
            .Concat(spec.Observed.Select(o => o.Name))
            .Concat(spec.Parameters.Select(p => p.Name))
            .Concat(spec.Groups.Select(g => g.Name))
            .Concat(spec.Columns.Select(c => c.Name))
            .Concat(spec.Rejected.Where(r => r.Kind != MemberKind.Declared).Select(r => r.Name))
            .FirstOrDefault();
        if (rowElement is not null)
        {
            string first = d.Data.Select(x => x.Name).Concat(d.Parameters.Select(p => p.Name)).FirstOrDefault() ?? spec.Rejected.First(r => r.Kind == MemberKind.Declared).Name;
            findings.Add(new Finding(DiagnosticDescriptors.DeclarationsBesideRowBlockId, Keys(first), new[] { first, spec.Type.Name, rowElement }));
            return true;
        }

        string real = spec.ElementType == ElementType.Double ? "double" : "float";
        foreach (DataSpec data in d.Data)
        {
            if (!data.IsInteger && data.ElementType != real && spec.ElementType != ElementType.Unsupported)
            {
                findings.Add(new Finding(DiagnosticDescriptors.WrongMemberDeclarationId, Keys(data.Name), new[] { data.Name, "Data", "public partial " + Form(data.Shape, real) + " " + data.Name + " { get; } (the model's element type) or an int form" }));
            }
        }

        foreach (DeclaredParameterSpec p in d.Parameters)
        {
            CheckDeclaredParameter(spec, p, findings);
        }

        return true;
    }

    private static void CheckDeclaredParameter(ModelSpec spec, DeclaredParameterSpec p, List<Finding> findings)
    {
        string name = p.Name;
        string real = spec.ElementType == ElementType.Double ? "double" : "float";
        string shape = p.Shape switch
        {
            DeclaredShape.Scalar => "a scalar",
            DeclaredShape.Vector => "a vector",
            _ => "a matrix",
        };

        // Sizes: as many as the shape has dimensions, each a positive constant or an int data scalar.
        int dimensions = p.Shape == DeclaredShape.Scalar ? 0 : p.Shape == DeclaredShape.Vector ? 1 : 2;
        if (p.Sizes.Count != dimensions)
        {
            string how = dimensions switch
            {
                0 => "it takes no [Size] (declare it ReadOnlySpan<" + real + "> for a vector)",
                1 => "give its length with [Size(n)] or [Size(nameof(K))], K an int [Data] scalar",
                _ => "give its rows and columns with [Size(rows, columns)] or [Size(nameof(R), nameof(C))]",
            };
            findings.Add(new Finding(DiagnosticDescriptors.DeclaredSizeId, Keys(name + ":Size", name), new[] { name, shape, how }));
        }
        else
        {
            var sizeData = spec.Declarations.Data.Where(x => x.IsInteger && x.Shape == DeclaredShape.Scalar).Select(x => x.Name).ToList();
            string[] argNames = dimensions == 1 ? new[] { "group" } : new[] { "rows", "columns" };
            for (int k = 0; k < p.Sizes.Count; k++)
            {
                SizeSpec size = p.Sizes[k];
                string[] keys = Keys(name + ":Size:" + argNames[k], name + ":Size:length", name + ":Size", name);
                if (size.IsConstant && size.Constant < 1)
                {
                    findings.Add(new Finding(DiagnosticDescriptors.InvalidSizeId, keys, new[] { "Size", name, Text(size.Constant) }));
                }
                else if (!size.IsConstant && !sizeData.Contains(size.Data!) && !spec.Rejected.Any(r => r.Name == size.Data))
                {
                    findings.Add(new Finding(DiagnosticDescriptors.UnknownElementId, keys, new[] { name, size.Data!, "an int [Data] scalar", spec.Type.Name, sizeData.Count == 0 ? "(none declared)" : string.Join(", ", sizeData) }));
                }
            }
        }

        if (spec.ElementType != ElementType.Unsupported && spec.Members.FirstOrDefault(m => m.Name == name) is { } member && !member.Type.Contains(real))
        {
            findings.Add(new Finding(DiagnosticDescriptors.WrongMemberDeclarationId, Keys(name), new[] { name, p.Prior?.AttributeName ?? p.ShapePrior?.Kind ?? "Size", "public partial " + Form(p.Shape, real) + " " + name + " { get; } (the model's element type)" }));
        }

        CheckConstraint(spec, p, shape, findings);

        if (p.Prior is null && p.ShapePrior is null)
        {
            findings.Add(new Finding(DiagnosticDescriptors.MissingPriorId, Keys(name), new[] { name, "values" }));
        }
        else if (p.ShapePrior is { } shapePrior)
        {
            CheckShapePrior(spec, p, shapePrior, shape, findings);
        }
        else
        {
            CheckElementPrior(spec, p, p.Prior!, findings);
        }
    }

    /// <summary>MG3009 for a constraint on a shape it does not apply to; MG0005 for bounds that are not an interval.</summary>
    private static void CheckConstraint(ModelSpec spec, DeclaredParameterSpec p, string shape, List<Finding> findings)
    {
        string name = p.Name;
        string attribute = p.Constraint.ToString();
        string[] keys = Keys(name + ":" + attribute, name);
        switch (p.Constraint)
        {
            case ConstraintKind.Ordered or ConstraintKind.PositiveOrdered or ConstraintKind.Simplex or ConstraintKind.UnitVector when p.Shape != DeclaredShape.Vector:
                findings.Add(new Finding(DiagnosticDescriptors.ConstraintShapeId, keys, new[] { name, "[" + attribute + "]", "a vector (ReadOnlySpan with [Size])", shape }));
                break;
            case ConstraintKind.SimplexRows when p.Shape != DeclaredShape.Matrix:
                findings.Add(new Finding(DiagnosticDescriptors.ConstraintShapeId, keys, new[] { name, "[" + attribute + "]", "a matrix (Matrix with [Size(rows, columns)]), each row a simplex", shape }));
                break;
            case ConstraintKind.CholeskyCorrelation or ConstraintKind.CholeskyCovariance when p.Shape != DeclaredShape.Matrix:
                findings.Add(new Finding(DiagnosticDescriptors.ConstraintShapeId, keys, new[] { name, "[" + attribute + "]", "a square matrix (Matrix with [Size(K, K)])", shape }));
                break;
            case ConstraintKind.CholeskyCorrelation or ConstraintKind.CholeskyCovariance when p.Sizes.Count == 2 && p.Sizes[0] != p.Sizes[1]:
                findings.Add(new Finding(DiagnosticDescriptors.ConstraintShapeId, keys, new[] { name, "[" + attribute + "]", "a square matrix (Matrix with [Size(K, K)])", Describe(p.Sizes[0]) + " × " + Describe(p.Sizes[1]) }));
                break;
            case ConstraintKind.Lower or ConstraintKind.Upper or ConstraintKind.Bounds:
                foreach ((string arg, double value) in new[] { ("lower", p.Lower), ("upper", p.Upper) })
                {
                    bool used = p.Constraint == ConstraintKind.Bounds || (arg == "lower") == (p.Constraint == ConstraintKind.Lower);
                    if (used && (double.IsNaN(value) || double.IsInfinity(value)))
                    {
                        findings.Add(new Finding(DiagnosticDescriptors.InvalidDistributionArgumentId, Keys(name + ":" + attribute + ":" + arg, name + ":" + attribute + ":bound", name + ":" + attribute, name), new[] { arg, attribute, name, Text(value), "a bound must be a finite number" }));
                    }
                }

                if (p.Constraint == ConstraintKind.Bounds && !(p.Lower < p.Upper) && !double.IsNaN(p.Lower - p.Upper) && !double.IsInfinity(p.Lower - p.Upper))
                {
                    findings.Add(new Finding(DiagnosticDescriptors.InvalidDistributionArgumentId, Keys(name + ":Bounds:upper", name + ":Upper:bound", name + ":Bounds", name), new[] { "upper", "Bounds", name, Text(p.Upper), "the upper bound must be greater than the lower bound, " + Text(p.Lower) }));
                }

                break;
        }
    }

    /// <summary>
    /// [Dirichlet] on a [Simplex] vector or (each row's) a [SimplexRows] matrix, [LkjCholesky] on a [CholeskyCorrelation]
    /// matrix, each with a positive constant or (Dirichlet) a data vector, or for simplex rows a data matrix (row k's α).
    /// </summary>
    private static void CheckShapePrior(ModelSpec spec, DeclaredParameterSpec p, ShapePriorSpec prior, string shape, List<Finding> findings)
    {
        string name = p.Name;
        bool dirichlet = prior.Kind == "Dirichlet";
        bool rows = dirichlet && p.Constraint == ConstraintKind.SimplexRows;
        ConstraintKind needed = dirichlet ? ConstraintKind.Simplex : ConstraintKind.CholeskyCorrelation;
        if (p.Constraint != needed && !rows)
        {
            string what = p.Constraint == ConstraintKind.None ? shape + " with no constraint" : shape + " with [" + p.Constraint + "]";
            findings.Add(new Finding(DiagnosticDescriptors.ConstraintShapeId, Keys(name + ":" + prior.Kind, name), new[] { name, "[" + prior.Kind + "]", !dirichlet ? "a [CholeskyCorrelation] matrix" : p.Shape == DeclaredShape.Matrix ? "a [SimplexRows] matrix" : "a [Simplex] vector", what }));
            return;   // its argument is moot where the prior does not apply: one clear error
        }

        string arg = dirichlet ? "alpha" : "eta";
        string[] keys = Keys(name + ":" + prior.Kind + ":" + arg, name + ":" + prior.Kind, name);
        if (prior.Data is string data)
        {
            var fits = spec.Declarations.Data.Where(x => !x.IsInteger && (x.Shape == DeclaredShape.Vector || (rows && x.Shape == DeclaredShape.Matrix))).Select(x => x.Name).ToList();
            if (!dirichlet || !fits.Contains(data))
            {
                findings.Add(new Finding(DiagnosticDescriptors.UnknownElementId, keys, new[] { name, data, rows ? "a real [Data] vector (every row's α) or matrix (row k's α from row k)" : "a real [Data] vector", spec.Type.Name, fits.Count == 0 ? "(none declared)" : string.Join(", ", fits) }));
            }
        }
        else
        {
            CheckConstant(spec.ElementType, prior.Kind, name, new ArgSpec(arg, prior.Constant, null), ArgDomain.Positive, keys, findings);
        }
    }

    /// <summary>A catalog prior, element by element: constant arguments in their domains, named ones declared parameters that fit, and a support the constraint keeps the values in.</summary>
    private static void CheckElementPrior(ModelSpec spec, DeclaredParameterSpec p, PriorSpec prior, List<Finding> findings)
    {
        string name = p.Name;
        DistributionInfo info = DistributionCatalog.Of(prior.Kind)!;
        var site = new PriorSite(name, null, prior, 0, "element of '" + name + "'");
        for (int i = 0; i < prior.Args.Count && i < info.Args.Count; i++)
        {
            ArgSpec arg = prior.Args[i];
            string[] keys = ArgKeys(site, arg.Name);
            if (arg.Reference is null)
            {
                CheckConstant(spec.ElementType, info.Name, name, arg, info.Args[i].Domain, keys, findings);
                continue;
            }

            // A declared scalar parameter (shared), or one of the same shape and sizes (element by element).
            var fits = spec.Declarations.Parameters.Where(q => q.Name != name && (q.Shape == DeclaredShape.Scalar || (q.Shape == p.Shape && q.Sizes == p.Sizes))).Select(q => q.Name).ToList();
            if (!fits.Contains(arg.Reference) && !spec.Rejected.Any(r => r.Name == arg.Reference))
            {
                findings.Add(new Finding(DiagnosticDescriptors.UnknownElementId, keys, new[] { name, arg.Reference, "a declared parameter that is a scalar or of the same shape and sizes", spec.Type.Name, fits.Count == 0 ? "(none)" : string.Join(", ", fits) }));
            }
        }

        if (prior.Kind == DistributionKind.Uniform && prior.Args.Count == 2 && prior.Args[0].IsConstant && prior.Args[1].IsConstant && !(prior.Args[0].Constant < prior.Args[1].Constant))
        {
            findings.Add(new Finding(DiagnosticDescriptors.InvalidDistributionArgumentId, ArgKeys(site, "upper"), new[] { "upper", "Uniform", name, Text(prior.Args[1].Constant), "the upper bound must be greater than the lower bound, " + Text(prior.Args[0].Constant) }));
        }

        if (prior.NonCentered)
        {
            findings.Add(new Finding(DiagnosticDescriptors.ConflictingAttributesId, ArgKeys(site, "NonCentered"), new[] { name, "NonCentered = true", "a declared parameter", "the non-centred form is for the row block's parameters for now; write the location and scale out as parameters" }));
        }

        // The constraint's range must lie inside the prior's support (a HalfNormal on an [Ordered] vector would see negative values).
        if (p.Constraint == ConstraintKind.None || info.Support == SupportKind.Real)
        {
            return;
        }

        (double lo, double hi) = info.Support == SupportKind.Positive ? (0, double.PositiveInfinity) : DistributionCatalog.Bounds(prior);
        (double from, double to) = p.Constraint switch
        {
            ConstraintKind.Lower => (p.Lower, double.PositiveInfinity),
            ConstraintKind.Upper => (double.NegativeInfinity, p.Upper),
            ConstraintKind.Bounds => (p.Lower, p.Upper),
            ConstraintKind.PositiveOrdered => (0, double.PositiveInfinity),
            ConstraintKind.Simplex or ConstraintKind.SimplexRows => (0, 1),
            ConstraintKind.CholeskyCovariance or ConstraintKind.CholeskyCorrelation => (double.NegativeInfinity, double.PositiveInfinity),
            _ => (double.NegativeInfinity, double.PositiveInfinity),
        };
        if (from < lo || to > hi)
        {
            string support = info.Support == SupportKind.Positive ? "x > 0" : Text(lo) + " < x < " + Text(hi);
            findings.Add(new Finding(DiagnosticDescriptors.ConstraintShapeId, Keys(name + ":" + prior.AttributeName, name), new[] { name, "[" + prior.AttributeName + "]", "values in " + support + " only", "constrained by [" + p.Constraint + "] to values outside it: use a constraint inside the support, or a prior on the real line" }));
        }
    }

    /// <summary>"3" or "K".</summary>
    private static string Describe(SizeSpec size) => size.Data ?? Text(size.Constant);

    /// <summary>"double", "ReadOnlySpan&lt;double&gt;" or "Matrix&lt;double&gt;".</summary>
    private static string Form(DeclaredShape shape, string element) => shape switch
    {
        DeclaredShape.Vector => "ReadOnlySpan<" + element + ">",
        DeclaredShape.Matrix => "Matrix<" + element + ">",
        _ => element,
    };
}
