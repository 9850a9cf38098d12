namespace ShoggothLens.Fuzz.Engine;

/// <summary>The mutations the fuzzer applies (one to three stacked per input).</summary>
public enum MutationKind
{
    BitFlips,
    ByteSet,
    Truncate,
    Splice,
    DuplicateRange,
    RemoveRange,
    /// <summary>A little-endian u64 or u32 written over a binary length field (safetensors header length, npy/zip sizes, chunk headers).</summary>
    LengthField,
    /// <summary>A JSON number replaced: huge, negative, NaN, 1e308, a string, null, a list…</summary>
    JsonNumber,
    /// <summary>[[[[… or {"a":{"a":… thousands deep.</summary>
    DeepNesting,
    /// <summary>A string of up to a few MiB inserted (inside a JSON string when one is found).</summary>
    HugeString,
    /// <summary>Bytes that are not UTF-8 (a lone continuation, an encoded surrogate, 0xFF).</summary>
    InvalidUtf8,
}
