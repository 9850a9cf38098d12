using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Tokenization;

/// <summary>
/// The SentencePiece BPE fixture (trained and encoded by the sentencepiece library, no BOS):
/// exact ids and pieces, including its nmt_nfkc normalization (leading spaces dropped, tabs and
/// newlines become spaces) and byte fallback for characters outside the vocabulary.
/// </summary>
public class SentencePieceFixtureTests
{
    static readonly string Dir = ReferenceFixtures.Tokenizer("sentencepiece-bpe");

    static readonly Lazy<ITextTokenizer> Tokenizer = new(() => TokenizerLoader.Load(Dir));

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < ExpectedEncoding.Load(Path.Combine(Dir, "expected.json")).Count; i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodesExactlyAsSentencePiece(int index)
    {
        var expected = ExpectedEncoding.Load(Path.Combine(Dir, "expected.json"))[index];

        var pieces = Tokenizer.Value.Encode(expected.Text);

        Assert.Equal(expected.Ids, pieces.Select(p => p.Id));
        Assert.Equal(expected.Tokens, pieces.Select(p => p.Token));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OffsetsPointAtTheTextEachPieceCameFrom(int index)
    {
        var expected = ExpectedEncoding.Load(Path.Combine(Dir, "expected.json"))[index];

        var pieces = Tokenizer.Value.Encode(expected.Text);

        foreach (var piece in pieces)
        {
            Assert.InRange(piece.Start, 0, piece.End);
            Assert.InRange(piece.End, piece.Start, expected.Text.Length);
            // What a piece covers, spaces aside, is what it spells (byte pieces cover their character).
            string covered = expected.Text[piece.Start..piece.End].Replace(" ", "").Replace("\t", "").Replace("\n", "");
            string spelled = piece.Token.Replace("▁", "");
            if (!spelled.StartsWith("<0x", StringComparison.Ordinal))
                Assert.Equal(spelled, covered);
        }
        Assert.Equal(pieces.Select(p => p.Start), pieces.Select(p => p.Start).Order());
    }

    [Fact]
    public void KnowsLlamaStyleSpecialIdsAndAddsBosOnlyWhenAsked()
    {
        var tokenizer = Tokenizer.Value;

        Assert.IsType<SentencePieceBpeTokenizer>(tokenizer);
        Assert.Equal(400, tokenizer.VocabSize);
        Assert.Equal(1, tokenizer.BosId);
        Assert.Equal(2, tokenizer.EosId);
        Assert.True(tokenizer.AddsBos);
        Assert.Equal(0, tokenizer.TokenToId("<unk>"));
        Assert.Equal(350, tokenizer.Encode("Hi")[0].Id);
        Assert.Equal([1, 350], tokenizer.Encode("Hi", addSpecialTokens: true).Take(2).Select(p => p.Id));
    }

    [Fact]
    public void ControlPiecesWrittenInTextBecomeTheirIds()
    {
        var pieces = Tokenizer.Value.Encode("<s>Hi</s>");

        Assert.Equal(1, pieces[0].Id);
        Assert.Equal((0, 3), (pieces[0].Start, pieces[0].End));
        Assert.Equal(2, pieces[^1].Id);
        Assert.Equal((5, 9), (pieces[^1].Start, pieces[^1].End));
    }

    [Fact]
    public void DecodesIdsBackToNormalizedText()
    {
        var tokenizer = Tokenizer.Value;
        foreach (var expected in ExpectedEncoding.Load(Path.Combine(Dir, "expected.json")))
        {
            string normalized = string.Join(' ', expected.Text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(normalized, tokenizer.Decode(expected.Ids));
        }
    }
}
