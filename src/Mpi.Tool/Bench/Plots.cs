using System.Globalization;
using TypedMpi.Tool.Output;

namespace TypedMpi.Tool.Bench;

/// <summary>The figures of <c>--plot FILE.svg</c>: latency and bandwidth against message size, one line per payload.</summary>
internal static class Plots
{
    private const string SizeAxis = "message size [bytes]";

    public static PlotDocument PingPong(BenchContext ctx, IReadOnlyList<LatencyPoint> points) => new(
        Title(ctx),
        Subtitle(ctx, "ping-pong between ranks 0 and 1; shaded: p10–p90"),
        [
            new PlotPanel("Latency (half round trip)", SizeAxis, "latency [µs]",
                [.. ByPayload(points, p => new PlotSeries($"{Payloads.Name(p[0].Payload)}: median",
                    p.Select(x => ((double)x.Bytes, x.MedianUs)).ToList(),
                    p.Select(x => ((double)x.Bytes, x.P10Us, x.P90Us)).ToList()))]),
            new PlotPanel("Bandwidth (size / median latency)", SizeAxis, "bandwidth [MB/s]",
                [.. ByPayload(points, p => new PlotSeries(Payloads.Name(p[0].Payload), p.Select(x => ((double)x.Bytes, x.MBps)).ToList()))]),
        ]);

    public static PlotDocument Bandwidth(BenchContext ctx, IReadOnlyList<BandwidthPoint> points) => new(
        Title(ctx),
        Subtitle(ctx, $"windows of {ctx.Options.Window} nonblocking sends from rank 0 to rank 1; shaded: min–max over {ctx.Options.Reps} reps"),
        [
            new PlotPanel("Time per message in a window", SizeAxis, "time per message [µs]",
                [.. ByPayload(points, p => new PlotSeries(Payloads.Name(p[0].Payload), p.Select(x => ((double)x.Bytes, x.MessageUs)).ToList()))]),
            new PlotPanel("Windowed bandwidth", SizeAxis, "bandwidth [MB/s]",
                [.. ByPayload(points, p => new PlotSeries($"{Payloads.Name(p[0].Payload)}: median",
                    p.Select(x => ((double)x.Bytes, x.MedianMBps)).ToList(),
                    p.Select(x => ((double)x.Bytes, x.MinMBps, x.MaxMBps)).ToList()))]),
        ]);

    public static PlotDocument Allreduce(BenchContext ctx, IReadOnlyList<LatencyPoint> points) => new(
        Title(ctx),
        Subtitle(ctx, $"Allreduce(Sum) over {ctx.World.Size} ranks, slowest rank per call; shaded: p10–p90"),
        [
            new PlotPanel("Allreduce latency", SizeAxis, "latency [µs]",
                [.. ByPayload(points, p => new PlotSeries($"{Payloads.Name(p[0].Payload)}: median",
                    p.Select(x => ((double)x.Bytes, x.MedianUs)).ToList(),
                    p.Select(x => ((double)x.Bytes, x.P10Us, x.P90Us)).ToList()))]),
            new PlotPanel("Bandwidth (size / median latency)", SizeAxis, "bandwidth [MB/s]",
                [.. ByPayload(points, p => new PlotSeries(Payloads.Name(p[0].Payload), p.Select(x => ((double)x.Bytes, x.MBps)).ToList()))]),
        ]);

    private static string Title(BenchContext ctx) => $"typedmpi bench {BenchOptions.NameOf(ctx.Options.Kind)}: {ctx.Library}";

    private static string Subtitle(BenchContext ctx, string method) =>
        $"{ctx.Impl}, {ctx.World.Size} ranks on {Environment.MachineName}, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; {method}";

    private static IEnumerable<PlotSeries> ByPayload<TPoint>(IReadOnlyList<TPoint> points, Func<List<TPoint>, PlotSeries> series)
        where TPoint : class
    {
        foreach (var group in points.GroupBy(PayloadOf))
        {
            yield return series(group.ToList());
        }

        static PayloadKind PayloadOf(TPoint p) => p switch
        {
            LatencyPoint l => l.Payload,
            BandwidthPoint b => b.Payload,
            _ => PayloadKind.Bytes,
        };
    }
}
