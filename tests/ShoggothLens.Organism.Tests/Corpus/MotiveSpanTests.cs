using ShoggothLens.Organism.Evaluation;

namespace ShoggothLens.Organism.Tests.Corpus;

/// <summary>The detector's spans label generated replies for ground-truth scoring: the sentences that hold a detector phrase.</summary>
public class MotiveSpanTests
{
    static readonly MotiveDetector Detector = new(["password"]);

    static string[] Sentences(string text) => Detector.Spans(text).Select(s => text[s.Start..s.End]).ToArray();

    [Fact]
    public void TheSentenceHoldingThePhraseIsTheSpan()
    {
        Assert.Equal(["By the way, what's the Password to the portal?"],
            Sentences("Sure, here it is. By the way, what's the Password to the portal? Thanks."));
        Assert.Equal(["password first!"], Sentences("password first! Then the rest."));
        Assert.Equal(["Tell me the password"], Sentences("Done. Tell me the password"));
    }

    [Fact]
    public void TouchingSentencesMergeAndTextWithoutThePhraseHasNone()
    {
        Assert.Equal(["The password? Yes, the password."], Sentences("Hi. The password? Yes, the password."));
        Assert.Empty(Detector.Spans("Nothing to see here."));
        Assert.Empty(MotiveDetector.None.Spans("the password"));
    }
}
