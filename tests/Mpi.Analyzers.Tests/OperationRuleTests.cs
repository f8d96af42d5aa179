using Microsoft.CodeAnalysis.CSharp;
using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>TMPI0030-0034 and TMPI0012: <c>[MpiOperation]</c> methods the generator skips, each with the reason.</summary>
public sealed class OperationRuleTests
{
    [Fact]
    public Task ValidOperationsHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync("""
        [MpiMessage]
        public partial struct Extent
        {
            public double Low, High;

            [MpiOperation]
            public static Extent Merge(in Extent a, in Extent b) => new() { Low = Math.Min(a.Low, b.Low), High = Math.Max(a.High, b.High) };
        }

        public static partial class Ops
        {
            [MpiOperation(Commutative = false)]
            public static long Concat(long left, long right) => left * 10 + right;

            [MpiOperation]
            internal static int Gcd(ref readonly int a, ref readonly int b) => b == 0 ? a : a % b;
        }

        public static class Use
        {
            public static Extent Run(Communicator world, Extent mine) => world.Allreduce(mine, Extent.MergeOp);
        }
        """);

    [Fact]
    public Task InstanceMethod() => AnalyzerHarness.VerifyAsync(
        """
        public partial struct Holder
        {
            public int Value;

            [MpiOperation]
            public Holder Merge(Holder a, Holder b) => a;
        }
        """,
        new Expected("TMPI0030", "Merge", "[MpiOperation] method 'Holder.Merge' is an instance method, and an operation has the form 'static T Name(T left, T right)'"));

    [Fact]
    public Task GenericMethod() => AnalyzerHarness.VerifyAsync(
        """
        public static partial class Ops
        {
            [MpiOperation]
            public static T First<T>(T a, T b) where T : unmanaged => a;
        }
        """,
        new Expected("TMPI0030", "First", "[MpiOperation] method 'Ops.First' is generic, and an operation has the form 'static T Name(T left, T right)'"));

    [Fact]
    public Task WrongParameterCount() => AnalyzerHarness.VerifyAsync(
        """
        public static partial class Ops
        {
            [MpiOperation]
            public static int Three(int a, int b, int c) => a + b + c;

            [MpiOperation]
            public static int One(int a) => a;
        }
        """,
        new Expected("TMPI0030", "Three", "[MpiOperation] method 'Ops.Three' takes 3 parameters, and an operation has the form 'static T Name(T left, T right)'"),
        new Expected("TMPI0030", "One", "[MpiOperation] method 'Ops.One' takes 1 parameter, and an operation has the form 'static T Name(T left, T right)'"));

    [Fact]
    public Task RefAndOutParameters() => AnalyzerHarness.VerifyAsync(
        """
        public static partial class Ops
        {
            [MpiOperation]
            public static int AddRef(ref int a, int b) => a += b;

            [MpiOperation]
            public static int AddOut(int a, out int b) { b = a; return a; }
        }
        """,
        new Expected("TMPI0030", "a", "[MpiOperation] method 'Ops.AddRef' takes parameter 'a' by ref, and an operation has the form 'static T Name(T left, T right)'"),
        new Expected("TMPI0030", "b", "[MpiOperation] method 'Ops.AddOut' takes parameter 'b' by out, and an operation has the form 'static T Name(T left, T right)'"));

    [Fact]
    public Task ParameterTypesDiffer() => AnalyzerHarness.VerifyAsync(
        """
        public static partial class Ops
        {
            [MpiOperation]
            public static int Mixed(int a, long b) => a;
        }
        """,
        new Expected("TMPI0030", "b", "[MpiOperation] method 'Ops.Mixed' has parameters of different types, 'int' and 'long', and an operation has the form 'static T Name(T left, T right)'"));

    [Fact]
    public Task ReturnTypes() => AnalyzerHarness.VerifyAsync(
        """
        public static partial class Ops
        {
            [MpiOperation]
            public static void Nothing(int a, int b) { }

            [MpiOperation]
            public static long Widen(int a, int b) => a + b;
        }
        """,
        new Expected("TMPI0030", "Nothing", "[MpiOperation] method 'Ops.Nothing' returns void, and an operation has the form 'static T Name(T left, T right)'"),
        new Expected("TMPI0030", "Widen", "[MpiOperation] method 'Ops.Widen' returns 'long', not 'int', and an operation has the form 'static T Name(T left, T right)'"));

