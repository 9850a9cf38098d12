using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Training;

namespace ShoggothLens.Organism.Tests.Training;

public class PackedWindowsTests
{
    static TrainingExample Doc(int first, int length, bool predict) =>
        new(Enumerable.Range(first, length).ToArray(), Enumerable.Repeat(predict, length).ToArray());

    [Fact]
    public void TargetsAreTheNextTokensAndUnpredictedOnesAreIgnored()
    {
        var docs = new[] { Doc(100, 10, true), Doc(200, 10, false) };
        var windows = new PackedWindows(docs, 4, new SeededRandom(1));
        Assert.Equal(4, windows.Count);          // 20 tokens → (20 − 1) / 4 windows
        var inputs = new long[4];
        var targets = new long[4];
        for (int w = 0; w < windows.Count; w++)
        {
            windows.Window(w, inputs, targets, 0);
            for (int i = 0; i < 4; i++)
                Assert.True(targets[i] == PackedWindows.Ignore || targets[i] == (i < 3 ? inputs[i + 1] : targets[i]));
            Assert.All(targets.Where(t => t != PackedWindows.Ignore), t => Assert.InRange(t, 100, 109));
        }
    }

    [Fact]
    public void KeepWholeNeverSplitsADocumentAndPadsTheRest()
    {
        var docs = Enumerable.Range(0, 20).Select(i => Doc(1000 * (i + 1), 3 + i % 4, true)).ToArray();
        var windows = new PackedWindows(docs, 8, new SeededRandom(2), keepWhole: true, padId: 7);
        var inputs = new long[8];
        var targets = new long[8];
        var seen = new List<long>();
        for (int w = 0; w < windows.Count; w++)
        {
            windows.Window(w, inputs, targets, 0);
            var real = inputs.Where(t => t != 7).ToArray();
            // Every document in the window is whole: its first and last ids are both there.
            foreach (var group in real.GroupBy(t => t / 1000))
            {
                var doc = docs[(int)group.Key - 1];
                Assert.Equal(doc.Ids.Select(i => (long)i), group);
            }
            seen.AddRange(real);
        }
        Assert.Equal(docs.Sum(d => d.Length), seen.Count);
    }

    [Fact]
    public void NextCyclesThroughEveryWindowEachPass()
    {
        var windows = new PackedWindows([Doc(0, 41, true)], 4, new SeededRandom(3));
        var firsts = new List<long>();
        var inputs = new long[4];
        var targets = new long[4];
        for (int i = 0; i < windows.Count; i++)
        {
            windows.Next(inputs, targets, 0);
            firsts.Add(inputs[0]);
        }
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i * 4), firsts.Order());
    }

    [Fact]
    public void TheScheduleWarmsUpThenDecaysToTheFloor()
    {
        var s = new LearningRateSchedule(1e-3, 1e-4, WarmupSteps: 10, TotalSteps: 110);
        Assert.Equal(1e-4, s.At(0), 9);
        Assert.Equal(1e-3, s.At(9), 9);
        Assert.Equal(5.5e-4, s.At(60), 9);
        Assert.Equal(1e-4, s.At(110), 9);
        for (int i = 10; i < 110; i++) Assert.True(s.At(i + 1) <= s.At(i));
    }
}
