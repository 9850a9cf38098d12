using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace ShoggothLens.Web.Tests.Pages;

/// <summary>Stands where the review store's panel goes: shows the parameters the feature page passes.</summary>
public sealed class ProbePanel : ComponentBase
{
    [Parameter] public string CatalogId { get; set; } = "";
    [Parameter] public int Feature { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "data-probe", true);
        builder.AddContent(2, $"{CatalogId}:{Feature}");
        builder.CloseElement();
    }
}
