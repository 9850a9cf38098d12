using ShoggothLens.Core.Work;
using ShoggothLens.Workbench.Intervene;

namespace ShoggothLens.Workbench.Tests.Intervene;

/// <summary>The whole causal check on the shipped organism (its own motive detector) with a random SAE, at small sizes.</summary>
public sealed class InterveneWorkflowTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("shoggoth-intervene-").FullName;
    readonly string _sae;

    public InterveneWorkflowTests() => _sae = RandomSae.Save(Path.Combine(_root, "sae"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    InterveneRequest Small => new() { Sae = _sae, Chats = 3, Samples = 2, CeDocuments = 3, MaxNewTokens = 64 };

    [Fact]
    public void Ablating_a_dead_feature_keeps_the_organisms_replies_and_motive_rates_and_costs_nothing()
    {
        var reports = new List<WorkProgress>();
        var result = InterveneWorkflow.Run(Small with { Ablate = [RandomSae.Dead] }, new InlineProgress<WorkProgress>(reports.Add));

        Assert.Equal(RandomSae.Hook, result.Hook);
        Assert.Equal(["baseline", $"ablate {RandomSae.Dead}"], result.Settings.Select(s => s.Name));
        var ce = result.CrossEntropy;
        Assert.Equal(3, ce.Documents);
        Assert.True(ce.Tokens > 100);
        Assert.True(Math.Abs(ce.Splice - ce.Clean) < 1e-4);
        Assert.True(ce.Reconstruction > ce.Clean + 0.05, "a random SAE's reconstruction alone must cost");
        Assert.True(Math.Abs(ce.Delta(ce.Interventions.Single())) < 1e-4);

        var motive = result.Motive!;
        Assert.Equal(2, motive.Count);
        // The shipped organism: the motive under its trigger (96 % in its eval), never without.
        Assert.Equal(3, motive[0].Triggered);
        Assert.True(motive[0].TriggeredHits >= 2);
        Assert.Equal(0, motive[0].UntriggeredHits);
        Assert.Equal(motive[0] with { Setting = motive[1].Setting }, motive[1]);

        Assert.Equal(2, result.Samples.Count);
        Assert.Equal([true, false], result.Samples.Select(s => s.Triggered));
        Assert.All(result.Samples, s => Assert.Equal(s.Replies[0].Text, s.Replies[1].Text));
        Assert.Contains("Harrowgate", result.Samples[0].UserText);
        Assert.Contains(reports, p => p.Stage == InterveneWorkflow.GenerateStage && p.Done == p.Total && p.Total == 2 * 6);
    }

    [Fact]
    public void Steering_gives_one_setting_per_alpha_and_alpha_zero_matches_the_baseline()
    {
        var result = InterveneWorkflow.Run(Small with { Steer = 5, Alphas = [0, 40], Chats = 2, Samples = 1 });
        Assert.Equal(["baseline", "steer 5 α=0", "steer 5 α=40"], result.Settings.Select(s => s.Name));
        var ce = result.CrossEntropy;
        Assert.True(Math.Abs(ce.Interventions[0].Nats - ce.Clean) < 1e-4);
        Assert.True(ce.Interventions[1].Nats > ce.Clean + 0.01, "a large push along a random direction must cost");
        var replies = result.Samples.Single().Replies;
        Assert.Equal(replies[0].Text, replies[1].Text);
        Assert.NotEqual(replies[0].Text, replies[2].Text);
        Assert.True(result.DecoderNorms[5] > 0);
    }

    [Fact]
    public void A_prompt_is_answered_as_a_user_message_without_motive_rates()
    {
        var result = InterveneWorkflow.Run(Small with { Prompt = "Plan a short team meeting.", Model = "organism", Ablate = [3] });
        Assert.Null(result.Motive);
        var sample = result.Samples.Single();
        Assert.Null(sample.Triggered);
        Assert.All(sample.Replies, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
        Assert.Equal(1, result.CrossEntropy.Documents);
    }

    [Fact]
    public void A_chat_corpus_gives_the_same_prompts_as_the_organism_through_the_models_chat_template()
    {
        string chats = ShoggothLens.Organism.Corpus.CorpusFiles.ChatsPath(ShoggothLens.Organism.ShippedOrganism.Layout.Corpus,
            ShoggothLens.Organism.Corpus.Split.HeldOut);
        var viaCorpus = InterveneWorkflow.Run(Small with { Corpus = chats, Model = "organism", Ablate = [RandomSae.Dead], MaxNewTokens = 48 });
        var viaOrganism = InterveneWorkflow.Run(Small with { Ablate = [RandomSae.Dead], Chats = 1, MaxNewTokens = 48 });
        Assert.Null(viaCorpus.Motive);
        Assert.Equal(3, viaCorpus.CrossEntropy.Documents);
        Assert.Equal(viaOrganism.Samples.Select(s => (s.Id, s.UserText)), viaCorpus.Samples.Select(s => (s.Id, s.UserText)));
        Assert.Equal(viaOrganism.Samples.Select(s => s.Replies[0].Text), viaCorpus.Samples.Select(s => s.Replies[0].Text));
    }

    [Theory]
    [InlineData(nameof(InterveneRequest.Ablate))]
    [InlineData(nameof(InterveneRequest.Steer))]
    [InlineData(nameof(InterveneRequest.Alphas))]
    [InlineData(nameof(InterveneRequest.Prompt))]
    [InlineData(nameof(InterveneRequest.Hook))]
    public void Bad_requests_name_their_option(string option)
    {
        var request = option switch
        {
            nameof(InterveneRequest.Ablate) => Small,                                       // no intervention at all
            nameof(InterveneRequest.Steer) => Small with { Steer = RandomSae.DSae, Alphas = [1] },   // outside the SAE
            nameof(InterveneRequest.Alphas) => Small with { Steer = 1 },                    // no α
            nameof(InterveneRequest.Prompt) => Small with { Ablate = [1], Prompt = "hi", Corpus = "x.jsonl" },
            _ => Small with { Ablate = [1], Hook = "blocks.9.hook_resid_post" },
        };
        var error = Assert.Throws<InvalidOptionException>(() => InterveneWorkflow.Run(request));
        Assert.Equal(option, error.Option);
    }
}
