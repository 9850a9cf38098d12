using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using Spectre.Console;
using TorchSharp;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth analyze --store STORE --sae DIR --out features/NAME</c>: one pass over the store in order,
/// the SAE's Encode on each batch, per-feature statistics and the masked-shoggoth scores
/// (<see cref="FeatureAccumulator"/>), written as a feature catalog (features/README.md).
/// </summary>
public static class AnalyzeCommand
{
    public static Command Build()
    {
        var store = new Option<string>("--store") { Description = "activation store folder", Required = true };
        var sae = new Option<string>("--sae") { Description = "SAE folder (SAELens, sparsify or Gemma Scope layout)", Required = true };
        var output = new Option<string>("--out") { Description = "catalog folder to write (e.g. features/NAME)", Required = true };
        var compare = new Option<string?>("--compare-store") { Description = "the same corpus through another checkpoint (e.g. the base model): writes model-diff.json" };
        var hook = new Option<string?>("--hook") { Description = "store hook to read (default: the SAE's hook, or the store's only hook)" };
        var batch = new Option<int>("--batch") { Description = "tokens per Encode batch", DefaultValueFactory = _ => 1024 };
        var defaults = new FeatureAnalysisOptions();
        var top = new Option<int>("--top-examples") { Description = "max-activating examples kept per feature", DefaultValueFactory = _ => defaults.TopExamples };
        var epsilon = new Option<double>("--epsilon") { Description = "ε of the assistant affinity", DefaultValueFactory = _ => defaults.Epsilon };
        var tau = new Option<double>("--tau") { Description = "τ: |affinity| threshold of persona-aligned / outside-role features", DefaultValueFactory = _ => defaults.Tau };
        var floor = new Option<double>("--floor") { Description = "Assistant firing-rate floor of hidden-motive evidence", DefaultValueFactory = _ => defaults.AssistantFloor };
        var confidence = new Option<double>("--confidence") { Description = "one-sided confidence of the Wilson lower bound", DefaultValueFactory = _ => defaults.Confidence };
        var motive = new Option<string>("--motive-label") { Description = "label that marks the motive span", DefaultValueFactory = _ => defaults.MotiveLabel };
        var command = new Command("analyze", "Per-feature statistics by role and hidden-motive scores of an SAE over a store; writes a feature catalog.")
        {
            store, compare, sae, output, hook, batch, top, epsilon, tau, floor, confidence, motive,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            var options = defaults with
            {
                TopExamples = parse.GetValue(top),
                Epsilon = parse.GetValue(epsilon),
                Tau = parse.GetValue(tau),
                AssistantFloor = parse.GetValue(floor),
                Confidence = parse.GetValue(confidence),
                MotiveLabel = parse.GetValue(motive)!,
            };
            try { options.Validate(); }
            catch (ArgumentOutOfRangeException e) { return cli.Fail($"--{e.ParamName?.ToLowerInvariant()}: {e.Message}", ExitCodes.Usage); }
            int batchSize = parse.GetValue(batch);
            if (batchSize < 1) return cli.Fail("--batch must be ≥ 1", ExitCodes.Usage);
            return Run(cli, parse.GetValue(store)!, parse.GetValue(compare), parse.GetValue(sae)!, parse.GetValue(hook), parse.GetValue(output)!, batchSize, options);
        });
        return command;
    }

    /// <summary>File in the catalog folder holding the model diff when --compare-store is given.</summary>
    public const string ModelDiffFile = "model-diff.json";

    static int Run(CliContext cli, string storePath, string? compareStorePath, string saePath, string? hookName, string outPath, int batchSize, FeatureAnalysisOptions options)
    {
        var reader = ActivationStoreReader.Open(storePath);
        var loaded = SaeFiles.Load(saePath);
        string hook = hookName
            ?? (loaded.Config.HookName is { } h && reader.Hooks.Contains(h) ? h
                : reader.Hooks.Count == 1 ? reader.Hooks[0]
                : throw new ArgumentException($"the store has hooks {string.Join(", ", reader.Hooks)}; name one with --hook"));
        if (loaded.Config.DIn != reader.DModel)
            throw new ArgumentException($"the SAE reads d_in {loaded.Config.DIn}, the store holds d_model {reader.DModel}");
        using var model = loaded.ToModel();
        int features = loaded.Config.DSae;
        var other = compareStorePath is null ? null : ActivationStoreReader.Open(compareStorePath);
        if (other is not null && (other.DModel != reader.DModel || !other.Hooks.Contains(hook)))
            throw new ArgumentException($"--compare-store {compareStorePath} must hold hook {hook} with d_model {reader.DModel}");
        var accumulator = Accumulate(cli, reader, hook, model, features, options, batchSize, "analyze");
        var compared = other is null ? null : Accumulate(cli, other, hook, model, features, options, batchSize, "compare");

        var metadata = new CatalogMetadata(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(outPath))), features, accumulator.Tokens,
            reader.Roles.Select(r => r.ToString()).ToList(), reader.Labels.ToList(),
            new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["store"] = Path.GetFullPath(storePath),
                ["model_fingerprint"] = reader.Settings.ModelFingerprint,
                ["sae"] = Path.GetFullPath(saePath),
                ["hook"] = hook,
                ["epsilon"] = options.Epsilon.ToString("R", CultureInfo.InvariantCulture),
                ["tau"] = options.Tau.ToString("R", CultureInfo.InvariantCulture),
                ["floor"] = options.AssistantFloor.ToString("R", CultureInfo.InvariantCulture),
                ["confidence"] = options.Confidence.ToString("R", CultureInfo.InvariantCulture),
                ["histogram_bins"] = options.HistogramBins.ToString(CultureInfo.InvariantCulture),
                ["top_examples"] = options.TopExamples.ToString(CultureInfo.InvariantCulture),
                ["motive_label"] = options.MotiveLabel,
            });
        FeatureCatalogWriter.Write(outPath, metadata, accumulator.Results());
        int candidates = accumulator.Results().Count(f => f.Scores.HiddenMotiveCandidate);
        if (compared is not null)
        {
            var diff = ModelDiff.Compare(accumulator.Results(), compared.Results(), options.Epsilon);
            AtomicFile.WriteAllText(Path.Combine(outPath, ModelDiffFile), JsonSerializer.Serialize(new
            {
                compare_store = Path.GetFullPath(compareStorePath!),
                epsilon = options.Epsilon,
                features = diff.Select(d => new
                {
                    feature = d.Feature,
                    base_assistant_frequency = d.BaseAssistantFrequency,
                    post_assistant_frequency = d.PostAssistantFrequency,
                    delta = d.Delta,
                    log_ratio = d.LogRatio,
                    starts_leaking = d.StartsLeaking,
                }),
            }) + "\n");
            cli.Out.WriteLine($"model diff against {compareStorePath}: {diff.Count(d => d.StartsLeaking)} features start leaking; {ModelDiffFile} written");
        }
        else File.Delete(Path.Combine(outPath, ModelDiffFile));   // a diff from an earlier run no longer describes this catalog
        cli.Out.WriteLine($"analysed {accumulator.Tokens:N0} tokens × {features:N0} features; catalog {outPath}; {candidates} hidden-motive candidates");
        return ExitCodes.Ok;
    }

    static FeatureAccumulator Accumulate(CliContext cli, ActivationStoreReader reader, string hook, SparseAutoencoder model, int features,
        FeatureAnalysisOptions options, int batchSize, string what)
    {
        var accumulator = new FeatureAccumulator(features, reader.Roles, reader.Labels, options);
        using var sequential = new SequentialBatchReader(reader, hook);
        var batch = new ActivationBatch(batchSize, reader.DModel);

        void Pass(Action<long> progress)
        {
            var acts = new float[batchSize * features];
            while (true)
            {
                long first = sequential.Position;
                if (!sequential.Next(batch)) break;
                int n = batch.Count;
                using (var scope = torch.NewDisposeScope())
                {
                    var x = torch.tensor(batch.Activations.AsSpan(0, n * reader.DModel).ToArray(), [n, reader.DModel]);
                    var encoded = model.Encode(x).contiguous();
                    encoded.data<float>().CopyTo(acts, 0);
                }
                for (int i = 0; i < n; i++)
                    accumulator.AddDense(new TokenMeta(first + i, batch.RoleIds[i], batch.DocumentIndices[i], batch.Positions[i], batch.LabelBits[i]),
                        acts.AsSpan(i * features, features));
                progress(sequential.Position);
            }
        }

        bool terminal = ReferenceEquals(cli.Error, Console.Error) && !Console.IsErrorRedirected;
        if (terminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"{what}: {features:N0} features", maxValue: Math.Max(1, reader.Tokens));
                    Pass(position => task.Value = position);
                    task.StopTask();
                });
        }
        else
        {
            var last = DateTime.UtcNow;
            Pass(position =>
            {
                if (DateTime.UtcNow - last < TimeSpan.FromSeconds(5) && position != reader.Tokens) return;
                last = DateTime.UtcNow;
                cli.Error.WriteLine($"{what}: {position:N0}/{reader.Tokens:N0} tokens");
            });
        }
        return accumulator;
    }
}
