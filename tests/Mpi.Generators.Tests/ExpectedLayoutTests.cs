using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMpi.Generators.Model;
using TypedMpi.Generators.Parsing;
using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// The offsets and sizes in the generated layout explanation are computed by the generator; here they are checked
/// against what the runtime really does, by measuring each field of the loaded structs.
/// </summary>
public sealed class ExpectedLayoutTests
{
    private const string Source = """
        using System;
        using System.Numerics;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using TypedMpi;

        namespace Shapes;

        public enum Small : byte { A, B }

        [MpiMessage] public partial struct Numbers { public double X; public float Mass; public int Id; public long Steps; public byte Flags; public short Charge; public nint Handle; }
        [MpiMessage] public partial struct Padded { public byte Flag; public double Value; public ushort Tail; }
        [MpiMessage] [StructLayout(LayoutKind.Sequential, Pack = 2)] public partial struct Packed { public byte Tag; public double Value; public int Count; }
        [MpiMessage] public unsafe partial struct Buffers { public byte Tag; public fixed int Bins[3]; public fixed double Edges[2]; }
        [InlineArray(3)] public struct Float3 { private float _element; }
        [InlineArray(2)] public struct TwoVectors { private Vector2 _element; }
        [MpiMessage] public partial struct Inline { public byte Tag; public Float3 Values; public TwoVectors Corners; public Half Gain; }
        [MpiMessage] public partial struct Numerics { public Half Gain; public Complex Amplitude; public Vector3 Direction; public byte Tag; public Vector4 Color; }
        [MpiMessage] [StructLayout(LayoutKind.Explicit, Size = 40)] public partial struct Explicit { [FieldOffset(16)] public int Last; [FieldOffset(0)] public double First; [FieldOffset(8)] public float Middle; }
        [MpiMessage] public partial struct Pairs { public byte Tag; public ValueIndex<double> Best; public ValueIndex<short> Small; public ValueIndex<int> Count; }
        [MpiMessage] public partial struct Mixed { public bool On; public char Label; public Small Kind; public Numbers Inner; public bool Off; }
        """;

    [Fact]
    public void ExpectedOffsetsAndSizesMatchTheRuntime()
    {
        var compilation = GeneratorHarness.Compile(Source);
        var models = new List<MessageTypeModel>();
        foreach (var type in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>())
        {
            if (type.GetAttributes().Any(attribute => attribute.AttributeClass?.Name == "MpiMessageAttribute"))
            {
                models.Add(MessageParser.Parse(type, compilation, CancellationToken.None) ?? throw new InvalidOperationException($"{type.Name} is unsupported"));
            }
        }

        Assert.Equal(9, models.Count);
        var (_, output) = GeneratorHarness.Run(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(ProbeSource(models), GeneratorHarness.ParseOptions)));
        GeneratorHarness.AssertClean(output);
        var probe = GeneratorHarness.Load(output).GetType("Shapes.Probe", throwOnError: true)!;

        foreach (var model in models)
        {
            var expected = string.Join(", ", model.Fields.Select(field => $"{field.Name}@{field.ExpectedOffset}")) + $" size {model.Layout.ExpectedSize}";
            var measured = (string)probe.GetMethod(model.Name, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
            Assert.Equal($"{model.Name}: {expected}", $"{model.Name}: {measured}");
        }
    }

    /// <summary>One method per message type that measures every field's offset and the struct's size.</summary>
    private static string ProbeSource(List<MessageTypeModel> models)
    {
        var source = new StringBuilder("""
            using System.Runtime.CompilerServices;

            namespace Shapes;

            public static unsafe class Probe
            {
                private static string At<TSelf, TField>(string name, ref TSelf self, ref TField field) =>
                    $"{name}@{Unsafe.ByteOffset(ref Unsafe.As<TSelf, byte>(ref self), ref Unsafe.As<TField, byte>(ref field))}";

            """);
        foreach (var model in models)
        {
            var fields = model.Fields.Select(field => field.Container == FieldContainer.Single
                ? $"At(\"{field.Name}\", ref s, ref s.{field.Name})"
                : $"At(\"{field.Name}\", ref s, ref s.{field.Name}[0])");
            source.AppendLine($$"""
                    public static string {{model.Name}}()
                    {
                        {{model.FullyQualifiedName}} s = default;
                        return string.Join(", ", new[] { {{string.Join(", ", fields)}} }) + $" size {sizeof({{model.FullyQualifiedName}})}";
                    }

                """);
        }

        return source.Append('}').ToString();
    }
}
