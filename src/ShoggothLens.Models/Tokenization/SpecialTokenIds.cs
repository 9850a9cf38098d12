namespace ShoggothLens.Models.Tokenization;

/// <summary>BOS/EOS ids where known, and whether encoding with special tokens puts them in.</summary>
public sealed record SpecialTokenIds(int? Bos, int? Eos, bool AddsBos, bool AddsEos)
{
    public static SpecialTokenIds None { get; } = new(null, null, false, false);
}