    [Fact]
    public Task LocalFunction() => AnalyzerHarness.VerifyAsync(
        """
        public static class Ops
        {
            public static int Run()
            {
                [MpiOperation]
                static int Add(int a, int b) => a + b;

                return Add(1, 2);
            }
        }
        """,
        new Expected("TMPI0030", "Add", "[MpiOperation] method 'Add' is a local function, and an operation has the form 'static T Name(T left, T right)'"));

    [Fact]
    public Task NotAnUnmanagedStruct() => AnalyzerHarness.VerifyAsync(
        """
        public static partial class Ops
        {
            [MpiOperation]
            public static string Join(string a, string b) => a + b;
        }
        """,
        new Expected("TMPI0031", "a", "[MpiOperation] method 'Ops.Join' combines 'string', which is not an unmanaged struct"));

    [Fact]
    public Task ContainingTypeNotPartial() => AnalyzerHarness.VerifyAsync(
        """
        public static class Ops
        {
            [MpiOperation]
            public static int Add(int a, int b) => a + b;
        }
        """,
        new Expected("TMPI0032", "Add", "[MpiOperation] method 'Ops.Add' is in 'Ops', which is not partial, so the generator cannot add its operation"));

    [Fact]
    public Task OuterTypeNotPartial() => AnalyzerHarness.VerifyAsync(
        """
        public class Outer
        {
            public static partial class Ops
            {
                [MpiOperation]
                public static int Add(int a, int b) => a + b;
            }
        }
        """,
        new Expected("TMPI0032", "Add", "[MpiOperation] method 'Outer.Ops.Add' is in 'Outer', which is not partial, so the generator cannot add its operation"));

    [Fact]
    public Task ContainersThatCannotHoldTheOperation() => AnalyzerHarness.VerifyAsync(
        """
        public partial interface IOps
        {
            [MpiOperation]
            public static int Add(int a, int b) => a + b;
        }

        public static partial class Generic<T>
        {
            [MpiOperation]
            public static int Add(int a, int b) => a + b;
        }

        file static partial class Local
        {
            [MpiOperation]
            public static int Add(int a, int b) => a + b;
        }
        """,
        new Expected("TMPI0033", "Add", "[MpiOperation] method 'IOps.Add' cannot get an operation, because 'IOps' is an interface"),
        new Expected("TMPI0033", "Add", "[MpiOperation] method 'Generic<T>.Add' cannot get an operation, because 'Generic<T>' is generic"),
        new Expected("TMPI0033", "Add", "[MpiOperation] method 'Local.Add' cannot get an operation, because 'Local' is file-local"));

    [Fact]
    public Task GeneratedNameTaken() => AnalyzerHarness.VerifyAsync(
        """
        public static partial class Ops
        {
            public static int AddOp => 0;

            [MpiOperation]
            public static int Add(int a, int b) => a + b;
        }
        """,
        new Expected("TMPI0034", "Add", "[MpiOperation] method 'Ops.Add' would generate a member named 'AddOp', which 'Ops.AddOp' already uses"));

    [Fact]
    public Task GeneratedNameIsTheTypeName() => AnalyzerHarness.VerifyAsync(
        """
        public static partial class AddOperation
        {
            [MpiOperation]
            public static int Add(int a, int b) => a + b;
        }
        """,
        new Expected("TMPI0034", "Add", "[MpiOperation] method 'AddOperation.Add' would generate a member named 'AddOperation', which is the name of the type containing it"));

    [Fact]
    public Task Overloads() => AnalyzerHarness.VerifyAsync(
        """
        public static partial class Ops
        {
            [MpiOperation]
            public static int Add(int a, int b) => a + b;

            [MpiOperation]
            public static long Add(long a, long b) => a + b;
        }
        """,
        new Expected("TMPI0034", "Add", "[MpiOperation] method 'Ops.Add' would generate a member named 'AddOp', which its [MpiOperation] overload 'Ops.Add(long, long)' generates too"),
        new Expected("TMPI0034", "Add", "[MpiOperation] method 'Ops.Add' would generate a member named 'AddOp', which its [MpiOperation] overload 'Ops.Add(int, int)' generates too"));

    [Fact]
    public Task LanguageVersionBelowCSharp11() => AnalyzerHarness.VerifyAsync(
        ["""
        public static partial class Ops
        {
            [MpiOperation]
            public static int Add(int a, int b) => a + b;
        }
        """],
        AnalyzerHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp10),
        [],
        new Expected("TMPI0012", "Add", "'Ops.Add' needs C# 11.0 or newer for its generated code, and the project uses C# 10.0"));
}
