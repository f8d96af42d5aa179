namespace TypedMpi.Tests.Infrastructure;

/// <summary>The C programs of native/, built once per implementation with its mpicc (native/build.sh).</summary>
public static class NativePrograms
{
    private static readonly Dictionary<string, string> s_built = [];

    /// <summary>The path of <paramref name="program"/> (probe, pingpong, peer) built for <paramref name="mpi"/>.</summary>
    public static string Build(MpiImplementation mpi, string program)
    {
        lock (s_built)
        {
            if (!s_built.TryGetValue(mpi.Name, out var directory))
            {
                directory = Path.Combine(Repository.Root, "native", "out", mpi.Name);
                var build = ProcessRunner.Run("bash", [Path.Combine(Repository.Root, "native", "build.sh"), mpi.Name, directory], null, TimeSpan.FromMinutes(2));
                Assert.True(build.ExitCode == 0, $"native/build.sh {mpi.Name} failed: {build}");
                s_built[mpi.Name] = directory;
            }

            return Path.Combine(directory, program);
        }
    }
}
