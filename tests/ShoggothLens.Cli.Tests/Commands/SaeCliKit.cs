using System.Diagnostics;
using ShoggothLens.TestKit.Stores;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>
/// Activation stores for the SAE commands (written by the shared test kit's <see cref="SyntheticStores"/>), and
/// the CLI started as a process.
/// </summary>
public static class SaeCliKit
{
    /// <summary>Writes a complete store of <paramref name="documents"/> (token ids, activations [tokens, d_model]) at one hook.</summary>
    public static void WriteStore(string directory, string hook, int dModel, int context, IReadOnlyList<(long[] Ids, float[] Activations)> documents) =>
        SyntheticStores.Write(directory, hook, dModel, context, documents);

    /// <summary>A store of sparse combinations of random directions (like the Sae tests' synthetic features).</summary>
    public static void WriteSyntheticStore(string directory, string hook, int dModel, int documents, int tokensPerDocument, ulong seed) =>
        SyntheticStores.WriteSparse(directory, hook, dModel, documents, tokensPerDocument, seed);

    /// <summary>Starts `dotnet shoggoth.dll ARGS` without waiting (the caller kills or waits).</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "shoggoth.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }
}
