using System.Text.Json;
using System.Xml.Linq;
using TypedMpi.Tests.Infrastructure;

namespace TypedMpi.Tool.Tests;

/// <summary>Every <c>typedmpi bench</c> command in-process and under both MPI launchers, with small sizes.</summary>
public sealed class BenchTests
{
    /// <summary>The fields of the latency lines of native/bench/pingpong.c, and the tool's additions.</summary>
    private static readonly string[] LatencyFields =
        ["bench:s", "impl:s", "library:s", "bytes", "iterations", "median_us", "p10_us", "p90_us", "payload:s", "count", "warmup", "ranks", "allocated_bytes"];

    private static readonly string[] BandwidthFields =
        ["bench:s", "impl:s", "library:s", "bytes", "window", "loops", "reps", "median_MBps", "min_MBps", "max_MBps", "payload:s", "count", "ranks", "allocated_bytes"];

    private static readonly string[] RingFields =
        ["bench:s", "impl:s", "library:s", "bytes", "ranks", "loops", "skip", "seconds", "loop_us", "hop_us", "intact:b", "allocated_bytes"];

    public static TheoryData<string> Launchers => new() { "openmpi", "mpich" };

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Helloworld_in_process_prints_every_rank_in_order(int ranks)
    {
        var result = ToolRunner.InProcess(ranks, "bench", "helloworld");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ranks, lines.Length);
        for (var rank = 0; rank < ranks; rank++)
        {
            Assert.StartsWith($"Hello, World! I am process {rank} of {ranks} on ", lines[rank]);
            Assert.EndsWith(".", lines[rank]);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Ringtest_in_process_brings_the_message_back_and_times_it(int ranks)
    {
        var text = ToolRunner.InProcess(ranks, "bench", "ringtest", "-n", "64", "-l", "20");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches($@"^time for 20 loops = [0-9.e+-]+ seconds \({ranks} processes, 64 bytes\)\n", text.StandardOutput);

        var line = Assert.Single(ToolRunner.JsonLines(ToolRunner.InProcess(ranks, "bench", "ringtest", "--size", "4K", "--loop", "20", "--json")));
        ToolRunner.HasFields(line, RingFields);
        Assert.Equal("ringtest", line.GetProperty("bench").GetString());
        Assert.Equal("inprocess", line.GetProperty("impl").GetString());
        Assert.Equal(ranks, line.GetProperty("ranks").GetInt32());
        Assert.Equal(4096, line.GetProperty("bytes").GetInt32());
        Assert.True(line.GetProperty("intact").GetBoolean());
        AssertAllocationFree(line);
    }

    [Fact]
    public void Pingpong_in_process_prints_the_latency_lines_of_the_C_reference_for_every_payload()
    {
        var lines = ToolRunner.JsonLines(ToolRunner.InProcess(2, "bench", "pingpong", "--max-size", "1024", "--iterations", "50", "--payload", "all", "--json"));

        Assert.All(lines, line => ToolRunner.HasFields(line, LatencyFields));
        Assert.All(lines, line => Assert.Equal("latency", line.GetProperty("bench").GetString()));
        Assert.All(lines, AssertAllocationFree);
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024], BytesOf(lines, "bytes"));
        Assert.Equal([8, 16, 32, 64, 128, 256, 512, 1024], BytesOf(lines, "double"));
        Assert.Equal([32, 64, 128, 256, 512, 1024], BytesOf(lines, "message"));
        var message = lines.First(l => l.GetProperty("payload").GetString() == "message");
        Assert.Equal(1, message.GetProperty("count").GetInt32()); // one 32-byte [MpiMessage] struct
    }

    [Fact]
    public void Pingpong_prints_a_table_by_default_without_any_progress_display_when_redirected()
    {
        var result = ToolRunner.InProcess(2, "bench", "pingpong", "--sizes", "0,8,1K", "--iterations", "30");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# typedmpi bench pingpong: half round-trip latency between ranks 0 and 1", lines[0]);
        Assert.Contains("median [us]", lines[2]);
        Assert.Equal(["0", "8", "1024"], lines[3..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
        AssertNoProgress(result);
    }

    [Fact]
    public void Bandwidth_in_process_prints_the_bandwidth_lines_of_the_C_reference()
    {
        var lines = ToolRunner.JsonLines(ToolRunner.InProcess(2, "bench", "bandwidth", "--sizes", "0,8,1K,64K", "--iterations", "4", "--reps", "3", "--window", "8", "--json"));

        Assert.All(lines, line => ToolRunner.HasFields(line, BandwidthFields));
        Assert.All(lines, line => Assert.Equal("bandwidth", line.GetProperty("bench").GetString()));
        Assert.Equal([8, 1024, 65536], lines.Select(l => l.GetProperty("bytes").GetInt64())); // 0 bytes has no bandwidth
        // Printed to 0.1 MB/s as pingpong.c does: 4 windows of 8 messages of 8 bytes may round to 0.0 on a busy machine.
        Assert.All(lines, line => Assert.True(line.GetProperty("median_MBps").GetDouble() >= 0));
        Assert.True(lines[^1].GetProperty("median_MBps").GetDouble() > 0, "64 KiB messages have a measurable rate");
        Assert.All(lines, AssertAllocationFree);
    }

    [Fact]
    public void Allreduce_in_process_reduces_primitives_and_message_types()
    {
        var lines = ToolRunner.JsonLines(ToolRunner.InProcess(2, "bench", "allreduce", "--max-size", "1K", "--iterations", "50", "--json"));

        Assert.All(lines, line => ToolRunner.HasFields(line, LatencyFields));
        Assert.All(lines, line => Assert.Equal("allreduce", line.GetProperty("bench").GetString()));
        Assert.All(lines, line => Assert.Equal(2, line.GetProperty("ranks").GetInt32()));
        Assert.Equal([8, 16, 32, 64, 128, 256, 512, 1024], BytesOf(lines, "double"));
        Assert.Equal([32, 64, 128, 256, 512, 1024], BytesOf(lines, "message"));
        Assert.All(lines, AssertAllocationFree);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public void Pingpong_under_mpirun_prints_parsable_latency_lines(string implementation)
    {
        var result = ToolRunner.Mpi(implementation, 2, "bench", "pingpong", "--max-size", "1024", "--iterations", "50", "--json");
        var lines = ToolRunner.JsonLines(result);

        Assert.Equal(11, lines.Count);
        Assert.All(lines, line => ToolRunner.HasFields(line, LatencyFields));
        Assert.All(lines, line => Assert.Equal("csharp", line.GetProperty("impl").GetString()));
        Assert.All(lines, line => Assert.StartsWith(implementation == "openmpi" ? "Open MPI" : "MPICH", line.GetProperty("library").GetString()));
        Assert.All(lines, AssertAllocationFree);
        AssertNoProgress(result);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public void Every_other_benchmark_runs_under_mpirun(string implementation)
    {
        var hello = ToolRunner.Mpi(implementation, 2, "bench", "helloworld");
        Assert.True(hello.ExitCode == 0, hello.ToString());
        Assert.Matches(@"^Hello, World! I am process 0 of 2 on .+\.\nHello, World! I am process 1 of 2 on .+\.\n$", hello.StandardOutput);

        var ring = Assert.Single(ToolRunner.JsonLines(ToolRunner.Mpi(implementation, 2, "bench", "ringtest", "-n", "1K", "-l", "50", "--json")));
        ToolRunner.HasFields(ring, RingFields);
        Assert.True(ring.GetProperty("intact").GetBoolean());

        var bandwidth = ToolRunner.JsonLines(ToolRunner.Mpi(implementation, 2, "bench", "bandwidth", "--sizes", "32,64K", "--iterations", "4", "--reps", "3", "--payload", "message", "--json"));
        Assert.Equal(2, bandwidth.Count);
        Assert.All(bandwidth, line => ToolRunner.HasFields(line, BandwidthFields));

        var allreduce = ToolRunner.JsonLines(ToolRunner.Mpi(implementation, 2, "bench", "allreduce", "--sizes", "64,4K", "--iterations", "20", "--json"));
        Assert.Equal(4, allreduce.Count); // double and message at 64 B and 4 KiB
        Assert.All(allreduce, line => ToolRunner.HasFields(line, LatencyFields));
        Assert.All(bandwidth.Concat(allreduce).Append(ring), AssertAllocationFree);
    }

    [Fact]
    public void Plot_writes_a_well_formed_svg_with_both_panels_log_axes_and_a_legend()
    {
        var path = Path.Combine(Path.GetTempPath(), $"typedmpi-plot-{Environment.ProcessId}.svg");
        try
        {
            var result = ToolRunner.InProcess(2, "bench", "pingpong", "--max-size", "64K", "--iterations", "20", "--payload", "bytes,message", "--plot", path);
            Assert.True(result.ExitCode == 0, result.ToString());

            var svg = XDocument.Load(path);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);
            var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
            Assert.Contains("Latency (half round trip)", texts);
            Assert.Contains("Bandwidth (size / median latency)", texts);
            Assert.Contains("message size [bytes]", texts);
            Assert.Contains("1K", texts);   // x ticks: powers of two
            Assert.Contains("64K", texts);
            Assert.Contains("bytes: median", texts); // the legend
            Assert.Contains("message: median", texts);
            Assert.Equal(4, svg.Descendants(ns + "polyline").Count()); // two payloads × two panels
            Assert.Equal(2, svg.Descendants(ns + "g").Count(g => (string?)g.Attribute("class") == "legend"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_progress_display_appears_on_a_terminal_only()
    {
        // script(1) gives the tool a pseudo-terminal for stderr while stdout goes to a file
        if (!File.Exists("/usr/bin/script"))
        {
            return;
        }

        var output = Path.Combine(Path.GetTempPath(), $"typedmpi-progress-{Environment.ProcessId}.jsonl");
        try
        {
            var command = $"dotnet {ToolRunner.Dll} bench pingpong --ranks 2 --max-size 64 --iterations 20 --json > {output}";
            var result = ProcessRunner.Run("/usr/bin/script", ["-qec", command, "/dev/null"], new Dictionary<string, string> { ["TYPEDMPI_BACKEND"] = "inprocess" }, TimeSpan.FromSeconds(60));

            // What the terminal got (ProcessRunner reads it line by line, and a carriage return ends a line too).
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("\n[1/7] 1 bytes\n", result.StandardOutput);
            Assert.Contains("\n[7/7] 64 bytes\n", result.StandardOutput);
            var redirected = File.ReadAllText(output);
            Assert.DoesNotContain("\r", redirected);
            Assert.DoesNotContain("[1/7]", redirected);
            Assert.Equal(7, redirected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Mistakes_are_reported_with_the_usage_and_exit_code_2()
    {
        var unknown = ToolRunner.Run(["bench", "pingpong", "--bogus"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("typedmpi: unknown option '--bogus'", unknown.StandardError);
        Assert.Contains("typedmpi bench pingpong --help", unknown.StandardError);

        var payload = ToolRunner.Run(["bench", "allreduce", "--payload", "bytes"]);
        Assert.Equal(2, payload.ExitCode);
        Assert.Contains("--payload takes double, message", payload.StandardError);

        var tooSmall = ToolRunner.Run(["bench", "pingpong", "--max-size", "16", "--payload", "message"]);
        Assert.Equal(2, tooSmall.ExitCode);
        Assert.Contains("no message size holds one message element (32 bytes)", tooSmall.StandardError);

        var alone = ToolRunner.InProcess(1, "bench", "pingpong", "--max-size", "8");
        Assert.Equal(1, alone.ExitCode);
        Assert.Contains("needs at least 2 ranks, got 1", alone.StandardError);
    }

    private static List<long> BytesOf(List<JsonElement> lines, string payload) =>
        lines.Where(l => l.GetProperty("payload").GetString() == payload).Select(l => l.GetProperty("bytes").GetInt64()).ToList();

    /// <summary>
    /// Nothing allocated per call in the timed loops. On an MPI library: exactly 0 bytes. In-process ranks may show a
    /// one-time allocation when a pool or queue of the backend reaches a new high-water mark, or a contended lock creates
    /// its wait event (56 bytes) — so there the bound is less than one smallest object (24 bytes) per timed call.
    /// </summary>
    private static void AssertAllocationFree(JsonElement line)
    {
        var allocated = line.GetProperty("allocated_bytes").GetInt64();
        if (line.GetProperty("impl").GetString() == "inprocess")
        {
            long calls = line.GetProperty("bench").GetString() switch
            {
                "bandwidth" => line.GetProperty("window").GetInt64() * line.GetProperty("loops").GetInt64() * line.GetProperty("reps").GetInt64(),
                "ringtest" => line.GetProperty("loops").GetInt64(),
                _ => line.GetProperty("iterations").GetInt64(),
            };
            Assert.True(allocated < 24 * calls, $"allocated {allocated} bytes in {calls} timed calls: {line}");
        }
        else
        {
            Assert.True(allocated == 0, $"allocated {allocated} bytes in the timed loop: {line}");
        }
    }

    private static void AssertNoProgress(ProcessResult result)
    {
        Assert.DoesNotContain("\r", result.AllOutput);
        Assert.DoesNotContain("[1/", result.AllOutput);
    }
}
