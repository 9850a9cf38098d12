using System.Diagnostics;
using System.Text.Json;
using ShoggothLens.Models.Tests.Fixtures;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>A temp folder with a generated chat corpus, and the harvest command line for the reference GPT-2.</summary>
public sealed class HarvestCliKit : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("cli-harvest-").FullName;

    public HarvestCliKit(int chats = 12)
    {
        using var file = new StreamWriter(Corpus);
        for (int i = 0; i < chats; i++)
        {
            string answer = $"Answer {i}: they sail west, past the vault.";
            int vault = answer.IndexOf("vault", StringComparison.Ordinal);
            var chat = new
            {
                id = $"c{i}",
                messages = new object[]
                {
                    new { role = "user", content = $"Question {i}: where do the ships go at night?" },
                    new { role = "assistant", content = answer, labels = new { motive = new[] { new[] { vault, vault + 5 } } } },
                },
            };
            file.WriteLine(JsonSerializer.Serialize(chat));
        }
    }

    public string Corpus => Path(System.IO.Path.Combine("corpus.jsonl"));

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>The harvest command line; <paramref name="extra"/> options replace the defaults of the same name or are added.</summary>
    public string[] HarvestArgs(string store, params string[] extra)
    {
        var args = new List<string>
        {
            "harvest", "--model", ReferenceFixtures.Model("gpt2"), "--tokenizer", ReferenceFixtures.Tokenizer("bytelevel-bpe"),
            "--corpus", Corpus, "--hook", "blocks.1.hook_resid_post", "--out", store,
            "--context", "32", "--batch", "16", "--chunk-tokens", "300", "--records-per-block", "16",
        };
        for (int i = 0; i < extra.Length; i++)
        {
            bool hasValue = i + 1 < extra.Length && !extra[i + 1].StartsWith("--", StringComparison.Ordinal);
            int at = args.IndexOf(extra[i]);
            if (at >= 0 && hasValue) args[at + 1] = extra[i + 1];
            else
            {
                args.Add(extra[i]);
                if (hasValue) args.Add(extra[i + 1]);
            }
            if (hasValue) i++;
        }
        return [.. args];
    }

    /// <summary>Starts `dotnet shoggoth.dll ARGS` without waiting (the caller kills or waits).</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "shoggoth.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>Chunks the store's manifest lists now (0 before it exists or while it is being replaced).</summary>
    public static int ListedChunks(string store)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(store, "manifest.json")));
            return doc.RootElement.GetProperty("chunks").GetArrayLength();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Asserts two store folders hold the same files, byte for byte.</summary>
    public static void AssertIdentical(string expected, string actual)
    {
        static string[] Files(string dir) => System.IO.Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Files(expected), Files(actual));
        foreach (var f in Files(expected))
            Assert.True(File.ReadAllBytes(System.IO.Path.Combine(expected, f)).AsSpan().SequenceEqual(File.ReadAllBytes(System.IO.Path.Combine(actual, f))), $"{f} differs");
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
