namespace ShoggothLens.Sae.Backends;

/// <summary>
/// Everything a backend needs to continue training exactly: parameters in SAELens orientation
/// (W_enc [d_in, d_sae], b_enc, W_dec [d_sae, d_in], b_dec, and JumpReLU's log_threshold), Adam's
/// moments as "adam.m.NAME" / "adam.v.NAME", Adam's step count and BatchTopK's running threshold.
/// Backends exchange this, so a checkpoint written by one can be resumed by another.
/// </summary>
public sealed class SaeTrainingState
{
    public const string WEnc = "W_enc", BEnc = "b_enc", WDec = "W_dec", BDec = "b_dec", LogThreshold = "log_threshold";

    public Dictionary<string, StateTensor> Tensors { get; } = new(StringComparer.Ordinal);
    public long AdamStep { get; set; }
    public float BatchTopKThreshold { get; set; }

    public static string MomentName(string parameter) => "adam.m." + parameter;
    public static string SecondMomentName(string parameter) => "adam.v." + parameter;

    public StateTensor Get(string name) =>
        Tensors.TryGetValue(name, out var t) ? t : throw new ArgumentException($"training state lacks '{name}'");

    /// <summary>The state's parameter, with zero moments if the state has none (a fresh start).</summary>
    public (StateTensor Value, StateTensor M, StateTensor V) Parameter(string name)
    {
        var value = Get(name);
        StateTensor Moment(string key) => Tensors.TryGetValue(key, out var t) ? t : new StateTensor(value.Shape, new float[value.Data.Length]);
        return (value, Moment(MomentName(name)), Moment(SecondMomentName(name)));
    }
}
