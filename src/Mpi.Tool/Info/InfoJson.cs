using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TypedMpi.Tool.Info;

/// <summary>
/// <c>typedmpi info --json</c>: the same report as one JSON object, written with <see cref="Utf8JsonWriter"/> (no
/// reflection-based serialization). The schema is in docs/tool.md.
/// </summary>
internal static class InfoJson
{
    public static string Render(InfoReport r)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("tool_version", r.ToolVersion);
            json.WriteString("runtime_version", r.RuntimeVersion);
            json.WriteString("dotnet", r.DotnetVersion);
            json.WriteString("host", r.Host);

            json.WriteStartObject("launcher");
            json.WriteString("kind", r.Launcher.Kind.ToString());
            json.WriteString("description", r.Launcher.Description);
            json.WriteString("evidence", r.Launcher.Evidence);
            WriteNullable(json, "size", r.Launcher.Size);
            WriteNullable(json, "rank", r.Launcher.Rank);
            WriteNullableString(json, "expected_family", r.Launcher.ExpectedFamily?.ToString());
            json.WriteEndObject();

            json.WriteStartObject("backend");
            json.WriteString("backend", r.BackendName);
            WriteNullable(json, "ranks", r.Backend?.Backend == InProcess.Backend.InProcess ? r.Backend.Ranks : null);
            WriteNullableString(json, "reason", r.Backend?.Reason);
            WriteNullableString(json, "error", r.BackendProblem);
            json.WriteEndObject();

            json.WriteStartObject("settings");
            foreach (var (name, value) in r.Settings)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            WriteNullableString(json, "abi_error", r.AbiProblem);

            json.WriteStartArray("candidates");
            for (var i = 0; i < r.Candidates.Count; i++)
            {
                var c = r.Candidates[i];
                json.WriteStartObject();
                json.WriteNumber("index", i + 1);
                json.WriteString("name", c.Name);
                json.WriteString("reason", c.Reason);
                json.WriteBoolean("loaded", c.Loaded);
                json.WriteBoolean("usable", c.Usable);
                json.WriteBoolean("chosen", ReferenceEquals(r.Choice?.Candidate, c));
                WriteNullableString(json, "path", c.Library?.Path);
                WriteNullableString(json, "family", c.Library?.Family.ToString());
                WriteNullableString(json, "version", c.Library?.VersionLine);
                WriteNullableString(json, "mpi_version", c.Library?.StandardVersion.ToString());
                WriteNullableString(json, "same_file_as", c.SameFileAs);
                WriteNullableString(json, "error", c.Problem);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            if (r.Choice is { } choice)
            {
                var library = choice.Candidate.Library!;
                json.WriteStartObject("chosen");
                json.WriteNumber("index", IndexOf(r, choice.Candidate) + 1);
                json.WriteString("name", choice.Candidate.Name);
                WriteNullableString(json, "path", library.Path);
                json.WriteString("family", library.Family.ToString());
                json.WriteString("version", library.VersionLine);
                json.WriteString("mpi_version", library.StandardVersion.ToString());
                json.WriteString("why", choice.Why);
                json.WriteBoolean("belongs_to_launcher", choice.BelongsToLauncher);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("chosen");
            }

            if (r.Init is { } init)
            {
                json.WriteStartObject("init");
                json.WriteBoolean("ok", init.Ok);
                json.WriteString("requested_thread_level", init.Requested.ToString());
                WriteNullableString(json, "provided_thread_level", init.Provided?.ToString());
                WriteNullable(json, "world_size", init.Ok ? init.WorldSize : null);
                WriteNullable(json, "rank", init.Ok ? init.Rank : null);
                WriteNullableString(json, "processor_name", init.ProcessorName);
                WriteNullableString(json, "library", init.Library?.VersionLine);
                WriteNullableString(json, "path", init.Library?.Path);
                if (init.Ok)
                {
                    json.WriteNumber("wtick", init.Wtick);
                }

                WriteNullableString(json, "error", init.Error);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("init");
            }

            json.WriteStartArray("advice");
            if (!r.LibraryFound)
            {
                foreach (var advice in InfoReport.InstallAdvice)
                {
                    json.WriteStringValue(advice);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static int IndexOf(InfoReport r, Candidate candidate)
    {
        for (var i = 0; i < r.Candidates.Count; i++)
        {
            if (ReferenceEquals(r.Candidates[i], candidate))
            {
                return i;
            }
        }

        return -1;
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
