using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Workbench.Stores;

namespace ShoggothLens.Cli.Commands;

/// <summary><c>shoggoth store info | merge</c>.</summary>
public static class StoreCommands
{
    public static Command Build()
    {
        var store = new Command("store", "Inspect, verify and merge activation stores.");
        store.Subcommands.Add(Info());
        store.Subcommands.Add(Merge());
        return store;
    }

    static Command Info()
    {
        var path = new Argument<string>("store") { Description = "store folder" };
        var json = new Option<bool>("--json") { Description = "print one JSON document for scripts" };
        var verify = new Option<bool>("--verify") { Description = "also check every chunk's checksum (reads the whole store)" };
        var command = new Command("info", "Tokens by role, hooks, d_model, dtype, chunks and size on disk of a store.") { path, json, verify };
        CliAction.Set(command, (parse, cli) =>
        {
            var (summary, damaged) = StoreWorkflow.Info(parse.GetValue(path)!, parse.GetValue(verify));
            if (parse.GetValue(json)) WriteJson(cli, summary, damaged);
            else WriteText(cli, summary, damaged);
            foreach (var problem in damaged ?? []) cli.Error.WriteLine($"error: {problem}");
            return damaged is { Count: > 0 } ? ExitCodes.BadInput : ExitCodes.Ok;
        });
        return command;
    }

    static string State(StoreManifest m) =>
        !m.Complete ? $"in progress (resumes at {m.Cursor} of records {m.Settings.Shard.FirstRecord}..{m.Settings.Shard.EndRecord - 1})"
        : m.Cursor == HarvestCursor.At(m.Settings.Shard.EndRecord) ? "complete"
        : "complete (stopped at --max-tokens)";

    static void WriteText(CliContext cli, StoreSummary summary, IReadOnlyList<string>? damaged)
    {
        var m = summary.Manifest;
        var s = m.Settings;
        var o = cli.Out;
        o.WriteLine($"store          {summary.Directory}");
        o.WriteLine($"model          {s.ModelId} (fingerprint {s.ModelFingerprint})");
        o.WriteLine($"hooks          {string.Join(", ", s.Hooks)}");
        o.WriteLine($"d_model        {s.DModel}");
        o.WriteLine($"dtype          {s.DType.Name()}");
        o.WriteLine($"tokens         {m.Tokens:N0} in {m.Chunks.Count} chunks of {s.ChunkTokens:N0}");
        o.WriteLine($"state          {State(m)}");
        o.WriteLine($"shard          {s.Shard}");
        o.WriteLine($"size on disk   {FormatBytes(summary.BytesOnDisk)}");
        o.WriteLine($"harvest        context {s.Harvest.Context}, batch {s.Harvest.BatchSize}, tokenizer {s.Harvest.Tokenizer}, chat template {s.Harvest.ChatTemplate}");
        o.WriteLine($"corpus         {string.Join(", ", s.Harvest.Corpus.Select(c => $"{c.Name} ({c.Records:N0} records)"))}");
        if (m.SkippedRecords > 0) o.WriteLine($"skipped        {m.SkippedRecords:N0} bad records");
        o.WriteLine($"labels         {(m.Labels.Count == 0 ? "none" : string.Join(", ", m.Labels))}");
        o.WriteLine("tokens by role");
        foreach (var r in m.Roles.OrderByDescending(r => r.Tokens))
            o.WriteLine($"  {r.Role,-24} {r.Tokens,14:N0}  {(m.Tokens == 0 ? 0 : (double)r.Tokens / m.Tokens),7:P1}");
        if (damaged is not null)
            o.WriteLine(damaged.Count == 0 ? $"verified       all {m.Chunks.Count} chunks match their checksums" : $"verified       {damaged.Count} damaged chunk(s)");
    }

    static void WriteJson(CliContext cli, StoreSummary summary, IReadOnlyList<string>? damaged)
    {
        var m = summary.Manifest;
        var s = m.Settings;
        cli.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("store", summary.Directory);
            w.WriteString("model", s.ModelId);
            w.WriteString("fingerprint", s.ModelFingerprint);
            w.WriteStartArray("hooks");
            foreach (var h in s.Hooks) w.WriteStringValue(h);
            w.WriteEndArray();
            w.WriteNumber("d_model", s.DModel);
            w.WriteString("dtype", s.DType.Name());
            w.WriteNumber("tokens", m.Tokens);
            w.WriteNumber("chunks", m.Chunks.Count);
            w.WriteNumber("chunk_tokens", s.ChunkTokens);
            w.WriteNumber("bytes_on_disk", summary.BytesOnDisk);
            w.WriteBoolean("complete", m.Complete);
            w.WriteStartObject("shard");
            w.WriteNumber("index", s.Shard.Index);
            w.WriteNumber("count", s.Shard.Count);
            w.WriteNumber("first_record", s.Shard.FirstRecord);
            w.WriteNumber("end_record", s.Shard.EndRecord);
            w.WriteEndObject();
            w.WriteNumber("skipped_records", m.SkippedRecords);
            w.WriteNumber("context", s.Harvest.Context);
            w.WriteStartObject("tokens_by_role");
            foreach (var r in m.Roles) w.WriteNumber(r.Role.ToString(), r.Tokens);
            w.WriteEndObject();
            w.WriteStartArray("labels");
            foreach (var l in m.Labels) w.WriteStringValue(l);
            w.WriteEndArray();
            if (damaged is not null)
            {
                w.WriteStartArray("damaged");
                foreach (var d in damaged) w.WriteStringValue(d);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });
    }

    static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes} bytes",
    };

    static Command Merge()
    {
        var shards = new Argument<string[]>("shards") { Description = "the shard stores (0/N .. N-1/N, any order)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "the merged store's folder (new or empty)", Required = true };
        var command = new Command("merge", "Join the shard stores of one harvest into the store an unsharded harvest writes.") { shards, output };
        command.SetAction((parse, token) => Task.FromResult(CliAction.Guard(parse, (p, cli) =>
        {
            using var signal = new TerminationSignal(token);
            StoreManifest manifest;
            try
            {
                manifest = StoreWorkflow.Merge(p.GetValue(shards)!, p.GetValue(output)!, null, signal.Token);
            }
            catch (OperationCanceledException)
            {
                // The merged store gets its manifest only at the end: what is there is no store yet.
                cli.Error.WriteLine($"interrupted: {p.GetValue(output)} is incomplete; run the merge again");
                return ExitCodes.Interrupted;
            }
            cli.Out.WriteLine($"merged {p.GetValue(shards)!.Length} shards: {manifest.Tokens:N0} tokens in {manifest.Chunks.Count} chunks → {p.GetValue(output)}");
            return ExitCodes.Ok;
        })));
        return command;
    }
}
