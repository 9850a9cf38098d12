using System.Text;
using System.Text.Json;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Benchmarks;

/// <summary>A generated persona-JSONL corpus: stories of narration and two characters, each about eight windows long.</summary>
static class Stories
{
    static readonly string[] Words =
        ["the", "spy", "walked", "into", "a", "quiet", "harbour", "where", "ships", "waited", "and", "guards", "spoke", "of", "gold", "night"];

    /// <summary>Writes stories to <paramref name="path"/> until they hold at least <paramref name="tokens"/> tokens (with 10% to spare).</summary>
    public static string Write(string path, ITextTokenizer tokenizer, long tokens, int context)
    {
        var random = new Random(3);
        string Sentence(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => Words[random.Next(Words.Length)])) + ". ";
        using var file = new StreamWriter(path, false, new UTF8Encoding(false));
        long total = 0;
        for (int doc = 0; total < tokens * 1.1; doc++)
        {
            var segments = new List<object>();
            int docTokens = 0;
            for (int s = 0; docTokens < 8 * context; s++)
            {
                string text = Sentence(20);
                docTokens += tokenizer.Encode(text).Count;
                segments.Add(s % 3 == 0 ? new { role = "narration", text } : new { role = "persona", name = s % 3 == 1 ? "spy" : "guard", text });
            }
            total += docTokens;
            file.WriteLine(JsonSerializer.Serialize(new { id = $"story-{doc}", segments }));
        }
        return path;
    }
}
