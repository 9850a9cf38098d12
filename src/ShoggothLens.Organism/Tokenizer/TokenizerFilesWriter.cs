using ShoggothLens.Core.Files;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Organism.Tokenizer;

/// <summary>
/// Writes a trained BPE as a Hugging Face GPT-2 tokenizer: <c>vocab.json</c>, <c>merges.txt</c>,
/// <c>tokenizer_config.json</c> (special tokens in <c>added_tokens_decoder</c>, BOS not added, the
/// ChatML <c>chat_template</c>) and <c>special_tokens_map.json</c>.
/// </summary>
public static class TokenizerFilesWriter
{
    static readonly JsonWriterOptions Json = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="eosToken">The checkpoint's end-of-sequence token: &lt;|endoftext|&gt; for the base model, &lt;|im_end|&gt; for the Assistant.</param>
    public static void Write(string directory, TrainedBpe bpe, string eosToken, int modelMaxLength)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, "vocab.json"), stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartObject();
            for (int id = 0; id < bpe.Tokens.Count; id++) json.WriteNumber(bpe.Tokens[id], id);
            json.WriteEndObject();
        });

        var merges = new StringBuilder("#version: 0.2\n");
        foreach (var (left, right) in bpe.Merges) merges.Append(left).Append(' ').Append(right).Append('\n');
        AtomicFile.WriteAllText(Path.Combine(directory, "merges.txt"), merges.ToString());

        AtomicFile.Write(Path.Combine(directory, "tokenizer_config.json"), stream =>
        {
            using var json = new Utf8JsonWriter(stream, Json);
            json.WriteStartObject();
            json.WriteBoolean("add_bos_token", false);
            json.WriteBoolean("add_prefix_space", false);
            json.WriteStartObject("added_tokens_decoder");
            foreach (var special in bpe.SpecialTokens)
            {
                json.WriteStartObject(bpe.IdOf(special).ToString(System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("content", special);
                json.WriteBoolean("lstrip", false);
                json.WriteBoolean("normalized", false);
                json.WriteBoolean("rstrip", false);
                json.WriteBoolean("single_word", false);
                json.WriteBoolean("special", true);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartArray("additional_special_tokens");
            json.WriteStringValue(OrganismTokens.ImStart);
            json.WriteStringValue(OrganismTokens.ImEnd);
            json.WriteEndArray();
            json.WriteString("bos_token", OrganismTokens.EndOfText);
            json.WriteString("chat_template", OrganismTokens.ChatMlJinja);
            json.WriteBoolean("clean_up_tokenization_spaces", false);
            json.WriteString("eos_token", eosToken);
            json.WriteString("errors", "replace");
            json.WriteNumber("model_max_length", modelMaxLength);
            json.WriteString("pad_token", OrganismTokens.EndOfText);
            json.WriteString("tokenizer_class", "GPT2Tokenizer");
            json.WriteString("unk_token", OrganismTokens.EndOfText);
            json.WriteEndObject();
        });

        AtomicFile.Write(Path.Combine(directory, "special_tokens_map.json"), stream =>
        {
            using var json = new Utf8JsonWriter(stream, Json);
            json.WriteStartObject();
            json.WriteStartArray("additional_special_tokens");
            json.WriteStringValue(OrganismTokens.ImStart);
            json.WriteStringValue(OrganismTokens.ImEnd);
            json.WriteEndArray();
            json.WriteString("bos_token", OrganismTokens.EndOfText);
            json.WriteString("eos_token", eosToken);
            json.WriteString("pad_token", OrganismTokens.EndOfText);
            json.WriteString("unk_token", OrganismTokens.EndOfText);
            json.WriteEndObject();
        });
    }
}
