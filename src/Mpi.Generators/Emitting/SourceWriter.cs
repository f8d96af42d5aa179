using System;
using System.Text;

namespace TypedMpi.Generators.Emitting;

/// <summary>A <see cref="StringBuilder"/> that indents: four spaces a level, applied to every line written.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _text = new();
    private int _indentation;

    /// <summary>Writes <paramref name="text"/>, re-indenting each of its lines (so a raw string literal keeps its shape).</summary>
    public void WriteLine(string text)
    {
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text.Substring(start, end - start).TrimEnd('\r');
            if (line.Length > 0)
            {
                for (var i = 0; i < _indentation; i++)
                {
                    _text.Append(IndentUnit);
                }

                _text.Append(line);
            }

            _text.Append('\n');
            start = end + 1;
        }
    }

    /// <summary>Writes <paramref name="text"/> one level deeper than the current indentation (a switch section's statements, an expression body).</summary>
    public void IndentedLine(string text)
    {
        _indentation++;
        WriteLine(text);
        _indentation--;
    }

    /// <summary>An empty line.</summary>
    public void WriteLine() => _text.Append('\n');

    /// <summary>Writes <c>{</c> and indents until the returned block is disposed, which writes <c>}</c> (plus <paramref name="closing"/>).</summary>
    public Block OpenBlock(string closing = "")
    {
        WriteLine("{");
        _indentation++;
        return new Block(this, closing);
    }

    public override string ToString() =>
        _indentation == 0 ? _text.ToString() : throw new InvalidOperationException("A block was left open.");

    public readonly struct Block(SourceWriter writer, string closing) : IDisposable
    {
        public void Dispose()
        {
            writer._indentation--;
            writer.WriteLine("}" + closing);
        }
    }
}
