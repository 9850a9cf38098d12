namespace ShoggothLens.Cli.Infrastructure;

/// <summary>Parses "1,2,3" (spaces allowed) into token ids, with a message a user can act on.</summary>
public static class IdList
{
    public static long[] Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new FormatException("--ids is empty; give token ids like 1,2,3");
        return parts.Select(p => long.TryParse(p, out long id) && id >= 0
            ? id
            : throw new FormatException($"--ids: '{p}' is not a token id (a non-negative integer)")).ToArray();
    }
}
