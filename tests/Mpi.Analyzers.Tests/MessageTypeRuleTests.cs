using Microsoft.CodeAnalysis.CSharp;
using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>TMPI0001-0012: <c>[MpiMessage]</c> declarations the generator skips, each with the reason it skips them.</summary>
public sealed class MessageTypeRuleTests
{
    [Fact]
    public Task ValidMessageTypesHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync("""
        using System.Numerics;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;

        [MpiMessage]
        public partial struct Baton
        {
            public int Hops;
            public double Energy;
            public Phase Phase;
            public bool Started;
            public char Initial;
            public Position Last;
            public Half Gain;
            public Complex Amplitude;
            public Vector3 Direction;
            public ValueIndex<double> Best;
            public Three Samples;
            public long Id { get; init; }
            public static int Count;
        }

        [MpiMessage]
        public partial record struct Position(int Row, int Column);

        [MpiMessage]
        [StructLayout(LayoutKind.Explicit)]
        public partial struct Header { [FieldOffset(0)] public int Kind; [FieldOffset(8)] public long Length; }

        public partial class Outer
        {
            [MpiMessage]
            internal readonly partial struct Inner { public readonly int Value; }
        }

        public enum Phase : byte { NotStarted, Started }

        [InlineArray(3)]
        public struct Three { private double _element; }
        """);

    [Fact]
    public Task NonPartialStruct() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public struct Particle { public double X; }
        """,
        new Expected("TMPI0001", "Particle", "Message type 'Particle' is not partial, so the generator cannot add its MPI description"));

    [Fact]
    public Task NonPartialContainingType() => AnalyzerHarness.VerifyAsync(
        """
        public class Outer
        {
            [MpiMessage]
            public partial struct Target { public int Value; }
        }
        """,
        new Expected("TMPI0001", "Target", "Message type 'Outer.Target' is nested in 'Outer', which is not partial, so the generator cannot add its MPI description"));

    [Fact]
    public Task Class() => AnalyzerHarness.VerifyAsync(
        ["""
        [MpiMessage]
        public partial class Particle { public double X; }
        """],
        AnalyzerHarness.ParseOptions,
        ["CS0592"], // the attribute's own target check: [MpiMessage] is valid only on structs
        new Expected("TMPI0002", "Particle", "[MpiMessage] applies only to structs, and 'Particle' is a class"));

    [Fact]
    public Task RecordClassAndInterface() => AnalyzerHarness.VerifyAsync(
        ["""
        [MpiMessage]
        public partial record Particle(double X);

