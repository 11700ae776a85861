using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic ModelGen reports. IDs: MG0xxx model structure, MG1xxx shapes and types,
/// MG2xxx numerics and performance advice, MG3xxx declarations and terms (docs/terms.md), MG9xxx internal. Never reuse a retired ID; the next
/// number comes from AnalyzerReleases.Shipped.md. Each ID has a page at docs/diagnostics/{ID}.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string ModelCategory = "ModelGen.Model";
    public const string ShapeCategory = "ModelGen.Shape";
    public const string InternalCategory = "ModelGen.Internal";
    public const string PerformanceCategory = "ModelGen.Performance";
    public const string TermsCategory = "ModelGen.Terms";

    public const string ModelNotPartialId = "MG0001";
    public const string MissingLikelihoodId = "MG0002";
    public const string UnknownElementId = "MG0003";
    public const string MissingPriorId = "MG0004";
    public const string InvalidDistributionArgumentId = "MG0005";
    public const string UnsupportedElementTypeId = "MG0006";
    public const string UnusedElementId = "MG0007";
    public const string WrongMemberDeclarationId = "MG0008";
    public const string ConflictingAttributesId = "MG0009";
    public const string ParameterReferenceNotSupportedId = "MG0010";
    public const string MissingInputId = "MG0011";
    public const string InvalidLikelihoodLinkId = "MG0012";
    public const string DuplicateLikelihoodId = "MG0013";
    public const string InvalidModelTypeId = "MG0014";
    public const string LayerCycleId = "MG0015";
    public const string ReservedNameId = "MG0016";
    public const string UndefinedEnumValueId = "MG0017";
    public const string ElementWithoutAttributeId = "MG0018";
    public const string ActivationAppliedTwiceId = "MG0019";
    public const string PriorReferenceCycleId = "MG0020";
    public const string SupportMismatchId = "MG0021";
    public const string LayerInputMismatchId = "MG1001";
    public const string LikelihoodWidthMismatchId = "MG1002";
    public const string InvalidSizeId = "MG1003";
    public const string ReferenceShapeMismatchId = "MG1004";
    public const string DataColumnId = "MG1005";
    public const string ModelTooLargeToUnrollId = "MG2001";
    public const string TermOutsideSubsetId = "MG3001";
    public const string TermUnknownCallId = "MG3002";
    public const string TermAssignsModelValueId = "MG3003";
    public const string TermLocalSizeId = "MG3005";
    public const string TermConditionOnParameterId = "MG3006";
    public const string ConstraintShapeId = "MG3009";
    public const string DeclarationsBesideRowBlockId = "MG3011";
    public const string DeclaredSizeId = "MG3012";
    public const string TransformedComputesId = "MG3010";
    public const string InternalErrorId = "MG9001";

    /// <summary>"The model class '{0}' must be declared partial, and so must every type containing it".</summary>
    public static readonly DiagnosticDescriptor ModelNotPartial = Error(
        ModelNotPartialId,
        "Model class is not partial",
        "The model class '{0}' must be declared partial, and so must every type containing it, so ModelGen can add the generated members; add the 'partial' modifier",
        "ModelGen implements the model's members in a second part of the class.");

    /// <summary>"Model '{0}' has no likelihood: add an Observed property with a likelihood attribute".</summary>
    public static readonly DiagnosticDescriptor MissingLikelihood = Error(
        MissingLikelihoodId,
        "Model has no likelihood",
        "Model '{0}' has no likelihood: add an Observed property with a likelihood attribute, e.g. [Bernoulli(Logits = nameof(Output))] public partial Observed Y {{ get; }}",
        "Without a likelihood the model has no data to fit.");

    /// <summary>"'{0}' refers to '{1}', which is not {2} of model '{3}'".</summary>
    public static readonly DiagnosticDescriptor UnknownElement = Error(
        UnknownElementId,
        "Reference to an unknown model element",
        "'{0}' refers to '{1}', which is not {2} of model '{3}'; use nameof(...) with one of: {4}",
        "Elements refer to each other by name; the name must be an element of the same model.");

    /// <summary>"Layer '{0}' has no prior for its {1}".</summary>
    public static readonly DiagnosticDescriptor MissingPrior = Error(
        MissingPriorId,
        "Parameter has no prior",
        "Layer '{0}' has no prior for its {1}: add a prior attribute such as [Normal(0, 1)]",
        "Every parameter of a Bayesian model needs a prior.");

    /// <summary>"Argument '{0}' of {1} on '{2}' is {3}; {4}".</summary>
    public static readonly DiagnosticDescriptor InvalidDistributionArgument = Error(
        InvalidDistributionArgumentId,
        "Distribution argument out of its domain",
        "Argument '{0}' of {1} on '{2}' is {3}; {4}",
        "A distribution argument outside its domain makes the density undefined.");

    /// <summary>"Model '{0}' uses element type '{1}'; ModelGen generates float and double models".</summary>
    public static readonly DiagnosticDescriptor UnsupportedElementType = Error(
        UnsupportedElementTypeId,
        "Unsupported element type",
        "Model '{0}' uses element type '{1}'; ModelGen generates float and double models: use [Model<float>] or [Model<double>]",
        "The generated kernels exist for float and double.");

    /// <summary>"{0} '{1}' is not on the path from the input to the likelihood".</summary>
    public static readonly DiagnosticDescriptor UnusedElement = Error(
        UnusedElementId,
        "Element is not used by the likelihood",
        "{0} '{1}' is not on the path from the input to the likelihood '{2}'; connect it or remove it",
        "Dense layers form one chain from the input to the likelihood; a layer off that chain would have parameters the data never informs.");

    /// <summary>"'{0}' must be declared as '{1}'".</summary>
    public static readonly DiagnosticDescriptor WrongMemberDeclaration = Error(
        WrongMemberDeclarationId,
        "Model element declared with the wrong member form",
        "'{0}' carries [{1}] and must be declared as '{2}'",
        "ModelGen implements each element as a partial property of the element's descriptor type.");

    /// <summary>"'{0}' has both [{1}] and [{2}]".</summary>
    public static readonly DiagnosticDescriptor ConflictingAttributes = Error(
        ConflictingAttributesId,
        "Conflicting model attributes",
        "'{0}' has both {1} and {2}; {3}",
        "Each member is one model element with one role.");

    /// <summary>"Argument '{0}' of {1} on '{2}' names '{3}': prior arguments that name parameters are not supported yet".</summary>
    public static readonly DiagnosticDescriptor ParameterReferenceNotSupported = Error(
        ParameterReferenceNotSupportedId,
        "Distribution argument names an element that is not a parameter",
        "Argument '{0}' of {1} on '{2}' names '{3}', which is {4}; a distribution argument is a constant or a Parameter: declare e.g. [HalfNormal(1)] public partial Parameter {3}Scale {{ get; }} and name that",
        "A prior's arguments may be other parameters (a hierarchical model), but not data, layers or the observed element: those vary by row, and a prior is about the parameters alone.");

    /// <summary>"Model '{0}' has no input".</summary>
    public static readonly DiagnosticDescriptor MissingInput = Error(
        MissingInputId,
        "Model has no input",
        "Model '{0}' has no input: add [Input(features)] public partial Input X {{ get; }} and read it from the first layer",
        "A network reads its rows from an Input element.");

    /// <summary>"The likelihood '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidLikelihoodLink = Error(
        InvalidLikelihoodLinkId,
        "Likelihood link is invalid",
        "The likelihood '{0}' {1}",
        "The likelihood must read exactly one layer through a link it supports.");

    /// <summary>"Model '{0}' has more than one likelihood".</summary>
    public static readonly DiagnosticDescriptor DuplicateLikelihood = Error(
        DuplicateLikelihoodId,
        "More than one likelihood",
        "Model '{0}' already has the likelihood '{1}'; '{2}' would be a second one, which this version does not support",
        "One observed element per model.");

    /// <summary>"The model class '{0}' {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidModelType = Error(
        InvalidModelTypeId,
        "Model class cannot be generated",
        "The model class '{0}' {1}",
        "A model is a plain class the generator completes: it must be non-generic, non-static and non-abstract, not a record, and without a primary constructor (the generated constructors bind the data).");

    /// <summary>"Layer '{0}' reads itself through {1}".</summary>
    public static readonly DiagnosticDescriptor LayerCycle = Error(
        LayerCycleId,
        "Layers form a cycle",
        "Layer '{0}' reads its own output through {1}; a network must be acyclic",
        "Each layer reads an input or an earlier layer.");

    /// <summary>"'{0}' is a member ModelGen generates on every model ({1}); rename the element".</summary>
    public static readonly DiagnosticDescriptor ReservedName = Error(
        ReservedNameId,
        "Element name collides with a generated member",
        "'{0}' is a member ModelGen generates on every model ({1}); rename the element",
        "Generated members and model elements share the class's member names; names starting with '__' are kept for ModelGen's internals.");

    /// <summary>"{0} of '{1}' is {2}, which is not a defined {3} value; use one of: {4}".</summary>
    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(
        UndefinedEnumValueId,
        "Enum argument is not a defined value",
        "{0} of '{1}' is {2}, which is not a defined {3} value; use one of: {4}",
        "A number cast to an enum the enum does not define names no activation or block ModelGen can generate.");

    /// <summary>"'{0}' is a partial {1} property with no ModelGen attribute, so it has no role in the model; add {2}, or remove the property".</summary>
    public static readonly DiagnosticDescriptor ElementWithoutAttribute = Error(
        ElementWithoutAttributeId,
        "Element property has no ModelGen attribute",
        "'{0}' is a partial {1} property with no ModelGen attribute, so it has no role in the model; add {2}, or remove the property",
        "ModelGen implements every partial Input, Layer and Observed property of a model from its attributes; without one there is nothing to implement it with.");

    /// <summary>"Layer '{0}' declares Inputs = {1}, but '{2}' gives {3}".</summary>
    public static readonly DiagnosticDescriptor LayerInputMismatch = Error(
        LayerInputMismatchId,
        "Layer shapes do not chain",
        "Layer '{0}' declares Inputs = {1}, but '{2}' gives {3}; set Inputs = {3} or change '{2}'",
        "A layer's input width must equal what the element it reads produces.");

    /// <summary>"The likelihood '{0}' needs {1} unit(s) from '{2}', which has {3}".</summary>
    public static readonly DiagnosticDescriptor LikelihoodWidthMismatch = Error(
        LikelihoodWidthMismatchId,
        "Likelihood and layer widths differ",
        "The likelihood '{0}' needs {1} unit(s) from '{2}', which has {3}; give '{2}' {1} unit(s)",
        "Each observation takes one value of its parameter per row; a Categorical likelihood takes one logit per class, at least two.");

    /// <summary>"'{0}' of '{1}' is {2}; it must be at least 1".</summary>
    public static readonly DiagnosticDescriptor InvalidSize = Error(
        InvalidSizeId,
        "Size must be positive",
        "'{0}' of '{1}' is {2}; it must be at least 1",
        "Widths and unit counts are sizes of arrays.");

    /// <summary>"The likelihood '{0}' reads Logits from '{1}', whose activation is Sigmoid, …".</summary>
    public static readonly DiagnosticDescriptor ActivationAppliedTwice = Advice(
        ActivationAppliedTwiceId,
        DiagnosticSeverity.Warning,
        "Activation and likelihood link apply the same function twice",
        "The likelihood '{0}' reads Logits from '{1}', whose activation is Sigmoid, so the sigmoid is applied twice and every probability is squeezed into (0.5, 0.73); use P = nameof({1}), or give '{1}' Activation.Identity",
        "Bernoulli(Logits = layer) applies the logistic function to the layer's output itself; a layer ending in a sigmoid already gives a probability, which the link would treat as a logit.");

    /// <summary>"The prior of '{0}' depends on itself: {1}".</summary>
    public static readonly DiagnosticDescriptor PriorReferenceCycle = Error(
        PriorReferenceCycleId,
        "Prior arguments refer to each other in a cycle",
        "The prior of '{0}' depends on itself through its arguments: {1}; a hierarchy must end in parameters with constant arguments",
        "A parameter's prior may name other parameters, which may name others in turn, but the chain must end: the joint density is the product of each parameter's prior given its parents.");

    /// <summary>"Argument '{0}' of {1} on '{2}' must be positive, but names '{3}', whose prior {4} …".</summary>
    public static readonly DiagnosticDescriptor SupportMismatch = Advice(
        SupportMismatchId,
        DiagnosticSeverity.Warning,
        "A positive argument names a parameter that can be negative",
        "Argument '{0}' of {1} on '{2}' must be positive, but names '{3}', whose prior {4} puts mass on values ≤ 0, so the fit will meet an invalid density; give '{3}' a positive prior such as HalfNormal or Exponential",
        "A scale, rate, shape or degrees of freedom must be greater than 0. A parameter gets a positive constraint from a prior whose support is positive; one with a Normal (or other real-line) prior is unconstrained, and wherever it is negative the dependent density is −∞.");

    /// <summary>"{0} '{1}' has {2} values; ..."</summary>
    public static readonly DiagnosticDescriptor ReferenceShapeMismatch = Error(
        ReferenceShapeMismatchId,
        "Referenced parameter has the wrong number of values",
        "Argument '{0}' of {1} on '{2}' names '{3}', which has {4} values; here it needs 1 (shared by all) or {5} (one per {6})",
        "A parameter named by a prior argument is either a scalar, shared by every value the prior covers, or a vector with one value per layer unit (for a layer's weights or bias) or per element (for a vector parameter).");

    /// <summary>"'{0}' reads column {1} of input '{2}', {3}".</summary>
    public static readonly DiagnosticDescriptor DataColumn = Error(
        DataColumnId,
        "Group or column reads no column of its own",
        "'{0}' reads column {1} of input '{2}', {3}",
        "A [Group] or [Column] element names one column of an input (0-based), which no other group or column reads; layers reading that input see its remaining columns.");

    /// <summary>"{0} has {1} weights, more than the {2} ModelGen unrolls comfortably; …".</summary>
    public static readonly DiagnosticDescriptor ModelTooLargeToUnroll = Advice(
        ModelTooLargeToUnrollId,
        DiagnosticSeverity.Info,
        "Model is too large to unroll",
        "{0} has {1} weights, more than the {2} ModelGen unrolls comfortably; the generated kernel has one statement per weight, so the build slows and the code outgrows the instruction cache: reduce the units, or split the model",
        "The emitter unrolls every layer to its exact width, which is fastest for the small networks ModelGen targets but grows the generated code linearly with the weight count.");

    /// <summary>"'{0}' has {1}, which applies to {2}; '{0}' is {3}".</summary>
    public static readonly DiagnosticDescriptor ConstraintShape = Error(
        ConstraintShapeId,
        "Constraint or prior on a shape it does not apply to",
        "'{0}' has {1}, which applies to {2}; '{0}' is {3}",
        "Each constraint kind and each whole-shape prior is defined on one shape (Stan's reference manual): an ordered, positive-ordered, simplex or unit vector is a vector, a Cholesky factor a square matrix, Dirichlet a simplex, LKJ a Cholesky factor of a correlation matrix; and a prior with a restricted support needs a constraint that keeps the values inside it.");

    /// <summary>"'{0}' is declared by its shape, and model '{1}' also has the row-block element '{2}'; …".</summary>
    public static readonly DiagnosticDescriptor DeclarationsBesideRowBlock = Error(
        DeclarationsBesideRowBlockId,
        "Declarations beside the row block",
        "'{0}' is declared by its shape, and model '{1}' also has the row-block element '{2}'; nothing can connect the two until terms land (docs/terms.md), so declare this model one way or the other",
        "Data and parameters declared by their shape reach a density through their priors and, once terms land, through terms; the row block (Input, Layer, Observed, Parameter) has no way to read them yet.");

    /// <summary>"'{0}' is {1}; {2}".</summary>
    public static readonly DiagnosticDescriptor DeclaredSize = Error(
        DeclaredSizeId,
        "Declared shape and size disagree",
        "'{0}' is {1}; {2}",
        "A declared parameter's C# type says its shape: a double is a scalar (no [Size]), a ReadOnlySpan a vector ([Size] with its length), a Matrix a matrix ([Size] with rows and columns); each size is a constant or an int [Data] scalar, by nameof.");

    /// <summary>"Transformed parameter '{0}' {1}; {2}".</summary>
    public static readonly DiagnosticDescriptor TransformedComputes = Error(
        TransformedComputesId,
        "Transformed parameter without exactly one [Computes] method",
        "Transformed parameter '{0}' {1}; {2}",
        "A transformed parameter's values are what its one [Computes] method writes at each draw; with none there is nothing to store, with two the model would say two things.");

    /// <summary>"Term '{0}' contains {1}, which a term cannot hold; a term may contain {2}".</summary>
    public static readonly DiagnosticDescriptor TermOutsideSubset = Error(
        TermOutsideSubsetId,
        "Construct outside the term subset",
        "Term '{0}' contains {1}, which a term cannot hold; a term may contain {2}",
        "The generator differentiates a [Term] method's body at compile time, so the body is written in the subset it knows (docs/terms.md, 'What a term may contain').");

    /// <summary>"Term '{0}' calls '{1}': {2}".</summary>
    public static readonly DiagnosticDescriptor TermUnknownCall = Error(
        TermUnknownCallId,
        "Call to a method outside the math library",
        "Term '{0}' calls '{1}': {2}",
        "A term calls the functions of ModelGen.Terms.Math, each of which has its derivative in the generator; any other method has none.");

    /// <summary>"Term '{0}' assigns to '{1}', which is {2}; …".</summary>
    public static readonly DiagnosticDescriptor TermAssignsModelValue = Error(
        TermAssignsModelValueId,
        "Assignment to data or a parameter in a term",
        "Term '{0}' assigns to '{1}', which is {2}; a term reads data and parameters and assigns only to its own locals",
        "Data are fixed when the model is bound and parameters are the point the density is evaluated at; a term computes with them and returns its part of log p.");

    /// <summary>"Term '{0}' sizes the local matrix '{1}' by '{2}'; …".</summary>
    public static readonly DiagnosticDescriptor TermLocalSize = Error(
        TermLocalSizeId,
        "Local matrix size not known when the data are bound",
        "Term '{0}' sizes the local matrix '{1}' by '{2}'; a local matrix's rows and columns are constants and data sizes (an int [Data] scalar, .Length, .Rows, .Columns, and +, −, · of them), known when the data are bound",
        "A term's local matrices live in the kernel's scratch, sized once when the data are bound, so a gradient allocates nothing; a size from a parameter, a local or a loop index would change from one evaluation to the next.");

    /// <summary>"Term '{0}' branches on the parameter '{1}'; …".</summary>
    public static readonly DiagnosticDescriptor TermConditionOnParameter = Error(
        TermConditionOnParameterId,
        "Condition on a parameter in a term",
        "Term '{0}' branches on the parameter '{1}'; a condition ('if', '?:') reads data and loop indices only, since a branch on a parameter makes log p jump where the branch changes and its gradient ignores the jump",
        "A term's 'if' and '?:' choose by data and loop indices, which are the same at every point; a choice by a parameter is a discontinuity in log p that the samplers cannot follow.");

    /// <summary>"ModelGen failed unexpectedly while generating '{0}': {1}".</summary>
    public static readonly DiagnosticDescriptor InternalError = new(
        id: InternalErrorId,
        title: "ModelGen internal error",
        messageFormat: "ModelGen failed unexpectedly while generating '{0}': {1}. This is a bug in ModelGen; please report it with the model declaration.",
        category: InternalCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An exception inside the generator. The generator never lets one escape as a compiler crash.",
        helpLinkUri: HelpLink(InternalErrorId),
        customTags: WellKnownDiagnosticTags.NotConfigurable);

    /// <summary>Every descriptor, for lookup by ID and for the catalog tests.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        ModelNotPartial, MissingLikelihood, UnknownElement, MissingPrior, InvalidDistributionArgument,
        UnsupportedElementType, UnusedElement, WrongMemberDeclaration, ConflictingAttributes,
        ParameterReferenceNotSupported, MissingInput, InvalidLikelihoodLink, DuplicateLikelihood,
        InvalidModelType, LayerCycle, ReservedName, UndefinedEnumValue, ElementWithoutAttribute, ActivationAppliedTwice, PriorReferenceCycle, SupportMismatch,
        LayerInputMismatch, LikelihoodWidthMismatch, InvalidSize, ReferenceShapeMismatch, DataColumn, ModelTooLargeToUnroll,
        TermOutsideSubset, TermUnknownCall, TermAssignsModelValue, TermLocalSize, TermConditionOnParameter, ConstraintShape, DeclarationsBesideRowBlock, DeclaredSize, TransformedComputes, InternalError,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    /// <summary>
    /// Whether <paramref name="id"/> blocks emission: the generator reports these (and only these) and treats a model
    /// with one as invalid; the analyzers report the rest.
    /// </summary>
    public static bool IsError(string id) => ById(id).DefaultSeverity == DiagnosticSeverity.Error;

    /// <summary>The help page of a diagnostic, computed from its ID so it is never hand-written.</summary>
    public static string HelpLink(string id) => "https://github.com/modelgen/modelgen/blob/main/docs/diagnostics/" + id + ".md";

    /// <summary>
    /// A warning or advice that does not block generation, reported by the analyzers: configurable (.editorconfig,
    /// #pragma, NoWarn), since the generated code is right either way.
    /// </summary>
    private static DiagnosticDescriptor Advice(string id, DiagnosticSeverity severity, string title, string message, string description) => new(
        id: id,
        title: title,
        messageFormat: message,
        category: id.StartsWith("MG2", System.StringComparison.Ordinal) ? PerformanceCategory : id.StartsWith("MG1", System.StringComparison.Ordinal) ? ShapeCategory : ModelCategory,
        defaultSeverity: severity,
        isEnabledByDefault: true,
        description: description,
        helpLinkUri: HelpLink(id));

    /// <summary>
    /// An error that blocks generation. NotConfigurable: neither an .editorconfig severity nor NoWarn can hide it,
    /// because the model's members would then throw at run time with no build error to say why.
    /// </summary>
    private static DiagnosticDescriptor Error(string id, string title, string message, string description) => new(
        id: id,
        title: title,
        messageFormat: message,
        category: id.StartsWith("MG1", System.StringComparison.Ordinal) ? ShapeCategory : id.StartsWith("MG3", System.StringComparison.Ordinal) ? TermsCategory : ModelCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: description,
        helpLinkUri: HelpLink(id),
        customTags: WellKnownDiagnosticTags.NotConfigurable);
}
