using System.Runtime.InteropServices;
using System.Text;

namespace TypedMpi.Interop;

/// <summary>
/// Finds the MPI library to use and identifies its ABI, without initializing it.
/// </summary>
/// <remarks>
/// Order: <c>TYPEDMPI_LIBRARY</c> (a path or soname, or a ':'-separated list) → a library already loaded in
/// the process → the soname ladder, with the family the launcher belongs to tried first. The family is
/// decided by exported symbols (<c>MPI_Abi_get_version</c> ≥ 1 → standard ABI; <c>ompi_mpi_comm_world</c> →
/// Open MPI; otherwise MPICH) and cross-checked with <c>MPI_Get_library_version</c>, which the standard
/// allows before <c>MPI_Init</c>. <c>TYPEDMPI_ABI</c> overrides the decision for unrecognized libraries.
/// </remarks>
internal static unsafe class LibraryDiscovery
{
    /// <summary>Sonames tried when nothing else says which library to use.</summary>
    public static readonly IReadOnlyList<string> SonameLadder =
        ["libmpi.so.40", "libmpi.so.12", "libmpich.so.12", "libmpi_abi.so.1", "libmpi.so"];

    private const int VersionBufferSize = 8192; // the largest MPI_MAX_LIBRARY_VERSION_STRING of any ABI

    /// <summary>Finds, loads and identifies the library; throws <see cref="MpiLibraryNotFoundException"/>.</summary>
    public static (nint Handle, MpiLibraryInfo Info) Discover(IReadOnlyDictionary<string, string> env, LauncherEnvironment launcher)
    {
        var forcedFamily = ParseAbiOverride(env);
        var tried = new List<string>();
        (nint, MpiLibraryInfo)? fallback = null;

        foreach (var (name, reason) in Candidates(env, launcher))
        {
            if (!TryOpen(name, out var handle, out var loadError))
            {
                tried.Add($"{name}: {loadError}");
                continue;
            }

            if (!TryIdentify(handle, name, forcedFamily, reason, out var info, out var rejection))
            {
                tried.Add($"{name}: {rejection}");
                NativeLibrary.Free(handle);
                continue;
            }

            // Prefer the library that belongs to the launcher; keep the first usable one in case none does,
            // so that the launcher check can say exactly what is wrong.
            if (launcher.ExpectedFamily is null || launcher.ExpectedFamily == info.Family || reason.StartsWith("TYPEDMPI_LIBRARY", StringComparison.Ordinal))
            {
                if (fallback is { } unused)
                {
                    NativeLibrary.Free(unused.Item1);
                }

                return (handle, info);
            }

            tried.Add($"{name}: a {info.Family} library, but the launcher is {launcher.Description}");
            if (fallback is null)
            {
                fallback = (handle, info);
            }
            else
            {
                NativeLibrary.Free(handle);
            }
        }

        if (fallback is { } chosen)
        {
            return chosen;
        }

        throw new MpiLibraryNotFoundException(NotFoundMessage(tried), tried);
    }

    /// <summary>The candidates in the order they are tried, each with the reason it is on the list.</summary>
    public static IReadOnlyList<(string Name, string Reason)> Candidates(IReadOnlyDictionary<string, string> env, LauncherEnvironment launcher)
    {
        var result = new List<(string, string)>();
        if (env.TryGetValue("TYPEDMPI_LIBRARY", out var explicitList) && !string.IsNullOrWhiteSpace(explicitList))
        {
            foreach (var name in explicitList.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                result.Add((name, $"TYPEDMPI_LIBRARY={explicitList}"));
            }

            return result;
        }

        var ladder = OrderedLadder(env, launcher);
        foreach (var name in ladder)
        {
            if (Libc.IsLoaded(name))
            {
                result.Add((name, "already loaded in the process"));
            }
        }

        var ladderReason = launcher.ExpectedFamily is { } expected
            ? $"search order, {expected} first for {launcher.Description}"
            : "search order";
        foreach (var name in ladder)
        {
            if (!result.Exists(c => c.Item1 == name))
            {
                result.Add((name, ladderReason));
            }
        }

        return result;
    }

    /// <summary>The soname ladder with the launcher's family first and Intel MPI's directory when it is set.</summary>
    internal static List<string> OrderedLadder(IReadOnlyDictionary<string, string> env, LauncherEnvironment launcher)
    {
        var ladder = new List<string>();
        if (env.TryGetValue("I_MPI_ROOT", out var intelRoot) && intelRoot.Length > 0)
        {
            ladder.Add(System.IO.Path.Combine(intelRoot, "lib", "libmpi.so.12"));
            ladder.Add(System.IO.Path.Combine(intelRoot, "lib", "release", "libmpi.so.12"));
        }

        ladder.AddRange(SonameLadder);
        if (launcher.ExpectedFamily == AbiFamily.Mpich)
        {
            // MPICH-family sonames first; Open MPI's cannot serve a PMI launcher.
            ladder.Sort((a, b) => IsMpichName(b).CompareTo(IsMpichName(a)));
        }

        return ladder;

        static bool IsMpichName(string name) => name.EndsWith("libmpi.so.12", StringComparison.Ordinal) || name.EndsWith("libmpich.so.12", StringComparison.Ordinal);
    }

