using System.Runtime.CompilerServices;

namespace TypedMpi.Generators.Tests.Helpers;

/// <summary>
/// Compares text with a checked-in snapshot, <c>Snapshots/{TestClass}.{Method}.verified.txt</c> next to the test source.
/// </summary>
/// <remarks>
/// A missing or different snapshot fails the test and writes <c>.received.txt</c> beside it, to review and rename (or
/// accept with <c>SNAPSHOT_ACCEPT=1</c>). With <c>CI=true</c> nothing is ever accepted, so CI cannot approve its own output.
/// </remarks>
internal static class Snapshot
{
    public static void Match(string actual, [CallerFilePath] string testFile = "", [CallerMemberName] string method = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(testFile)}.{method}");
        var verifiedPath = stem + ".verified.txt";
        var receivedPath = stem + ".received.txt";
        actual = Normalize(actual);

        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!onCi && Environment.GetEnvironmentVariable("SNAPSHOT_ACCEPT") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        var why = verified is null ? "no verified snapshot" : "differs from the verified snapshot";
        var ci = onCi ? " (CI=true: snapshots are never accepted automatically)" : "";
        Assert.Fail($"{Path.GetFileName(verifiedPath)}: {why}{ci}. Review {receivedPath}, then rename it or rerun with SNAPSHOT_ACCEPT=1.\n\n{actual}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";
}
