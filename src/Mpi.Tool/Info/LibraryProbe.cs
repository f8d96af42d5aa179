using System.Runtime.InteropServices;
using TypedMpi.Interop;

namespace TypedMpi.Tool.Info;

/// <summary>One candidate of the library search and what loading it showed.</summary>
/// <param name="Name">The path or soname tried.</param>
/// <param name="Reason">Why it is on the list (TYPEDMPI_LIBRARY, already loaded, search order).</param>
/// <param name="Loaded">Whether the system loader could load it.</param>
/// <param name="Library">What it is, when it is an MPI library TypedMpi can use.</param>
/// <param name="Problem">Why it cannot be used: the loader's error or the identification's rejection.</param>
/// <param name="SameFileAs">An earlier candidate that resolved to the same file (e.g. libmpi.so → libmpi.so.40).</param>
internal sealed record Candidate(string Name, string Reason, bool Loaded, MpiLibraryInfo? Library, string? Problem, string? SameFileAs)
{
    public bool Usable => Library is not null;
}

/// <summary>The library TypedMpi would use, and why.</summary>
internal sealed record Choice(Candidate Candidate, string Why, bool BelongsToLauncher);

/// <summary>
/// Loads every candidate of <see cref="LibraryDiscovery.Candidates"/> and identifies it exactly as the runtime does
/// (<see cref="LibraryDiscovery.TryOpen"/>, <see cref="LibraryDiscovery.TryIdentify"/>: <c>dlopen</c>,
/// <c>MPI_Get_library_version</c> and <c>MPI_Get_version</c>, which the standard allows before <c>MPI_Init</c>), then
/// applies the runtime's rule to say which one <see cref="Mpi.Run(string[], Action{Communicator}, ThreadLevel)"/> would
/// take. Nothing is initialized. Unlike the runtime, which stops at the first library it accepts, every candidate is
/// loaded, so the report shows all of them.
/// </summary>
internal static class LibraryProbe
{
    public static IReadOnlyList<Candidate> ProbeAll(
        IReadOnlyList<(string Name, string Reason)> candidates, IReadOnlyDictionary<string, string> env, out string? abiProblem)
    {
        AbiFamily? forced = null;
        abiProblem = null;
        try
        {
            forced = LibraryDiscovery.ParseAbiOverride(env);
        }
        catch (MpiLibraryNotFoundException e)
        {
            abiProblem = e.Message; // TYPEDMPI_ABI names no ABI: the runtime would stop before loading anything
        }

        var result = new List<Candidate>(candidates.Count);
        foreach (var (name, reason) in candidates)
        {
            if (!LibraryDiscovery.TryOpen(name, out var handle, out var loadError))
            {
                result.Add(new Candidate(name, reason, Loaded: false, null, loadError, null));
                continue;
            }

            if (!LibraryDiscovery.TryIdentify(handle, name, forced, reason, out var info, out var rejection))
            {
                var file = FileOf(handle);
                NativeLibrary.Free(handle);
                result.Add(new Candidate(name, reason, Loaded: true, null, rejection, SameFile(result, file)));
                continue;
            }

            // The handle stays open: the process ends soon, and unloading an MPI library is never worth the risk.
            result.Add(new Candidate(name, reason, Loaded: true, info, null, SameFile(result, info.Path)));
        }

        return result;
    }

    /// <summary>
    /// The runtime's rule (<c>LibraryDiscovery.Discover</c>): the first usable candidate whose family belongs to the
    /// launcher (any family when the launcher names none; a TYPEDMPI_LIBRARY candidate at once); when none does, the
    /// first usable one, which the launcher check then refuses.
    /// </summary>
    public static Choice? Choose(IReadOnlyList<Candidate> candidates, LauncherEnvironment launcher)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Library is not { } library)
            {
                continue;
            }

            if (candidate.Reason.StartsWith("TYPEDMPI_LIBRARY", StringComparison.Ordinal))
            {
                return new Choice(candidate, $"the first usable library of {candidate.Reason}", Belongs(library, launcher));
            }

            if (launcher.ExpectedFamily is null)
            {
                return new Choice(candidate, candidate.Reason == "already loaded in the process"
                    ? "already loaded in the process"
                    : "the first usable library in search order", true);
            }

            if (launcher.ExpectedFamily == library.Family)
            {
                return new Choice(candidate, $"the first {library.Family} library, the family of {launcher.Description}", true);
            }
        }

        var fallback = candidates.FirstOrDefault(c => c.Usable);
        return fallback is null
            ? null
            : new Choice(fallback, $"no candidate belongs to {launcher.Description}; the first usable one is kept, and the launcher check stops the program with MpiLauncherMismatchException", false);
    }

    private static bool Belongs(MpiLibraryInfo library, LauncherEnvironment launcher) =>
        launcher.ExpectedFamily is not { } expected || library.Family == AbiFamily.MpiAbi || library.Family == expected;

    private static string? SameFile(List<Candidate> earlier, string? path)
    {
        if (path is null)
        {
            return null;
        }

        var real = RealPath(path);
        foreach (var candidate in earlier)
        {
            if (candidate.Library?.Path is { } other && RealPath(other) == real)
            {
                return candidate.Name;
            }
        }

        return null;
    }

    private static string RealPath(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static string? FileOf(nint handle) =>
        NativeLibrary.TryGetExport(handle, "MPI_Init", out var address) ? Libc.FileOf(address) : null;
}
