using System.Text.Json;
using TypedMpi.Tests.Infrastructure;

namespace TypedMpi.Tool.Tests;

/// <summary>Runs the built tool (<c>dotnet src/Mpi.Tool/bin/CONFIG/net10.0/TypedMpi.Tool.dll</c>) without a launcher, in-process or under an MPI launcher.</summary>
internal static class ToolRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string Dll => Repository.ProgramDll("src/Mpi.Tool", "TypedMpi.Tool");

    public static ProcessResult Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        ProcessRunner.Run("dotnet", [Dll, .. arguments], environment, Timeout);

    /// <summary>No launcher: <c>--ranks N</c> in-process ranks.</summary>
    public static ProcessResult InProcess(int ranks, params string[] arguments) =>
        ProcessRunner.RunInProcess(ranks, Dll, arguments, Timeout);

    /// <summary><c>mpirun.openmpi</c> or <c>mpirun.mpich -n RANKS dotnet TypedMpi.Tool.dll ...</c>.</summary>
    public static ProcessResult Mpi(string implementation, int ranks, params string[] arguments) =>
        ProcessRunner.RunJob(MpiImplementation.Named(implementation), ranks, Dll, arguments, Timeout);

    /// <summary>Every line of standard output parsed as one JSON object (fails on any line that is not one).</summary>
    public static List<JsonElement> JsonLines(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = new List<JsonElement>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
            lines.Add(json.RootElement.Clone());
        }

        Assert.NotEmpty(lines);
        return lines;
    }

    /// <summary>Asserts that <paramref name="line"/> has every field in <paramref name="fields"/>, and their kinds (s: string, n: number, b: boolean).</summary>
    public static void HasFields(JsonElement line, params string[] fields)
    {
        foreach (var field in fields)
        {
            var (name, kind) = field.Split(':') switch
            {
                [var n, "s"] => (n, JsonValueKind.String),
                [var n, "b"] => (n, JsonValueKind.True),
                [var n, _] => (n, JsonValueKind.Number),
                [var n] => (n, JsonValueKind.Number),
                _ => throw new ArgumentException(field),
            };
            Assert.True(line.TryGetProperty(name, out var value), $"no \"{name}\" in {line}");
            if (kind == JsonValueKind.True)
            {
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"\"{name}\" is not a boolean in {line}");
            }
            else
            {
                Assert.True(value.ValueKind == kind, $"\"{name}\" is not a {kind} in {line}");
            }
        }
    }
}
