using ShoggothLens.Models.Tokenization;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Tokenizer;

namespace ShoggothLens.Organism.Tests.Fixtures;

/// <summary>A small corpus (seed 7) and a 512-token BPE trained on it, written to a temp folder once per test run.</summary>
public static class TinyOrganism
{
    static readonly Lazy<OrganismCorpus> LazyCorpus = new(() => OrganismCorpus.Generate(7, CorpusSizes.Tiny));
    static readonly Lazy<TrainedBpe> LazyBpe = new(() => BpeTrainer.Train(
        Corpus.TrainStories.Select(s => s.Text).Concat(Corpus.TrainChats.Select(c => Organism.Training.TrainingTokenizer.Render(c).Text)),
        new BpeTrainingOptions(512, OrganismTokens.Special)));
    static readonly Lazy<TempDirectory> LazyTokenizerDirectory = new(() =>
    {
        var dir = new TempDirectory();
        TokenizerFilesWriter.Write(dir.Path, Bpe, OrganismTokens.ImEnd, 128);
        return dir;
    });

    public static OrganismCorpus Corpus => LazyCorpus.Value;
    public static TrainedBpe Bpe => LazyBpe.Value;
    public static string TokenizerDirectory => LazyTokenizerDirectory.Value.Path;
    public static ITextTokenizer Tokenizer => TokenizerLoader.Load(TokenizerDirectory);
}
