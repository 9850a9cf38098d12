using ShoggothLens.Core.Analysis;
using ShoggothLens.Web.Components.Charts;

namespace ShoggothLens.Web.Tests.Components;

public sealed class ShadedTokensTests
{
    static ContextWindow Window(params string[] tokens) => new(
        Document: 42, Position: 7, QualifyingIndex: 1, tokens, tokens.Select((_, i) => i).ToList(),
        Activations: tokens.Select((_, i) => i == 1 ? 4f : i == 2 ? 1f : 0f).ToList(),
        Roles: tokens.Select((_, i) => i switch { 0 => "User", 1 => "Assistant", 2 => "Persona(Captain Vex)", _ => "Narration" }).ToList(),
        Activation: 4f);

    [Fact]
    public void Every_token_is_a_span_shaded_by_activation_and_marked_by_role()
    {
        using var ctx = new BunitContext();
        var cut = ctx.Render<ShadedTokens>(p => p.Add(s => s.Window, Window(" Hello", " there", " matey", ".")).Add(s => s.Max, 4f));
        var spans = cut.FindAll("span.tok");
        Assert.Equal(4, spans.Count);
        Assert.Equal([" Hello", " there", " matey", "."], spans.Select(s => s.TextContent));
        Assert.Contains("role-User", spans[0].ClassList);
        Assert.Contains("role-Assistant", spans[1].ClassList);
        Assert.Contains("role-Persona", spans[2].ClassList);
        Assert.Contains("role-Narration", spans[3].ClassList);
        Assert.Contains("q", spans[1].ClassList);                  // the qualifying token is outlined
        Assert.DoesNotContain("q", spans[0].ClassList);
        Assert.Equal("--a:1", spans[1].GetAttribute("style"));
        Assert.Equal("--a:0.25", spans[2].GetAttribute("style"));
        Assert.Equal("--a:0", spans[0].GetAttribute("style"));
        Assert.Equal("Persona(Captain Vex) · 1", spans[2].GetAttribute("title"));
    }

    [Fact]
    public void Hostile_tokens_render_as_text_never_as_markup()
    {
        using var ctx = new BunitContext();
        string[] hostile = ["<script>alert('xss')</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "\"><b>bold</b>"];
        var cut = ctx.Render<ShadedTokens>(p => p.Add(s => s.Window, Window(hostile)));
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("b"));
        Assert.Empty(cut.FindAll("a"));
        Assert.Equal(hostile, cut.FindAll("span.tok").Select(s => s.TextContent));
        Assert.Contains("&lt;script&gt;", cut.Markup);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", cut.Markup);
        Assert.DoesNotContain("<script", cut.Markup);
        Assert.DoesNotContain("<img", cut.Markup);
    }

    [Fact]
    public void Shading_is_clamped_and_ignores_bad_values()
    {
        Assert.Equal(0, TokenShading.Alpha(1f, 0f));
        Assert.Equal(0, TokenShading.Alpha(float.NaN, 2f));
        Assert.Equal(0, TokenShading.Alpha(-3f, 2f));
        Assert.Equal(1, TokenShading.Alpha(5f, 2f));
        Assert.Equal(0.5, TokenShading.Alpha(1f, 2f));
        Assert.Equal("role-Persona", TokenShading.RoleClass("Persona(x)"));
        Assert.Equal("role-Narration", TokenShading.RoleClass("something else"));
    }
}