        [MpiMessage]
        public partial interface IParticle { }
        """],
        AnalyzerHarness.ParseOptions,
        ["CS0592"],
        new Expected("TMPI0002", "Particle", "[MpiMessage] applies only to structs, and 'Particle' is a record class"),
        new Expected("TMPI0002", "IParticle", "[MpiMessage] applies only to structs, and 'IParticle' is an interface"));

    [Fact]
    public Task OpenGeneric() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public partial struct Pair<T> where T : unmanaged { public T First, Second; }
        """,
        new Expected("TMPI0003", "Pair", "Message type 'Pair<T>' is generic, and MPI needs one fixed layout per message type"));

    [Fact]
    public Task NestedInGenericType() => AnalyzerHarness.VerifyAsync(
        """
        public partial class Outer<T>
        {
            [MpiMessage]
            public partial struct Target { public int Value; }
        }
        """,
        new Expected("TMPI0003", "Target", "Message type 'Outer<T>.Target' is nested in generic type 'Outer<T>', and MPI needs one fixed layout per message type"));

    [Fact]
    public Task RefStruct() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public ref partial struct Target { public int Value; }
        """,
        new Expected("TMPI0004", "Target", "'Target' cannot be a message type: a ref struct cannot be an element of an array or a span"));

    [Fact]
    public Task FileLocal() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        file partial struct Target { public int Value; }
        """,
        new Expected("TMPI0004", "Target", "'Target' cannot be a message type: a file-local type cannot have generated members in another file"));

    [Fact]
    public Task InlineArrayItself() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        [System.Runtime.CompilerServices.InlineArray(4)]
        public partial struct Target { private int _element; }
        """,
        new Expected("TMPI0004", "Target", "'Target' cannot be a message type: an [InlineArray] struct is a buffer, not a message, so make it a field of a message type instead"));

    [Fact]
    public Task PrivateInPrivate() => AnalyzerHarness.VerifyAsync(
        """
        public partial class Outer
        {
            private partial class Middle
            {
                [MpiMessage]
                private partial struct Target { public int Value; }
            }
        }
        """,
        new Expected("TMPI0004", "Target", "'Outer.Middle.Target' cannot be a message type: no module initializer can see it to register it, because it is private in a private type"));

    [Fact]
    public Task NoFields() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public partial struct Target { public static int Count; public const int Max = 4; public int Twice(int x) => 2 * x; }
        """,
        new Expected("TMPI0005", "Target", "Message type 'Target' has no instance field, so there is nothing to send"));

    [Fact]
    public Task ReferenceFields() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public partial struct WithString { public int Id; public string Name; }

        [MpiMessage]
        public partial struct WithArray { public int[] Values; }

        [MpiMessage]
        public partial struct WithProperty { public object Payload { get; set; } }

        [MpiMessage]
        public partial struct WithEvent { public int Value; public event Action Changed; }
        """,
        new Expected("TMPI0006", "Name", "Field 'Name' of message type 'WithString' holds a reference of type 'string', and a message can carry only values"),
        new Expected("TMPI0006", "Values", "Field 'Values' of message type 'WithArray' holds a reference of type 'int[]', and a message can carry only values"),
        new Expected("TMPI0006", "Payload", "Property 'Payload' of message type 'WithProperty' holds a reference of type 'object', and a message can carry only values"),
        new Expected("TMPI0006", "Changed", "Event 'Changed' of message type 'WithEvent' holds a reference of type 'Action', and a message can carry only values"));

    [Fact]
    public Task PointerFields() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public unsafe partial struct WithPointer { public int* Values; }

        [MpiMessage]
        public unsafe partial struct WithFunctionPointer { public delegate*<int, int> Map; }
        """,
        new Expected("TMPI0007", "Values", "Field 'Values' of message type 'WithPointer' is a pointer of type 'int*', and an address means nothing in another process"),
        new Expected("TMPI0007", "Map", "Field 'Map' of message type 'WithFunctionPointer' is a pointer of type 'delegate*<int, int>', and an address means nothing in another process"));

    [Fact]
    public Task UnsupportedFieldTypes() => AnalyzerHarness.VerifyAsync(
        """
        using System.Runtime.CompilerServices;

        public struct Plain { public int Value; }

        [InlineArray(2)]
        public struct TwoDecimals { private decimal _element; }

        [MpiMessage]
        public partial struct WithDecimal { public decimal Price; }

        [MpiMessage]
        public partial struct WithNullable { public int? Maybe; }

        [MpiMessage]
        public partial struct WithPlainStruct { public Plain Inner; }

        [MpiMessage]
        public partial struct WithInlineArray { public TwoDecimals Prices; }
        """,
        new Expected("TMPI0008", "Price", "Field 'Price' of message type 'WithDecimal' has type 'decimal', which MPI cannot describe"),
        new Expected("TMPI0008", "Maybe", "Field 'Maybe' of message type 'WithNullable' has type 'int?', which MPI cannot describe"),
        new Expected("TMPI0008", "Inner", "Field 'Inner' of message type 'WithPlainStruct' has type 'Plain', which MPI cannot describe"),
        new Expected("TMPI0008", "Prices", "Field 'Prices' of message type 'WithInlineArray' has type 'decimal', which MPI cannot describe"));

    [Fact]
    public Task InvalidNestedMessage() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public partial struct Inner { public string Name; }

        [MpiMessage]
        public partial struct Outer { public Inner Inner; }
        """,
        // The nested type's own problem, and the consequence for the type that contains it.
        new Expected("TMPI0006", "Name", "Field 'Name' of message type 'Inner' holds a reference of type 'string', and a message can carry only values"),
        new Expected("TMPI0009", "Inner", "Field 'Inner' of message type 'Outer' has type 'Inner', which is not a valid message type"));

    [Fact]
    public Task CapturedPrimaryConstructorParameter() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public partial struct Target(int seed) { public int Value; public int Seed() => seed; }
        """,
        new Expected("TMPI0010", "seed", "Message type 'Target' keeps state the generated code cannot reach: the primary-constructor parameter 'seed' is captured"));

    [Fact]
    public Task ExplicitlyImplementedAutoProperty() => AnalyzerHarness.VerifyAsync(
        """
        public interface IHasValue { int Value { get; set; } }

        [MpiMessage]
        public partial struct Target : IHasValue { int IHasValue.Value { get; set; } }
        """,
        new Expected("TMPI0010", "Value", "Message type 'Target' keeps state the generated code cannot reach: 'Target.IHasValue.Value' is an explicitly implemented auto-property"));

    [Fact]
    public Task PropertyUsingFieldKeyword() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public partial struct Target { public int Value { get => field * 2; set => field = value; } }
        """,
        new Expected("TMPI0010", "Value", "Message type 'Target' keeps state the generated code cannot reach: the accessors of property 'Value' use 'field'"));

    [Fact]
    public Task OverlappingFields() => AnalyzerHarness.VerifyAsync(
        """
        using System.Runtime.InteropServices;

        [MpiMessage]
        [StructLayout(LayoutKind.Explicit)]
        public partial struct Target { [FieldOffset(0)] public int Whole; [FieldOffset(2)] public short Half; }
        """,
        new Expected("TMPI0011", "Half", "Field 'Half' of message type 'Target' overlaps another field, and MPI cannot describe a union"));

    [Fact]
    public Task LanguageVersionBelowCSharp11() => AnalyzerHarness.VerifyAsync(
        ["""
        [MpiMessage]
        public partial struct Target { public int Value; }
        """],
        AnalyzerHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp10),
        [],
        new Expected("TMPI0012", "Target", "'Target' needs C# 11.0 or newer for its generated code, and the project uses C# 10.0"));

    [Fact]
    public Task InlineArrayFieldBelowCSharp12() => AnalyzerHarness.VerifyAsync(
        ["""
        [System.Runtime.CompilerServices.InlineArray(3)]
        public struct Three { private double _element; }

        [MpiMessage]
        public partial struct Target { public Three Values; }
        """],
        AnalyzerHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp11),
        [],
        new Expected("TMPI0012", "Values", "'Target' needs C# 12.0 or newer for its generated code, and the project uses C# 11.0"));

    [Fact]
    public Task RepeatedAttributeIsLeftToTheCompiler() => AnalyzerHarness.VerifyAsync(
        ["""
        [MpiMessage]
        public partial struct Target { public int Value; }

        [MpiMessage]
        public partial struct Target { }
        """],
        AnalyzerHarness.ParseOptions,
        ["CS0579"]); // duplicate attribute: the generator skips the type, and the compiler's error says why
}
