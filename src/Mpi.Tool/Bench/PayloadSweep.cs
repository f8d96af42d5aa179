using TypedMpi.Tool.Output;

namespace TypedMpi.Tool.Bench;

/// <summary>One benchmark's measurement of the sizes of one payload, generic in the payload's element type.</summary>
internal interface IPayloadMeasurement
{
    void Measure<T>(PayloadKind payload, Func<int, T> valueAt) where T : unmanaged;
}

/// <summary>
/// The outer loop the point-to-point benchmarks share: for each payload the options ask for, a title and the table
/// header (unless JSON lines are asked for), then the measurement with that payload's element type and fill pattern.
/// </summary>
internal static class PayloadSweep
{
    public static void Run<TMeasurement>(BenchContext ctx, TextTable table, string what, ref TMeasurement measurement)
        where TMeasurement : struct, IPayloadMeasurement
    {
        foreach (var payload in ctx.Options.Payloads)
        {
            if (ctx.IsRoot && !ctx.Options.Json)
            {
                BenchContext.Print(ctx.Title($"{what}, payload {Payloads.Name(payload)} ({Payloads.ElementSize(payload)} B per element)"));
                BenchContext.Print(table.Header());
            }

            switch (payload)
            {
                case PayloadKind.Bytes:
                    measurement.Measure(payload, i => (byte)(i * 7 + 1));
                    break;
                case PayloadKind.Double:
                    measurement.Measure(payload, i => i + 0.5);
                    break;
                default:
                    measurement.Measure(payload, BenchMessage.ValueAt);
                    break;
            }
        }
    }
}
