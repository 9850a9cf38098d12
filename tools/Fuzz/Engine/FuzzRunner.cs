using System.Diagnostics;

namespace ShoggothLens.Fuzz.Engine;

/// <summary>
/// Runs one parser over seeded mutations of its seeds. Each parse runs on its own thread (a fresh managed stack of the
/// default size, smaller than the CLI's main thread: deep recursion shows here first), timed and with its allocation
/// measured by <see cref="GC.GetAllocatedBytesForCurrentThread"/>. The oracle: success, or an exception the target
/// documents, within <see cref="FuzzOptions.SlowParse"/> and <see cref="FuzzTarget.AllocationBound"/>.
/// </summary>
public static class FuzzRunner
{
    /// <summary>
    /// Names the input being parsed, in the work folder, so that a process that dies without a report (a signal: SIGBUS,
    /// SIGKILL) leaves the one input to replay; the folder is deleted only when the run ends normally.
    /// </summary>
    public const string CurrentInputFile = "current-input.txt";

    /// <summary>Findings kept in full per run (grouped by signature; the count covers all).</summary>
    const int KeptFindings = 50;

    public static FuzzReport Run(FuzzTarget target, SeedSources sources, FuzzOptions options, string workFolder)
    {
        var seeds = target.Seeds(sources);
        if (seeds.Count == 0) throw new InvalidOperationException($"{target.Name}: no seeds");
        var folders = seeds.Select((s, i) => Materialize(s, Path.Combine(workFolder, $"{target.Name}-{i}"))).ToArray();

        var refused = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var findings = new List<FuzzFinding>();
        var signatures = new HashSet<string>();
        var samples = new List<string>();
        int accepted = 0, findingCount = 0, tried = 0;
        TimeSpan slowest = TimeSpan.Zero;
        long largestAllocation = 0, largestInput = 0;
        var clock = Stopwatch.StartNew();

        string current = Path.Combine(workFolder, CurrentInputFile);
        for (int index = options.First; index < options.First + options.Inputs; index++)
        {
            var rng = new Random(InputSeed(options.Seed, target.Name, index));
            int s = rng.Next(seeds.Count);
            var seed = seeds[s];
            var partners = seeds.Where(p => p.Mutable == seed.Mutable).ToList();
            var mutations = new List<MutationKind>();
            var bytes = Mutator.Mutate(seed.MutableBytes, partners[rng.Next(partners.Count)].MutableBytes, rng, mutations);
            target.Prepare(folders[s], seed, bytes);
            File.WriteAllText(current, $"--parser {target.Name} --seed {options.Seed} --from {index} --inputs 1\n");
            largestInput = Math.Max(largestInput, bytes.Length);
            long inputBytes = seed.Files.Where(f => f.Key != seed.Mutable).Sum(f => (long)f.Value.Length) + bytes.Length;

            var outcome = ParseOnce(target, folders[s], seed, options.Hang);
            tried++;
            string? problem = null, kind = null, where = "";
            if (outcome.Hung)
            {
                (kind, problem) = ("hang", $"still parsing after {options.Hang.TotalSeconds:F0} s");
            }
            else
            {
                slowest = outcome.Elapsed > slowest ? outcome.Elapsed : slowest;
                largestAllocation = Math.Max(largestAllocation, outcome.Allocated);
                long bound = target.AllocationBound(inputBytes);
                if (outcome.Error is { } e && !target.IsDocumentedRefusal(e))
                    (kind, problem, where) = (e.GetType().Name, e.Message, Frame(e));
                else if (outcome.Elapsed > options.SlowParse)
                    (kind, problem) = ("slow", $"{outcome.Elapsed.TotalSeconds:F1} s for {inputBytes:N0} input bytes");
                else if (outcome.Allocated > bound)
                    (kind, problem) = ("allocation", $"{outcome.Allocated:N0} bytes allocated for {inputBytes:N0} input bytes (bound {bound:N0})");
                else if (outcome.Error is { } refusal)
                {
                    refused[refusal.GetType().Name] = refused.GetValueOrDefault(refusal.GetType().Name) + 1;
                    if (samples.Count < 8 && index % 7 == 0) samples.Add(Shorten(refusal.Message + (refusal.InnerException?.InnerException is { } inner ? $" ← {inner.Message}" : "")));
                }
                else
                    accepted++;
            }

            if (kind is not null)
            {
                findingCount++;
                if (signatures.Add($"{kind}|{where}") && findings.Count < KeptFindings)
                    findings.Add(new FuzzFinding(target.Name, index, seed.Name, kind, Shorten(problem!), where, mutations,
                        Save(options.FindingsFolder, target.Name, index, seed.Mutable, bytes)));
            }
            if (outcome.Hung) break; // the stuck thread keeps a core busy: nothing after it would be measured fairly
        }

        try { Directory.Delete(workFolder, recursive: true); } catch (IOException) { }
        return new FuzzReport(target.Name, tried, accepted, refused, findings, findingCount, clock.Elapsed, slowest, largestAllocation, largestInput, samples);
    }

