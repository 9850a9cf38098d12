namespace ShoggothLens.Core.Corpus;

/// <summary>What is wrong with one record; <see cref="CorpusReader"/> adds the file and line.</summary>
internal sealed class CorpusProblemException(string problem) : Exception(problem);
