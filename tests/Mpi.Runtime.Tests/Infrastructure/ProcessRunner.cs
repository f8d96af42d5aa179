using System.Diagnostics;
using System.Text;

namespace TypedMpi.Tests.Infrastructure;

/// <summary>The outcome of a process: exit code, output, and whether it had to be killed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, TimeSpan Elapsed)
{
    public string AllOutput => StandardOutput + StandardError;

    public override string ToString() =>
        $"exit {ExitCode}{(TimedOut ? " (killed: timed out)" : "")} after {Elapsed.TotalSeconds:F1} s\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>Runs a program with a time limit, capturing its output; kills the whole tree when the limit passes.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A job chooses its library by the launcher alone, unless the test says otherwise.
        start.Environment.Remove("TYPEDMPI_LIBRARY");
        start.Environment.Remove("TYPEDMPI_ABI");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = process.WaitForExit(timeout);
        if (!finished)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        else
        {
            process.WaitForExit(); // drains the asynchronous readers
        }

        return new ProcessResult(finished ? process.ExitCode : -1, stdout.ToString(), stderr.ToString(), !finished, clock.Elapsed);
    }

    /// <summary>Runs <c>dotnet <paramref name="dll"/></c> as an MPI job of <paramref name="ranks"/> ranks.</summary>
    public static ProcessResult RunJob(MpiImplementation mpi, int ranks, string dll, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var environment = new Dictionary<string, string>(mpi.Environment);
        var launcherArguments = new List<string>(mpi.LauncherOptions) { "-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
            if (mpi == MpiImplementation.OpenMpi)
            {
                launcherArguments.AddRange(["-x", key]); // Open MPI forwards only what it is told to
            }
        }

        launcherArguments.AddRange(["dotnet", dll]);
        launcherArguments.AddRange(arguments);
        return Run(mpi.Launcher, launcherArguments, environment, timeout);
    }

    /// <summary>Runs <c>dotnet <paramref name="dll"/> --ranks N</c> with no launcher: the ranks are threads of one process.</summary>
    public static ProcessResult RunInProcess(int ranks, string dll, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var environment = new Dictionary<string, string> { ["TYPEDMPI_BACKEND"] = "inprocess" };
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Run("dotnet", [dll, .. arguments, "--ranks", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment, timeout);
    }
}
