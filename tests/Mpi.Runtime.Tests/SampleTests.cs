using System.Text.RegularExpressions;
using TypedMpi.Tests.Infrastructure;

namespace TypedMpi.Tests;

/// <summary>
/// The Bandwidth, Parameters, PairReduce and Halo2D samples under both launchers at 1, 2 and 4 ranks and as 1, 2, 4
/// and 8 in-process ranks: each runs to exit code 0 and prints the lines a reader would check (its own check's OK
/// among them).
/// </summary>
public sealed class SampleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static TheoryData<string, int> ImplementationsAndRanks() => LaunchTests.ImplementationsAndRanks();

    private static ProcessResult RunSample(string name, string implementation, int ranks, params string[] arguments)
    {
        var result = LaunchTests.Launch(implementation, ranks, Repository.ProgramDll($"samples/{name}", name), arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Theory]
    [MemberData(nameof(ImplementationsAndRanks))]
    public void Bandwidth_prints_a_row_per_message_size_between_rank_0_and_rank_1(string implementation, int ranks)
    {
        // 2^0 … 2^4 doubles, 20 timed round trips each: the table's shape, not a measurement
        var result = RunSample("Bandwidth", implementation, ranks, "--max-exponent", "4", "--iterations", "20");
        if (ranks == 1)
        {
            Assert.Contains("Bandwidth measures messages between rank 0 and rank 1, so it needs at least 2 ranks", result.StandardOutput);
            Assert.DoesNotContain("# Bandwidth", result.StandardOutput);
            return;
        }

        Assert.Contains($"# Bandwidth between rank 0 and rank 1 of {ranks}: ping-pong of double[n] (8 bytes per element)", result.StandardOutput);
        Assert.Matches(@"(?m)^#\s+n\s+bytes\s+iterations\s+time/msg \[us\]\s+MB/s\s*$", result.StandardOutput);
        for (var exponent = 0; exponent <= 4; exponent++)
        {
            var n = 1 << exponent;
            Assert.Matches($@"(?m)^\s+{n}\s+{n * 8}\s+20\s+[0-9.,]+\s+[0-9.,]+\s*$", result.StandardOutput);
        }

        Assert.DoesNotMatch(@"(?m)^\s+32\s+256\s", result.StandardOutput);
        Assert.Contains("every echo matched what was sent: OK", result.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(ImplementationsAndRanks))]
    public void Parameters_arrive_on_rank_1_sized_by_a_matched_probe_with_rank_0s_checksum(string implementation, int ranks)
    {
        var result = RunSample("Parameters", implementation, ranks);
        if (ranks == 1)
        {
            Assert.Contains("Parameters sends from rank 0 to rank 1, so it needs at least 2 ranks", result.StandardOutput);
            return;
        }

        var sent = Regex.Match(result.StandardOutput,
            @"rank 0: drew 1000 parameters \(seed 2024\), sent the 100 with the highest alpha to rank 1 with tag 11: count 100, first id (\d+) .*checksum ([0-9a-f]{16})");
        var received = Regex.Match(result.StandardOutput,
            @"rank 1: received 100 parameters from rank 0 with tag 11, sized by a matched probe: count 100, first id (\d+) .*checksum ([0-9a-f]{16})");
        Assert.True(sent.Success && received.Success, result.ToString());
        Assert.Equal(sent.Groups[1].Value, received.Groups[1].Value);
        Assert.Equal(sent.Groups[2].Value, received.Groups[2].Value);
        Assert.Contains("rank 1: the checksum matches rank 0's: OK", result.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(ImplementationsAndRanks))]
    public void PairReduce_gives_each_pair_its_merged_summary_on_the_lower_rank(string implementation, int ranks)
    {
        var result = RunSample("PairReduce", implementation, ranks);
        for (var lower = 0; lower < ranks; lower += 2)
        {
            // rank r has 8 + r samples
            var (members, count) = lower + 1 < ranks ? ($"pair {lower}-{lower + 1}", 17 + 2 * lower) : ($"rank {lower} alone", 8 + lower);
            Assert.Matches($@"(?m)^{members}: n {count}, mean .*, as computed directly: OK\s*$", result.StandardOutput);
        }

        Assert.Contains($"{(ranks + 1) / 2} pair(s) reduced with Summary.Merge, every result checked: OK", result.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(ImplementationsAndRanks))]
    public void Halo2D_matches_the_serial_computation_exactly(string implementation, int ranks)
    {
        var result = RunSample("Halo2D", implementation, ranks);
        var (rows, columns) = ranks switch { 1 => (1, 1), 2 => (2, 1), 4 => (2, 2), _ => (4, 2) };
        for (var rank = 0; rank < ranks; rank++)
        {
            Assert.Matches($@"(?m)^rank {rank} at \({rank / columns}, {rank % columns}\) of {rows} x {columns}: rows \d+\.\.\d+, columns \d+\.\.\d+\s*$", result.StandardOutput);
        }

        Assert.Contains($"50 x 36 grid, 50 Jacobi iterations on {rows} x {columns} ranks", result.StandardOutput);
        Assert.Contains("distributed vs serial: max difference 0 OK", result.StandardOutput);
    }
}
