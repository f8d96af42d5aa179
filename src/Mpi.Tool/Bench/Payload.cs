using System.Runtime.CompilerServices;

namespace TypedMpi.Tool.Bench;

/// <summary>What a benchmark message is made of: raw bytes, doubles, or <see cref="BenchMessage"/> structs.</summary>
internal enum PayloadKind
{
    Bytes,
    Double,
    Message,
}

internal static class Payloads
{
    public static string Name(PayloadKind kind) => kind switch
    {
        PayloadKind.Bytes => "bytes",
        PayloadKind.Double => "double",
        _ => "message",
    };

    public static int ElementSize(PayloadKind kind) => kind switch
    {
        PayloadKind.Bytes => 1,
        PayloadKind.Double => sizeof(double),
        _ => Unsafe.SizeOf<BenchMessage>(),
    };

    /// <summary>Parses <c>bytes</c>, <c>double</c>, <c>message</c>, a comma-separated list of them, or <c>all</c>.</summary>
    public static IReadOnlyList<PayloadKind> Parse(string text, IReadOnlyList<PayloadKind> allowed)
    {
        if (text == "all")
        {
            return allowed;
        }

        var result = new List<PayloadKind>();
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            PayloadKind? kind = word switch
            {
                "bytes" or "byte" => PayloadKind.Bytes,
                "double" or "doubles" => PayloadKind.Double,
                "message" or "struct" => PayloadKind.Message,
                _ => null,
            };
            if (kind is not { } k || !allowed.Contains(k))
            {
                throw new Cli.UsageException($"--payload takes {string.Join(", ", allowed.Select(Name))} (or a comma-separated list, or all), not '{word}'");
            }

            if (!result.Contains(k))
            {
                result.Add(k);
            }
        }

        return result.Count > 0 ? result : throw new Cli.UsageException("--payload needs at least one payload");
    }

    /// <summary>
    /// The element counts measured for <paramref name="sizes"/> (bytes) with elements of <paramref name="elementSize"/>
    /// bytes: each size rounded down to whole elements; sizes below one element are dropped unless 0 was asked for;
    /// duplicates are measured once.
    /// </summary>
    public static List<int> Counts(IReadOnlyList<long> sizes, int elementSize)
    {
        var counts = new List<int>();
        foreach (var size in sizes)
        {
            var count = (int)(size / elementSize);
            if ((count > 0 || size == 0) && !counts.Contains(count))
            {
                counts.Add(count);
            }
        }

        return counts;
    }
}

/// <summary>
/// The message-type payload: 32 bytes of three doubles, an int and a float (a power of two, so power-of-two message
/// sizes from 32 bytes on are whole messages). The generator describes it to MPI as a struct datatype of its measured
/// field offsets and emits the field-wise Sum that <c>bench allreduce --payload message</c> reduces with.
/// </summary>
[MpiMessage]
internal partial struct BenchMessage
{
    public double X, Y, Z;
    public int Id;
    public float Weight;

    /// <summary>Deterministic, exactly representable values: sums over a few ranks are exact.</summary>
    public static BenchMessage ValueAt(int i) => new()
    {
        X = i % 1000 * 0.5,
        Y = -(double)(i % 7),
        Z = 1.0,
        Id = i % 100000,
        Weight = 0.25f,
    };
}

/// <summary>
/// A benchmark's message buffers of one payload type, allocated once at the largest size (pinned, so the GC never
/// moves them while MPI reads them) and touched before any timing, so no allocation or page fault lands in a timed loop.
/// </summary>
internal sealed class PayloadBuffers<T> where T : unmanaged
{
    public PayloadBuffers(int maxCount, Func<int, T> valueAt)
    {
        Send = GC.AllocateUninitializedArray<T>(Math.Max(maxCount, 1), pinned: true);
        Receive = GC.AllocateUninitializedArray<T>(Math.Max(maxCount, 1), pinned: true);
        for (var i = 0; i < Send.Length; i++)
        {
            Send[i] = valueAt(i);
        }

        Receive.AsSpan().Clear();
    }

    public T[] Send { get; }

    public T[] Receive { get; }
}

/// <summary>The label of a progress step: "65536 bytes", or "65536 bytes of double" for a typed payload.</summary>
internal static class ProgressLabels
{
    public static string Label(long bytes, PayloadKind payload) =>
        bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes" + (payload == PayloadKind.Bytes ? "" : " of " + Payloads.Name(payload));
}
