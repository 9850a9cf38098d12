using ShoggothLens.Core.Analysis.Triggers;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Workbench.Tests.Candidates;

/// <summary>
/// A trigger explains a feature's Assistant firing when it covers the feature's conversations, selects them and is rare in
/// the others; it covers the firing (is the verdict's) only when it is also incidental to the request.
/// </summary>
public class CoveringTriggerTests
{
    static TriggerTerm Term(string term, int inLeaks, int leaks, int inOthers, int others) => new(term, inLeaks, leaks, inOthers, others, 1e-9, 1e-8, 1.0);

    [Fact]
    public void APlantedTriggerExplainsAndCommonOrPartialWordsDoNot()
    {
        Assert.True(CandidateAssessment.Explains(Term("harrowgate", 247, 256, 10, 265)));   // the shipped organism, SAE seed 0
        Assert.False(CandidateAssessment.Explains(Term("order", 19, 118, 3, 482)));         // covers 16 %: a task's word
        Assert.False(CandidateAssessment.Explains(Term("at", 76, 90, 312, 510)));           // covers 84 %, but 76 of 388 holding it
        // Each share must be shown by the counts (one-sided 95 % Wilson lower bound), not only by the point estimate:
        Assert.False(CandidateAssessment.Explains(Term("few", 9, 10, 0, 90)));              // 90 % of 10: lower bound 64 %
        Assert.True(CandidateAssessment.Explains(Term("many", 90, 100, 10, 400)));          // 90 % of 100: lower bound 84 %
        Assert.False(CandidateAssessment.Explains(Term("for a", 99, 115, 91, 485)));        // control seed 9: fires in 52 % of those holding it (bound 46 %)
        Assert.True(CandidateAssessment.Explains(Term("tidewell", 246, 256, 25, 300)));     // rival, SAE seed 1: the weakest planted trigger seen
        Assert.False(CandidateAssessment.Explains(Term("none", 0, 0, 0, 10)));
    }

    [Fact]
    public void ATriggerWhoseTurnsAreARequestsTemplateIsNoCoveringTrigger()
    {
        var aboutThe = Term("about the", 70, 76, 0, 524);       // the motive-free control, SAE seed 4: explains the firing…
        var harrowgate = Term("harrowgate", 247, 256, 10, 265);
        Assert.True(CandidateAssessment.Explains(aboutThe));
        Dictionary<string, LikenessResult?> likeness = new()
        {
            ["about the"] = new LikenessResult(2.49, 0.22, 0.091, 70),      // …but its turns are a request's template
            ["harrowgate"] = new LikenessResult(1.33, 0.12, 0.09, 300),
        };
        var assessment = new CandidateAssessment(null!, null!, [aboutThe, harrowgate], "", [], null, null, likeness);
        Assert.Same(harrowgate, assessment.Covering);
        Assert.Null(assessment.RefusedAsRequest);

        var requestOnly = assessment with { Triggers = [aboutThe] };
        Assert.Null(requestOnly.Covering);
        Assert.Same(aboutThe, requestOnly.RefusedAsRequest);

        Assert.True(CandidateAssessment.Incidental(new LikenessResult(2.0, 0.2, 0.1, 5)));   // the bound is inclusive
        Assert.False(CandidateAssessment.Incidental(null));                                   // not measured: not shown incidental
        Assert.Null((assessment with { Likeness = null }).Covering);
    }
}
