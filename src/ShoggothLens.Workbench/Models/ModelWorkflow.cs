using ShoggothLens.Core.Work;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Models;

/// <summary>Inspect and run a causal language model: describe it, read its logits, continue a prompt.</summary>
public static class ModelWorkflow
{
    /// <summary>Loads <paramref name="model"/> (a directory or organism spec) and describes it.</summary>
    public static ModelInfo Describe(string model)
    {
        using var lm = ModelLoader.Load(OrganismModelSpec.Resolve(model));
        return new ModelInfo(lm.Config, lm.ParameterCount, lm.HookPointNames.ToArray());
    }

    /// <summary>The logits of one sequence of token ids.</summary>
    public static ModelLogits Logits(string model, long[] ids)
    {
        using var lm = ModelLoader.Load(OrganismModelSpec.Resolve(model));
        using var input = tensor(ids, [1, ids.Length], ScalarType.Int64);
        using var logits = lm.Forward(input)!;
        return new ModelLogits(ids, lm.Config.VocabSize, logits.data<float>().ToArray());
    }

    /// <summary>Continues a prompt greedily (temperature 0) or by seeded sampling.</summary>
    /// <exception cref="InvalidOptionException">Both or neither of a prompt and ids.</exception>
    public static GenerateResult Generate(GenerateRequest request)
    {
        string modelDir = OrganismModelSpec.Resolve(request.Model);
        if ((request.Prompt is null) == (request.Ids is null))
            throw new InvalidOptionException(nameof(GenerateRequest.Prompt), "give exactly one of a prompt text or token ids");

        ITextTokenizer? tokenizer = null;
        if (request.Prompt is not null || request.Tokenizer is not null)
            tokenizer = TokenizerLoader.Load(OrganismModelSpec.Resolve(request.Tokenizer ?? modelDir));
        long[] promptIds = request.Prompt is { } prompt
            ? tokenizer!.Encode(prompt, addSpecialTokens: true).Select(p => (long)p.Id).ToArray()
            : request.Ids!;

        using var lm = ModelLoader.Load(modelDir);
        var generated = lm.Generate(promptIds, request.MaxTokens, request.Temperature, request.Seed);
        return new GenerateResult(promptIds, generated, tokenizer is null ? null : DecodeTolerant(tokenizer, generated));
    }

    /// <summary>
    /// Decodes ids, writing ids the tokenizer does not know as <c>&lt;id:N&gt;</c>: a model's embedding
    /// matrix is often padded past its tokenizer's vocabulary (Pythia: 50304 rows, 50277 tokens).
    /// </summary>
    public static string DecodeTolerant(ITextTokenizer tokenizer, IReadOnlyList<long> ids)
    {
        var text = new System.Text.StringBuilder();
        var run = new List<int>();
        void Flush()
        {
            if (run.Count > 0) text.Append(tokenizer.Decode(run));
            run.Clear();
        }
        foreach (long id in ids)
        {
            if (id >= 0 && id < tokenizer.VocabSize && tokenizer.IdToToken((int)id) is not null)
            {
                run.Add((int)id);
                continue;
            }
            Flush();
            text.Append($"<id:{id}>");
        }
        Flush();
        return text.ToString();
    }
}
