using System.IO.Compression;
using System.Xml.Linq;
using TypedMpi.Tests.Infrastructure;

namespace TypedMpi.Tests;

/// <summary>
/// The TypedMpi package as a user gets it: packed from src/Mpi.Runtime into a local feed, added to a fresh console
/// project (docs/getting-started.md, "The package"), built — so the generator and the analyzers come from the
/// package alone — and run as in-process ranks, under Open MPI and under MPICH.
/// </summary>
public sealed class PackageTests : IClassFixture<PackageTests.Consumer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly Consumer _consumer;

    public PackageTests(Consumer consumer) => _consumer = consumer;

    [Fact]
    public void The_package_holds_the_runtime_its_docs_the_generator_the_analyzers_the_code_fixes_and_the_readme()
    {
        _consumer.AssertReady();
        using (var package = ZipFile.OpenRead(_consumer.Package))
        {
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var expected in (string[])["lib/net10.0/TypedMpi.dll", "lib/net10.0/TypedMpi.xml", "README.md", "TypedMpi.nuspec",
                         "analyzers/dotnet/cs/Mpi.Generators.dll", "analyzers/dotnet/cs/Mpi.Analyzers.dll", "analyzers/dotnet/cs/Mpi.CodeFixes.dll"])
            {
                Assert.True(entries.Contains(expected), $"{expected} is missing from {_consumer.Package}: {string.Join(", ", entries.Order())}");
            }

            // nothing but the runtime is a library of the consumer: the Roslyn components are analyzers only
            Assert.Equal(["lib/net10.0/TypedMpi.dll", "lib/net10.0/TypedMpi.xml"], entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Order());
        }

        var metadata = _consumer.Nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("TypedMpi", Field("id"));
        Assert.Equal(XDocument.Load(Path.Combine(Repository.Root, "src", "Mpi.Runtime", "Mpi.Runtime.csproj")).Descendants("Version").Single().Value, Field("version"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Equal("expression", metadata.Elements().Single(e => e.Name.LocalName == "license").Attribute("type")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.Contains("MPI", Field("tags").Split(' '));
        Assert.Contains("HPC", Field("tags").Split(' '));
        Assert.StartsWith("https://", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value);
        // the generator, analyzer and code-fix projects are not dependencies of the package
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value);
        Assert.Equal(["CommunityToolkit.HighPerformance"], dependencies);

        using var symbols = ZipFile.OpenRead(Path.ChangeExtension(_consumer.Package, ".snupkg"));
        Assert.Contains("lib/net10.0/TypedMpi.pdb", symbols.Entries.Select(e => e.FullName));
    }

    [Fact]
    public void A_consumer_of_the_package_builds_without_warnings_with_the_generated_datatype()
    {
        _consumer.AssertReady();
        Assert.Contains(" 0 Warning(s)", _consumer.Build!.StandardOutput);
        // the generator in the package wrote the struct's MPI description
        var generated = Path.Combine(_consumer.App, "obj", Repository.Configuration, "net10.0", "generated", "Mpi.Generators");
        Assert.True(Directory.Exists(generated) && Directory.EnumerateFiles(generated, "Sample.*.g.cs", SearchOption.AllDirectories).Any(),
            $"no generated source for Sample under {generated}\n{_consumer.Build}");
    }

    [Fact]
    public void The_analyzers_in_the_package_report_a_collective_under_a_rank_test_and_a_negative_tag()
    {
        _consumer.AssertReady();
        var mistake = Path.Combine(_consumer.Root, "mistake");
        Directory.CreateDirectory(mistake);
        foreach (var file in (string[])["Consumer.csproj", "nuget.config", "Program.cs"])
        {
            File.Copy(Path.Combine(_consumer.App, file), Path.Combine(mistake, file));
        }

        File.WriteAllText(Path.Combine(mistake, "Mistake.cs"), Consumer.MistakeSource);
        var build = _consumer.Dotnet(["build", mistake, "-c", Repository.Configuration, "-warnaserror", "--disable-build-servers"]);
        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Contains("Mistake.cs(10,19): error TMPI0300: 'Bcast' is called only when 'world.Rank == 0' holds", build.StandardOutput);
        Assert.Contains("Mistake.cs(13,44): error TMPI0100: Tag -1 passed to 'Send' is negative", build.StandardOutput);
    }

    [Fact]
    public void A_consumer_of_the_package_runs_on_3_in_process_ranks()
    {
        _consumer.AssertReady();
        var result = ProcessRunner.RunInProcess(3, _consumer.Dll, [], Timeout, new Dictionary<string, string> { ["TYPEDMPI_VERBOSE"] = "1" });
        AssertEveryRankReports(result, 3);
        Assert.Contains("[TypedMpi] backend: in-process, 3 ranks as threads", result.StandardError);
    }

    [Theory]
    [InlineData("openmpi", "Open MPI")]
    [InlineData("mpich", "MPICH")]
    public void A_consumer_of_the_package_runs_on_2_ranks_under_a_launcher(string implementation, string library)
    {
        _consumer.AssertReady();
        var result = ProcessRunner.RunJob(MpiImplementation.Named(implementation), 2, _consumer.Dll, [], Timeout,
            new Dictionary<string, string> { ["TYPEDMPI_VERBOSE"] = "1" });
        AssertEveryRankReports(result, 2);
        Assert.Contains($"[TypedMpi] library: {library}", result.StandardError);
    }

    private static void AssertEveryRankReports(ProcessResult result, int ranks)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var sum = ranks * (ranks + 1) / 2;
        for (var rank = 0; rank < ranks; rank++)
        {
            Assert.Contains($"rank {rank} of {ranks}: sum of Value {sum}, of Count {ranks}", result.StandardOutput);
        }
    }

    /// <summary>
    /// Packs the runtime into a feed in a temporary folder and builds a new console program against it, once for the
    /// class. The program restores into its own NUGET_PACKAGES folder, so a package of the same version cached
    /// earlier is never used, and from two local sources only (no network): the feed, for TypedMpi alone, and the
    /// machine's global packages folder, standing in for nuget.org, for everything else.
    /// </summary>
    public sealed class Consumer : IDisposable
    {
        public const string ProgramSource = """
            using TypedMpi;

            return Mpi.Run(args, world =>
            {
                var mine = new Sample { Value = world.Rank + 1, Count = 1 };
                Sample total = world.Allreduce(mine, MpiOp.Sum);   // the field-wise kernel the generator wrote
                Console.WriteLine($"rank {world.Rank} of {world.Size}: sum of Value {total.Value}, of Count {total.Count}");
            });

            [MpiMessage]
            partial struct Sample
            {
                public double Value;
                public int Count;
            }

            """;

        public const string MistakeSource = """
            using TypedMpi;

            static class Mistake
            {
                public static void Run(Communicator world)
                {
                    var data = new double[4];
                    if (world.Rank == 0)
                    {
                        world.Bcast(data, root: 0);
                    }

                    world.Send(data, dest: world.Next, tag: -1);
                }
            }

            """;

        private readonly Dictionary<string, string> _environment;
        private string? _failure;

        public string Root { get; } = Path.Combine(Path.GetTempPath(), $"typedmpi-package-{Environment.ProcessId}-{Guid.NewGuid():N}");
        public string Feed => Path.Combine(Root, "feed");
        public string App => Path.Combine(Root, "app");
        public string Package { get; private set; } = "";
        public XDocument Nuspec { get; private set; } = new();
        public string Dll => Path.Combine(App, "bin", Repository.Configuration, "net10.0", "Consumer.dll");
        public ProcessResult? Build { get; private set; }

        public Consumer()
        {
            _environment = new Dictionary<string, string>
            {
                ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
                ["DOTNET_CLI_UI_LANGUAGE"] = "en",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
            };
            Directory.CreateDirectory(Root);
            // Nothing above the temporary folder takes part in the build.
            foreach (var file in (string[])["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"])
            {
                File.WriteAllText(Path.Combine(Root, file), "<Project />\n");
            }

            try
            {
                Prepare();
            }
            catch (Exception e)
            {
                _failure = e.ToString();
            }
        }

        /// <summary>Fails the test with the step that failed, its command and its output.</summary>
        public void AssertReady() => Assert.True(_failure is null, _failure);

        /// <summary>Runs dotnet for the consumer: its own packages folder, English messages, no build servers left behind.</summary>
        public ProcessResult Dotnet(string[] arguments) => ProcessRunner.Run("dotnet", arguments, _environment, Timeout);

        private void Prepare()
        {
            // The global packages folder of this machine (the consumer's own is NUGET_PACKAGES under Root).
            var locals = Step("dotnet nuget locals", ProcessRunner.Run("dotnet", ["nuget", "locals", "global-packages", "--list"], null, Timeout));
            var globalPackages = locals.StandardOutput.Split('\n').Select(l => l.Trim())
                .Single(l => l.StartsWith("global-packages:", StringComparison.Ordinal))["global-packages:".Length..].Trim();

            Step("dotnet pack", ProcessRunner.Run("dotnet",
                ["pack", Path.Combine(Repository.Root, "src", "Mpi.Runtime"), "-c", Repository.Configuration, "-o", Feed, "--disable-build-servers"],
                new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_UI_LANGUAGE"] = "en" }, Timeout));
            Package = Directory.GetFiles(Feed, "TypedMpi.*.nupkg").Single();
            using (var zip = ZipFile.OpenRead(Package))
            using (var nuspec = zip.GetEntry("TypedMpi.nuspec")!.Open())
            {
                Nuspec = XDocument.Load(nuspec);
            }

            var version = Nuspec.Descendants().Single(e => e.Name.LocalName == "version").Value;

            Step("dotnet new console", Dotnet(["new", "console", "-n", "Consumer", "-o", App, "--no-restore"]));
            File.WriteAllText(Path.Combine(App, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="nuget.org" value="{globalPackages}" />
                    <add key="typedmpi" value="{Feed}" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="typedmpi">
                      <package pattern="TypedMpi" />
                    </packageSource>
                    <packageSource key="nuget.org">
                      <package pattern="*" />
                    </packageSource>
                  </packageSourceMapping>
                </configuration>

                """);
            Step("dotnet add package", Dotnet(["add", Path.Combine(App, "Consumer.csproj"), "package", "TypedMpi", "--version", version]));
            File.WriteAllText(Path.Combine(App, "Program.cs"), ProgramSource);
            Build = Step("dotnet build", Dotnet(["build", App, "-c", Repository.Configuration, "--disable-build-servers", "-p:EmitCompilerGeneratedFiles=true"]));
        }

        private static ProcessResult Step(string name, ProcessResult result) =>
            result.ExitCode == 0 ? result : throw new InvalidOperationException($"{name} failed: {result}");

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // a process that outlived its test still holds a file; the folder is in the temporary directory
            }
        }
    }
}
