using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Cli.Commands;

/// <summary><c>shoggoth tokenize</c>: ids, tokens and character offsets, as Hugging Face gives them.</summary>
public static class TokenizeCommand
{
    public static Command Build()
    {
        var tokenizerDir = new Option<string>("--tokenizer") { Description = "directory with tokenizer.json, vocab.json + merges.txt, or tokenizer.model", Required = true };
        var text = new Option<string>("--text") { Description = "text to tokenize", Required = true };
        var addSpecial = new Option<bool>("--add-special") { Description = "add the tokenizer's BOS as Hugging Face does with add_special_tokens" };
        var json = new Option<bool>("--json") { Description = "print {\"ids\", \"tokens\", \"offsets\"} as JSON (offsets in code points, as Hugging Face)" };
        var command = new Command("tokenize", "Split text into tokens. Special tokens written in the text (e.g. <|endoftext|>) map to their ids.")
            { tokenizerDir, text, addSpecial, json };
        CliAction.Set(command, (parse, cli) =>
        {
            var tokenizer = TokenizerLoader.Load(ModelSpec.Resolve(parse.GetValue(tokenizerDir)!));
            string input = parse.GetValue(text)!;
            var pieces = tokenizer.Encode(input, parse.GetValue(addSpecial));
            // Offsets are printed in code points, as Hugging Face reports them (not .NET's UTF-16 units).
            var codePoints = new CodePointOffsets(input);
            if (parse.GetValue(json))
            {
                cli.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("ids");
                    foreach (var p in pieces) w.WriteNumberValue(p.Id);
                    w.WriteEndArray();
                    w.WriteStartArray("tokens");
                    foreach (var p in pieces) w.WriteStringValue(p.Token);
                    w.WriteEndArray();
                    w.WriteStartArray("offsets");
                    foreach (var p in pieces)
                    {
                        w.WriteStartArray();
                        w.WriteNumberValue(codePoints[p.Start]);
                        w.WriteNumberValue(codePoints[p.End]);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            cli.Out.WriteLine($"{pieces.Count} tokens");
            foreach (var p in pieces)
                cli.Out.WriteLine($"  {p.Id,7}  [{codePoints[p.Start]},{codePoints[p.End]})  {p.Token}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
