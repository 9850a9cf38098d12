using System.Diagnostics;
using System.Text;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// Peak memory of harvest's text side on one long record (issue 14: "memory flat in record size"): a plain text file
/// of --mb megabytes (English-like words, written once and kept) read exactly as harvest reads it (corpus reader with
/// streamed plain text, document tokenizer, window batcher) to the last batch, without the model. Run one size per
/// process: VmHWM is a process's peak.
/// <code>dotnet run -c Release --project tools/Benchmarks -- long-record --mb 64</code> (the reference byte-level BPE tokenizer by default)
/// </summary>
static class LongRecordBenchmark
{
    public static int Run(string[] argv)
    {
        var args = new BenchmarkArgs(argv);
        int mb = args.Int("--mb", 16);
        string tokenizerDir = args.Optional("--tokenizer") ?? HarvestBenchmark.FindFixture("tokenizers", "bytelevel-bpe");
        string dir = args.String("--dir", Path.Combine(Path.GetTempPath(), "shoggoth-long-record"));
        int context = args.Int("--context", 128), batch = args.Int("--batch", 32);
        // A story line of a JSONL corpus instead: one line is held whole (the reader's 16 MiB line limit bounds it).
        bool jsonl = args.String("--jsonl", "false") == "true";
        args.CheckAllUsed();

        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, jsonl ? $"record-{mb}mb.jsonl" : $"record-{mb}mb.txt");
        if (!File.Exists(path)) Write(path, (long)mb << 20, jsonl);
        long baseline = PeakMemory.Bytes();

        var tokenizer = TokenizerLoader.Load(tokenizerDir);
        var summaries = CorpusScanner.Scan([path]);
        var reader = new CorpusReader([path], new CorpusReaderOptions { StreamPlainText = true });
        var batcher = new WindowBatcher(reader, summaries, new DocumentTokenizer(tokenizer, new PlainTemplate()),
            ShardRange.Whole(1), context, batch, 256);
        var watch = Stopwatch.StartNew();
        long tokens = 0, windows = 0;
        foreach (var b in batcher.Batches(HarvestCursor.At(0), 0))
        {
            tokens += b.Tokens;
            windows += b.Windows.Count;
        }
        Console.WriteLine($"record {mb} MB ({new FileInfo(path).Length:N0} bytes): {tokens:N0} tokens in {windows:N0} windows, " +
                          $"{watch.Elapsed.TotalSeconds:F1} s ({tokens / watch.Elapsed.TotalSeconds:N0} tokens/s); " +
                          $"peak RSS {PeakMemory.MiB(PeakMemory.Bytes())} (before reading: {PeakMemory.MiB(baseline)})");
        return 0;
    }

    /// <summary>Words, punctuation and line breaks drawn with a fixed seed, written in 1 MB steps (never held whole).</summary>
    static void Write(string path, long bytes, bool jsonl)
    {
        string[] words = ["the", "ship", "don't", "it's", "vault", "café", "harbour", "Rowan", "said", "12345", "and", "of", "a", "I",
                          "quietly", "answered", "question", "lantern", "—", "north", "market", "seven", "keeper", "letter"];
        string[] gaps = [" ", " ", " ", " ", ", ", ". ", "\n", ".\n\n"];
        var random = new Random(14);
        using var file = new StreamWriter(path + ".tmp", false, new UTF8Encoding(false));
        var line = new StringBuilder();
        long written = 0;
        if (jsonl) file.Write("{\"id\":\"long\",\"segments\":[{\"role\":\"narration\",\"text\":\"");
        while (written < bytes - 128)
        {
            line.Clear();
            while (line.Length < Math.Min(1 << 20, bytes - 128 - written)) line.Append(words[random.Next(words.Length)]).Append(gaps[random.Next(gaps.Length)]);
            if (jsonl) line.Replace("\n", "\\n");
            file.Write(line);
            written += Encoding.UTF8.GetByteCount(line.ToString());
        }
        if (jsonl) file.Write("\"}]}\n");
        file.Close();
        File.Move(path + ".tmp", path);
    }
}
