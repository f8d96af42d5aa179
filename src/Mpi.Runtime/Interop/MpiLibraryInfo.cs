namespace TypedMpi;

/// <summary>The MPI library TypedMpi loaded, and why.</summary>
/// <param name="Name">The path or soname that was loaded, e.g. <c>libmpi.so.40</c>.</param>
/// <param name="Path">The file the loader mapped, when it can be told.</param>
/// <param name="Family">Its binary interface.</param>
/// <param name="VersionString">The full <c>MPI_Get_library_version</c> text.</param>
/// <param name="StandardVersion">The MPI standard version it implements (<c>MPI_Get_version</c>).</param>
/// <param name="Reason">Why this library was chosen (override, already loaded, launcher hint, search order).</param>
public sealed record MpiLibraryInfo(
    string Name,
    string? Path,
    AbiFamily Family,
    string VersionString,
    Version StandardVersion,
    string Reason)
{
    /// <summary>The first line of <see cref="VersionString"/> (MPICH's full text includes its configure line).</summary>
    public string VersionLine
    {
        get
        {
            var newline = VersionString.IndexOf('\n');
            return (newline < 0 ? VersionString : VersionString[..newline]).Replace('\t', ' ').Trim();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{VersionLine} [{Family} ABI, MPI {StandardVersion}] from {Path ?? Name}";
}
