using System.Runtime.InteropServices;
using System.Text;

namespace TypedMpi.Tool.Output;

/// <summary>
/// Standard output and error written with <c>write(2)</c> on file descriptors 1 and 2, as C's stdio does.
/// <list type="bullet">
/// <item>System.Console is avoided: when stdout is a terminal (Open MPI gives its ranks a pseudo-terminal) its first use
/// writes the keypad escape ESC[?1h ESC= into the output, which would corrupt JSON lines and tables.</item>
/// <item>A FileStream on the descriptor is avoided too: on a regular file it writes at its own offsets
/// (<c>pwrite</c>) without moving the shared file offset, so output redirected to a file would be overwritten by
/// whatever the shell or the next command writes after it.</item>
/// </list>
/// </summary>
internal static class StandardStreams
{
    public static TextWriter Out { get; } = Open(1);

    public static TextWriter Error { get; } = Open(2);

    /// <summary>True when standard error is a terminal: the only case in which a progress display is shown.</summary>
    public static bool ErrorIsTerminal => !Console.IsErrorRedirected;

    private static StreamWriter Open(int descriptor) =>
        new(OperatingSystem.IsWindows() ? (descriptor == 1 ? Console.OpenStandardOutput() : Console.OpenStandardError()) : new DescriptorStream(descriptor),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 4096)
        {
            NewLine = "\n",
            AutoFlush = false,
        };
}

/// <summary>A write-only stream over a Unix file descriptor, writing with <c>write(2)</c> (retried on EINTR and partial writes).</summary>
internal sealed unsafe partial class DescriptorStream(int descriptor) : Stream
{
    private const int EINTR = 4;
    private bool _broken;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length && !_broken)
            {
                var written = WriteNative(descriptor, start + done, (nuint)(buffer.Length - done));
                if (written >= 0)
                {
                    done += (int)written;
                }
                else if (Marshal.GetLastPInvokeError() != EINTR)
                {
                    _broken = true; // e.g. EPIPE after `| head`: drop the rest rather than fail the run
                }
            }
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int fd, byte* buffer, nuint count);
}
