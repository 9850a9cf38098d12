using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using TorchSharp;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>
/// `shoggoth analyze` end to end on small synthetic stores: every catalog field filled and checked against a
/// direct recomputation (logit effects against the shipped organism's own weights), and a run killed with
/// SIGKILL mid-pass resuming from its checkpoint to a byte-identical catalog.
/// </summary>
public sealed class AnalyzeCatalogFieldsTests : IDisposable
{
    const string Hook = "blocks.1.hook_resid_post";
    readonly string _dir = Path.Combine(Path.GetTempPath(), "analyze-fields-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Documents alternate chat (User, Assistant) and story (Narration, Persona(spy)); activations are a seeded function of the token.</summary>
    static void WriteStore(string directory, int documents, int tokensPerDocument, int dModel, int chunkTokens, int vocab)
    {
        var settings = new StoreSettings("test-model", "test-fingerprint", [Hook], dModel, ActivationDType.F32, chunkTokens,
            new HarvestParameters([new CorpusFileSummary("corpus.jsonl", 1, documents, "0011223344556677")], "test-tokenizer", "plain",
                Context: tokensPerDocument, BatchSize: 1, RecordsPerBlock: 1, MaxTokens: null),
            ShardRange.Whole(documents));
        var writer = ActivationStoreWriter.Create(directory, settings);
        var random = new Random(5);
        for (int d = 0; d < documents; d++)
        {
            bool story = d % 2 == 0;
            Role[] roles = story ? [Role.Narration, Role.Persona("spy")] : [Role.User, Role.Assistant];
            var acts = new float[tokensPerDocument * dModel];
            for (int i = 0; i < acts.Length; i++) acts[i] = (float)(random.NextDouble() * 2 - 1) + (story && i % dModel == 0 ? 1.5f : 0);
            writer.BeginBatch(new HarvestCursor(d, 0, 0), 0);
            writer.Append(new TokenRun
            {
                TokenIds = Enumerable.Range(0, tokensPerDocument).Select(p => (d * 31 + p * 7) % vocab).ToArray(),
                RoleIndices = Enumerable.Range(0, tokensPerDocument).Select(p => (ushort)(p < tokensPerDocument / 4 ? 0 : 1)).ToArray(),
                Roles = roles,
                DocumentIndices = Enumerable.Repeat((long)d, tokensPerDocument).ToArray(),
                Documents = [new StoreDocument(d, $"doc-{d}", 0, d + 1)],
                Positions = Enumerable.Range(0, tokensPerDocument).ToArray(),
                LabelBits = new uint[tokensPerDocument],
                LabelNames = [],
            }, new FloatActivationRows([acts], dModel));
        }
        writer.Complete(HarvestCursor.At(documents), 0);
    }

    static void WriteRandomSae(string directory, int dIn, int dSae, int seed)
    {
        var random = new Random(seed);
        float[] M(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        SaeLensFormat.Save(directory, new SaeConfig(SaeArchitecture.Standard, dIn, dSae, HookName: Hook),
            new SaeParameters(dIn, dSae, M(dIn * dSae), Enumerable.Range(0, dSae).Select(_ => -1f).ToArray(), M(dSae * dIn), new float[dIn]));
    }

    [Fact]
    public void AnalyzeWithTheOrganismFillsEveryFieldAndTheLogitEffectsMatchItsWeights()
    {
        Assert.True(ShippedOrganism.IsAvailable, "the shipped organism is missing beside the tests");
        string modelDir = ShippedOrganism.Directory("assistant");
        var config = ModelLoader.ReadConfig(modelDir);
        int d = config.DModel, features = 12;
        string store = Path.Combine(_dir, "store"), sae = Path.Combine(_dir, "sae"), catalog = Path.Combine(_dir, "features", "organism");
        WriteStore(store, documents: 16, tokensPerDocument: 24, dModel: d, chunkTokens: 100, vocab: config.VocabSize);
        WriteRandomSae(sae, d, features, seed: 3);

        var r = CliRunner.Run("analyze", "--store", store, "--sae", sae, "--out", catalog, "--model", "organism", "--batch", "50",
            "--context-before", "5", "--context-after", "2", "--top-examples", "4");
        Assert.True(r.ExitCode == 0, r.Error);

        var tokenizer = TokenizerLoader.Load(modelDir);
        using var lm = ModelLoader.Load(modelDir);
        var gamma = lm.NamedParameters.Single(p => p.Name == "model.norm.weight").Parameter.data<float>().ToArray();
        var unembedding = lm.UnembeddingMatrix.contiguous().data<float>().ToArray();
        int vocab = (int)lm.UnembeddingMatrix.shape[0];
        var loaded = SaeFiles.Load(sae);

        using var opened = FeatureCatalog.Open(catalog);
        Assert.Equal("jaccard", opened.Metadata.Parameters["coactivation_score"]);
        var personas = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(catalog, "persona-vectors.json")));
        var spy = personas.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("persona").GetString() == "spy");
        var spyVector = spy.GetProperty("vector").EnumerateArray().Select(x => x.GetSingle()).ToArray();
        Assert.Equal(d, spyVector.Length);
        Assert.True(spyVector[0] > 1, "the planted +1.5 on dimension 0 of story tokens shows in the spy's vector");
        Assert.False(File.Exists(Path.Combine(catalog, "analyze.checkpoint")));

