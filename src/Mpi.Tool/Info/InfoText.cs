using System.Globalization;
using System.Text;
using TypedMpi.InProcess;

namespace TypedMpi.Tool.Info;

/// <summary>The human-readable report of <c>typedmpi info</c>.</summary>
internal static class InfoText
{
    private const string Indent = "           ";

    public static string Render(InfoReport r)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"typedmpi {r.ToolVersion}: TypedMpi {r.RuntimeVersion} on {r.DotnetVersion}, host {r.Host}\n\n");

        Line(text, "Launcher", r.Launcher.Kind == LauncherKind.None
            ? "none (no mpirun/mpiexec/srun variables in the environment)"
            : $"{r.Launcher.Description}{(r.Launcher.Size is { } size ? $", {size} ranks" : "")}{(r.Launcher.Rank is { } rank ? $", this is rank {rank}" : "")}" +
              (r.Launcher.ExpectedFamily is { } family ? $"; expects a library of the {family} family" : ""));
        Line(text, "Backend", Backend(r));
        Line(text, "Settings", r.Settings.Count == 0
            ? "none set (TYPEDMPI_*, I_MPI_ROOT, LD_LIBRARY_PATH)"
            : string.Join(Environment.NewLine + Indent, r.Settings.Select(s => $"{s.Key}={s.Value}")));
        text.Append('\n');

        if (r.AbiProblem is not null)
        {
            text.Append("Problem    ").Append(r.AbiProblem).Append("\n\n");
        }

        // One reason for all (the usual case: the search order) is said once, in the heading.
        var sharedReason = r.Candidates.Count > 1 && r.Candidates.All(c => c.Reason == r.Candidates[0].Reason) ? r.Candidates[0].Reason : null;
        text.Append("MPI libraries, in the order TypedMpi tries them").Append(sharedReason is null ? ":" : $" ({sharedReason}):").Append('\n');
        for (var i = 0; i < r.Candidates.Count; i++)
        {
            var c = r.Candidates[i];
            var chosen = ReferenceEquals(r.Choice?.Candidate, c);
            text.Append(CultureInfo.InvariantCulture, $"  {(chosen ? "*" : " ")}{i + 1}. {c.Name}{(sharedReason is null ? $"  ({c.Reason})" : "")}\n");
            if (c.Library is { } library)
            {
                text.Append("       ").Append(library.VersionLine).Append('\n');
                text.Append(CultureInfo.InvariantCulture, $"       {library.Family} ABI, MPI {library.StandardVersion}, {library.Path ?? "file unknown"}");
                text.Append(c.SameFileAs is null ? "" : $" (the same file as {c.SameFileAs})").Append('\n');
            }
            else
            {
                text.Append("       ").Append(c.Loaded ? "unusable: " : "not loaded: ").Append(c.Problem).Append('\n');
            }
        }

        text.Append('\n');
        if (r.Choice is { } choice)
        {
            var library = choice.Candidate.Library!;
            Line(text, "Library", $"{choice.Candidate.Name}: {library}\n{Indent}chosen as {choice.Why}");
            Line(text, "", !choice.BelongsToLauncher
                ? $"but it does not belong to {r.Launcher.Description}: Mpi.Run stops with MpiLauncherMismatchException (every rank would be rank 0 of 1)"
                : r.Backend?.Backend == InProcess.Backend.InProcess
                    ? "used under a launcher, or as a singleton with TYPEDMPI_BACKEND=native; without either, Mpi.Run runs in-process ranks"
                    : "Mpi.Run initializes this library");
        }
        else
        {
            text.Append("Library    none usable: No usable MPI library was found; every candidate above was tried.\n");
            foreach (var advice in InfoReport.InstallAdvice)
            {
                text.Append(Indent).Append(advice).Append('\n');
            }
        }

        if (r.Init is { } init)
        {
            Line(text, "Init", init.Ok
                ? $"MPI_Init_thread({init.Requested}) provided {init.Provided}; world of {init.WorldSize} rank{(init.WorldSize == 1 ? "" : "s")}, " +
                  $"rank {init.Rank} on {init.ProcessorName}; timer resolution {(init.Wtick * 1e9).ToString("G3", CultureInfo.InvariantCulture)} ns\n" +
                  $"{Indent}initialized {init.Library}"
                : $"failed: {init.Error}");
        }
        else if (r.LibraryFound)
        {
            Line(text, "Threads", "not initialized: `typedmpi info --init` initializes the chosen library " +
                (r.Launcher.Kind == LauncherKind.None ? "as a singleton" : "under the launcher") + " and reports the thread level it provides");
        }

        return text.ToString();
    }

    private static string Backend(InfoReport r)
    {
        if (r.Backend is not { } backend)
        {
            return $"none: {r.BackendProblem}";
        }

        if (backend.Backend == InProcess.Backend.InProcess)
        {
            return $"in-process: Mpi.Run runs {backend.Ranks} rank{(backend.Ranks == 1 ? "" : "s")} as threads of one process — {backend.Reason}";
        }

        var native = $"native: Mpi.Run initializes the MPI library — {backend.Reason}";
        return r.LibraryFound ? native : native + $"\n{Indent}but no usable library was found, so it would stop with MpiLibraryNotFoundException";
    }

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append(label.PadRight(Indent.Length - 1)).Append(' ').Append(value).Append('\n');
}
