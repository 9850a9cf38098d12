using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Builds a tokenizer from a SentencePiece tokenizer.model, with Hugging Face's Llama conventions:
/// control pieces and &lt;unk&gt; are special tokens, BOS is added when special tokens are asked for.
/// </summary>
public static class SentencePieceReader
{
    public static SentencePieceBpeTokenizer Read(string path, TokenizerConfig config)
    {
        var model = SentencePieceModelReader.Read(path);
        if (model.ModelType != SentencePieceModel.Bpe)
        {
            string kind = model.ModelType switch
            {
                SentencePieceModel.Unigram => "Unigram",
                SentencePieceModel.Word => "Word",
                SentencePieceModel.Char => "Char",
                _ => model.ModelType.ToString(),
            };
            throw new InvalidInputFileException(path, $"SentencePiece model type {kind} is not supported (only BPE)");
        }
        if (model.TreatWhitespaceAsSuffix)
            throw new InvalidInputFileException(path, "SentencePiece treat_whitespace_as_suffix is not supported");
        if (model.UnkId < 0 || model.UnkId >= model.Pieces.Count || model.Pieces[model.UnkId].Type != SentencePieceType.Unknown)
            throw new InvalidInputFileException(path, $"unk_id {model.UnkId} is not an unknown piece");
        var charsMap = PrecompiledCharsMap.Parse(model.PrecompiledCharsMap, path);

        var declared = new List<AddedToken>();
        for (int id = 0; id < model.Pieces.Count; id++)
            if (model.Pieces[id].Type is SentencePieceType.Control or SentencePieceType.Unknown && model.Pieces[id].Piece.Length > 0)
                declared.Add(new AddedToken(model.Pieces[id].Piece, id, Special: true));

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < model.Pieces.Count; id++)
            vocabulary.TryAdd(model.Pieces[id].Piece, id);
        string? PieceAt(int id) => id >= 0 && id < model.Pieces.Count ? model.Pieces[id].Piece : null;
        var (added, ids) = SpecialTokenResolver.Resolve(vocabulary, declared, config,
            new SpecialTokenResolver.Defaults(PieceAt(model.BosId), PieceAt(model.EosId), AddsBos: true, AddsEos: false));
        return new SentencePieceBpeTokenizer(model, charsMap, added, ids);
    }
}