    /// <summary>
    /// Each seed put in place unmutated and parsed: the problems (seed name → message) of seeds that do not parse.
    /// A seed that fails means the mutations start from a refusal and reach nothing deeper.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CheckSeeds(FuzzTarget target, SeedSources sources, string workFolder)
    {
        var problems = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var seeds = target.Seeds(sources);
        for (int i = 0; i < seeds.Count; i++)
        {
            string folder = Materialize(seeds[i], Path.Combine(workFolder, $"{target.Name}-seed-{i}"));
            target.Prepare(folder, seeds[i], seeds[i].MutableBytes);
            try { target.Parse(folder, seeds[i]); }
            catch (Exception e) { problems[seeds[i].Name] = $"{e.GetType().Name}: {e.Message}"; }
        }
        try { Directory.Delete(workFolder, recursive: true); } catch (IOException) { }
        return problems;
    }

    /// <summary>The input's own seed: a stable (not per-process) hash of the parser name, the run's seed and the index.</summary>
    public static int InputSeed(int seed, string parser, int index)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in parser) h = (h ^ c) * 1099511628211UL;
        h = (h ^ (uint)seed) * 1099511628211UL;
        h = (h ^ (uint)index) * 1099511628211UL;
        return (int)(h ^ (h >> 32)) & int.MaxValue;
    }

    /// <summary>How one parse ended: still running after the hang bound, or its error (null: success), time and managed allocation.</summary>
    public sealed record Outcome(bool Hung, Exception? Error, TimeSpan Elapsed, long Allocated);

    /// <summary>One input (a regression case): the seed's folder with <paramref name="bytes"/> put in place, parsed as a run parses.</summary>
    public static Outcome Try(FuzzTarget target, FuzzSeed seed, byte[] bytes, string workFolder, TimeSpan hang) =>
        ParseOnce(target, Place(target, seed, bytes, workFolder), seed, hang);

    /// <summary>Writes the seed's folder with <paramref name="bytes"/> put in place (for a command to read) and returns it.</summary>
    public static string Place(FuzzTarget target, FuzzSeed seed, byte[] bytes, string folder)
    {
        Materialize(seed, folder);
        target.Prepare(folder, seed, bytes);
        return folder;
    }

    /// <summary>Parses on a fresh background thread; a thread that does not finish within <paramref name="hang"/> is abandoned.</summary>
    static Outcome ParseOnce(FuzzTarget target, string folder, FuzzSeed seed, TimeSpan hang)
    {
        Exception? error = null;
        TimeSpan elapsed = TimeSpan.Zero;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            try { target.Parse(folder, seed); }
            catch (Exception e) { error = e; }
            elapsed = watch.Elapsed;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }) { IsBackground = true, Name = $"fuzz {target.Name}" };
        thread.Start();
        if (!thread.Join(hang)) return new Outcome(true, null, hang, 0);
        return new Outcome(false, error, elapsed, allocated);
    }

    static string Materialize(FuzzSeed seed, string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        foreach (var (relative, bytes) in seed.Files)
        {
            string path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        return folder;
    }

    /// <summary>The innermost ShoggothLens frame of the exception (or its first frame).</summary>
    static string Frame(Exception e)
    {
        var frames = new StackTrace(e, fNeedFileInfo: false).GetFrames();
        var ours = frames.FirstOrDefault(f => f.GetMethod()?.DeclaringType?.FullName?.StartsWith("ShoggothLens.", StringComparison.Ordinal) == true
                                              && f.GetMethod()?.DeclaringType?.FullName?.StartsWith("ShoggothLens.Fuzz.", StringComparison.Ordinal) != true);
        var frame = ours ?? frames.FirstOrDefault();
        var method = frame?.GetMethod();
        return method is null ? "?" : $"{method.DeclaringType?.Name}.{method.Name}";
    }

    static string Shorten(string message) => message.Length <= 300 ? message : message[..300] + "…";

    static string? Save(string? folder, string parser, int index, string mutable, byte[] bytes)
    {
        if (folder is null) return null;
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{parser}-{index}-{Path.GetFileName(mutable)}");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
