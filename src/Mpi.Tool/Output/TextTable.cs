using System.Text;

namespace TypedMpi.Tool.Output;

/// <summary>A fixed-width table: a commented header line (<c># ...</c>) and right-aligned rows.</summary>
internal sealed class TextTable((string Header, int Width)[] columns)
{
    public string Header()
    {
        var text = new StringBuilder("#");
        for (var i = 0; i < columns.Length; i++)
        {
            var width = i == 0 ? columns[i].Width - 1 : columns[i].Width;
            text.Append(columns[i].Header.PadLeft(width)).Append(i == columns.Length - 1 ? "" : "  ");
        }

        return text.ToString();
    }

    public string Row(params string[] cells)
    {
        var text = new StringBuilder();
        for (var i = 0; i < columns.Length; i++)
        {
            text.Append(cells[i].PadLeft(columns[i].Width)).Append(i == columns.Length - 1 ? "" : "  ");
        }

        return text.ToString();
    }
}

/// <summary>
/// "[12/21] 65536 bytes" on standard error, redrawn in place with a carriage return — shown only when standard error
/// is a terminal, never into a file or a pipe.
/// </summary>
internal sealed class Progress(bool enabled, int total)
{
    private int _shown;

    public static Progress Create(bool rankZero, int total) => new(rankZero && total > 1 && StandardStreams.ErrorIsTerminal, total);

    public void Show(int step, string label)
    {
        if (!enabled)
        {
            return;
        }

        var text = $"[{step}/{total}] {label}";
        StandardStreams.Error.Write("\r" + text.PadRight(_shown));
        StandardStreams.Error.Flush();
        _shown = text.Length;
    }

    /// <summary>Erases the progress line, before a result row is printed and at the end.</summary>
    public void Clear()
    {
        if (!enabled || _shown == 0)
        {
            return;
        }

        StandardStreams.Error.Write("\r" + new string(' ', _shown) + "\r");
        StandardStreams.Error.Flush();
        _shown = 0;
    }
}
