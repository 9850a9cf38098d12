using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace ShoggothLens.Cli.Infrastructure;

/// <summary>
/// Bounds of numeric options, checked while the command line is parsed: a value outside them is a command-line mistake
/// (exit 1 with usage, as the README promises), never a crash or a half-done run. The bounds are sanity limits (a batch
/// of at least one token, a width an array can hold), not tuning advice.
/// </summary>
public static class OptionRange
{
    /// <summary>Accepts values in [<paramref name="min"/>, <paramref name="max"/>] (NaN never).</summary>
    public static Option<T> Within<T>(this Option<T> option, T min, T max) where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0 && result.Implicit) return;   // the default, which is in range
            T value = result.GetValueOrDefault<T>();
            if (!InRange(value, min, max)) result.AddError(Message(option.Name, value, min, max));
        });
        return option;
    }

    /// <summary>Accepts no value, or one in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<T?> Within<T>(this Option<T?> option, T min, T max) where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T?>() is { } value && !InRange(value, min, max)) result.AddError(Message(option.Name, value, min, max));
        });
        return option;
    }

    static bool InRange<T>(T value, T min, T max) where T : INumber<T> => value >= min && value <= max;   // false for NaN

    static string Message<T>(string name, T value, T min, T max) where T : INumber<T> =>
        string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}, not {value}");
}
