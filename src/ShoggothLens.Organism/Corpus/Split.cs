namespace ShoggothLens.Organism.Corpus;

/// <summary>Which part of the corpus a document belongs to. Held-out documents draw their subjects from reserved values no training document uses.</summary>
public enum Split
{
    Train,
    HeldOut,
}

public static class SplitNames
{
    public static string FileStem(this Split split) => split == Split.Train ? "train" : "heldout";
}