        int withContexts = 0;
        for (int f = 0; f < features; f++)
        {
            var s = opened.Read(f);
            var row = loaded.Parameters.WDec.AsSpan(f * d, d);
            // Logit effects: W_U (γ ⊙ d̂), centred.
            double norm = Math.Sqrt(row.ToArray().Sum(x => (double)x * x));
            var logits = new double[vocab];
            for (int v = 0; v < vocab; v++)
            {
                double sum = 0;
                for (int i = 0; i < d; i++) sum += unembedding[v * d + i] * (double)gamma[i] * row[i] / norm;
                logits[v] = sum;
            }
            double mean = logits.Average();
            var top = Enumerable.Range(0, vocab).OrderByDescending(v => logits[v]).Take(10).ToList();
            Assert.NotNull(s.Logits);
            Assert.Equal(top, s.Logits!.Top.Select(t => t.TokenId));
            Assert.Equal(Enumerable.Range(0, vocab).OrderBy(v => logits[v]).Take(10), s.Logits.Bottom.Select(t => t.TokenId));
            for (int i = 0; i < 10; i++)
            {
                Assert.True(Math.Abs(logits[top[i]] - mean - s.Logits.Top[i].Value) < 1e-3, $"feature {f}: logit {s.Logits.Top[i].Value} vs {logits[top[i]] - mean}");
                Assert.Equal(tokenizer.Decode([top[i]]), s.Logits.Top[i].Token);
            }
            Assert.Equal(vocab, s.Logits.Histogram.Sum());
            Assert.Equal(50, s.Logits.Histogram.Count);

            Assert.Equal(10, s.DecoderNeighbours!.Count);
            Assert.DoesNotContain(f, s.DecoderNeighbours.Select(l => l.Feature));
            Assert.Equal(["Narration", "spy"], s.PersonaCosines!.Select(p => p.Persona));
            double cos = RoleMeans.Cosine(row, spyVector);
            Assert.True(Math.Abs(cos - s.PersonaCosines![1].Cosine) < 1e-5);
            Assert.NotNull(s.CoActivating);
            Assert.Equal(s.TopExamples.Count, s.TopContexts!.Count);
            foreach (var w in s.TopContexts.Concat(s.QuantileGroups!.SelectMany(g => g.Examples)))
            {
                Assert.InRange(w.Tokens.Count, 1, 8);
                Assert.Equal(w.TokenIds.Select(id => tokenizer.Decode([id])), w.Tokens);
                Assert.True(w.Activations[w.QualifyingIndex] > 0);
                withContexts++;
            }
            Assert.Equal(s.Overall.Firings, s.QuantileGroups!.Sum(g => g.Contains));
        }
        Assert.True(withContexts > 0);
    }

    [Fact]
    public void WithoutAModelTokensAreIdsAndThereAreNoLogitEffects()
    {
        string store = Path.Combine(_dir, "store"), sae = Path.Combine(_dir, "sae"), catalog = Path.Combine(_dir, "plain");
        WriteStore(store, documents: 6, tokensPerDocument: 10, dModel: 8, chunkTokens: 32, vocab: 100);
        WriteRandomSae(sae, 8, 5, seed: 1);
        var r = CliRunner.Run("analyze", "--store", store, "--sae", sae, "--out", catalog);
        Assert.True(r.ExitCode == 0, r.Error);
        using var opened = FeatureCatalog.Open(catalog);
        var s = Enumerable.Range(0, 5).Select(opened.Read).First(x => x.Overall.Firings > 0);
        Assert.Null(s.Logits);
        Assert.Equal("ids", opened.Metadata.Parameters["token_strings"]);
        var w = s.TopContexts![0];
        Assert.Equal(w.TokenIds.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), w.Tokens);
        Assert.Equal(4, s.DecoderNeighbours!.Count);

        var bad = CliRunner.Run("analyze", "--store", store, "--sae", sae, "--out", catalog, "--context-before", "-1");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--context-before", bad.Error);
    }

    [Fact]
    public void AnAnalyzeKilledMidPassResumesToTheSameCatalog()
    {
        string store = Path.Combine(_dir, "store"), sae = Path.Combine(_dir, "sae");
        WriteStore(store, documents: 400, tokensPerDocument: 200, dModel: 32, chunkTokens: 2000, vocab: 5000);
        WriteRandomSae(sae, 32, 2048, seed: 7);
        string[] Args(string output) => ["analyze", "--store", store, "--sae", sae, "--out", output, "--batch", "500", "--checkpoint-every", "1"];

        string whole = Path.Combine(_dir, "a", "cat"), killed = Path.Combine(_dir, "b", "cat");
        var reference = CliRunner.Run(Args(whole));
        Assert.True(reference.ExitCode == 0, reference.Error);

        string checkpoint = Path.Combine(killed, "analyze.checkpoint");
        using (var process = HarvestCliKit.Start(Args(killed)))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(checkpoint))
            {
                if (process.HasExited) Assert.Fail($"analyze ended before its first checkpoint: {process.StandardError.ReadToEnd()}");
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint in 2 minutes");
                Thread.Sleep(5);
            }
            process.Kill();   // SIGKILL
            process.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, CatalogFormat.DataFile)), "the run finished before the kill");

        var resumed = CliRunner.RunProcess(Args(killed));
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resumed from the checkpoint", resumed.Error);
        Assert.False(File.Exists(checkpoint));
        foreach (string file in new[] { CatalogFormat.DataFile, CatalogFormat.IndexFile, "persona-vectors.json" })
            Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(killed, file))), $"{file} differs");
        Assert.Equal(Directory.GetFiles(whole).Select(Path.GetFileName).Order(), Directory.GetFiles(killed).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void CtrlCStopsAnAnalyzeWithACheckpointAndTheSameCommandResumes()
    {
        string store = Path.Combine(_dir, "store"), sae = Path.Combine(_dir, "sae");
        WriteStore(store, documents: 400, tokensPerDocument: 200, dModel: 32, chunkTokens: 2000, vocab: 5000);
        WriteRandomSae(sae, 32, 2048, seed: 7);
        string[] Args(string output) => ["analyze", "--store", store, "--sae", sae, "--out", output, "--batch", "500", "--checkpoint-every", "1"];

        string whole = Path.Combine(_dir, "a", "cat"), stopped = Path.Combine(_dir, "b", "cat");
        var reference = CliRunner.Run(Args(whole));
        Assert.True(reference.ExitCode == 0, reference.Error);

        string checkpoint = Path.Combine(stopped, "analyze.checkpoint");
        using (var process = HarvestCliKit.Start(Args(stopped)))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(checkpoint))
            {
                if (process.HasExited) Assert.Fail($"analyze ended before its first checkpoint: {process.StandardError.ReadToEnd()}");
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint in 2 minutes");
                Thread.Sleep(5);
            }
            CtrlC.Send(process);
            string error = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "analyze did not stop after SIGINT");
            Assert.True(process.ExitCode == 130, error);
            Assert.Contains("the same command resumes it", error);
        }
        Assert.True(File.Exists(checkpoint));
        Assert.False(File.Exists(Path.Combine(stopped, CatalogFormat.DataFile)), "the run finished before the interrupt");

        var resumed = CliRunner.Run(Args(stopped));
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resumed from the checkpoint", resumed.Error);
        foreach (string file in new[] { CatalogFormat.DataFile, CatalogFormat.IndexFile, "persona-vectors.json" })
            Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(stopped, file))), $"{file} differs");
    }
}
