using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TypedMpi.Benchmarks;

/// <summary>
/// One JSON object per line, formatted by hand (no reflection: AOT and trim friendly) with the same
/// number formats as pingpong.c and structs.c (%.3f for microseconds, %.1f for MB/s).
/// </summary>
internal sealed class JsonLine
{
    /// <summary>
    /// File descriptor 1 as a plain stream. System.Console is avoided on purpose: when stdout is a terminal (Open
    /// MPI gives its ranks a pseudo-terminal) its first use writes the keypad escape ESC[?1h ESC= into stdout.
    /// </summary>
    private static readonly StreamWriter s_stdout = new(
        new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0),
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };

    private readonly StringBuilder _text = new();

    /// <summary>The "impl" of every line: "csharp" under a launcher, "inprocess" for in-process ranks.</summary>
    public static string Implementation { get; set; } = "csharp";

    /// <summary>The common head of every pingpong line: bench, impl, library, bytes.</summary>
    public JsonLine(string bench, string library, long bytes)
        : this(bench, library)
    {
        Add("bytes", bytes);
    }

    /// <summary>The common head of every line: bench, impl, library (the structs suite adds count, then bytes).</summary>
    public JsonLine(string bench, string library)
    {
        _text.Append("{\"bench\":");
        AppendString(bench);
        _text.Append(",\"impl\":");
        AppendString(Implementation);
        _text.Append(",\"library\":");
        AppendString(library);
    }

    public JsonLine Add(string name, long value)
    {
        Name(name);
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>A number in a fixed-point <paramref name="format"/>: "F3" is printf's %.3f, "F1" its %.1f.</summary>
    public JsonLine Add(string name, double value, string format)
    {
        Name(name);
        _text.Append(value.ToString(format, CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Writes the line to standard output and flushes it.</summary>
    public void Print()
    {
        _text.Append('}');
        s_stdout.WriteLine(_text.ToString());
        s_stdout.Flush();
    }

    private void Name(string name)
    {
        _text.Append(',');
        AppendString(name);
        _text.Append(':');
    }

    private void AppendString(string s)
    {
        _text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case < ' ': _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: _text.Append(c); break;
            }
        }

        _text.Append('"');
    }
}
