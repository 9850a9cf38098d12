using ShoggothLens.Fuzz.Engine;
using ShoggothLens.Fuzz.Targets;

// The long fuzz run (tools/Fuzz/README.md):
//   nice -n 10 dotnet run --project tools/Fuzz -c Release -- --parser all --inputs 10000 --seed 1 [--findings DIR]
// Prints one line per parser (inputs, accepted, refused, findings, time, slowest parse, largest allocation) and every
// finding; exits 1 when there is any finding.
string parser = "all";
int inputs = 10_000, seed = 1, first = 0;
string? findingsFolder = null;
double slowSeconds = 5, hangSeconds = 60;
bool verbose = false;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--parser": parser = Next(); break;
        case "--inputs": inputs = int.Parse(Next()); break;
        case "--seed": seed = int.Parse(Next()); break;
        case "--from": first = int.Parse(Next()); break;
        case "--findings": findingsFolder = Next(); break;
        case "--slow-s": slowSeconds = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--hang-s": hangSeconds = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--verbose": verbose = true; break;
        case "--list":
            foreach (var t in FuzzTargets.All) Console.WriteLine($"{t.Name,-20} {t.Description}");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; use --parser NAME|all --inputs N --seed N [--from I] [--findings DIR] [--slow-s S] [--hang-s S] [--verbose] | --list");
            return 2;
    }
}

var targets = parser == "all" ? FuzzTargets.All : parser.Split(',').Select(FuzzTargets.Get).ToList();
var options = new FuzzOptions(inputs, seed, TimeSpan.FromSeconds(slowSeconds), TimeSpan.FromSeconds(hangSeconds), findingsFolder, first);
string work = Path.Combine(Path.GetTempPath(), $"shoggoth-fuzz-{Environment.ProcessId}");
var sources = new SeedSources(SeedSources.FindRepoRoot(AppContext.BaseDirectory), Path.Combine(work, "seeds"));
Console.WriteLine($"seed {seed}, {inputs} inputs per parser, slow > {slowSeconds} s, hang > {hangSeconds} s, {Environment.ProcessorCount} cores");
Console.WriteLine($"work folder {work} (if the run dies without a report, inputs/{FuzzRunner.CurrentInputFile} there names the input to replay)");
int findings = 0;
try
{
    foreach (var target in targets)
    {
        foreach (var (name, problem) in FuzzRunner.CheckSeeds(target, sources, Path.Combine(work, "seeds-check")))
        {
            Console.WriteLine($"    SEED {target.Name}/{name} does not parse: {problem}");
            findings++;
        }
        var report = FuzzRunner.Run(target, sources, options, Path.Combine(work, "inputs"));
        Console.WriteLine(report);
        foreach (var (type, count) in report.Refused) Console.WriteLine($"    refused {count,6} × {type}");
        if (verbose) foreach (var m in report.RefusalSamples) Console.WriteLine($"    e.g. {m}");
        foreach (var f in report.Findings) Console.WriteLine($"    FINDING {f}");
        findings += report.FindingCount;
    }
}
finally
{
    try { Directory.Delete(work, recursive: true); } catch (IOException) { }
}
Console.WriteLine(findings == 0 ? "no findings" : $"{findings} findings");
return findings == 0 ? 0 : 1;
