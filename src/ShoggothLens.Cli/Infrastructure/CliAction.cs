using System.CommandLine;
using System.Text.Json;
using ShoggothLens.Core.Files;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Work;

namespace ShoggothLens.Cli.Infrastructure;

/// <summary>Exit codes shared by every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command line was wrong (System.CommandLine's own parse errors also return 1).</summary>
    public const int Usage = 1;
    /// <summary>An input file or value was missing, malformed or hostile.</summary>
    public const int BadInput = 2;
    /// <summary>Stopped by Ctrl-C or SIGTERM (128 + SIGINT): what was written is consistent and the same command resumes.</summary>
    public const int Interrupted = 130;
    /// <summary>Something we did not expect: a bug to report.</summary>
    public const int Internal = 70;
}

/// <summary>
/// Wraps a command's body so that a user's mistake or a bad file prints one short line
/// ("error: FILE: problem") instead of a stack trace. The library names a wrong option in domain terms
/// (<see cref="InvalidOptionException.Option"/>, <see cref="InvalidInputFileException.Option"/>, e.g. <c>LearningRate</c>); the flags map those
/// names to the command's flags (<c>--lr</c>), which the line then ends with.
/// </summary>
public static class CliAction
{
    public static void Set(Command command, Func<ParseResult, CliContext, int> body, IReadOnlyDictionary<string, string>? flags = null) =>
        command.SetAction(parse => Guard(parse, body, flags));

    public static int Guard(ParseResult parse, Func<ParseResult, CliContext, int> body, IReadOnlyDictionary<string, string>? flags = null)
    {
        var context = new CliContext(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        try
        {
            return body(parse, context);
        }
        catch (InvalidOptionException e)
        {
            return context.Fail(WithFlag(e.Message, e.Option, flags), ExitCodes.BadInput);
        }
        catch (InvalidInputFileException e)
        {
            return context.Fail(WithFlag(e.Message, e.Option, flags), ExitCodes.BadInput);
        }
        catch (FolderLockedException e)
        {
            return context.Fail(e.Message, ExitCodes.BadInput);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException
                                      or DirectoryNotFoundException or InvalidDataException or JsonException)
        {
            return context.Fail(e.Message, ExitCodes.BadInput);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("SHOGGOTH_DEBUG") != "1")
        {
            return context.Fail($"unexpected {e.GetType().Name}: {e.Message} (set SHOGGOTH_DEBUG=1 for the stack trace)", ExitCodes.Internal);
        }
    }

    /// <summary>"message (--flag)" when the option has a flag in this command.</summary>
    static string WithFlag(string message, string? option, IReadOnlyDictionary<string, string>? flags) =>
        option is not null && flags is not null && flags.TryGetValue(option, out var flag) ? $"{message} ({flag})" : message;
}

/// <summary>Where a command writes: standard output for results, standard error for messages.</summary>
public sealed class CliContext(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;

    public int Fail(string message, int exitCode)
    {
        Error.WriteLine($"error: {message}");
        return exitCode;
    }

    /// <summary>Writes one JSON document (compact, one line) to standard output.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(json);
        Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
