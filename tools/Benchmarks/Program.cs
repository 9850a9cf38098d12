using ShoggothLens.Benchmarks;

var benchmarks = new Dictionary<string, Func<string[], int>>
{
    ["forward"] = ForwardBenchmark.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tools/Benchmarks -- <{string.Join("|", benchmarks.Keys)}> [options]");
    return 1;
}
return run(args[1..]);