    internal static AbiFamily? ParseAbiOverride(IReadOnlyDictionary<string, string> env)
    {
        if (!env.TryGetValue("TYPEDMPI_ABI", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "openmpi" or "ompi" => AbiFamily.OpenMpi,
            "mpich" => AbiFamily.Mpich,
            "mpiabi" or "abi" => AbiFamily.MpiAbi,
            _ => throw new MpiLibraryNotFoundException(
                $"TYPEDMPI_ABI={value} is not an ABI TypedMpi knows; use openmpi, mpich or mpiabi.", []),
        };
    }

    /// <summary>Classifies a library version string, or null when it names no family TypedMpi supports.</summary>
    internal static AbiFamily? FamilyFromVersionString(string version)
    {
        if (version.StartsWith("Open MPI", StringComparison.Ordinal) ||
            version.Contains("IBM Spectrum MPI", StringComparison.Ordinal) ||
            version.Contains("FUJITSU MPI", StringComparison.Ordinal))
        {
            return AbiFamily.OpenMpi;
        }

        if (version.StartsWith("MPICH", StringComparison.Ordinal) ||
            version.StartsWith("Intel(R) MPI", StringComparison.Ordinal) ||
            version.StartsWith("MVAPICH", StringComparison.Ordinal) ||
            version.Contains("CRAY MPICH", StringComparison.Ordinal) ||
            version.Contains("HPE HMPT", StringComparison.Ordinal))
        {
            return AbiFamily.Mpich;
        }

        return null;
    }

    internal static bool TryOpen(string name, out nint handle, out string error)
    {
        try
        {
            handle = NativeLibrary.Load(name);
            error = "";
            return true;
        }
        catch (DllNotFoundException e)
        {
            handle = 0;
            // .NET appends generic troubleshooting text after the loader's own words; keep just the first sentence.
            var message = FirstLine(e.Message);
            var generic = message.IndexOf(" In order to help", StringComparison.Ordinal);
            error = generic > 0 ? message[..generic] : message;
            return false;
        }
        catch (BadImageFormatException e)
        {
            handle = 0;
            error = "not a loadable library: " + FirstLine(e.Message);
            return false;
        }
    }

    internal static bool TryIdentify(nint handle, string name, AbiFamily? forcedFamily, string reason, out MpiLibraryInfo info, out string rejection)
    {
        info = null!;
        if (!NativeLibrary.TryGetExport(handle, "MPI_Get_library_version", out var getLibraryVersion) ||
            !NativeLibrary.TryGetExport(handle, "MPI_Get_version", out var getVersion))
        {
            rejection = "loads, but exports no MPI_Get_library_version: not an MPI library";
            return false;
        }

        var version = ReadLibraryVersion(getLibraryVersion);
        int major = 0, minor = 0;
        ((delegate* unmanaged<int*, int*, int>)getVersion)(&major, &minor);
        var bySymbols = FamilyFromSymbols(handle);
        var byString = FamilyFromVersionString(version);
        var firstLine = FirstLine(version);

        AbiFamily family;
        if (forcedFamily is { } forced)
        {
            if (bySymbols is { } definite && definite != forced)
            {
                rejection = $"TYPEDMPI_ABI says {forced}, but its exported symbols are those of {definite} (\"{firstLine}\")";
                return false;
            }

            family = forced;
        }
        else if (bySymbols is { } definite)
        {
            if (definite == AbiFamily.OpenMpi && byString is { } other && other != definite)
            {
                rejection = $"exports Open MPI symbols but reports \"{firstLine}\"; set TYPEDMPI_ABI if you know its ABI";
                return false;
            }

            family = definite;
        }
        else if (byString == AbiFamily.Mpich)
        {
            family = AbiFamily.Mpich;
        }
        else
        {
            rejection = $"an MPI library TypedMpi does not recognize (\"{firstLine}\"); set TYPEDMPI_ABI=openmpi|mpich|mpiabi if it follows one of those ABIs";
            return false;
        }

        rejection = "";
        info = new MpiLibraryInfo(name, PathOf(getLibraryVersion), family, version, new Version(major, minor), reason);
        return true;
    }

    /// <summary>Standard ABI and Open MPI are told apart by symbols; MPICH is what remains.</summary>
    private static AbiFamily? FamilyFromSymbols(nint handle)
    {
        if (NativeLibrary.TryGetExport(handle, "MPI_Abi_get_version", out var abiVersion))
        {
            // Ordinary libmpi builds of MPICH 5 and Open MPI 6 export it too but answer -1.
            int major = -1, minor = -1;
            if (((delegate* unmanaged<int*, int*, int>)abiVersion)(&major, &minor) == 0 && major >= 1)
            {
                return AbiFamily.MpiAbi;
            }
        }

        return NativeLibrary.TryGetExport(handle, "ompi_mpi_comm_world", out _) ? AbiFamily.OpenMpi : null;
    }

    private static string ReadLibraryVersion(nint getLibraryVersion)
    {
        var buffer = new byte[VersionBufferSize];
        int length = 0;
        fixed (byte* text = buffer)
        {
            ((delegate* unmanaged<byte*, int*, int>)getLibraryVersion)(text, &length);
        }

        length = Math.Clamp(length, 0, buffer.Length);
        var end = Array.IndexOf(buffer, (byte)0, 0, length);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? length : end).TrimEnd();
    }

    private static string? PathOf(nint exportAddress) => Libc.FileOf(exportAddress);

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n');
        return (newline < 0 ? text : text[..newline]).Replace('\t', ' ').Trim();
    }

    private static string NotFoundMessage(List<string> tried)
    {
        var message = new StringBuilder("No usable MPI library was found. Tried, in order:");
        foreach (var line in tried)
        {
            message.Append("\n  - ").Append(line);
        }

        message.Append("\nInstall an MPI (Debian: apt-get install openmpi-bin libopenmpi-dev, or mpich libmpich-dev), ")
               .Append("or set TYPEDMPI_LIBRARY to the library's path or soname.");
        return message.ToString();
    }
}
