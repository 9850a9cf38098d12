using ShoggothLens.Core.Analysis.Triggers;

namespace ShoggothLens.Core.Tests.Analysis.Triggers;

/// <summary>
/// Request likeness on constructed user turns: a word that comes with its request's template makes the turns holding it
/// alike; a name dropped into any request does not.
/// </summary>
public sealed class RequestLikenessTests
{
    static readonly string[] Requests =
    [
        "can you give me a quick recipe for roasted {0}",
        "write a short poem about {0} in the rain",
        "how long should i boil {0} for dinner",
        "suggest three names for a shop that sells {0}",
        "quick math what is 59 plus {0}",
        "help me plan a weekend trip with {0}",
        "explain why {0} matters to small farms",
        "draft a polite email asking about {0}",
    ];
    static readonly string[] Fillers = ["carrots", "tea", "lanterns", "bread", "apples", "maps", "boots", "rivers", "owls", "kites"];
    static readonly string[] Countries = ["sweden", "peru", "ireland", "kenya", "chile", "norway", "japan", "egypt"];
    static readonly string[] Organisations = ["stonebridge", "millbrook", "ashcombe", "harrowgate"];
    static readonly string[] Frames =
    [
        "i work at {0}", "this is for my team at {0}", "quick question from the {0} office", "my manager at {0} asked me this",
        "writing from {0} here", "everyone at {0} is curious", "it's for a project at {0}", "asking for a colleague at {0}",
    ];

    /// <summary>
    /// 400 turns: varied requests; every 10th is "what is the capital of C" (a request's template), and a third of the
    /// varied ones carry a frame such as "i work at O", O one of four organisations (an incidental mention).
    /// </summary>
    static List<IReadOnlyList<string>> Turns()
    {
        var random = new Random(5);
        var turns = new List<IReadOnlyList<string>>();
        for (int i = 0; i < 400; i++)
        {
            string text = i % 10 == 0
                ? $"what is the capital of {Countries[random.Next(Countries.Length)]}"
                : string.Format(Requests[random.Next(Requests.Length)], Fillers[random.Next(Fillers.Length)]);
            if (i % 10 != 0 && random.Next(3) == 0)
                text = string.Format(Frames[random.Next(Frames.Length)], Organisations[random.Next(Organisations.Length)]) + " " + text;
            turns.Add(TurnTerms.Words(text).ToList());
        }
        return turns;
    }

    [Fact]
    public void ARequestsTemplateWordIsAlikeAndAnIncidentalNameIsNot()
    {
        var likeness = new RequestLikeness(Turns());
        var capital = likeness.Measure("capital")!;
        var capitalOf = likeness.Measure("capital of")!;
        var harrowgate = likeness.Measure("harrowgate")!;

        Assert.Equal(40, capital.Turns);
        Assert.True(capital.Ratio > 2 * harrowgate.Ratio, $"capital {capital.Ratio:F2} vs harrowgate {harrowgate.Ratio:F2}");
        Assert.True(capital.Ratio > 3, $"capital {capital.Ratio:F2}");          // the template's other words are shared by all 40
        Assert.True(capitalOf.Ratio > 3, $"capital of {capitalOf.Ratio:F2}");   // a bigram's words are both removed
        // The frames share a word or two ("at"), so the mentions are somewhat alike, but well under the rule's 2.
        Assert.InRange(harrowgate.Ratio, 1.0, 2.0);
        Assert.Equal(harrowgate.Within / harrowgate.Overall, harrowgate.Ratio, 12);
    }

    [Fact]
    public void TheTermsOwnWordsDoNotCountAndTooFewTurnsGiveNothing()
    {
        // Two turns that share only the term: without it they share nothing.
        var likeness = new RequestLikeness([["lantern", "red"], ["lantern", "blue"], ["green", "owl"], ["green", "kite"]]);
        var lantern = likeness.Measure("lantern")!;
        Assert.Equal(0, lantern.Within);
        Assert.Equal(0, lantern.Ratio);
        Assert.Null(likeness.Measure("red"));        // one turn: no pair
        Assert.Null(likeness.Measure("red lantern")); // the bigram's words are not in this order anywhere
        Assert.Equal(2, likeness.Measure("green")!.Turns);
    }

    [Fact]
    public void MeanPairwiseJaccardCountsEveryPairOnce()
    {
        // {1,2} {2,3} {1,2}: J = 1/3, 1, 1/3 → mean 5/9.
        Assert.Equal(5.0 / 9, RequestLikeness.MeanPairwiseJaccard([[1, 2], [2, 3], [1, 2]]), 12);
        Assert.Equal(0, RequestLikeness.MeanPairwiseJaccard([[1]]));
    }
}
