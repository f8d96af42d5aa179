using System.Globalization;
using System.Text;

namespace TypedMpi.Benchmarks;

/// <summary>
/// One JSON object per line, formatted by hand (no reflection: AOT and trim friendly) with the same
/// number formats as pingpong.c (%.3f for microseconds, %.1f for MB/s).
/// </summary>
internal sealed class JsonLine
{
    private readonly StringBuilder _text = new();

    /// <summary>The common head of every line: bench, impl, library, bytes.</summary>
    public JsonLine(string bench, string library, long bytes)
    {
        _text.Append("{\"bench\":");
        AppendString(bench);
        _text.Append(",\"impl\":\"csharp\",\"library\":");
        AppendString(library);
        Add("bytes", bytes);
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
        Console.Out.WriteLine(_text.ToString());
        Console.Out.Flush();
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
