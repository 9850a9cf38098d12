namespace ShoggothLens.Organism.Training;

/// <summary>
/// A document's token ids and, per token, whether the model is trained to predict it
/// (every token of a story; only Assistant tokens and their closing &lt;|im_end|&gt; in a chat).
/// </summary>
public sealed record TrainingExample(int[] Ids, bool[] Predict)
{
    public int Length => Ids.Length;
    public int PredictedCount => Predict.Count(p => p);
}
