using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;
using TypedMpi.Generators;

namespace TypedMpi.Analyzers;

/// <summary><c>[MpiOperation]</c> methods the generator skips, and why (TMPI0030-0034, TMPI0012).</summary>
public sealed partial class MessageTypeAnalyzer
{
    private const string OperationAttributeName = "MpiOperationAttribute";

    private static void AnalyzeOperationMethod(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;

        // A partial method's two parts share their attributes: look at the definition only.
        if (method.PartialDefinitionPart is not null)
        {
            return;
        }

        AnalyzeOperation(method, context.Compilation, context.ReportDiagnostic, context.CancellationToken);
    }

    /// <summary>Local functions and lambdas: not symbols of their own, so a symbol action never sees them.</summary>
    private static void AnalyzeOperationFunction(OperationAnalysisContext context)
    {
        var method = context.Operation switch
        {
            ILocalFunctionOperation localFunction => localFunction.Symbol,
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            _ => null,
        };
        if (method is not null)
        {
            AnalyzeOperation(method, context.Compilation, context.ReportDiagnostic, context.CancellationToken);
        }
    }

    private static void AnalyzeOperation(IMethodSymbol method, Compilation compilation, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var (attribute, count) = SymbolHelpers.FindAttribute(method, OperationAttributeName);

        // [MpiOperation] twice is error CS0579: the generator skips the method, and the compiler's error is enough.
        if (attribute is null || count > 1)
        {
            return;
        }

        if (SymbolHelpers.SourceLocation(method, compilation) is not { } location)
        {
            return;
        }

        OperationShape shape;
        try
        {
            shape = OperationRules.Analyze(method, compilation, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // As for message types: the generator's rules failing on broken code must not fail the user's build.
            return;
        }

        if (Describe(method, shape, compilation, location) is { } diagnostic)
        {
            report(diagnostic);
        }
    }

    private static Diagnostic? Describe(IMethodSymbol method, OperationShape shape, Compilation compilation, Location location)
    {
        var name = OperationName(method);
        var culprit = shape.Culprit ?? method;
        switch (shape.Problem)
        {
            case OperationProblem.LanguageVersionTooLow:
                return Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooLow, location, name, "11.0", LanguageVersionOf(compilation));

            case OperationProblem.NotAnOrdinaryMethod:
                return Signature(method.MethodKind switch
                {
                    MethodKind.LocalFunction => "is a local function",
                    MethodKind.AnonymousFunction => "is a lambda",
                    MethodKind.Constructor or MethodKind.StaticConstructor => "is a constructor",
                    MethodKind.UserDefinedOperator or MethodKind.Conversion => "is an operator",
                    MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove => "is an accessor",
                    MethodKind.ExplicitInterfaceImplementation => "is an explicit interface implementation",
                    _ => "is not an ordinary method",
                });

            case OperationProblem.NotStatic:
                return Signature("is an instance method");

            case OperationProblem.Generic when culprit is IMethodSymbol:
                return Signature("is generic");

            case OperationProblem.Generic:
                return ContainerNotSupported("generic");

            case OperationProblem.FileLocal:
                return ContainerNotSupported("file-local");

            case OperationProblem.NotInClassOrStruct:
                return ContainerNotSupported(culprit is INamedTypeSymbol { TypeKind: TypeKind.Interface } ? "an interface" : "not a class or struct");

            case OperationProblem.NotPartial:
                return Diagnostic.Create(
                    DiagnosticDescriptors.OperationContainerMustBePartial,
                    location,
                    AdditionalLocations(culprit, compilation),
                    name,
                    SymbolHelpers.Display(culprit));

            case OperationProblem.WrongParameterCount:
                return Signature(method.Parameters.Length == 1 ? "takes 1 parameter" : $"takes {method.Parameters.Length} parameters");

            case OperationProblem.RefParameter when culprit is IParameterSymbol parameter:
                return Signature($"takes parameter '{parameter.Name}' by {(parameter.RefKind == RefKind.Out ? "out" : "ref")}", ParameterLocation(parameter));

            case OperationProblem.UnsupportedElementType when culprit is IParameterSymbol parameter:
                return Diagnostic.Create(
                    DiagnosticDescriptors.OperationElementType, ParameterLocation(parameter), name, SymbolHelpers.Display(parameter.Type));

            case OperationProblem.ParameterTypesDiffer when method.Parameters.Length == 2:
                return Signature(
                    $"has parameters of different types, '{SymbolHelpers.Display(method.Parameters[0].Type)}' and '{SymbolHelpers.Display(method.Parameters[1].Type)}'",
                    culprit is IParameterSymbol second ? ParameterLocation(second) : location);

            case OperationProblem.ReturnTypeMismatch:
                return Signature(
                    method.ReturnsVoid ? "returns void"
                    : method.RefKind != RefKind.None ? "returns by reference"
                    : method.Parameters.Length > 0 ? $"returns '{SymbolHelpers.Display(method.ReturnType)}', not '{SymbolHelpers.Display(method.Parameters[0].Type)}'"
                    : $"returns '{SymbolHelpers.Display(method.ReturnType)}'");

            case OperationProblem.NameTaken when culprit is INamedTypeSymbol container && SymbolEqualityComparer.Default.Equals(container, method.ContainingType):
                return Diagnostic.Create(
                    DiagnosticDescriptors.OperationNameClash, location, name, container.Name, "is the name of the type containing it");

            case OperationProblem.NameTaken:
                return Diagnostic.Create(
                    DiagnosticDescriptors.OperationNameClash,
                    location,
                    name,
                    culprit.Name,
                    $"'{(culprit.ContainingType is { } owner ? owner.Name + "." : "")}{culprit.Name}' already uses");

            case OperationProblem.DuplicateName:
                return Diagnostic.Create(
                    DiagnosticDescriptors.OperationNameClash,
                    location,
                    name,
                    OperationRules.PropertyNameOf(method),
                    $"its [MpiOperation] overload '{SymbolHelpers.Display(culprit)}' generates too");

            default:
                return null;
        }

        Diagnostic Signature(string reason, Location? at = null) =>
            Diagnostic.Create(DiagnosticDescriptors.OperationSignature, at ?? location, name, reason);

        Diagnostic ContainerNotSupported(string what) =>
            Diagnostic.Create(DiagnosticDescriptors.OperationContainerNotSupported, location, name, SymbolHelpers.Display(culprit), what);

        Location ParameterLocation(IParameterSymbol parameter) => SymbolHelpers.SourceLocation(parameter, compilation) ?? location;
    }

    /// <summary><c>Holder.Merge</c>: the method with its type (and the types containing it), as the generated <c>Holder.MergeOp</c> will read.</summary>
    private static string OperationName(IMethodSymbol method) => method switch
    {
        { MethodKind: MethodKind.AnonymousFunction } => "(lambda)",
        { MethodKind: MethodKind.LocalFunction } => method.Name,
        { ContainingType: { } type } => $"{SymbolHelpers.Display(type)}.{method.Name}",
        _ => method.Name,
    };

    private static Location[] AdditionalLocations(ISymbol culprit, Compilation compilation) =>
        SymbolHelpers.SourceLocation(culprit, compilation) is { } location ? [location] : [];
}
