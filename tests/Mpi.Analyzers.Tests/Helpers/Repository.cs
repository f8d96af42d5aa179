namespace TypedMpi.Analyzers.Tests.Helpers;

/// <summary>Files of this repository, found from the test's output directory.</summary>
internal static class Repository
{
    /// <summary>The directory that holds TypedMpi.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TypedMpi.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No TypedMpi.sln above {AppContext.BaseDirectory}.");
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The C# sources of a project directory, without build output, in a stable order.</summary>
    public static IReadOnlyList<string> SourcesOf(string projectDirectory) =>
        Directory.EnumerateFiles(PathOf(projectDirectory), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
}
