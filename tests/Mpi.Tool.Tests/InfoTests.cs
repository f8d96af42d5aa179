using System.Text.Json;

namespace TypedMpi.Tool.Tests;

/// <summary><c>typedmpi info</c> on this machine (Open MPI and MPICH installed) and with no usable library.</summary>
public sealed class InfoTests
{
    private static readonly Dictionary<string, string> NoLibrary = new()
    {
        ["TYPEDMPI_LIBRARY"] = "/nonexistent/libmpi.so.40:/nonexistent/libmpich.so.12",
    };

    [Fact]
    public void Info_lists_the_candidates_the_choice_the_launcher_and_the_backend()
    {
        var result = ToolRunner.Run(["info"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = result.StandardOutput;
        Assert.Contains("Launcher   none", text);
        Assert.Contains("Backend    in-process: Mpi.Run runs 4 ranks as threads of one process", text);
        Assert.Contains("MPI libraries, in the order TypedMpi tries them (search order):", text);
        Assert.Contains("*1. libmpi.so.40", text);
        Assert.Contains("Open MPI v4", text);
        Assert.Contains("MPICH Version:", text);
        Assert.Contains("Library    libmpi.so.40: Open MPI", text);
        Assert.Contains("typedmpi info --init", text); // the thread level needs MPI_Init: only on request
        Assert.DoesNotContain("Init ", text);
    }

    [Fact]
    public void Info_json_identifies_Open_MPI_and_MPICH_and_names_the_choice()
    {
        var info = ParseOne(ToolRunner.Run(["info", "--json"]));

        var candidates = info.GetProperty("candidates").EnumerateArray().ToList();
        Assert.NotEmpty(candidates);
        var openMpi = candidates.Single(c => c.GetProperty("name").GetString() == "libmpi.so.40");
        Assert.True(openMpi.GetProperty("usable").GetBoolean());
        Assert.Equal("OpenMpi", openMpi.GetProperty("family").GetString());
        Assert.StartsWith("Open MPI v", openMpi.GetProperty("version").GetString());
        Assert.Equal("3.1", openMpi.GetProperty("mpi_version").GetString());
        Assert.True(openMpi.GetProperty("chosen").GetBoolean());

        var mpich = candidates.Where(c => c.GetProperty("name").GetString() is "libmpich.so.12" or "libmpi.so.12" && c.GetProperty("usable").GetBoolean()).ToList();
        Assert.NotEmpty(mpich);
        Assert.All(mpich, c => Assert.Equal("Mpich", c.GetProperty("family").GetString()));
        Assert.All(mpich, c => Assert.StartsWith("MPICH Version:", c.GetProperty("version").GetString()));

        var missing = candidates.Single(c => c.GetProperty("name").GetString() == "libmpi_abi.so.1");
        Assert.False(missing.GetProperty("loaded").GetBoolean());
        Assert.Contains("libmpi_abi.so.1", missing.GetProperty("error").GetString());

        Assert.Equal("libmpi.so.40", info.GetProperty("chosen").GetProperty("name").GetString());
        Assert.Equal("None", info.GetProperty("launcher").GetProperty("kind").GetString());
        Assert.Equal("inprocess", info.GetProperty("backend").GetProperty("backend").GetString());
        Assert.Equal(4, info.GetProperty("backend").GetProperty("ranks").GetInt32());
        Assert.Equal(JsonValueKind.Null, info.GetProperty("init").ValueKind);
        Assert.Empty(info.GetProperty("advice").EnumerateArray());
    }

    [Fact]
    public void Without_a_usable_library_info_says_what_was_tried_and_how_to_install_one()
    {
        var result = ToolRunner.Run(["info"], NoLibrary);

        Assert.True(result.ExitCode == 0, result.ToString()); // in-process ranks still work
        var text = result.StandardOutput;
        Assert.Contains("1. /nonexistent/libmpi.so.40", text);
        Assert.Contains("2. /nonexistent/libmpich.so.12", text);
        Assert.Contains("not loaded: Unable to load shared library '/nonexistent/libmpi.so.40'", text);
        Assert.Contains("No usable MPI library was found", text);
        Assert.Contains("apt-get install openmpi-bin libopenmpi-dev", text);
        Assert.Contains("apt-get install mpich libmpich-dev", text);
        Assert.Contains("TYPEDMPI_LIBRARY", text);

        var required = ToolRunner.Run(["info", "--require-library"], NoLibrary);
        Assert.True(required.ExitCode == 1, required.ToString());

        var info = ParseOne(ToolRunner.Run(["info", "--json"], NoLibrary));
        Assert.Equal(JsonValueKind.Null, info.GetProperty("chosen").ValueKind);
        Assert.All(info.GetProperty("candidates").EnumerateArray(), c => Assert.False(c.GetProperty("loaded").GetBoolean()));
        Assert.Contains(info.GetProperty("advice").EnumerateArray(), a => a.GetString()!.Contains("apt-get install openmpi-bin libopenmpi-dev"));
    }

    [Theory]
    [InlineData("openmpi", "OpenMpi")]
    [InlineData("mpich", "Mpich")]
    public void Info_init_under_a_launcher_reports_the_thread_level_and_the_world_once(string implementation, string family)
    {
        var info = ParseOne(ToolRunner.Mpi(implementation, 2, "info", "--init", "--json"));

        Assert.Equal(family, info.GetProperty("chosen").GetProperty("family").GetString());
        Assert.Equal("native", info.GetProperty("backend").GetProperty("backend").GetString());
        var init = info.GetProperty("init");
        Assert.True(init.GetProperty("ok").GetBoolean(), init.ToString());
        Assert.Equal(2, init.GetProperty("world_size").GetInt32());
        Assert.Equal(0, init.GetProperty("rank").GetInt32());
        Assert.Contains(init.GetProperty("provided_thread_level").GetString(), new[] { "Single", "Funneled", "Serialized", "Multiple" });
    }

    /// <summary>Exactly one JSON object on standard output (under a launcher: rank 0's).</summary>
    private static JsonElement ParseOne(TypedMpi.Tests.Infrastructure.ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.Clone();
    }
}
