namespace ShoggothLens.Sae.Training;

/// <summary>How b_dec starts: the geometric median of a sample (SAELens' default), its mean, or zero.</summary>
public enum BDecInit
{
    GeometricMedian,
    Mean,
    Zeros,
}
