using System.Text.RegularExpressions;
using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>
/// The samples carry the classic MPI mistakes as commented-out lines ending in the rule that catches them, e.g.
/// <c>// world.Bcast(data, Root); // the classic mistake: … (TMPI0300)</c>. Uncommenting any one of them must make
/// the analyzers report exactly that rule — which samples/.editorconfig turns into a build error.
/// </summary>
public sealed partial class SampleMistakeTests
{
    [GeneratedRegex(@"^(?<indent>\s*)// (?<code>.+;) // the classic mistake: .*\((?<id>TMPI\d{4})\)\s*$")]
    private static partial Regex MistakeLine();

    public static TheoryData<string, int, string> Mistakes()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var sample in Directory.EnumerateDirectories(Repository.PathOf("samples")).Order(StringComparer.Ordinal))
        {
            foreach (var path in Repository.SourcesOf(Path.Combine("samples", Path.GetFileName(sample))))
            {
                var lines = File.ReadAllLines(path);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (MistakeLine().Match(lines[i]) is { Success: true } match)
                    {
                        data.Add(Path.GetRelativePath(Repository.Root, path), i, match.Groups["id"].Value);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void Ring_and_Bcast_carry_their_classic_mistakes()
    {
        var files = Mistakes().Select(row => (string)row[0]).ToHashSet();
        Assert.Contains(Path.Combine("samples", "Bcast", "Program.cs"), files);
        Assert.Contains(Path.Combine("samples", "Ring", "Program.cs"), files);
    }

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Uncommenting_a_classic_mistake_is_reported_with_its_rule(string file, int line, string ruleId)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, file));
        var match = MistakeLine().Match(lines[line]);
        lines[line] = match.Groups["indent"].Value + match.Groups["code"].Value;

        var compilation = AnalyzerHarness.RunGenerator(AnalyzerHarness.Compile([string.Join('\n', lines)]));
        var findings = (await AnalyzerHarness.AnalyzeAsync(compilation)).Where(d => d.Id.StartsWith("TMPI", StringComparison.Ordinal)).ToList();

        Assert.True(findings.Count == 1 && findings[0].Id == ruleId,
            $"{file}:{line + 1} uncommented should give exactly {ruleId}; got: {string.Join("; ", findings.Select(f => $"{f.Id} {f.GetMessage()}"))}");
    }
}
