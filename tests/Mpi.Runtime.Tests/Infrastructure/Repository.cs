using System.Reflection;

namespace TypedMpi.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (the programs they launch were built alike).</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value!;

    public static string ProgramDll(string projectDirectory, string name) =>
        Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", name + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TypedMpi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"TypedMpi.sln not found above {AppContext.BaseDirectory}");
    }
}
