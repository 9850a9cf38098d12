using ShoggothLens.Models.Hooks;

namespace ShoggothLens.Models.Tests.Hooks;

public class HookPointTests
{
    [Theory]
    [InlineData("blocks.0.hook_resid_pre", HookPointKind.ResidPre, 0)]
    [InlineData("blocks.11.hook_attn_out", HookPointKind.AttnOut, 11)]
    [InlineData("blocks.3.hook_resid_mid", HookPointKind.ResidMid, 3)]
    [InlineData("blocks.7.hook_mlp_out", HookPointKind.MlpOut, 7)]
    [InlineData("blocks.120.hook_resid_post", HookPointKind.ResidPost, 120)]
    [InlineData("ln_final.hook_normalized", HookPointKind.FinalNormalized, -1)]
    public void NamesRoundTrip(string name, HookPointKind kind, int layer)
    {
        var point = HookPoint.Parse(name);
        Assert.Equal(new HookPoint(kind, layer), point);
        Assert.Equal(name, point.Name);
    }

    [Theory]
    [InlineData("blocks.0.hook_resid")]
    [InlineData("blocks.01.hook_resid_pre")]
    [InlineData("blocks.-1.hook_resid_pre")]
    [InlineData("blocks..hook_resid_pre")]
    [InlineData("blocks.0.attn.hook_pattern")]
    [InlineData("hook_embed")]
    [InlineData("")]
    public void UnknownSpellingsListTheValidPatterns(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => HookPoint.Parse(name));
        Assert.Contains($"unknown hook point '{name}'", error.Message);
        Assert.Contains("blocks.{L}.hook_resid_post", error.Message);
        Assert.Contains("ln_final.hook_normalized", error.Message);
    }

    [Fact]
    public void AllListsEveryPointInForwardOrder()
    {
        var points = HookPoint.All(2, hasResidMid: true);
        Assert.Equal(
            ["blocks.0.hook_resid_pre", "blocks.0.hook_attn_out", "blocks.0.hook_resid_mid", "blocks.0.hook_mlp_out", "blocks.0.hook_resid_post",
             "blocks.1.hook_resid_pre", "blocks.1.hook_attn_out", "blocks.1.hook_resid_mid", "blocks.1.hook_mlp_out", "blocks.1.hook_resid_post",
             "ln_final.hook_normalized"],
            points.Select(p => p.Name));
        Assert.True(points.Zip(points.Skip(1)).All(pair => pair.First.Order(2) < pair.Second.Order(2)));
        Assert.DoesNotContain(HookPoint.All(2, hasResidMid: false), p => p.Kind == HookPointKind.ResidMid);
    }
}
