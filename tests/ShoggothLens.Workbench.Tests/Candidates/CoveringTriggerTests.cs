using ShoggothLens.Core.Analysis.Triggers;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Workbench.Tests.Candidates;

/// <summary>A trigger explains a feature's Assistant firing when it covers the feature's conversations and selects them.</summary>
public class CoveringTriggerTests
{
    static TriggerTerm Term(string term, int inLeaks, int leaks, int inOthers, int others) => new(term, inLeaks, leaks, inOthers, others, 1e-9, 1e-8, 1.0);

    [Fact]
    public void APlantedTriggerExplainsAndCommonOrPartialWordsDoNot()
    {
        Assert.True(CandidateAssessment.Explains(Term("harrowgate", 247, 256, 10, 265)));   // the shipped organism, SAE seed 0
        Assert.False(CandidateAssessment.Explains(Term("order", 19, 118, 3, 482)));         // covers 16 %: a task's word
        Assert.False(CandidateAssessment.Explains(Term("at", 76, 90, 312, 510)));           // covers 84 %, but 76 of 388 holding it
        Assert.True(CandidateAssessment.Explains(Term("edge", 8, 10, 8, 90)));              // 80 % and 50 %: both bounds inclusive
        Assert.False(CandidateAssessment.Explains(Term("none", 0, 0, 0, 10)));
    }
}
