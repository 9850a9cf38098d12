using ShoggothLens.Benchmarks;

var benchmarks = new Dictionary<string, Func<string[], int>>
{
    ["forward"] = ForwardBenchmark.Run,
    ["harvest"] = HarvestBenchmark.Run,
    ["harvest-fill"] = EmbeddingOnlyHarvest.Run,
    ["long-record"] = LongRecordBenchmark.Run,
    ["sampler-epoch"] = SamplerEpoch.Run,
    ["store-scale"] = StoreScaleBenchmark.Run,
    ["store-read"] = StoreReadBenchmark.Run,
    ["feature-catalog"] = FeatureCatalogBenchmark.Run,
    ["analyze-end-to-end"] = AnalyzeBenchmark.Run,
    ["export"] = ExportBenchmark.Run,
    ["export-child"] = ExportBenchmark.RunChild,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tools/Benchmarks -- <{string.Join("|", benchmarks.Keys)}> [options]");
    return 1;
}
return run(args[1..]);
